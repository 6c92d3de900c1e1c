import { DryRun } from './DryRun.tsx';
import { EspCredentials } from './EspCredentials.tsx';
import { FailureNotice } from './FailureNotice.tsx';
import { MappingEditor } from './MappingEditor.tsx';
import { SaveBar } from './SaveBar.tsx';
import { useSettings } from './settingsContext.ts';
import { SyncLog } from './SyncLog.tsx';
import { WebhookUrls } from './WebhookUrls.tsx';

export function SettingsPage() {
  const { settings, syncLog, locale } = useSettings();
  const { text } = locale;
  const loaded = settings.settings.value;
  const failure = settings.loadFailure.value;
  const reload = () => {
    if (settings.loading.value) return;
    void settings.load();
    void syncLog.load();
  };

  return (
    <section class="keb keb-settings" lang={locale.language} data-testid="keb-settings" aria-label={text.pageLabel} aria-busy={settings.loading.value}>
      <header class="keb-bar">
        <h2>{text.title}</h2>
        <button type="button" class="keb-button" data-testid="keb-settings-refresh" aria-disabled={settings.loading.value} onClick={reload}>
          {text.refresh}
        </button>
      </header>
      {failure !== null && <FailureNotice failure={failure} testId="keb-settings-error" onRetry={reload} busy={settings.loading.value} />}
      {loaded === null && failure === null && (
        <p class="keb-muted" role="status" data-testid="keb-settings-loading">
          {text.loading}
        </p>
      )}
      {loaded !== null && (
        <>
          {loaded.source === 'file' && (
            <p class="keb-note" data-testid="keb-settings-file-source">
              {text.fileSource}
            </p>
          )}
          <EspCredentials />
          <MappingEditor />
          <SaveBar />
          <WebhookUrls settings={loaded} />
          <DryRun />
          <SyncLog />
        </>
      )}
    </section>
  );
}
