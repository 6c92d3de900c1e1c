/**
 * Moosend API v3 simulator for integration tests: a real HTTP server on 127.0.0.1 that product code
 * talks to as if it were https://api.moosend.com (MOOSEND_API_URL; the code appends `/v3/…`).
 * Reference: /work/shared/reference/esps.md §B and §D.
 *
 *   const moosend = await startMoosendSimulator();
 *   const list = moosend.seedList({ name: 'Won', customFields: ['Plan', 'MRR'] });
 *   moosend.seedSubscriber(list.id, { email: 'a@b.co', customFields: { Plan: 'pro' } });
 *   // GET `${moosend.origin}/v3/subscribers/${list.id}/view.json?Email=a@b.co&apikey=${moosend.apiKey}`
 *   await moosend.close();
 *
 * It enforces what Moosend does and what it might do: `apikey` on every call, the envelope with
 * errors inside HTTP 200 by default, per-endpoint limits per key, and the upsert traps — subscribe
 * clears the custom fields a request leaves out and re-subscribes people who had unsubscribed.
 */
import { maxInWindow, type RecordedRequest } from '../shared/recordedRequest.ts';
import { startSimulatorServer, type SimulatorControls, type SimulatorServer } from '../shared/simulatorServer.ts';
import { automationWebhookBodies, sendAutomationWebhook } from './automationWebhook.ts';
import { DEFAULT_DATE_OFFSET } from './dates.ts';
import { DEFAULT_ERROR_HTTP_STATUS_MODE, faultReply, type ErrorHttpStatusMode } from './envelope.ts';
import { moosendHandler, type RefusalRecord } from './handle.ts';
import { EndpointRateLimiter, type LimitedEndpoint, type RateLimit } from './rateLimit.ts';
import { matchRoute } from './router.ts';
import { routes } from './routes/table.ts';
import { wireList, wireSubscriber, type WireMailingList, type WireSubscriber } from './serialize.ts';
import { MoosendState, type CustomFieldSeed, type SeedSubscriberInput } from './state.ts';
import { DEFAULT_TRAPS, type MoosendTraps } from './traps.ts';
import { SUBSCRIBE_TYPE, type HistoryEntry, type MailingList, type SubscribeStatus } from './types.ts';

export { automationWebhookBodies, sendAutomationWebhook } from './automationWebhook.ts';
export type { AutomationWebhookFacts, AutomationWebhookSpelling, MoosendAutomationEvent, SendAutomationWebhookOptions } from './automationWebhook.ts';
export { dotNetDate, parseDotNetDate } from './dates.ts';
export { DEFAULT_ERROR_HTTP_STATUS_MODE, MOOSEND_ERRORS, type Envelope, type ErrorHttpStatusMode, type MoosendErrorName } from './envelope.ts';
export type { RefusalRecord } from './handle.ts';
export { MOOSEND_RATE_LIMITS, type LimitedEndpoint, type RateLimit } from './rateLimit.ts';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './routes/read.ts';
export { LISTS_JSON_PAGE_SIZE } from './routes/lists.ts';
export { SUBSCRIBE_MANY_MAX } from './routes/subscribe.ts';
export type { WireCustomField, WireMailingList, WirePaging, WireSubscriber } from './serialize.ts';
export type { CustomFieldSeed } from './state.ts';
export { DEFAULT_TRAPS, type MoosendTraps } from './traps.ts';
export { SUBSCRIBE_TYPE, type ChangeSource, type CustomFieldType, type HistoryEntry, type MailingList, type SubscribeStatus, type SubscribeType } from './types.ts';
export type { FailNextOptions } from '../shared/simulatorServer.ts';

/** A GUID, like real Moosend keys. */
export const DEFAULT_MOOSEND_API_KEY = '5e1c7a2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d';

export interface MoosendSimulatorOptions {
  apiKey?: string;
  /** More keys the account accepts; each has its own rate-limit windows (B.6 "per API key"). */
  extraApiKeys?: string[];
  /** HTTP status line of envelope errors; default 'always-200' (envelope.ts). */
  errorHttpStatus?: ErrorHttpStatusMode;
  /** Multiplies every rate-limit window: 0.01 turns 10 s into 100 ms. Default 1 (the documented windows). */
  rateWindowScale?: number;
  rateLimits?: Partial<Record<LimitedEndpoint, RateLimit>>;
  traps?: Partial<MoosendTraps>;
  /** Offset written into .NET dates; null writes `/Date(ms)/`. Default '+0100'. */
  dateOffset?: string | null;
  /** Clock for CreatedOn/UpdatedOn/UnsubscribedOn…; default Date.now. */
  now?: () => number;
}

