/**
 * The panel's only stylesheet, rendered inside its shadow root. Text and borders take the host's
 * colour, and fills are translucent, so the panel reads in Kommo's light and dark themes alike;
 * the status colours are mid-tones that hold contrast on both.
 */
export const panelStyles = `
:host { all: initial; display: block; color: inherit; font-family: inherit; font-size: 13px; line-height: 1.4; }
.keb { --keb-line: rgba(128, 128, 128, .35); --keb-fill: rgba(128, 128, 128, .12); --keb-accent: #2f6fdb;
  --keb-green: #1f9d55; --keb-grey: #8a8f98; --keb-red: #d64545; --keb-orange: #e07a10;
  display: flex; flex-direction: column; gap: 10px; padding: 8px 0; min-width: 0; overflow-wrap: anywhere; }
.keb *, .keb *::before, .keb *::after { box-sizing: border-box; }
/* Zero specificity, so any panel class below overrides the reset. */
:where(.keb) :where(h2, h3, h4, p, ul, ol, dl, dd, fieldset) { margin: 0; padding: 0; }
:where(.keb) :where(ul, ol) { list-style: none; }
.keb h2 { font-size: 14px; font-weight: 700; flex: 1; }
.keb h3 { font-size: 14px; font-weight: 700; }
.keb h4 { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
.keb a { color: var(--keb-accent); }
.keb :focus-visible { outline: 2px solid var(--keb-accent); outline-offset: 2px; border-radius: 3px; }
.keb-muted { opacity: .75; }
.keb-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.keb-bar { display: flex; align-items: center; gap: 6px; }
.keb-row { display: flex; flex-wrap: wrap; gap: 6px; }

.keb-button { font: inherit; color: inherit; background: transparent; border: 1px solid var(--keb-line); border-radius: 4px;
  padding: 4px 10px; cursor: pointer; display: inline-flex; align-items: center; gap: 6px; }
/* :where() keeps the hover at one class of specificity, so the filled buttons below keep their fill. */
.keb-button:where(:hover:not(:disabled, [aria-disabled="true"])) { background: var(--keb-fill); }
.keb-button:where(:disabled, [aria-disabled="true"]) { opacity: .55; cursor: default; }
.keb-button--primary { background: var(--keb-accent); border-color: var(--keb-accent); color: #fff; font-weight: 600; }
.keb-button--danger { background: var(--keb-red); border-color: var(--keb-red); color: #fff; font-weight: 600; }
.keb-button--primary:where(:hover:not(:disabled, [aria-disabled="true"])) { background: #2459b3; }
.keb-button--danger:where(:hover:not(:disabled, [aria-disabled="true"])) { background: #b83232; }
.keb-button--quiet-danger { color: var(--keb-red); border-color: currentColor; align-self: flex-start; }
.keb-button--icon { padding: 2px 8px; font-size: 15px; line-height: 1.2; }
.keb-button--link { border: 0; padding: 2px 0; color: var(--keb-accent); text-decoration: underline; }

.keb-contact { display: flex; flex-direction: column; gap: 6px; padding-top: 10px; border-top: 1px solid var(--keb-line); }
.keb-ids { display: flex; flex-wrap: wrap; column-gap: 10px; }
.keb-note { padding: 6px 8px; border-radius: 4px; background: var(--keb-fill); border-left: 3px solid var(--keb-grey); }
.keb-empty { opacity: .75; padding: 8px 0; }

.keb-esp { border: 1px solid var(--keb-line); border-radius: 6px; padding: 8px; display: flex; flex-direction: column; gap: 6px; }
.keb-esp--error { border-left: 3px solid var(--keb-red); }
.keb-esp--stale { border-left: 3px solid var(--keb-orange); }
.keb-esp-head { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
.keb-esp-head a { font-size: 12px; white-space: nowrap; }
.keb-esp-error strong { color: var(--keb-red); }
.keb-age { font-size: 12px; font-style: italic; opacity: .85; }

.keb-profile { display: flex; flex-direction: column; gap: 6px; }
.keb-channels li, .keb-lists li { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 1px 0; }
.keb-label { min-width: 0; }
.keb-caption { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; opacity: .75; margin-top: 2px; }
.keb-badge { display: inline-flex; align-items: center; gap: 5px; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; white-space: nowrap; border: 1px solid var(--keb-status); background: color-mix(in srgb, var(--keb-status) 14%, transparent); }
.keb-dot { width: 7px; height: 7px; border-radius: 50%; background: var(--keb-status); flex: none; }
.keb-badge--subscribed { --keb-status: var(--keb-green); }
.keb-badge--not_subscribed { --keb-status: var(--keb-grey); }
.keb-badge--unsubscribed { --keb-status: var(--keb-red); }
.keb-badge--bounced { --keb-status: var(--keb-orange); }
.keb-badge--removed { --keb-status: var(--keb-grey); text-decoration: line-through; }
.keb-tags { display: flex; flex-wrap: wrap; gap: 4px; }
.keb-tag { padding: 1px 7px; border-radius: 3px; background: var(--keb-fill); border: 1px solid var(--keb-line); font-size: 12px; }
.keb-fields { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 12px; }
.keb-fields div { display: contents; }
.keb-fields dt { opacity: .75; }
.keb-fields dd { font-weight: 600; min-width: 0; }

.keb-timeline { display: flex; flex-direction: column; gap: 6px; padding-top: 10px; border-top: 1px solid var(--keb-line); }
.keb-timeline ol { display: flex; flex-direction: column; gap: 8px; }
.keb-entry { display: flex; gap: 8px; }
.keb-entry-icon { flex: none; width: 20px; height: 20px; border-radius: 50%; display: inline-flex; align-items: center;
  justify-content: center; font-size: 11px; color: #fff; background: var(--keb-kind, var(--keb-grey)); }
.keb-entry--delivered, .keb-entry--opened, .keb-entry--converted { --keb-kind: var(--keb-green); }
.keb-entry--clicked { --keb-kind: var(--keb-accent); }
.keb-entry--bounced { --keb-kind: var(--keb-orange); }
.keb-entry--unsubscribed, .keb-entry--spammed { --keb-kind: var(--keb-red); }
.keb-entry-body { min-width: 0; display: flex; flex-direction: column; }
.keb-entry-head { font-size: 12px; }
.keb-entry-subject { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.keb-entry-link { font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

.keb-warning, .keb-error, .keb-outcome-box { border-radius: 6px; padding: 8px; display: flex; flex-direction: column; gap: 6px; align-items: flex-start; }
.keb-warning { border: 1px solid var(--keb-orange); background: color-mix(in srgb, var(--keb-orange) 10%, transparent); }
.keb-warning ul { display: flex; flex-direction: column; gap: 4px; }
.keb-error, .keb-outcome-box--failed { border: 1px solid var(--keb-red); background: color-mix(in srgb, var(--keb-red) 10%, transparent); }
/* Not display:none: a live region hidden while empty may not announce what appears in it. */
.keb-outcomes:empty { margin-bottom: -10px; }
.keb-outcome-box { border: 1px solid var(--keb-line); background: var(--keb-fill); }
.keb-outcome-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; width: 100%; }
.keb-outcome-list { display: flex; flex-direction: column; gap: 3px; width: 100%; }
.keb-outcome { padding-left: 8px; border-left: 3px solid var(--keb-grey); }
.keb-outcome--created, .keb-outcome--updated { border-left-color: var(--keb-green); }
.keb-outcome--failed { border-left-color: var(--keb-red); }
.keb-outcome-word { font-weight: 600; }
.keb-progress { display: flex; align-items: center; gap: 8px; }

.keb-confirm { border: 1px solid var(--keb-red); border-radius: 6px; padding: 8px; display: flex; flex-direction: column; gap: 8px; }
.keb-confirm-question { font-weight: 600; }
.keb-confirm fieldset { border: 0; display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
.keb-confirm legend { float: left; opacity: .75; margin-right: 4px; }
.keb-confirm label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }

.keb-spinner { width: 12px; height: 12px; border-radius: 50%; border: 2px solid currentColor; border-right-color: transparent;
  display: inline-block; animation: keb-turn .8s linear infinite; flex: none; }
.keb-turning { display: inline-block; animation: keb-turn .8s linear infinite; }
.keb-skeleton { display: flex; flex-direction: column; gap: 8px; }
.keb-skeleton-line, .keb-skeleton-block { border-radius: 4px; background: var(--keb-fill); animation: keb-pulse 1.2s ease-in-out infinite alternate; }
.keb-skeleton-line { height: 12px; width: 60%; }
.keb-skeleton-line--wide { width: 85%; }
.keb-skeleton-block { height: 64px; }
@keyframes keb-turn { to { transform: rotate(360deg); } }
@keyframes keb-pulse { from { opacity: 1; } to { opacity: .4; } }
@media (prefers-reduced-motion: reduce) { .keb-spinner, .keb-turning, .keb-skeleton-line, .keb-skeleton-block { animation: none; } }
`;
