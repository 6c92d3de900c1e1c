import type { Envelope } from './envelope.ts';
import type { MoosendSimulator } from './index.ts';

// Test-only helper: real fetch against the simulator, `apikey` in the query unless told otherwise.

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** null: no apikey parameter at all. */
  apiKey?: string | null;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call(sim: MoosendSimulator, path: string, opts: CallOptions = {}): Promise<Response> {
  const url = new URL(`${sim.origin}${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const key = opts.apiKey === undefined ? sim.apiKey : opts.apiKey;
  if (key !== null) url.searchParams.set('apikey', key);
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'), headers };
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  if (opts.signal) init.signal = opts.signal;
  return fetch(url, init);
}

export async function envelope(res: Response): Promise<Envelope> {
  return (await res.json()) as Envelope;
}

/** Calls and parses in one go, for the common case. */
export async function callJson(sim: MoosendSimulator, path: string, opts: CallOptions = {}): Promise<{ status: number; body: Envelope }> {
  const res = await call(sim, path, opts);
  return { status: res.status, body: await envelope(res) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
