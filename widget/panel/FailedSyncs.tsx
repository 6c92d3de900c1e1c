import type { FailedSync, PanelContact } from '../../backend-lite/api/panelContract.ts';
import { espDisplayName } from './espDisplayName.ts';
import { usePanel } from './panelContext.ts';

/** Dead-lettered pushes (SPEC §4.3): the manager sees why, and a resync pushes again. */
export function FailedSyncs({ failedSyncs, contacts }: { failedSyncs: FailedSync[]; contacts: PanelContact[] }) {
  const { model, locale } = usePanel();
  const { text } = locale;
  if (failedSyncs.length === 0) return null;
  const contactName = (id: number | null) => contacts.find((contact) => contact.kommoContactId === id)?.name ?? null;
  return (
    <section class="keb-warning" data-testid="keb-failed-syncs" aria-label={text.failedSyncs}>
      <ul>
        {failedSyncs.map((failed) => {
          const name = contacts.length > 1 ? contactName(failed.kommoContactId) : null;
          return (
            <li key={failed.jobId} title={locale.absolute(failed.at)}>
              {failed.esp === null ? text.syncFailed(failed.reason) : text.syncToEspFailed(espDisplayName[failed.esp], failed.reason)}
              <span class="keb-muted">
                {' '}
                · {name === null ? '' : `${name} · `}
                {locale.ago(failed.at, model.clock.value)}
              </span>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        class="keb-button"
        data-testid="keb-failed-syncs-retry"
        disabled={model.actionRunning.value}
        onClick={() => void model.resync()}
      >
        {text.retry}
      </button>
    </section>
  );
}
