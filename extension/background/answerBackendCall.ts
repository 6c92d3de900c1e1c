import type { PanelRequest } from '../../widget/panel/mountPanel.tsx';
import { callBackend } from '../shared/backendCall.ts';
import type { BackendReply } from '../shared/backendMessages.ts';
import type { ExtensionSettings } from '../shared/extensionSettings.ts';
import { originPattern } from '../shared/hostPatterns.ts';

export type AnswerBackendCallOptions = {
  loadSettings: () => Promise<ExtensionSettings | null>;
  /** `browser.permissions.contains` for one origin pattern. */
  hasHostPermission: (pattern: string) => Promise<boolean>;
  fetch?: typeof fetch;
};

/**
 * The service worker's side of a panel API call. Without the host permission the fetch would run
 * into the backend's CORS and fail as "unreachable", which would send the manager down the wrong path.
 */
export function answerBackendCall({ loadSettings, hasHostPermission, fetch: fetchImpl = fetch }: AnswerBackendCallOptions) {
  return async function answerBackendCall(request: PanelRequest): Promise<BackendReply> {
    const settings = await loadSettings();
    if (!settings) return { kind: 'not_configured' };
    if (!(await hasHostPermission(originPattern(settings.backendUrl)))) {
      return { kind: 'no_permission', origin: new URL(settings.backendUrl).origin };
    }
    return callBackend(settings, request, fetchImpl);
  };
}
