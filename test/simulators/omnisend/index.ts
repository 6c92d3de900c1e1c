/**
 * Omnisend API 2026-03-15 simulator for integration tests: a real HTTP server on 127.0.0.1 that product
 * code talks to as if it were https://api.omnisend.com (reference /work/shared/reference/esps.md §A).
 *
 *   const omnisend = await startOmnisendSimulator();
 *   omnisend.seedContact({ email: 'jane@example.com', emailStatus: 'unsubscribed', emailStatusChangedAt: '2026-01-01T00:00:00Z' });
 *   // point the product's OMNISEND_API_URL at omnisend.origin; send omnisend.headers()
 *   expect(omnisend.wasResubscribed('jane@example.com')).toBe(false);
 *   await omnisend.close();
 *
 * It enforces what Omnisend enforces — `Authorization: Omnisend-API-Key`, `Omnisend-Version`, exact /api
 * paths, RFC 9457 errors, 400/min per brand and 60/min on /contacts/tags — and reproduces the traps: the
 * newest status date wins per channel (an upsert with `subscribed` dated now re-subscribes someone who
 * opted out), emails are case-sensitive identifiers, sendWelcomeMessage defaults to true, tagging is async.
 */
import { startSimulatorServer, type SimulatorControls, type SimulatorServer } from '../shared/simulatorServer.ts';
import { createHandler } from './api.ts';
import { AsyncWork } from './asyncWork.ts';
import { API_VERSION, brandOf } from './auth.ts';
import { renderContact, type TimestampPrecision } from './contactView.ts';
import type { Batch, RecordedEvent, SimContext, TagOperation } from './context.ts';
import type { ChannelName, ChannelStatus, StatusChange, StoredContact, WelcomeMessage } from './model.ts';
import { faultReply } from './problems.ts';
import { BrandRateLimiter } from './rateLimit.ts';
import { routes } from './routes/table.ts';
import { seedContact, type ContactSeed } from './seed.ts';
import { OmnisendState, type UnknownFieldsNote } from './state.ts';
import { nowMs, parseRfc3339 } from './time.ts';
import { sendAutomationWebhook, type SendAutomationWebhookOptions } from './webhook.ts';

export { API_VERSION } from './auth.ts';
export { PROBLEM_TYPES } from './problems.ts';
export {
  fixtureShapedTemplate,
  mergeContextFor,
  renderAutomationWebhookBody,
  renderFixtureWebhookBody,
  sendAutomationWebhook,
  type AutomationWebhookHeader,
  type MergeContext,
  type SendAutomationWebhookOptions,
} from './webhook.ts';
export type { ContactSeed } from './seed.ts';
export type { Batch, BatchItem, RecordedEvent, TagOperation } from './context.ts';
export type { ChannelName, ChannelStatus, StatusChange, WelcomeMessage } from './model.ts';
export type { UnknownFieldsNote } from './state.ts';
export type { FailNextOptions } from '../shared/simulatorServer.ts';

/** Default key: `<accountID>-<secret>` like a real one (reference §A.1). */
export const DEFAULT_OMNISEND_API_KEY = '66f0c0ffee0000000000a001-simOmnisendSecret2026';

export interface OmnisendSimulatorOptions {
  /** Accepted keys; all of one account share that brand's limits. Default [DEFAULT_OMNISEND_API_KEY]. */
  apiKeys?: string[];
  /** Brand-wide limit, default 400 per window (reference §A.7). */
  requestsPerMinute?: number;
  /** /contacts/tags limit, default 60 per window. */
  tagRequestsPerMinute?: number;
  /** Sliding window length, default 60 000 ms. Shrink only to keep tests fast. */
  rateWindowMs?: number;
  /** Delay before 202-accepted work (tags, events, batches) is applied; default 50 ms. */
  asyncDelayMs?: number;
  /** See StateOptions.welcomeWorkflowEnabled; default true. */
  welcomeWorkflowEnabled?: boolean;
  /** See StateOptions.tagsOnUpdate; default 'merge'. [UNCERTAIN] */
  tagsOnUpdate?: 'merge' | 'replace';
  /** createdAt/updatedAt precision on the wire; default 'seconds' as in the spec's examples. [UNCERTAIN] */
  timestampPrecision?: TimestampPrecision;
  /** A request without Omnisend-Version: 'reject' (400, default) or 'latest'. [UNCERTAIN] */
  missingVersionHeader?: 'reject' | 'latest';
  /** Versions answered 410 besides dated ones older than 2026-03-15, e.g. ['2026-03-15']. */
  retiredVersions?: string[];
}