export interface SeedListInput {
  id?: string;
  name: string;
  /** A name alone is a Text field. */
  customFields?: Array<string | CustomFieldSeed>;
  createdOn?: number;
}

export type { SeedSubscriberInput } from './state.ts';

export interface InAppOptions {
  /** Epoch ms of the action; default the simulator clock. */
  at?: number;
  /** unsubscribeInApp: the campaign whose link was used (becomes UnsubscribedFromID). */
  campaignId?: string;
}

export interface MoosendSimulator extends Pick<SimulatorServer, SimulatorControls> {
  /** Where product code sends requests (MOOSEND_API_URL), e.g. http://127.0.0.1:40123. */
  readonly origin: string;
  readonly apiKey: string;
  readonly apiKeys: readonly string[];
  /** Every request received, in arrival order (refused, failed and hung ones included). */
  /** Every request answered with an envelope error, with the reason the envelope cannot carry. */
  readonly refusals: RefusalRecord[];
  /** The effective limits (windows already scaled). */
  readonly rateLimits: Readonly<Record<LimitedEndpoint, RateLimit>>;
  readonly errorHttpStatus: ErrorHttpStatusMode;
  /** Requests (successful or not) that counted against one endpoint's limit. */
  requestsTo(endpoint: LimitedEndpoint): RecordedRequest[];
  /** The densest moment of that endpoint, measured in its own (scaled) window — compare with its limit. */
  maxRequestsInEndpointWindow(endpoint: LimitedEndpoint): number;
  /** Clears faults, latency, hang, down, recorded requests, refusals and rate-limit windows; restores the keys. Data stays. */
  reset(): void;
  /** Replaces the accepted keys (e.g. [] to simulate a revoked key). */
  setApiKeys(keys: string[]): void;

  seedList(input: SeedListInput): MailingList;
  seedSubscriber(listId: string, input: SeedSubscriberInput): WireSubscriber;
  /** What view.json would answer as Context, or undefined when the email is not in the list. */
  subscriber(listId: string, email: string): WireSubscriber | undefined;
  /** Custom field values by name (cleared fields absent). */
  customFields(listId: string, email: string): Record<string, string> | undefined;
  /** Members of a list, optionally of one status, in the wire shape. */
  members(listId: string, status?: SubscribeStatus): WireSubscriber[];
  list(listId: string): WireMailingList | undefined;
  history(listId: string, email: string): HistoryEntry[];
  /** Every status change from Unsubscribed/Bounced/Removed back to Subscribed made by an API call. */
  resubscriptions(): Array<{ listId: string; email: string; entry: HistoryEntry }>;
  /** The person unsubscribes in Moosend (an unsubscribe link, the preference centre). */
  unsubscribeInApp(listId: string, email: string, options?: InAppOptions): WireSubscriber;
  /** Moosend records a bounce for the member. */
  bounce(listId: string, email: string, options?: InAppOptions): WireSubscriber;
  /** Someone removes the member in Moosend's UI. */
  removeInApp(listId: string, email: string, options?: InAppOptions): WireSubscriber;

  sendAutomationWebhook: typeof sendAutomationWebhook;
  automationWebhookBodies: typeof automationWebhookBodies;
}

