import type { PanelRequest } from '../../widget/panel/mountPanel.tsx';
import type { BackendReply } from './backendMessages.ts';
import type { ExtensionSettings } from './extensionSettings.ts';

/**
 * The panel API and `/api/me`, nothing else: the token is only ever sent where the panel needs it,
 * whatever a content script asks for.
 */
const PANEL_API_PATH = /^\/api\/(?:leads\/\d{1,12}\/(?:panel|resync)|contacts\/\d{1,12}\/opt-out|me)$/;

export class PathNotAllowed extends Error {
  override name = 'PathNotAllowed';
}

async function jsonOrNull(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return null;
  }
}

/** One panel API call with the personal token; every outcome is a reply, a refused path throws. */
export async function callBackend(
  { backendUrl, token }: ExtensionSettings,
  { method, path, body, headers = {} }: PanelRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<BackendReply> {
  if (!PANEL_API_PATH.test(path)) throw new PathNotAllowed(`The extension only calls the panel API; ${method} ${path} is not part of it.`);
  const url = backendUrl.replace(/\/+$/, '') + path;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: {
        ...headers,
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    return { kind: 'unreachable', message: `${method} ${url} got no answer (${error instanceof Error ? error.message : String(error)}).` };
  }
  return { kind: 'answer', status: response.status, body: await jsonOrNull(response) };
}