/** Contacts as the API shows them (2026 ContactResponse), looked up the way Omnisend does. */
export interface OmnisendContactsView {
  byId(id: string): Record<string, unknown> | undefined;
  /** Exact, case-sensitive — like Omnisend. */
  byEmail(email: string): Record<string, unknown> | undefined;
  /** Every contact whose email equals this one ignoring case: more than one means a duplicate was created. */
  allByEmailIgnoringCase(email: string): Array<Record<string, unknown>>;
  all(): Array<Record<string, unknown>>;
  readonly size: number;
}

export interface OmnisendSimulator extends Pick<SimulatorServer, SimulatorControls> {
  /** Where product code should send requests (no trailing slash); paths are /api/…. */
  readonly origin: string;
  readonly apiKey: string;
  readonly apiKeys: readonly string[];
  /** The account (brand) part of apiKey. */
  readonly accountId: string;
  readonly apiVersion: typeof API_VERSION;
  /** Authorization + Omnisend-Version headers for apiKey (handy for tests). */
  headers(apiKey?: string): Record<string, string>;

  /** Clears faults, latency, hang, down, rate-limit windows and recorded requests. Contacts and logs stay. */
  reset(): void;

  readonly contacts: OmnisendContactsView;
  seedContact(seed: ContactSeed): Record<string, unknown>;
  /** Every status write on the contact owning exactly this email (all its channels unless one is named), oldest first. */
  statusHistory(email: string, channel?: ChannelName): StatusChange[];
  /** True when the channel went from unsubscribed to anything else at some point. */
  wasResubscribed(email: string, channel?: ChannelName): boolean;
  /** Welcome messages the welcome workflow would have sent. */
  readonly welcomeMessages: readonly WelcomeMessage[];
  readonly tagOperations: readonly TagOperation[];
  readonly events: readonly RecordedEvent[];
  readonly batches: ReadonlyMap<string, Batch>;
  /** Request fields Omnisend ignores (e.g. a v5 `statusDate`), per request. */
  readonly unknownFields: readonly UnknownFieldsNote[];
  /** A person unsubscribes through the email footer at `date` (default now); updatedAt moves so a poll finds it. */
  setUnsubscribedInApp(email: string, date?: string | Date): void;
  /** Any in-app status change (admin edit, SMS STOP with channel 'sms' …) on the contact owning `email`. */
  setStatusInApp(email: string, change: { channel?: ChannelName; status: ChannelStatus; date?: string | Date }): void;
  /** Resolves when every 202-accepted piece of work (tags, events, batches) received so far is applied. */
  settled(): Promise<void>;
  sendAutomationWebhook(options: SendAutomationWebhookOptions): Promise<Response>;
}

function toMs(date: string | Date | undefined): number {
  if (date === undefined) return nowMs();
  if (date instanceof Date) return date.getTime();
  const ms = parseRfc3339(date);
  if (ms === null) throw new Error(`Not an RFC3339 timestamp: ${date}`);
  return ms;
}

