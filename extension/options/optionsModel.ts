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

export type OptionsStatus = { tone: 'idle' | 'busy' | 'ok' | 'error'; text: string; detail?: string };

export type OptionsModelOptions = {
  initial: ExtensionSettings;
  /** `browser.permissions.request`: must be called while the click is still being handled. */
  requestHostPermission: (pattern: string) => Promise<boolean>;
  save: (settings: ExtensionSettings) => Promise<void>;
  callMe: (settings: ExtensionSettings) => Promise<BackendReply>;
};

export type OptionsModel = ReturnType<typeof createOptionsModel>;

export function createOptionsModel({ initial, requestHostPermission, save, callMe }: OptionsModelOptions) {
  const backendUrl = signal(initial.backendUrl);
  const token = signal(initial.token);
  const status = signal<OptionsStatus>({ tone: 'idle', text: '' });

  /** The typed values, or null with the reason on screen. */
  function typedSettings(): ExtensionSettings | null {
    const url = backendUrl.value.trim();
    if (!isAcceptableBackendUrl(url)) {
      status.value = { tone: 'error', text: 'Enter the backend URL, e.g. https://bridge.example.com (plain http only for localhost).' };
      return null;
    }
    if (token.value.trim() === '') {
      status.value = { tone: 'error', text: 'Paste your personal token (it starts with keb_); your Kommo admin issues it.' };
      return null;
    }
    return { backendUrl: url, token: token.value.trim() };
  }

  async function check(settings: ExtensionSettings, allowed: Promise<boolean>, savedFirst: boolean): Promise<void> {
    status.value = { tone: 'busy', text: 'Checking the connection…' };
    if (!(await allowed)) {
      const origin = new URL(settings.backendUrl).origin;
      status.value = { tone: 'error', text: `Access to ${origin} was not allowed.`, detail: 'Without it the extension cannot reach the backend. Click again and choose Allow.' };
      return;
    }
    if (savedFirst) await save(settings);
    const state = connectionStateOf(await callMe(settings));
    const saved = savedFirst ? 'Saved. ' : '';
    status.value = state.ok
      ? { tone: 'ok', text: saved + connectedText(state.me) }
      : { tone: 'error', ...problemText(state.problem), text: saved + problemText(state.problem).title };
  }

  /** Both buttons ask for the backend's origin first, synchronously: browsers grant it only inside the click. */
  function run(savedFirst: boolean): Promise<void> {
    const settings = typedSettings();
    if (!settings) return Promise.resolve();
    return check(settings, requestHostPermission(originPattern(settings.backendUrl)), savedFirst);
  }

  return { backendUrl, token, status, saveAndTest: () => run(true), test: () => run(false) };
}
