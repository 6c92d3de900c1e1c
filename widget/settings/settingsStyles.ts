/**
 * What the settings page adds to the panel's stylesheet (which it reuses for buttons, notes and
 * errors). Kommo gives the advanced settings a full page, so forms and tables get room to spread.
 */
export const settingsStyles = `
.keb-settings { gap: 16px; max-width: 1100px; padding: 16px 24px; }
.keb-settings h3 { font-size: 16px; }
.keb-settings-section { display: flex; flex-direction: column; gap: 10px; padding-top: 14px; border-top: 1px solid var(--keb-line); }
.keb-subsection { display: flex; flex-direction: column; gap: 8px; border: 0; padding: 0; margin: 0; }
.keb-esp-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 10px; align-items: start; }
.keb-field { display: flex; flex-direction: column; gap: 3px; min-width: 0; }
.keb-field-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 8px 14px; }
.keb-field label, .keb-stage-row label, .keb-inline-form label { font-size: 12px; opacity: .85; }
.keb-input { font: inherit; color: inherit; background: transparent; border: 1px solid var(--keb-line); border-radius: 4px; padding: 4px 6px; min-width: 0; width: 100%; }
.keb-input[aria-invalid="true"] { border-color: var(--keb-red); }
.keb-input:where(:disabled, [readonly]) { background: var(--keb-fill); }
.keb-input--short { width: 9em; }
.keb-input--url { font-family: ui-monospace, monospace; font-size: 12px; flex: 1; }
.keb-copy-value { display: block; white-space: pre-wrap; overflow-wrap: anywhere; user-select: all; cursor: text; }
.keb-bar--wrap { flex-wrap: wrap; }
.keb-list-fields { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.keb-list-fields > li { border: 1px solid var(--keb-line); border-radius: 6px; padding: 8px; display: flex; flex-direction: column; gap: 4px; }
.keb-list-fields p { margin: 0; }
.keb-card-link { color: inherit; text-decoration: underline; }
textarea.keb-input--url { resize: vertical; white-space: pre; }
.keb-bar:has(textarea, .keb-copy-value) { align-items: flex-start; }
.keb-code { margin: 0; padding: 6px 8px; background: var(--keb-fill); border-radius: 4px; overflow-x: auto; font-size: 12px; }
.keb-webhook + .keb-webhook { border-top: 1px solid var(--keb-line); padding-top: 8px; }
.keb-settings .keb-button { white-space: nowrap; flex: none; }
.keb-input option { color: initial; }
.keb-check { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
.keb-field-problem, .keb-error-inline { color: var(--keb-red); font-size: 12px; margin: 0; }
.keb-pipeline { border: 1px solid var(--keb-line); border-radius: 6px; padding: 8px; display: grid; gap: 6px; }
.keb-pipeline legend { font-weight: 600; padding: 0 4px; }
.keb-stage-row { display: grid; grid-template-columns: minmax(140px, 1fr) minmax(160px, 2fr); gap: 4px 10px; align-items: center; }
.keb-stage-row .keb-field-problem { grid-column: 2; }
.keb-inline-form { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; }
.keb-inline-form .keb-input:not(.keb-input--short) { width: auto; }
.keb-notes legend { padding: 0; margin-bottom: 4px; }
.keb-notes { flex-direction: row; flex-wrap: wrap; gap: 8px 18px; }
.keb-save-bar { display: flex; flex-direction: column; align-items: flex-start; gap: 8px; position: sticky; bottom: 0; padding: 10px 0;
  border-top: 1px solid var(--keb-line); background: var(--keb-surface, inherit); }
.keb-saved { color: var(--keb-green); font-weight: 600; }
.keb-problem-list { display: flex; flex-direction: column; gap: 2px; }
.keb-table-wrap { overflow-x: auto; }
.keb-table { border-collapse: collapse; width: 100%; font-size: 12px; }
.keb-table th, .keb-table td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--keb-line); vertical-align: top; }
.keb-table thead th { font-weight: 700; white-space: nowrap; }
.keb-last-error { max-width: 360px; }
.keb-job { font-weight: 600; }
.keb-job--dead { color: var(--keb-red); }
.keb-job--done { color: var(--keb-green); }
.keb-request { display: flex; flex-direction: column; gap: 4px; }
.keb-request pre { margin: 0; padding: 6px 8px; background: var(--keb-fill); border-radius: 4px; overflow-x: auto; font-size: 12px; }
.keb-dryrun { display: flex; flex-direction: column; gap: 10px; }
.keb-steps { list-style: decimal; padding-left: 20px; }
`;
