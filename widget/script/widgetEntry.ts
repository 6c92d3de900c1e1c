/**
 * script.js: the AMD module Kommo loads with RequireJS. Its value is the widget constructor; Kommo
 * calls it with `this` already carrying the host methods (render_template, $authorizedAjax, …).
 * A plain function, not a class, because the host may call it without `new`. The settings page is
 * not in here: it is settings.js, loaded on demand (settingsModule.ts).
 */
import $ from 'jquery';
import { renderCardPanel, type CardMount } from './cardPanel.ts';
import { kommoApp, type KommoWidget, type SaveEvent } from './kommoHost.ts';
import { loadSettingsModule } from './settingsModule.ts';
import { renderSettingsPage, type SettingsMount } from './settingsPage.ts';
import { isAcceptableBackendUrl } from './widgetSettings.ts';

export default function KommoEspBridgeWidget(this: KommoWidget): KommoWidget {
  const self = this;
  let mount: CardMount | null = null;
  let settingsMount: SettingsMount | null = null;

  // Kommo swaps cards and pages without a full reload; a panel left mounted would keep its timers
  // and requests going for a deal the manager has left. The official template unmounts on
  // `page:changed` for the same reason.
  function unmount() {
    if (!mount && !settingsMount) return;
    $(document).off('page:changed', unmount);
    mount?.unmount();
    mount = null;
    settingsMount?.unmount();
    settingsMount = null;
  }

  function onSave(event?: SaveEvent): boolean {
    const value = event?.fields?.['backend_url'] ?? self.get_settings().backend_url;
    if (isAcceptableBackendUrl(value)) return true;
    const errors = self.i18n('errors') ?? {};
    kommoApp()?.notifications?.show_message_error({
      header: errors['backend_url_title'] ?? 'errors.backend_url_title',
      text: errors['backend_url_invalid'] ?? 'errors.backend_url_invalid',
    });
    return false;
  }

  this.callbacks = {
    // Returning false would stop Kommo from calling init and bind_actions, which the settings
    // area still needs; a card without a panel simply renders nothing.
    render() {
      mount?.unmount();
      mount = renderCardPanel(self);
      if (mount) $(document).on('page:changed', unmount);
      return true;
    },
    init: () => true,
    bind_actions: () => true,
    settings: () => true,
    advancedSettings() {
      settingsMount?.unmount();
      settingsMount = renderSettingsPage(self, () => loadSettingsModule(self.params));
      if (settingsMount) $(document).on('page:changed', unmount);
    },
    onSave,
    destroy: unmount,
  };
  return this;
}
