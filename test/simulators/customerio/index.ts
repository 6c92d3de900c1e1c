/**
 * Customer.io simulator for integration tests (reference /work/shared/reference/esps.md §C): two real
 * HTTP servers on 127.0.0.1, one per API origin, as the bridge is configured (CUSTOMERIO_TRACK_URL,
 * CUSTOMERIO_APP_URL), sharing one workspace.
 *
 *   const cio = await startCustomerioSimulator();
 *   cio.seedPerson({ id: '42', email: 'jane@example.com' });
 *   // Track: cio.trackOrigin + /api/v1/…, /api/v2/… with Basic base64(siteId:trackApiKey)
 *   // App:   cio.appOrigin + /v1/… with Bearer appApiKey
 *   await cio.sendReportingWebhook({ url, body: emailOpened({ identifiers: cio.identifiers('42') }) });
 *   await cio.close();
 *
 * It enforces what Customer.io enforces — per-API auth, real paths and shapes, the error envelopes,
 * 10 req/s on the App API, the identity rules of identify, event dedup on ULID — and keeps the traps:
 * there is no unsubscribe endpoint, and an identify with `"unsubscribed": false` re-subscribes (every
 * write is recorded so tests can prove the bridge never sends it). US and EU are different origins in
 * production: start one simulator per region.
 */
import type { RecordedRequest } from '../shared/recordedRequest.ts';
import { maxInWindow } from '../shared/recordedRequest.ts';
import { startSimulatorServer, type FailNextOptions, type SimulatorServer } from '../shared/simulatorServer.ts';
import { appRoutes } from './appApi.ts';
import { parseUnsubscribed } from './attributes.ts';
import { APP_RATE_LIMIT_MESSAGE, faultReply, TRACK_RATE_LIMIT_MESSAGE } from './errors.ts';
import { basicAuthOk, bearerOk, createHandler } from './handlers.ts';
import { ApiLimiter } from './rateLimit.ts';
import { CustomerioState, type MessageSeed, type PersonRecord, type PersonSeed } from './state.ts';
import { trackV1Routes } from './trackV1.ts';
import { trackV2Routes, type UnmodelledOperation } from './trackV2.ts';
import type { Activity, DroppedWrite, IdentifyRecord, Message, PersonSnapshot, StoredEvent } from './types.ts';
import type { ReportingIdentifiers } from './webhookEvents.ts';
import { DEMO_SIGNING_KEY, ReportingWebhookStream, sendReportingWebhook, type ReportingWebhookDelivery, type SendReportingWebhookOptions } from './webhooks.ts';

export * from './webhookEvents.ts';
export { DEMO_SIGNING_KEY, CUSTOMERIO_WEBHOOK_TIMEOUT_MS, FORGED_SKEW_SECONDS, ReportingWebhookStream, sendReportingWebhook, signReportingWebhook } from './webhooks.ts';
export type { ReportingWebhookDelivery, SendReportingWebhookOptions, WebhookForgery } from './webhooks.ts';
export { isUlid, newUlid } from './ulid.ts';
export { LIMITS, parseUnsubscribed } from './attributes.ts';
export { DEFAULT_BOUNCE_MESSAGES } from './state.ts';
export type { MessageSeed, PersonSeed } from './state.ts';
export type { UnmodelledOperation } from './trackV2.ts';
export type * from './types.ts';

export type CustomerioApi = 'track' | 'app';

export interface CustomerioSimulatorOptions {
  region?: 'us' | 'eu';
  siteId?: string;
  trackApiKey?: string;
  appApiKey?: string;
  /** Key `sendReportingWebhook` signs with by default; the fixtures' demo key unless told otherwise. */
  webhookSigningKey?: string;
  environmentId?: number;
  /** C.7: 10. */
  appRequestsPerSecond?: number;
  /** C.6: 1000 (soft in production, enforced here); null = unlimited. */
  trackRequestsPerSecond?: number | null;
  /** The "second" of both limits; default 1000 ms. Shrink only to keep tests fast. */
  rateWindowMs?: number;
  /** Retry-After on the simulator's own 429s; default 0 = no header (none is documented). */
  retryAfterSeconds?: number;
  /** C.2 workspace setting "Allow updates to email using ID"; default false. */
  allowEmailUpdateById?: boolean;
  /** Events for an unknown id/email create the person (default true). [UNCERTAIN] */
  eventsCreatePeople?: boolean;
  /** Activities older than this are not returned (C.7: 30 days guaranteed). */
  activityRetentionDays?: number;
  /** Epoch milliseconds, for the workspace's notion of "now" (timestamps, 72 h, 6 months, 30 days). */
  clock?: () => number;
}