export async function startOmnisendSimulator(options: OmnisendSimulatorOptions = {}): Promise<OmnisendSimulator> {
  const apiKeys = options.apiKeys ?? [DEFAULT_OMNISEND_API_KEY];
  const [apiKey] = apiKeys;
  if (apiKey === undefined) throw new Error('At least one API key is needed');
  for (const k of apiKeys) brandOf(k); // throws on a key without `<accountID>-`

  const precision = options.timestampPrecision ?? 'seconds';
  const state = new OmnisendState({
    welcomeWorkflowEnabled: options.welcomeWorkflowEnabled ?? true,
    tagsOnUpdate: options.tagsOnUpdate ?? 'merge',
  });
  const work = new AsyncWork(options.asyncDelayMs ?? 50);
  const ctx: SimContext = { state, work, precision, tagOperations: [], events: [], batches: new Map() };
  const limiter = new BrandRateLimiter({
    requestsPerMinute: options.requestsPerMinute ?? 400,
    tagRequestsPerMinute: options.tagRequestsPerMinute ?? 60,
    windowMs: options.rateWindowMs ?? 60_000,
  });
  const server = await startSimulatorServer({
    handle: createHandler({
      ctx,
      routes,
      keys: new Set(apiKeys),
      version: { missing: options.missingVersionHeader ?? 'reject', retired: options.retiredVersions ?? [] },
      limiter,
    }),
    faultReply,
  });

  const view = (c: StoredContact | undefined) => (c ? renderContact(c, precision) : undefined);
  const owning = (email: string): StoredContact => {
    const c = state.byEmail(email);
    if (!c) throw new Error(`No Omnisend contact with email ${email} (emails are case-sensitive)`);
    return c;
  };
  const history = (email: string, channel?: ChannelName): StatusChange[] => {
    const c = state.byEmail(email);
    if (!c) return [];
    return state.statusChanges.filter((s) => s.contactId === c.id && (channel === undefined || s.channel === channel));
  };

  return {
    origin: server.origin,
    apiKey,
    apiKeys,
    accountId: brandOf(apiKey),
    apiVersion: API_VERSION,
    headers: (key = apiKey) => ({ authorization: `Omnisend-API-Key ${key}`, 'omnisend-version': API_VERSION }),

    requests: server.requests,
    maxRequestsInAnyWindow: (ms, filter) => server.maxRequestsInAnyWindow(ms, filter),
    failNext: (o) => server.failNext(o),
    setLatency: (ms) => server.setLatency(ms),
    hang: (on) => server.hang(on),
    down: (on) => server.down(on),
    reset: () => {
      server.reset();
      limiter.reset();
    },
    close: async () => {
      work.cancel();
      await server.close();
    },

    contacts: {
      byId: (id) => view(state.get(id)),
      byEmail: (email) => view(state.byEmail(email)),
      allByEmailIgnoringCase: (email) =>
        [...state.contacts.values()]
          .filter((c) => c.identifiers.some((i) => i.type === 'email' && i.id.toLowerCase() === email.toLowerCase()))
          .map((c) => renderContact(c, precision)),
      all: () => [...state.contacts.values()].map((c) => renderContact(c, precision)),
      get size() {
        return state.contacts.size;
      },
    },
    seedContact: (seed) => renderContact(seedContact(state, seed), precision),
    statusHistory: history,
    wasResubscribed: (email, channel = 'email') => {
      let optedOut = false;
      for (const s of history(email, channel)) {
        if (optedOut && s.from === 'unsubscribed' && s.to !== 'unsubscribed') return true;
        if (s.to === 'unsubscribed') optedOut = true;
      }
      return false;
    },
    welcomeMessages: state.welcomeMessages,
    tagOperations: ctx.tagOperations,
    events: ctx.events,
    batches: ctx.batches,
    unknownFields: state.unknownFields,
    setUnsubscribedInApp: (email, date) => state.setInApp(owning(email), 'email', 'unsubscribed', toMs(date), 'app unsubscribe'),
    setStatusInApp: (email, change) => state.setInApp(owning(email), change.channel === 'sms' ? 'phone' : 'email', change.status, toMs(change.date), 'app status change'),
    settled: () => work.settled(),
    sendAutomationWebhook,
  };
}
