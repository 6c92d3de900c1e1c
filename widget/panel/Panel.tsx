import { useEffect } from 'preact/hooks';
import { ActionOutcomes } from './ActionOutcomes.tsx';
import { ContactCard } from './ContactCard.tsx';
import { FailedSyncs } from './FailedSyncs.tsx';
import { failureText } from './failureText.ts';
import { usePanel } from './panelContext.ts';
import type { PanelModel } from './panelModel.ts';
import { Timeline } from './Timeline.tsx';

/** Relative times ("3 min ago") are redrawn this often while the card stays open. */
const CLOCK_TICK_MS = 30_000;

/** Reload buttons stay focusable while loading (aria-disabled, not disabled); a second click waits. */
function reloadIfIdle(model: PanelModel): void {
  if (!model.loading.value) void model.load();
}

export function Panel() {
  const { model, locale } = usePanel();
  const { text } = locale;
  const data = model.data.value;
  const action = model.actionState.value;
  const running = action.phase === 'running';
  const resyncing = action.phase === 'running' && action.action.kind === 'resync';
  const noContacts = data === null || data.contacts.length === 0;

  useEffect(() => {
    const timer = setInterval(model.tick, CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, [model]);

  return (
    <section class="keb" lang={locale.language} data-testid="keb-panel" aria-label={text.panelLabel} aria-busy={model.loading.value}>
      <header class="keb-bar">
        <h2>{text.title}</h2>
        <button
          type="button"
          class="keb-button keb-button--icon"
          aria-label={text.refresh}
          title={text.refresh}
          data-testid="keb-refresh"
          aria-disabled={model.loading.value}
          onClick={() => reloadIfIdle(model)}
        >
          <span class={model.loading.value && data !== null ? 'keb-turning' : undefined} aria-hidden="true">
            ↻
          </span>
        </button>
        <button
          type="button"
          class="keb-button keb-button--primary"
          data-testid="keb-resync"
          // aria-disabled keeps keyboard focus on the button while the resync runs.
          aria-disabled={running || noContacts}
          onClick={() => {
            if (!noContacts) void model.resync();
          }}
        >
          {resyncing && <span class="keb-spinner" aria-hidden="true" />}
          {resyncing ? text.resyncing : text.resync}
        </button>
      </header>
      <ActionOutcomes data={data} />
      <LoadFailure />
      {model.firstLoad.value && <LoadingSkeleton />}
      {data !== null && (
        <>
          {data.connected.length === 0 && <p class="keb-note">{text.noEspConnected}</p>}
          <FailedSyncs failedSyncs={data.failedSyncs} contacts={data.contacts} />
          {data.contacts.length === 0 ? (
            <p class="keb-empty" data-testid="keb-no-contacts">
              {text.noContacts}
            </p>
          ) : (
            data.contacts.map((contact) => <ContactCard key={contact.kommoContactId} contact={contact} />)
          )}
          {data.contacts.length > 0 && <Timeline entries={data.timeline} showEmail={data.contacts.length > 1} />}
        </>
      )}
    </section>
  );
}

function LoadFailure() {
  const { model, locale } = usePanel();
  const failure = model.error.value;
  if (failure === null) return null;
  const { summary, detail } = failureText(failure, locale.text);
  // A failed action shows its own Retry; one Retry on screen keeps "what does this retry?" clear.
  const actionFailed = model.actionState.value.phase === 'failed';
  return (
    <div class="keb-error" role="alert" data-testid="keb-error" data-kind={failure.kind} data-status={failure.kind === 'http' ? failure.status : undefined}>
      <p>{summary}</p>
      {detail !== null && <p class="keb-muted">{detail}</p>}
      {!actionFailed && (
        <button type="button" class="keb-button" data-testid="keb-retry" aria-disabled={model.loading.value} onClick={() => reloadIfIdle(model)}>
          {locale.text.retry}
        </button>
      )}
    </div>
  );
}

function LoadingSkeleton() {
  const { text } = usePanel().locale;
  return (
    <div class="keb-skeleton" data-testid="keb-loading" role="status">
      <span class="keb-visually-hidden">{text.loading}</span>
      <div class="keb-skeleton-line keb-skeleton-line--wide" />
      <div class="keb-skeleton-line" />
      <div class="keb-skeleton-block" />
      <div class="keb-skeleton-line" />
      <div class="keb-skeleton-block" />
    </div>
  );
}
