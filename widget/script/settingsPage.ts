import { authorizedTransport } from './authorizedTransport.ts';
import { kommoApp, type KommoWidget } from './kommoHost.ts';
import type { SettingsModule } from './settingsModule.ts';
import { backendUrlFrom } from './widgetSettings.ts';

export type SettingsMount = { unmount(): void };

const DEFAULT_WIDGET_CODE = 'kommo_esp_bridge';

function showHint(root: HTMLElement, testId: string, text: string) {
  const hint = document.createElement('p');
  hint.className = 'keb-widget-hint';
  hint.dataset['testid'] = testId;
  hint.textContent = text;
  root.append(hint);
}

/**
 * Fills the widget's page under Settings (location `advanced_settings`, callback
 * `advancedSettings`). Kommo gives that page an empty `#work-area-<widget code>`; the page needs
 * the backend URL from the install's settings window before it can reach the bridge. The page
 * itself is settings.js, which arrives after this returns: leaving before then mounts nothing.
 */
export function renderSettingsPage(widget: KommoWidget, loadSettings: () => Promise<SettingsModule>): SettingsMount | null {
  const settings = widget.get_settings();
  const workArea = document.getElementById(`work-area-${settings.widget_code ?? DEFAULT_WIDGET_CODE}`);
  if (!workArea) return null;

  const root = document.createElement('div');
  root.className = 'keb-settings-root';
  workArea.append(root);
  const texts = widget.i18n('advanced') ?? {};
  const backendUrl = backendUrlFrom(settings);
  if (!backendUrl) {
    showHint(root, 'keb-settings-no-backend', texts['no_backend_url'] ?? 'advanced.no_backend_url');
    return { unmount: () => root.remove() };
  }

  let left = false;
  let page: { unmount(): void } | null = null;
  loadSettings().then(
    ({ mountSettings }) => {
      if (left) return;
      page = mountSettings(root, { language: kommoApp()?.lang_id ?? 'en', transport: authorizedTransport(widget, backendUrl) });
    },
    () => {
      if (!left) showHint(root, 'keb-settings-unavailable', texts['settings_unavailable'] ?? 'advanced.settings_unavailable');
    },
  );
  return {
    unmount() {
      left = true;
      page?.unmount();
      root.remove();
    },
  };
}
