import { render } from 'preact';
import { browser } from 'wxt/browser';
import { panelPaths } from '../../../backend-lite/api/panelContract.ts';
import { optionsText } from '../../options/i18n/optionsText.ts';
import { createOptionsModel } from '../../options/optionsModel.ts';
import { OptionsForm } from '../../options/OptionsForm.tsx';
import { callBackend } from '../../shared/backendCall.ts';
import { loadTypedSettings, saveSettings } from '../../shared/extensionSettings.ts';

const app = document.getElementById('app');
if (app) {
  const { language, text } = optionsText(navigator.language);
  document.documentElement.lang = language;
  document.title = text.options.pageTitle;
  const model = createOptionsModel({
    initial: await loadTypedSettings(),
    text,
    requestHostPermission: (pattern) => browser.permissions.request({ origins: [pattern] }),
    save: saveSettings,
    // An extension page with the host permission is not bound by the backend's CORS, like the service worker.
    callMe: (settings) => callBackend(settings, { method: 'GET', path: panelPaths.me() }),
  });
  render(<OptionsForm model={model} text={text} />, app);
}
