/**
 * The admin's settings page (SPEC §3.3), mounted by the widget on Kommo's advanced settings page.
 * Like the panel it lives in a shadow root, so Kommo's CSS and the page's cannot meet.
 */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { panelStyles } from '../panel/panelStyles.ts';
import type { AdminTransport } from './adminApi.ts';
import { createDryRunModel } from './dryRunModel.ts';
import { createSettingsLocale } from './i18n/settingsLocale.ts';
import { createMoosendListsModel } from './moosendListsModel.ts';
import { SettingsContext } from './settingsContext.ts';
import { createSettingsModel } from './settingsModel.ts';
import { SettingsPage } from './SettingsPage.tsx';
import { settingsStyles } from './settingsStyles.ts';
import { createSyncLogModel } from './syncLogModel.ts';

export type { AdminRequest, AdminTransport } from './adminApi.ts';

export type SettingsOptions = {
  /** Kommo's `APP.lang_id`: 'en', 'es' or 'pt'; any other language gets English. */
  language: string;
  transport: AdminTransport;
  /** The webhook path secret for an ESP connected for the first time. */
  newSecret?: () => string;
};

export function mountSettings(host: HTMLElement, options: SettingsOptions): { unmount(): void } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  render(null, root);
  root.replaceChildren();

  const { transport, newSecret } = options;
  const settings = createSettingsModel({ transport, ...(newSecret ? { newSecret } : {}) });
  const moosendLists = createMoosendListsModel({ transport });
  const dryRun = createDryRunModel({ transport });
  const syncLog = createSyncLogModel({ transport });
  // The lists are read with the saved key: again after every load or save of the settings.
  const stopReadingLists = effect(() => {
    const saved = settings.settings.value;
    if (saved !== null) void moosendLists.savedSettingsChanged(saved.rules['moosend'] !== undefined);
  });
  render(
    <SettingsContext.Provider value={{ settings, moosendLists, dryRun, syncLog, locale: createSettingsLocale(options.language) }}>
      <style>{panelStyles + settingsStyles}</style>
      <SettingsPage />
    </SettingsContext.Provider>,
    root,
  );
  void settings.load();
  void syncLog.load();

  return {
    unmount() {
      stopReadingLists();
      render(null, root);
      root.replaceChildren();
    },
  };
}
