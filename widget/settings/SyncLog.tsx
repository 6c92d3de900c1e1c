import { useState } from 'preact/hooks';
import type { SyncLogEntry } from '../../backend-lite/api/adminContract.ts';
import { espDisplayName } from '../panel/espDisplayName.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { useSettings } from './settingsContext.ts';
import { statusFilters, type StatusFilter } from './syncLogModel.ts';

export function SyncLog() {
  const { syncLog, locale } = useSettings();
  const { text } = locale;
  const [contact, setContact] = useState(syncLog.contact.value);
  const entries = syncLog.entries.value;
  const failure = syncLog.failure.value;
  const retryFailure = syncLog.retryFailure.value;

  return (
    <section class="keb-settings-section" aria-labelledby="keb-synclog-title" aria-busy={syncLog.loading.value}>
      <h3 id="keb-synclog-title">{text.syncLog}</h3>
      <form
        class="keb-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void syncLog.filter({ contact });
        }}
      >
        <label for="keb-synclog-status">{text.statusFilterLabel}</label>
        <select
          id="keb-synclog-status"
          data-testid="keb-synclog-status"
          class="keb-input"
          value={syncLog.status.value}
          onChange={(event) => void syncLog.filter({ status: event.currentTarget.value as StatusFilter, contact })}
        >
          {statusFilters.map((status) => (
            <option key={status} value={status}>
              {text.statusFilter[status]}
            </option>
          ))}
        </select>
        <label for="keb-synclog-contact">{text.contactFilterLabel}</label>
        <input
          id="keb-synclog-contact"
          data-testid="keb-synclog-contact"
          class="keb-input keb-input--short"
          inputMode="numeric"
          autocomplete="off"
          value={contact}
          onInput={(event) => setContact(event.currentTarget.value.trim())}
        />
        <button type="submit" class="keb-button" data-testid="keb-synclog-show">
          {text.showLog}
        </button>
      </form>
      {failure !== null && <FailureNotice failure={failure} testId="keb-synclog-error" onRetry={() => void syncLog.load()} busy={syncLog.loading.value} />}
      {retryFailure !== null && (
        <div aria-live="polite">
          <p>{text.retryFailed(retryFailure.jobId)}</p>
          <FailureNotice failure={retryFailure.failure} testId="keb-synclog-retry-error" />
        </div>
      )}
      {entries !== null && entries.length === 0 && <p class="keb-empty">{text.emptyLog}</p>}
      {entries !== null && entries.length > 0 && (
        <div class="keb-table-wrap">
          <table class="keb-table" data-testid="keb-synclog">
            <thead>
              <tr>
                {(['when', 'what', 'contact', 'lead', 'status', 'attempts', 'problem'] as const).map((column) => (
                  <th key={column} scope="col">
                    {text.column[column]}
                  </th>
                ))}
                <th scope="col">
                  <span class="keb-visually-hidden">{text.retry}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <SyncLogRow key={entry.jobId} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Kommo's own card addresses (`/leads/detail/{id}`), relative: the page runs inside the account's
 * Kommo, whatever its domain (kommo.com, amocrm.ru), so the browser completes them.
 */
const cardPath = { contact: (id: number) => `/contacts/detail/${id}`, lead: (id: number) => `/leads/detail/${id}` };

function CardLink({ href, children }: { href: string; children: string }) {
  const { text } = useSettings().locale;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" class="keb-card-link">
      {children}
      <span class="keb-visually-hidden"> {text.opensInNewTab}</span>
    </a>
  );
}

function SyncLogRow({ entry }: { entry: SyncLogEntry }) {
  const { syncLog, locale } = useSettings();
  const { text } = locale;
  const retrying = syncLog.retrying.value;
  const esp = entry.esp === null ? '' : espDisplayName[entry.esp];
  const what = text.syncAction[entry.action](entry.action === 'other' ? entry.kind : esp);
  const contactId = entry.kommoContactId;
  const name = entry.contact?.name ?? (contactId !== null ? text.contactNumber(contactId) : null);
  const email = entry.contact?.email ?? null;
  const failure = entry.failure;
  return (
    <tr data-testid="keb-synclog-row" data-status={entry.status} data-job-id={entry.jobId} data-action={entry.action}>
      <td>{locale.time(entry.finishedAt ?? entry.createdAt)}</td>
      <td data-testid="keb-synclog-what">{what}</td>
      <td data-testid="keb-synclog-contact">
        {name === null && email === null && '—'}
        {name !== null && (contactId !== null ? <CardLink href={cardPath.contact(contactId)}>{name}</CardLink> : <span>{name}</span>)}
        {email !== null && <div class="keb-muted">{email}</div>}
      </td>
      <td data-testid="keb-synclog-deal">{entry.leadId === null ? '—' : <CardLink href={cardPath.lead(entry.leadId)}>{text.dealNumber(entry.leadId)}</CardLink>}</td>
      <td>
        <span class={`keb-job keb-job--${entry.status}`}>{text.jobStatus[entry.status]}</span>
      </td>
      <td>{entry.attempts}</td>
      <td class="keb-last-error" data-testid="keb-synclog-problem">
        {failure !== null && <div>{text.syncFailure[failure.kind](failure.by === 'kommo' ? 'Kommo' : espDisplayName[failure.by])}</div>}
        {entry.lastError !== null && <div class="keb-muted">{entry.lastError}</div>}
      </td>
      <td>
        {entry.status === 'dead' && (
          <button
            type="button"
            class="keb-button"
            data-testid="keb-synclog-retry"
            aria-label={text.retryJob(entry.jobId)}
            aria-disabled={retrying !== null}
            onClick={() => void syncLog.retry(entry.jobId)}
          >
            {retrying === entry.jobId && <span class="keb-spinner" aria-hidden="true" />}
            {text.retry}
          </button>
        )}
      </td>
    </tr>
  );
}