export async function startMoosendSimulator(options: MoosendSimulatorOptions = {}): Promise<MoosendSimulator> {
  const apiKey = options.apiKey ?? DEFAULT_MOOSEND_API_KEY;
  const initialKeys = [apiKey, ...(options.extraApiKeys ?? [])];
  let keys = new Set(initialKeys);
  const errorHttpStatus = options.errorHttpStatus ?? DEFAULT_ERROR_HTTP_STATUS_MODE;
  const dateOffset = options.dateOffset === undefined ? DEFAULT_DATE_OFFSET : options.dateOffset;
  const state = new MoosendState(options.now ?? Date.now, { ...DEFAULT_TRAPS, ...options.traps });
  const limiter = new EndpointRateLimiter({ windowScale: options.rateWindowScale ?? 1, overrides: options.rateLimits ?? {} });
  const refusals: RefusalRecord[] = [];

  const server = await startSimulatorServer({
    handle: moosendHandler({ state, routes, limiter, apiKeys: () => keys, errorHttpStatus, dateOffset, refusals }),
    faultReply: faultReply(errorHttpStatus),
  });

  const wire = (list: MailingList, email: string): WireSubscriber => wireSubscriber(list, state.requireMember(list.id, email), dateOffset);
  const requestsTo = (endpoint: LimitedEndpoint): RecordedRequest[] =>
    server.requests.filter((r) => {
      const m = matchRoute(routes, r.method, r.path);
      return m.kind === 'found' && m.route.limit === endpoint;
    });
  const inApp = (status: SubscribeStatus, source: 'app:unsubscribe' | 'app:bounce' | 'app:remove') =>
    (listId: string, email: string, opts: InAppOptions = {}): WireSubscriber => {
      const list = state.requireList(listId);
      const member = state.requireMember(listId, email);
      const extra: { at?: number; fromId?: string | null } = { fromId: opts.campaignId ?? null };
      if (opts.at !== undefined) extra.at = opts.at;
      state.setStatus(member, status, source, extra);
      return wire(list, email);
    };

  return {
    origin: server.origin,
    apiKey,
    get apiKeys() {
      return [...keys];
    },
    requests: server.requests,
    refusals,
    rateLimits: limiter.limits,
    errorHttpStatus,
    maxRequestsInAnyWindow: (ms, filter) => server.maxRequestsInAnyWindow(ms, filter),
    requestsTo,
    maxRequestsInEndpointWindow: (endpoint) => maxInWindow(requestsTo(endpoint).map((r) => r.at), limiter.limits[endpoint].windowMs),
    failNext: (o) => server.failNext(o),
    setLatency: (ms) => server.setLatency(ms),
    hang: (on) => server.hang(on),
    down: (on) => server.down(on),
    reset: () => {
      server.reset();
      limiter.reset();
      refusals.length = 0;
      keys = new Set(initialKeys);
    },
    close: () => server.close(),
    setApiKeys: (next) => {
      keys = new Set(next);
    },

    seedList: ({ id, name, customFields = [], createdOn }) => {
      const seed: Parameters<MoosendState['addList']>[0] = { name, customFields: customFields.map((f) => (typeof f === 'string' ? { name: f } : f)) };
      if (id !== undefined) seed.id = id;
      if (createdOn !== undefined) seed.createdOn = createdOn;
      return state.addList(seed);
    },
    seedSubscriber: (listId, input) => {
      const list = state.requireList(listId);
      state.seed(list, input);
      return wire(list, input.email);
    },
    subscriber: (listId, email) => {
      const list = state.list(listId);
      const member = state.member(listId, email);
      return list && member ? wireSubscriber(list, member, dateOffset) : undefined;
    },
    customFields: (listId, email) => state.fieldValues(listId, email),
    members: (listId, status) => {
      const list = state.requireList(listId);
      return state
        .membersOf(listId)
        .filter((m) => status === undefined || m.subscribeType === SUBSCRIBE_TYPE[status])
        .map((m) => wireSubscriber(list, m, dateOffset));
    },
    list: (listId) => {
      const list = state.list(listId);
      return list ? wireList(list, state.membersOf(listId), true, dateOffset) : undefined;
    },
    history: (listId, email) => state.history(listId, email),
    resubscriptions: () =>
      state.allHistories().flatMap(({ listId, email, entries }) =>
        entries
          .filter((e) => e.kind === 'status' && e.to === 'Subscribed' && e.from !== null && e.from !== 'Subscribed' && e.source.startsWith('api:'))
          .map((entry) => ({ listId, email, entry })),
      ),
    unsubscribeInApp: inApp('Unsubscribed', 'app:unsubscribe'),
    bounce: inApp('Bounced', 'app:bounce'),
    removeInApp: inApp('Removed', 'app:remove'),

    sendAutomationWebhook,
    automationWebhookBodies,
  };
}
