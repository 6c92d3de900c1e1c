import type { JqXhr, KommoWidget } from './kommoHost.ts';

/** The body of an answer jQuery could not treat as a success: its parsed JSON, or null. */
function errorBody(jqXhr: JqXhr): unknown {
  if (jqXhr.responseJSON !== undefined) return jqXhr.responseJSON;
  if (!jqXhr.responseText) return null;
  try {
    return JSON.parse(jqXhr.responseText) as unknown;
  } catch {
    return null;
  }
}

/** What the panel and the settings page send; PUT is the settings page's save. */
export type BackendRequest = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown; headers?: Record<string, string> };
export type BackendTransport = (request: BackendRequest) => Promise<{ status: number; body: unknown }>;

export class BackendUnreachable extends Error {
  override name = 'BackendUnreachable';
}

/**
 * The transport over Kommo's `$authorizedAjax`, which adds the disposable `X-Auth-Token`
 * the backend verifies (SPEC §4.4). jQuery calls `fail` for every non-2xx status and also for a 2xx
 * whose body is not JSON (an empty 204); only status 0 means the request never got an answer.
 */
export function authorizedTransport(widget: KommoWidget, backendUrl: string): BackendTransport {
  const base = backendUrl.replace(/\/+$/, '');
  return function authorizedTransport({ method, path, body, headers = {} }: BackendRequest) {
    return new Promise((resolve, reject) => {
      widget
        .$authorizedAjax({
          url: base + path,
          method,
          headers,
          dataType: 'json',
          ...(body === undefined ? {} : { contentType: 'application/json', data: JSON.stringify(body) }),
        })
        .done((data, _textStatus, jqXhr) => resolve({ status: jqXhr.status, body: data ?? null }))
        .fail((jqXhr, textStatus) => {
          if (jqXhr.status === 0) {
            reject(new BackendUnreachable(`The ESP Bridge backend at ${base} did not answer ${method} ${path} (${textStatus}).`));
            return;
          }
          resolve({ status: jqXhr.status, body: errorBody(jqXhr) });
        });
    });
  };
}
