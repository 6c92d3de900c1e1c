import type { ComponentChildren } from 'preact';
import type { EspOutcome, PanelResponse } from '../../backend-lite/api/panelContract.ts';
import { espDisplayName } from './espDisplayName.ts';
import { failureText } from './failureText.ts';
import { usePanel } from './panelContext.ts';

/**
 * Progress and outcome of resync and opt-out. The live region stays in the page while empty:
 * screen readers announce changes only in a region that existed before them.
 */
export function ActionOutcomes({ data }: { data: PanelResponse | null }) {
  const { model, locale } = usePanel();
  const { text } = locale;
  const state = model.actionState.value;
  const espList = locale.list((data?.connected ?? []).map((esp) => espDisplayName[esp]));
  const contactName = (id: number) => {
    const contact = data?.contacts.find((candidate) => candidate.kommoContactId === id);
    return contact?.name ?? contact?.email ?? null;
  };
  const showContact = (data?.contacts.length ?? 0) > 1;
  const dismiss = (
    <button type="button" class="keb-button keb-button--icon" aria-label={text.dismiss} onClick={model.dismissOutcome}>
      ×
    </button>
  );

  return (
    <div class="keb-outcomes" data-testid="keb-outcomes" aria-live="polite">
      {state.phase === 'running' && (
        <p class="keb-progress">
          <span class="keb-spinner" aria-hidden="true" />
          {state.action.kind === 'resync' ? text.resyncRunning(espList) : text.optOutRunning(espList)}
        </p>
      )}
      {state.phase === 'failed' && <FailedAction dismiss={dismiss} />}
      {state.phase === 'resynced' && (
        <div class="keb-outcome-box">
          <div class="keb-outcome-head">
            <strong>{text.resyncDone}</strong>
            {dismiss}
          </div>
          <OutcomeRows outcomes={state.result.outcomes} contactName={showContact ? contactName : null} />
        </div>
      )}
      {state.phase === 'optedOut' && (
        <div class="keb-outcome-box">
          <div class="keb-outcome-head">
            <strong>
              {text.optOutDone(locale.list(state.result.channels.map((channel) => text.channel[channel])))}
              {showContact ? ` · ${contactName(state.result.kommoContactId) ?? ''}` : ''}
            </strong>
            {dismiss}
          </div>
          <OutcomeRows outcomes={state.result.outcomes} contactName={null} />
          <p data-testid="keb-kommo-outcome" data-field={state.result.kommo.field} data-note={state.result.kommo.note}>
            Kommo: {text.kommoField[state.result.kommo.field]} {text.kommoNote[state.result.kommo.note]}
          </p>
        </div>
      )}
    </div>
  );
}

function FailedAction({ dismiss }: { dismiss: ComponentChildren }) {
  const { model, locale } = usePanel();
  const { text } = locale;
  const state = model.actionState.value;
  if (state.phase !== 'failed') return null;
  const { summary, detail } = failureText(state.failure, text);
  return (
    <div class="keb-outcome-box keb-outcome-box--failed" data-testid="keb-action-error">
      <div class="keb-outcome-head">
        <strong>{state.action.kind === 'resync' ? text.resyncFailed : text.optOutFailed}</strong>
        {dismiss}
      </div>
      <p>{summary}</p>
      {detail !== null && <p class="keb-muted">{detail}</p>}
      <button type="button" class="keb-button" data-testid="keb-retry" onClick={() => void model.retry()}>
        {text.retry}
      </button>
    </div>
  );
}

function OutcomeRows({ outcomes, contactName }: { outcomes: EspOutcome[]; contactName: ((id: number) => string | null) | null }) {
  const { text } = usePanel().locale;
  return (
    <ul class="keb-outcome-list">
      {outcomes.map((outcome) => (
        <li
          key={`${outcome.kommoContactId}-${outcome.esp}`}
          class={`keb-outcome keb-outcome--${outcome.outcome}`}
          data-testid="keb-outcome"
          data-esp={outcome.esp}
          data-outcome={outcome.outcome}
        >
          <span class="keb-outcome-word">
            {espDisplayName[outcome.esp]}
            {contactName === null ? '' : ` · ${contactName(outcome.kommoContactId) ?? ''}`}: {text.outcome[outcome.outcome]}
          </span>
          <span class="keb-muted"> {outcome.summary}</span>
        </li>
      ))}
    </ul>
  );
}
