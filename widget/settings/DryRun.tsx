import { useState } from 'preact/hooks';
import type { DryRunResponse } from '../../backend-lite/api/adminContract.ts';
import { espDisplayName } from '../panel/espDisplayName.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { useSettings } from './settingsContext.ts';

export function DryRun() {
  const { dryRun, locale } = useSettings();
  const { text } = locale;
  const [leadId, setLeadId] = useState('');
  const state = dryRun.state.value;
  const running = state.phase === 'running';
  const run = () => void dryRun.run(Number(leadId));

  return (
    <section class="keb-settings-section" aria-labelledby="keb-dryrun-title">
      <h3 id="keb-dryrun-title">{text.dryRun}</h3>
      <p class="keb-muted">{text.dryRunHint}</p>
      <form
        class="keb-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <label for="keb-dryrun-lead">{text.dealId}</label>
        <input
          id="keb-dryrun-lead"
          data-testid="keb-dryrun-lead"
          class="keb-input keb-input--short"
          inputMode="numeric"
          pattern="[0-9]*"
          autocomplete="off"
          value={leadId}
          onInput={(event) => setLeadId(event.currentTarget.value.trim())}
        />
        <button type="submit" class="keb-button" data-testid="keb-dryrun-run" aria-disabled={running || !/^[1-9]\d*$/.test(leadId)}>
          {running && <span class="keb-spinner" aria-hidden="true" />}
          {running ? text.dryRunning : text.runDryRun}
        </button>
      </form>
      <div aria-live="polite">
        {state.phase === 'done' && <DryRunResult result={state.result} />}
        {state.phase === 'failed' && <FailureNotice failure={state.failure} testId="keb-dryrun-error" onRetry={() => void dryRun.run(state.leadId)} />}
      </div>
    </section>
  );
}

function DryRunResult({ result }: { result: DryRunResponse }) {
  const { text } = useSettings().locale;
  return (
    <div class="keb-dryrun" data-testid="keb-dryrun-result" data-lead-id={result.leadId}>
      <p class="keb-note" role="status">
        {text.nothingSent}
      </p>
      {result.contacts.length === 0 && <p class="keb-muted">{text.noContactsOnDeal}</p>}
      {result.contacts.map((contact) => (
        <section key={contact.kommoContactId} class="keb-contact">
          <h4>{text.dryRunContact(contact.kommoContactId, contact.email)}</h4>
          {contact.esps.map(({ esp, requests, note }) => (
            <div key={esp} class="keb-esp" data-esp={esp}>
              <strong>{espDisplayName[esp]}</strong>
              {note !== null && <p class="keb-muted">{note}</p>}
              {requests.length === 0 && note === null && <p class="keb-muted">{text.noWrites}</p>}
              {requests.map((request, index) => (
                <div key={index} class="keb-request" data-testid="keb-dryrun-request" data-esp={esp}>
                  <code>
                    {request.method} {request.url}
                  </code>
                  {request.body !== undefined && request.body !== null && <pre>{JSON.stringify(request.body, null, 2)}</pre>}
                </div>
              ))}
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
