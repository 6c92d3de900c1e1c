import { createHmac } from 'node:crypto';
import type { ReportingEvent } from './webhookEvents.ts';

// Customer.io → bridge: Reporting Webhook delivery (reference C.8).
//   X-CIO-Timestamp: unix seconds; X-CIO-Signature: hex HMAC-SHA256 of "v0:" + timestamp + ":" + raw body,
//   keyed with the webhook's signing key. One event per POST. Customer.io waits 4 s for a 2xx, and a
//   failed event holds back every later one until it succeeds (ReportingWebhookStream models that).

/** The signing key of the demo fixtures (test/fixtures/customerio/customerio-signatures.json). */
export const DEMO_SIGNING_KEY = 'cio_demo_signing_key_0123456789abcdef';
/** C.8: "4-second timeout". */
export const CUSTOMERIO_WEBHOOK_TIMEOUT_MS = 4000;
/** How far `stale` / `future` forgeries move the timestamp: beyond the bridge's ±5 min window (SPEC §4.2). */
export const FORGED_SKEW_SECONDS = 10 * 60;

export type WebhookForgery =
  /** Signed with another key. */
  | 'bad-signature'
  /** Correctly signed, timestamp 10 minutes old (a replay). */
  | 'stale'
  /** Correctly signed, timestamp 10 minutes ahead. */
  | 'future'
  /** No X-CIO-Signature header. */
  | 'missing-signature'
  /** No X-CIO-Timestamp header (signature over the real timestamp). */
  | 'missing-timestamp'
  /** Signature of the original body, body changed after signing. */
  | 'tampered-body';

export function signReportingWebhook(signingKey: string, timestamp: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', signingKey);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

export interface SendReportingWebhookOptions {
  url: string;
  signingKey: string;
  /** An event object (serialized with JSON.stringify) or the exact raw bytes to send. */
  body: ReportingEvent | Record<string, unknown> | string;
  /** Unix seconds; default now. */
  timestamp?: number;
  forge?: WebhookForgery;
  /** Default 4000 ms, Customer.io's own timeout. */
  timeoutMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface ReportingWebhookDelivery {
  /** HTTP status; 0 when there was no answer (timeout, refused, reset). */
  status: number;
  /** 2xx: what Customer.io counts as delivered. */
  ok: boolean;
  timedOut: boolean;
  error?: string;
  responseBody: string;
  elapsedMs: number;
  /** What was sent, for assertions. */
  sent: { rawBody: string; headers: Record<string, string> };
}

export async function sendReportingWebhook(options: SendReportingWebhookOptions): Promise<ReportingWebhookDelivery> {
  const rawBody = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const now = Math.floor(Date.now() / 1000);
  const base = options.timestamp ?? now;
  const timestamp = options.forge === 'stale' ? base - FORGED_SKEW_SECONDS : options.forge === 'future' ? base + FORGED_SKEW_SECONDS : base;
  const key = options.forge === 'bad-signature' ? `${options.signingKey}-not-the-key` : options.signingKey;
  const signature = signReportingWebhook(key, timestamp, rawBody);
  const sentBody = options.forge === 'tampered-body' ? tamper(rawBody) : rawBody;

  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.forge !== 'missing-timestamp') headers['x-cio-timestamp'] = String(timestamp);
  if (options.forge !== 'missing-signature') headers['x-cio-signature'] = signature;

  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? CUSTOMERIO_WEBHOOK_TIMEOUT_MS;
  const sent = { rawBody: sentBody, headers };
  try {
    const res = await fetch(options.url, { method: 'POST', headers, body: sentBody, signal: AbortSignal.timeout(timeoutMs) });
    const responseBody = await res.text();
    return { status: res.status, ok: res.status >= 200 && res.status < 300, timedOut: false, responseBody, elapsedMs: performance.now() - started, sent };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { status: 0, ok: false, timedOut, error: error instanceof Error ? error.message : String(error), responseBody: '', elapsedMs: performance.now() - started, sent };
  }
}

/** Changes one value inside the body without breaking its JSON (so only the signature can catch it). */
function tamper(rawBody: string): string {
  const changed = rawBody.replace(/"metric":"[^"]*"/, '"metric":"clicked"');
  return changed !== rawBody ? changed : `${rawBody} `;
}

/**
 * C.8 delivery order: "Subsequent webhook calls are backlogged until the failed call succeeds or 7 days
 * pass." `flush()` sends queued events in order and stops at the first one not answered 2xx; that one
 * stays at the head of the queue for the next `flush()`. (The real wait between retries — one hour
 * after 400/401/…/521, else exponential backoff — is the test's to simulate by calling flush again.)
 */
export class ReportingWebhookStream {
  private readonly queue: Array<ReportingEvent | Record<string, unknown> | string> = [];
  readonly deliveries: ReportingWebhookDelivery[] = [];

  constructor(private readonly options: { url: string; signingKey: string; timeoutMs?: number }) {}

  enqueue(...bodies: Array<ReportingEvent | Record<string, unknown> | string>): void {
    this.queue.push(...bodies);
  }

  get pending(): number {
    return this.queue.length;
  }

  async flush(): Promise<{ delivered: number; blockedBy: ReportingWebhookDelivery | null }> {
    let delivered = 0;
    while (this.queue.length > 0) {
      const body = this.queue[0] ?? '';
      const delivery = await sendReportingWebhook({ ...this.options, body });
      this.deliveries.push(delivery);
      if (!delivery.ok) return { delivered, blockedBy: delivery };
      this.queue.shift();
      delivered += 1;
    }
    return { delivered, blockedBy: null };
  }
}
