/**
 * What the manager types on the options page. `local`, not `sync`: the personal token is a secret
 * and stays on this machine; a second browser gets its own token from the admin.
 */
import { storage } from 'wxt/utils/storage';
import { isAcceptableBackendUrl } from '../../widget/script/widgetSettings.ts';

export type ExtensionSettings = { backendUrl: string; token: string };

const backendUrlItem = storage.defineItem<string>('local:backendUrl', { fallback: '' });
const tokenItem = storage.defineItem<string>('local:personalToken', { fallback: '' });

/** The saved settings, or null until both a usable URL and a token are saved. */
export async function loadSettings(): Promise<ExtensionSettings | null> {
  const [backendUrl, token] = await Promise.all([backendUrlItem.getValue(), tokenItem.getValue()]);
  return isAcceptableBackendUrl(backendUrl) && token !== '' ? { backendUrl: backendUrl.trim(), token } : null;
}

/** What was typed last, usable or not, to fill the options form again. */
export async function loadTypedSettings(): Promise<ExtensionSettings> {
  const [backendUrl, token] = await Promise.all([backendUrlItem.getValue(), tokenItem.getValue()]);
  return { backendUrl, token };
}

export async function saveSettings({ backendUrl, token }: ExtensionSettings): Promise<void> {
  await Promise.all([backendUrlItem.setValue(backendUrl.trim()), tokenItem.setValue(token.trim())]);
}

/** Calls back whenever either setting changes; returns the function that stops watching. */
export function watchSettings(onChange: () => void): () => void {
  const stops = [backendUrlItem.watch(onChange), tokenItem.watch(onChange)];
  return () => stops.forEach((stop) => stop());
}