export interface CustomerioSimulator {
  /** Where the bridge's CUSTOMERIO_TRACK_URL should point (no trailing slash). */
  readonly trackOrigin: string;
  /** Where the bridge's CUSTOMERIO_APP_URL should point (no trailing slash). */
  readonly appOrigin: string;
  readonly region: 'us' | 'eu';
  readonly credentials: { siteId: string; trackApiKey: string; appApiKey: string; webhookSigningKey: string };
  /** The two kit servers, for per-API control and inspection. */
  readonly track: SimulatorServer;
  readonly app: SimulatorServer;
  /** Both APIs' requests in arrival order. */
  readonly requests: RecordedRequest[];
  readonly trackRequests: RecordedRequest[];
  readonly appRequests: RecordedRequest[];
  /** 429s answered by each API's own limiter (injected ones excluded). */
  readonly stats: { trackThrottled: number; appThrottled: number };
  /** Densest window over both APIs (use `track`/`app` for one). */
  maxRequestsInAnyWindow(ms: number, filter?: (request: RecordedRequest) => boolean): number;
  /** Without `api`, each API gets its own copy of the fault. */
  failNext(options: FailNextOptions & { api?: CustomerioApi }): void;
  setLatency(ms: number, api?: CustomerioApi): void;
  hang(on: boolean, api?: CustomerioApi): void;
  down(on: boolean, api?: CustomerioApi): void;
  /** Clears faults, latency, hang, down, rate-limit windows and recorded requests. People stay. */
  reset(): void;
  close(): Promise<void>;

  seedPerson(seed: PersonSeed): PersonSnapshot;
  /** Deliveries with their metrics, and the matching activities (sent_email, clicked_email …). */
  seedMessages(idOrEmail: string, messages: MessageSeed[]): Message[];
  /**
   * The unsubscribe link of a delivery (default: the person's latest) was clicked: unsubscribed=true and,
   * when there is a delivery, its `unsubscribed` metric and an `unsubscribed_email` activity.
   */
  unsubscribeViaLink(idOrEmail: string, deliveryId?: string): void;

  /** By `cio_…`, email (case-insensitive) or id. */
  person(idOrEmail: string): PersonSnapshot | undefined;
  people(): PersonSnapshot[];
  /** The person's attribute writes, seeds included (filter on `source`). */
  history(idOrEmail: string): IdentifyRecord[];
  events(idOrEmail: string): StoredEvent[];
  messages(idOrEmail: string): Message[];
  activities(idOrEmail: string): Activity[];
  /** `{id, email, cio_id}` as Reporting Webhooks carry them. */
  identifiers(idOrEmail: string): ReportingIdentifiers;
  /** Every identify the Track API received (v1 and v2), deleted people included. */
  readonly writes: IdentifyRecord[];
  /** API writes that sent `unsubscribed` with a value Customer.io reads as subscribed (the re-subscribe trap). */
  unsubscribedFalseWrites(): IdentifyRecord[];
  readonly duplicateEvents: Array<{ at: number; id: string; name: string; identifier: string }>;
  readonly anonymousEvents: Array<StoredEvent & { anonymous_id: string | null }>;
  /** Writes accepted with 200 but not applied (suppressed, unknown cio_id, `_update` on nobody …). */
  readonly dropped: DroppedWrite[];
  /** Valid v2 operations acknowledged but not modelled (objects, devices, relationships, merge). */
  readonly unmodelledOperations: UnmodelledOperation[];
  suppressed(): Array<{ id: string | null; email: string | null }>;

  /** `Authorization` header values the simulator accepts. */
  trackAuthorization(): string;
  appAuthorization(): string;

  /** Signs with `credentials.webhookSigningKey` unless `signingKey` is given. */
  sendReportingWebhook(options: Omit<SendReportingWebhookOptions, 'signingKey'> & { signingKey?: string }): Promise<ReportingWebhookDelivery>;
  webhookStream(url: string, signingKey?: string): ReportingWebhookStream;
}

