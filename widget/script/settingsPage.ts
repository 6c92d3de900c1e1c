import { mountSettings } from '../settings/mountSettings.tsx';
import { authorizedTransport } from './authorizedTransport.ts';
import { kommoApp, type KommoWidget } from './kommoHost.ts';
import { backendUrlFrom } from './widgetSettings.ts';

export type SettingsMount = { unmount(): void };

const DEFAULT_WIDGET_CODE = 'kommo_esp_bridge';

/**
 * Fills the widget's page under Settings (location `advanced_settings`, callback
 * `advancedSettings`). Kommo gives that page an empty `#work-area-<widget code>`; the page needs
 * the backend URL from the install's settings window before it can reach the bridge.
 */
export function renderSettingsPage(widget: KommoWidget): SettingsMount | null {
  const settings = widget.get_settings();
  const workArea = document.getElementById(`work-area-${settings.widget_code ?? DEFAULT_WIDGET_CODE}`);
  if (!workArea) return null;

  const root = document.createElement('div');
  root.className = 'keb-settings-root';
  workArea.append(root);
  const backendUrl = backendUrlFrom(settings);
  if (!backendUrl) {
    const hint = document.createElement('p');
    hint.className = 'keb-widget-hint';
    hint.dataset['testid'] = 'keb-settings-no-backend';
    hint.textContent = widget.i18n('advanced')?.['no_backend_url'] ?? 'advanced.no_backend_url';
    root.append(hint);
    return { unmount: () => root.remove() };
  }

  const page = mountSettings(root, { language: kommoApp()?.lang_id ?? 'en', transport: authorizedTransport(widget, backendUrl) });
  return {
    unmount() {
      page.unmount();
      root.remove();
    },
  };
}
