import type { KommoSimulator } from './index.ts';

// Test-only helper: real fetch against the simulator, authorized unless told otherwise.

export interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

export async function call(sim: KommoSimulator, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? 'sim-kommo-token' : opts.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const init: RequestInit = { method: opts.method ?? 'GET', headers };
  if (body !== undefined) init.body = body;
  if (opts.signal) init.signal = opts.signal;
  return fetch(`${sim.origin}${path}`, init);
}

export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** Walks `_embedded.<key>` of a HAL collection. */
export function embedded(body: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const emb = body['_embedded'] as Record<string, unknown> | undefined;
  return (emb?.[key] ?? []) as Array<Record<string, unknown>>;
}
