import type { CustomerioSimulator } from './index.ts';

// Test-only helpers: real fetch against the simulator, authorized unless told otherwise.

export interface CallOptions {
  body?: unknown;
  /** Authorization header; default the simulator's own credentials; null = none. */
  auth?: string | null;
  contentType?: string | null;
  signal?: AbortSignal;
}

async function call(origin: string, defaultAuth: string, method: string, path: string, opts: CallOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  const auth = opts.auth === undefined ? defaultAuth : opts.auth;
  if (auth !== null) headers['authorization'] = auth;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = body;
  if (opts.signal) init.signal = opts.signal;
  return fetch(`${origin}${path}`, init);
}

export function track(sim: CustomerioSimulator, method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  return call(sim.trackOrigin, sim.trackAuthorization(), method, path, opts);
}

export function app(sim: CustomerioSimulator, path: string, opts: CallOptions & { method?: string } = {}): Promise<Response> {
  return call(sim.appOrigin, sim.appAuthorization(), opts.method ?? 'GET', path, opts);
}

/** PUT /api/v1/customers/{identifier} with the identifier percent-encoded, as customerio-node does. */
export function identify(sim: CustomerioSimulator, identifier: string, body: Record<string, unknown>): Promise<Response> {
  return track(sim, 'PUT', `/api/v1/customers/${encodeURIComponent(identifier)}`, { body });
}

export function trackEvent(sim: CustomerioSimulator, identifier: string, body: Record<string, unknown>): Promise<Response> {
  return track(sim, 'POST', `/api/v1/customers/${encodeURIComponent(identifier)}/events`, { body });
}

export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
