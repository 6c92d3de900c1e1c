/**
 * The options page's state and actions (signals, like the panel's model). Dependencies come in, so
 * the tests drive it without a browser.
 */
import { signal } from '@preact/signals';
import { isAcceptableBackendUrl } from '../../widget/script/widgetSettings.ts';
import type { BackendReply } from '../shared/backendMessages.ts';
import { connectionStateOf } from '../shared/connectionState.ts';
import { connectedText, problemText } from '../shared/connectionText.ts';
import type { ExtensionSettings } from '../shared/extensionSettings.ts';
import { originPattern } from '../shared/hostPatterns.ts';
import type { OptionsText } from './i18n/en.ts';

export type OptionsStatus = { tone: 'idle' | 'busy' | 'ok' | 'error'; text: string; detail?: string };

export type OptionsModelOptions = {
  initial: ExtensionSettings;
  /** The words of the page's language (i18n/optionsText.ts). */
  text: OptionsText;
  /** `browser.permissions.request`: must be called while the click is still being handled. */
  requestHostPermission: (pattern: string) => Promise<boolean>;
  save: (settings: ExtensionSettings) => Promise<void>;
  callMe: (settings: ExtensionSettings) => Promise<BackendReply>;
};

export type OptionsModel = ReturnType<typeof createOptionsModel>;

export function createOptionsModel({ initial, text, requestHostPermission, save, callMe }: OptionsModelOptions) {
  const backendUrl = signal(initial.backendUrl);
  const token = signal(initial.token);
  const status = signal<OptionsStatus>({ tone: 'idle', text: '' });

  /** The typed values, or null with the reason on screen. */
  function typedSettings(): ExtensionSettings | null {
    const url = backendUrl.value.trim();
    if (!isAcceptableBackendUrl(url)) {
      status.value = { tone: 'error', text: text.options.invalidUrl };
      return null;
    }
    if (token.value.trim() === '') {
      status.value = { tone: 'error', text: text.options.missingToken };
      return null;
    }
    return { backendUrl: url, token: token.value.trim() };
  }

  async function check(settings: ExtensionSettings, allowed: Promise<boolean>, savedFirst: boolean): Promise<void> {
    status.value = { tone: 'busy', text: text.options.checking };
    if (!(await allowed)) {
      const origin = new URL(settings.backendUrl).origin;
      status.value = { tone: 'error', text: text.options.accessRefused(origin), detail: text.options.accessRefusedDetail };
      return;
    }
    if (savedFirst) await save(settings);
    const state = connectionStateOf(await callMe(settings));
    const outcome = (sentence: string) => (savedFirst ? text.options.saved(sentence) : sentence);
    if (state.ok) {
      status.value = { tone: 'ok', text: outcome(connectedText(state.me, text)) };
    } else {
      const { title, detail } = problemText(state.problem, text);
      status.value = { tone: 'error', text: outcome(title), detail };
    }
  }

  /** Both buttons ask for the backend's origin first, synchronously: browsers grant it only inside the click. */
  function run(savedFirst: boolean): Promise<void> {
    const settings = typedSettings();
    if (!settings) return Promise.resolve();
    return check(settings, requestHostPermission(originPattern(settings.backendUrl)), savedFirst);
  }

  return { backendUrl, token, status, saveAndTest: () => run(true), test: () => run(false) };
}
