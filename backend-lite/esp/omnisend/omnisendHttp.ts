import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import type { Pacer } from '../../queue/pacer.ts';
import { EspBadCredentials, EspNotFound, EspRateLimited, EspRejectedInput, EspUnavailable } from '../espErrors.ts';
import { OMNISEND_API_VERSION, omnisendHeaders, problemSchema, type OmnisendProblem } from './omnisendApiVersion.ts';

export type OmnisendHttpOptions = {
  /** Without /api: `https://api.omnisend.com` or OMNISEND_API_URL. */
  origin: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Reference §A.7: Omnisend recommends a 10 s timeout. */
  timeoutMs?: number;
  now?: () => number;
  /** When a 429 carries neither retryAfter nor Retry-After. */
  defaultRetryAfterMs?: number;
};

export type OmnisendRequest = {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Strictest first (tags, then brand); every one of them is paused by a 429. */
  pacers: readonly Pacer[];
  searchParams?: URLSearchParams;
  json?: unknown;
  /** What a 404 means here, in words ("batch …"). */
  what?: string;
};

/** A 2xx answer: its status (201 created / 200 updated matters on upserts) and parsed body. */
export type OmnisendAnswer<T> = { status: number; body: T };

export type OmnisendHttp = ReturnType<typeof createOmnisendHttp>;

const ESP = 'omnisend';

/**
 * The one door to Omnisend: paces, authenticates, parses answers with zod at the edge and turns
 * failures into the named EspErrors the queue understands. The key never enters a message.
 */
export function createOmnisendHttp({
  origin,
  apiKey,
  fetch: fetchImpl = fetch,
  timeoutMs = 10_000,
  now = Date.now,
  defaultRetryAfterMs = 5_000,
}: OmnisendHttpOptions) {
  const http: KyInstance = ky.create({
    prefixUrl: origin,
    // The durable queue owns retries: a ky retry would slip past the pacer.
    retry: 0,
    timeout: timeoutMs,
    throwHttpErrors: false,
    fetch: fetchImpl,
    headers: omnisendHeaders(apiKey),
  });

  async function send<T extends z.ZodType>(request: OmnisendRequest, schema: T): Promise<OmnisendAnswer<z.infer<T>>>;
  async function send(request: OmnisendRequest): Promise<OmnisendAnswer<undefined>>;
  async function send<T extends z.ZodType>(request: OmnisendRequest, schema?: T): Promise<OmnisendAnswer<z.infer<T> | undefined>> {
    const label = `${request.method} /${request.path}`;
    await pace(request.pacers);
    let response: Response;
    try {
      response = await http(request.path, { method: request.method, searchParams: request.searchParams, json: request.json });
    } catch (error) {
      const e = error as Error;
      throw new EspUnavailable(ESP, label, e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : `network error: ${e.message}`);
    }
    if (!response.ok) throw await toError(label, request, response);
    if (!schema) return { status: response.status, body: undefined };
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EspUnavailable(ESP, label, `HTTP ${response.status} with an answer of unexpected shape (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
    }
    return { status: response.status, body: parsed.data };
  }

  async function toError(label: string, request: OmnisendRequest, response: Response) {
    const parsed = problemSchema.safeParse(await response.json().catch(() => ({})));
    const problem: OmnisendProblem = parsed.success ? parsed.data : {};
    const reason = describeProblem(problem, response);
    switch (response.status) {
      case 401:
        // Omnisend answers a missing and a wrong key with the same bare body (no detail).
        return new EspBadCredentials(ESP, label, reason);
      case 403:
        // §A.7: a key without the needed scope (contacts.read / contacts.write) or a blocked one.
        return new EspBadCredentials(ESP, label, `${reason}; the key needs the contacts.read and contacts.write scopes`);
      case 404:
        return new EspNotFound(ESP, label, request.what ?? 'such resource');
      case 410:
        return new EspRejectedInput(ESP, label, `API version ${OMNISEND_API_VERSION} has been retired (${reason}); move the adapter to a current version in omnisendApiVersion.ts`);
      case 429: {
        const retryAfterMs = retryAfterOf(problem, response, now()) ?? defaultRetryAfterMs;
        // The limit is brand-wide: hold back every caller of this brand, not only this job.
        for (const pacer of request.pacers) pacer.pauseUntil(now() + retryAfterMs);
        return new EspRateLimited(ESP, label, retryAfterMs);
      }
      default:
        if (response.status >= 500) return new EspUnavailable(ESP, label, `HTTP ${response.status}: ${reason}`);
        if (response.status === 408) return new EspUnavailable(ESP, label, `HTTP 408: ${reason}`);
        // 400/422 carry Omnisend's own words; other codes need the number to make sense.
        return new EspRejectedInput(ESP, label, response.status === 400 || response.status === 422 ? reason : `HTTP ${response.status}: ${reason}`);
    }
  }

  return { send };
}

/**
 * Several limits on one request: the strictest pacer's slot is reserved last, right before the
 * send, so its spacing holds even when the others made the request wait; waiting for its slot
 * first keeps the others' reserved slots from going stale meanwhile.
 */
async function pace(pacers: readonly Pacer[]): Promise<void> {
  const [strictest, ...others] = pacers;
  if (!strictest) return;
  if (others.length > 0) {
    await strictest.waitForSlot();
    for (const pacer of others) await pacer.take();
  }
  await strictest.take();
}

/** Problem detail (or title) plus each field error, as Omnisend wrote them. */
export function describeProblem(problem: OmnisendProblem, response: Pick<Response, 'status' | 'statusText'>): string {
  const head = problem.detail ?? problem.title ?? (response.statusText || `HTTP ${response.status}`);
  const fields = (problem.errors ?? []).map((e) => `${e.field || '(body)'}: ${e.message ?? e.code ?? 'invalid'}`);
  return fields.length > 0 ? `${head} — ${fields.join('; ')}` : head;
}

/** §A.7: `retryAfter` (seconds) in the body, else the Retry-After header (seconds or an HTTP date). */
function retryAfterOf(problem: OmnisendProblem, response: Response, at: number): number | null {
  if (typeof problem.retryAfter === 'number' && problem.retryAfter > 0) return Math.ceil(problem.retryAfter * 1000);
  const header = response.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(1000, date - at);
}
