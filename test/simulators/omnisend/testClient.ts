import type { OmnisendSimulator } from './index.ts';

// Test-only helper: real fetch against the simulator with the 2026 headers unless told otherwise.

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** null = no Authorization header; a string replaces the whole header value. */
  authorization?: string | null;
  /** null = no Omnisend-Version header. */
  version?: string | null;
  signal?: AbortSignal;
}

export async function call(sim: OmnisendSimulator, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const authorization = opts.authorization === undefined ? `Omnisend-API-Key ${sim.apiKey}` : opts.authorization;
  if (authorization !== null) headers['authorization'] = authorization;
  const version = opts.version === undefined ? sim.apiVersion : opts.version;
  if (version !== null) headers['omnisend-version'] = version;
  const init: RequestInit = { method: opts.method ?? 'GET', headers };
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  if (opts.signal) init.signal = opts.signal;
  return fetch(`${sim.origin}${path}`, init);
}

export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** A minimal 2026 ContactRequest for one email, with optional channel status. */
export function contactBody(email: string, status?: { status: string; statusChangedAt?: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const identifier: Record<string, unknown> = { type: 'email', id: email, sendWelcomeMessage: false };
  if (status) identifier['channels'] = { email: status };
  return { identifiers: [identifier], ...extra };
}