export async function startCustomerioSimulator(options: CustomerioSimulatorOptions = {}): Promise<CustomerioSimulator> {
  const region = options.region ?? 'us';
  const credentials = {
    siteId: options.siteId ?? 'sim-site-id',
    trackApiKey: options.trackApiKey ?? 'sim-track-api-key',
    appApiKey: options.appApiKey ?? 'sim-app-api-key',
    webhookSigningKey: options.webhookSigningKey ?? DEMO_SIGNING_KEY,
  };
  const state = new CustomerioState({
    clock: options.clock ?? Date.now,
    allowEmailUpdateById: options.allowEmailUpdateById ?? false,
    eventsCreatePeople: options.eventsCreatePeople ?? true,
  });
  const windowMs = options.rateWindowMs ?? 1000;
  const retryAfterSeconds = options.retryAfterSeconds ?? 0;
  const trackLimiter = new ApiLimiter({ requests: options.trackRequestsPerSecond === undefined ? 1000 : options.trackRequestsPerSecond, windowMs, retryAfterSeconds });
  const appLimiter = new ApiLimiter({ requests: options.appRequestsPerSecond ?? 10, windowMs, retryAfterSeconds });
  const unmodelledOperations: UnmodelledOperation[] = [];

  const track = await startSimulatorServer({
    handle: createHandler({
      state,
      routes: [
        ...trackV1Routes({ url: region === 'eu' ? 'https://track-eu.customer.io' : 'https://track.customer.io', region, environmentId: options.environmentId ?? 1 }),
        ...trackV2Routes(unmodelledOperations),
      ],
      limiter: trackLimiter,
      rateLimitMessage: TRACK_RATE_LIMIT_MESSAGE,
      authorized: (rec) => basicAuthOk(rec.headers['authorization'], credentials.siteId, credentials.trackApiKey),
    }),
    faultReply: faultReply('track'),
    defaultRetryAfterSeconds: 0,
  });
  const app = await startSimulatorServer({
    handle: createHandler({
      state,
      routes: appRoutes({ activityRetentionDays: options.activityRetentionDays ?? 30 }),
      limiter: appLimiter,
      rateLimitMessage: APP_RATE_LIMIT_MESSAGE,
      authorized: (rec) => bearerOk(rec.headers['authorization'], credentials.appApiKey),
    }),
    faultReply: faultReply('app'),
    defaultRetryAfterSeconds: 0,
  });

  const servers = (api?: CustomerioApi): SimulatorServer[] => (api === 'track' ? [track] : api === 'app' ? [app] : [track, app]);
  const must = (idOrEmail: string): PersonRecord => {
    const found = state.lookup(idOrEmail);
    if (!found) throw new Error(`customerio simulator: no person ${idOrEmail}`);
    return found;
  };
  const merged = (): RecordedRequest[] => [...track.requests, ...app.requests].sort((a, b) => a.at - b.at);

  return {
    trackOrigin: track.origin,
    appOrigin: app.origin,
    region,
    credentials,
    track,
    app,
    get requests() {
      return merged();
    },
    trackRequests: track.requests,
    appRequests: app.requests,
    get stats() {
      return { trackThrottled: trackLimiter.throttled, appThrottled: appLimiter.throttled };
    },
    maxRequestsInAnyWindow: (ms, filter = () => true) => maxInWindow(merged().filter(filter).map((r) => r.at), ms),
    failNext: ({ api, ...fault }) => {
      for (const s of servers(api)) s.failNext(fault);
    },
    setLatency: (ms, api) => {
      for (const s of servers(api)) s.setLatency(ms);
    },
    hang: (on, api) => {
      for (const s of servers(api)) s.hang(on);
    },
    down: (on, api) => {
      for (const s of servers(api)) s.down(on);
    },
    reset: () => {
      track.reset();
      app.reset();
      trackLimiter.reset();
      appLimiter.reset();
    },
    close: async () => {
      await Promise.all([track.close(), app.close()]);
    },

    seedPerson: (seed) => state.snapshot(state.seedPerson(seed)),
    seedMessages: (idOrEmail, messages) => structuredClone(state.seedMessages(must(idOrEmail), messages)),
    unsubscribeViaLink: (idOrEmail, deliveryId) => {
      const person = must(idOrEmail);
      const message = deliveryId ?? person.messages.at(-1)?.id;
      if (message !== undefined && state.unsubscribeFromDelivery(message, 'link')) return;
      state.markUnsubscribed(person, state.nowSeconds(), 'link', idOrEmail);
    },

    person: (idOrEmail) => {
      const found = state.lookup(idOrEmail);
      return found ? state.snapshot(found) : undefined;
    },
    people: () => state.all().map((p) => state.snapshot(p)),
    history: (idOrEmail) => structuredClone(must(idOrEmail).history),
    events: (idOrEmail) => structuredClone(must(idOrEmail).events),
    messages: (idOrEmail) => structuredClone(must(idOrEmail).messages),
    activities: (idOrEmail) => structuredClone(must(idOrEmail).activities),
    identifiers: (idOrEmail) => state.identifiersOf(must(idOrEmail)),
    writes: state.writes,
    unsubscribedFalseWrites: () => state.writes.filter((w) => 'unsubscribed' in w.attributes && !parseUnsubscribed(w.attributes['unsubscribed'])),
    duplicateEvents: state.duplicateEvents,
    anonymousEvents: state.anonymousEvents,
    dropped: state.dropped,
    unmodelledOperations,
    suppressed: () => state.suppressedIdentifiers(),

    trackAuthorization: () => `Basic ${Buffer.from(`${credentials.siteId}:${credentials.trackApiKey}`).toString('base64')}`,
    appAuthorization: () => `Bearer ${credentials.appApiKey}`,

    sendReportingWebhook: (o) => sendReportingWebhook({ ...o, signingKey: o.signingKey ?? credentials.webhookSigningKey }),
    webhookStream: (url, signingKey) => new ReportingWebhookStream({ url, signingKey: signingKey ?? credentials.webhookSigningKey }),
  };
}
