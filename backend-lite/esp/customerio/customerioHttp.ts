import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import { EspBadCredentials, EspNotFound, EspRateLimited, EspRejectedInput, EspUnavailable } from '../espErrors.ts';
import { DEFAULT_RETRY_AFTER_MS, type CustomerioPacers } from './customerioLimits.ts';
import { metaEnvelopeSchema, v2ErrorsSchema } from './customerioModels.ts';

export type CustomerioApi = 'track' | 'app';

export type CustomerioHttpOptions = {
  origins: Record<CustomerioApi, string>;
  siteId: string;
  trackApiKey: string;
  appApiKey: string;
  pacers: CustomerioPacers;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
};

export type CustomerioRequest = {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  /** What was called, without identifiers (customerioPaths labels). */
  label: string;
  searchParams?: URLSearchParams;
  json?: unknown;
  /** What a 404 means, for the error ("person jane@…" is never written: labels carry no ids). */
  missing?: string;
};

export type CustomerioHttp = ReturnType<typeof createCustomerioHttp>;

/** EspBadCredentials that keeps Customer.io's own words, so a check of both keys can name both. */
export class CustomerioBadCredentials extends EspBadCredentials {
  constructor(
    request: string,
    readonly reason: string,
  ) {
    super('customerio', request, reason);
  }
}

/** The reason Customer.io gave, from whichever of its three error envelopes came back (C.10). */
export function reasonOf(body: unknown, fallback: string): string {
  const meta = metaEnvelopeSchema.safeParse(body);
  if (meta.success) {
    const errors = meta.data.meta.errors ?? [];
    if (errors.length > 0) return errors.join('; ');
    if (meta.data.meta.error) return meta.data.meta.error;
  }
  const v2 = v2ErrorsSchema.safeParse(body);
  if (v2.success && v2.data.errors.length > 0) {
    return v2.data.errors.map((e) => [e.field, e.message ?? e.reason].filter(Boolean).join(': ')).join('; ');
  }
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 200);
  return fallback;
}

/**
 * Both Customer.io APIs behind their pacers: Track with HTTP Basic `site_id:api_key`, App with
 * `Bearer <app key>` (C.1). Errors become the shared Esp* errors; ky never retries, the durable
 * queue does.
 */
export function createCustomerioHttp({
  origins,
  siteId,
  trackApiKey,
  appApiKey,
  pacers,
  fetch: fetchImpl = fetch,
  timeoutMs = 15_000,
  now = Date.now,
}: CustomerioHttpOptions) {
  const client = (origin: string, authorization: string): KyInstance =>
    ky.create({
      prefixUrl: origin,
      // The durable queue owns retries: a ky retry would slip past the pacer.
      retry: 0,
      timeout: timeoutMs,
      throwHttpErrors: false,
      fetch: fetchImpl,
      headers: { Authorization: authorization, Accept: 'application/json' },
    });
  const clients: Record<CustomerioApi, KyInstance> = {
    track: client(origins.track, `Basic ${Buffer.from(`${siteId}:${trackApiKey}`).toString('base64')}`),
    app: client(origins.app, `Bearer ${appApiKey}`),
  };

  async function send(api: CustomerioApi, request: CustomerioRequest): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
    await pacers[api].take();
    let response: Response;
    try {
      response = await clients[api](request.path, { method: request.method, searchParams: request.searchParams, json: request.json });
    } catch (error) {
      const e = error as Error;
      throw new EspUnavailable('customerio', request.label, e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : e.message);
    }
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      // Plain-text answers (an unknown path's 404) keep their text as the reason.
    }
    return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
  }

  function toError(api: CustomerioApi, request: CustomerioRequest, status: number, body: unknown, retryAfter: string | null) {
    const reason = reasonOf(body, `HTTP ${status}`);
    if (status === 401 || status === 403) return new CustomerioBadCredentials(request.label, reason);
    if (status === 429) {
      // Neither API documents Retry-After (C.6, C.7): honour one if sent, else wait out the second.
      const seconds = Number(retryAfter);
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
      pacers[api].pauseUntil(now() + retryAfterMs);
      return new EspRateLimited('customerio', request.label, retryAfterMs);
    }
    if (status === 404) return new EspNotFound('customerio', request.label, request.missing ?? `such endpoint (${reason})`);
    if (status >= 500) return new EspUnavailable('customerio', request.label, `HTTP ${status} ${reason}`);
    return new EspRejectedInput('customerio', request.label, reason);
  }

  /** A 2xx answer parsed with `schema`; `null` for a 404 when the caller expects one. */
  async function call<S extends z.ZodType>(api: CustomerioApi, request: CustomerioRequest, schema: S, options: { missingIsNull: true }): Promise<z.infer<S> | null>;
  async function call<S extends z.ZodType>(api: CustomerioApi, request: CustomerioRequest, schema: S): Promise<z.infer<S>>;
  async function call<S extends z.ZodType>(api: CustomerioApi, request: CustomerioRequest, schema: S, options: { missingIsNull?: boolean } = {}): Promise<z.infer<S> | null> {
    const { status, body, retryAfter } = await send(api, request);
    if (status === 404 && options.missingIsNull) return null;
    if (status < 200 || status >= 300) throw toError(api, request, status, body, retryAfter);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EspUnavailable('customerio', request.label, `unexpected answer (HTTP ${status}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'})`);
    }
    return parsed.data;
  }

  return { call };
}
