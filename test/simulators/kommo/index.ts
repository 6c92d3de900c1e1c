/**
 * Kommo REST API v4 simulator for integration tests: a real HTTP server on 127.0.0.1 that product code
 * talks to as if it were https://{subdomain}.kommo.com (reference /work/shared/reference/kommo.md §4–§5).
 *
 *   const kommo = await startKommoSimulator();
 *   kommo.addContact({ id: 1, email: 'a@b.c' });
 *   kommo.addLead({ id: 10, contacts: [1] });
 *   // point the product at kommo.origin with `Authorization: Bearer sim-kommo-token`
 *   await kommo.close();
 *
 * It enforces what Kommo enforces (Bearer auth, exact paths, 7 rps with 429 → 403 escalation, validation
 * errors, 204 on empty lists) so that a client which only works against a lenient fake fails here.
 */
import { startSimulatorServer, type FailNextOptions as SharedFailNextOptions } from '../shared/simulatorServer.ts';
import { Hal } from './hal.ts';
import { DEFAULT_OAUTH_CLIENT, OAuthGrants, uninstallHookQuery, type OAuthClient } from './oauthGrants.ts';
import { RateLimiter } from './rateLimit.ts';
import { routes } from './routes/table.ts';
import { kommoAdmit, kommoFaultReply, kommoHandle } from './server.ts';
import { KommoState, type ContactSeed, type CustomFieldSeed, type LeadSeed } from './state.ts';
import type { Contact, CustomFieldDefinition, EntityKind, Lead, Note, RecordedRequest, Task, Webhook } from './types.ts';
import { encodeKommoWebhookForm } from './webhookForm.ts';

export { encodeKommoWebhookForm } from './webhookForm.ts';
export { DEFAULT_OAUTH_CLIENT, type OAuthClient } from './oauthGrants.ts';
export { CURRENT_USER_ID, PIPELINE } from './state.ts';
/**
 * The shared kit's failNext options. Kommo specifics: the default body is problem+json for the status
 * (Kommo's 429 body for 429); retryAfterSeconds (default: the simulator's retryAfterSeconds) goes into
 * retry_after and Retry-After, and an injected 429 also starts that penalty in the rate limiter, exactly
 * like a real one.
 */
export type FailNextOptions = Omit<SharedFailNextOptions, 'while'>;
export type { ContactSeed, CustomFieldSeed, LeadSeed } from './state.ts';
export type * from './types.ts';

export interface KommoSimulatorOptions {
  subdomain?: string;
  accountId?: number;
  accessToken?: string;
  requestsPerSecond?: number;
  retryAfterSeconds?: number;
  ignoredRateLimitsBeforeBlock?: number;
  /** Sliding window of the rate limit; default 1000 ms (Kommo's "per second"). Shrink only to keep tests fast. */
  rateWindowMs?: number;
  /** The integration /oauth2/access_token knows; default DEFAULT_OAUTH_CLIENT, any redirect_uri. */
  oauth?: Partial<OAuthClient>;
}

/** Kommo's OAuth side (reference §5.3, §4.4), for marketplace-install tests. */
export interface KommoSimulatorOAuth {
  readonly client: OAuthClient;
  /** refresh_token grants answered so far, refused ones included. */
  readonly refreshes: number;
  /** A fresh authorization code, as Kommo would append it to the Redirect URI. */
  issueCode(): string;
  /** Lifetime (expires_in) of the access tokens issued from now on. */
  setAccessTokenLifetime(seconds: number): void;
  /** Issued access tokens stop working (401); refresh tokens still do. */
  expireAccessTokens(): void;
  /** The signed query Kommo sends to the "access revoked" hook for this account. */
  uninstallHookQuery(): string;
}

export interface KommoSimulatorStats {
  /** Every 429 answered (rate limit and injected). */
  tooManyRequests: number;
  /** Requests received while a 429 penalty was running. */
  ignoredPenaltyRequests: number;
  blocked: boolean;
}

export interface KommoSimulator {
  /** Where product code should send requests, e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly origin: string;
  /** The origin Kommo would have: https://{subdomain}.kommo.com — used in every `_links` href. */
  readonly publicOrigin: string;
  readonly subdomain: string;
  readonly accountId: number;
  readonly leads: Map<number, Lead>;
  readonly contacts: Map<number, Contact>;
  readonly notes: Note[];
  readonly tasks: Task[];
  readonly webhooks: Webhook[];
  readonly customFields: Record<EntityKind, CustomFieldDefinition[]>;
  /** Every request received, in arrival order (throttled, failed and hung ones included). */
  readonly requests: RecordedRequest[];
  readonly stats: KommoSimulatorStats;
  addLead(seed?: LeadSeed): Lead;
  addContact(seed?: ContactSeed): Contact;
  /** Links a lead and a contact both ways; the first contact of a lead becomes main unless isMain says otherwise. */
  linkContact(leadId: number, contactId: number, isMain?: boolean): void;
  addCustomField(entity: EntityKind, field: CustomFieldSeed): CustomFieldDefinition;
  maxRequestsInAnyWindow(ms?: number): number;
  failNext(options: FailNextOptions): void;
  setLatency(ms: number): void;
  hang(on: boolean): void;
  setAccessToken(token: string): void;
  /** The static token and every OAuth token issued stop working, as after an uninstall. */
  revokeToken(): void;
  readonly oauth: KommoSimulatorOAuth;
  /** Clears faults, latency, hang, rate-limit/block state and recorded requests, and restores the initial token. Entities stay. */
  reset(): void;
  webhookForm(payload: object): string;
  close(): Promise<void>;
}

export async function startKommoSimulator(options: KommoSimulatorOptions = {}): Promise<KommoSimulator> {
  const subdomain = options.subdomain ?? 'acme';
  const accountId = options.accountId ?? 31000001;
  const initialToken = options.accessToken ?? 'sim-kommo-token';
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  let token: string | null = initialToken;

  const state = new KommoState(accountId);
  const publicOrigin = `https://${subdomain}.kommo.com`;
  const limiter = new RateLimiter({
    requestsPerSecond: options.requestsPerSecond ?? 7, // reference §5.2
    retryAfterSeconds,
    ignoredRateLimitsBeforeBlock: options.ignoredRateLimitsBeforeBlock ?? 20,
    windowMs: options.rateWindowMs ?? 1000,
  });
  const oauthClient: OAuthClient = { ...DEFAULT_OAUTH_CLIENT, ...options.oauth };
  const oauth = new OAuthGrants(oauthClient);

  const server = await startSimulatorServer({
    admit: kommoAdmit(limiter),
    faultReply: kommoFaultReply(limiter),
    handle: kommoHandle({
      state,
      hal: new Hal(publicOrigin),
      account: { id: accountId, subdomain },
      routes,
      token: () => token,
      oauth,
    }),
    defaultRetryAfterSeconds: retryAfterSeconds,
  });

  return {
    origin: server.origin,
    publicOrigin,
    subdomain,
    accountId,
    leads: state.leads,
    contacts: state.contacts,
    notes: state.notes,
    tasks: state.tasks,
    webhooks: state.webhooks,
    customFields: state.customFields,
    requests: server.requests,
    get stats() {
      return limiter.stats;
    },
    addLead: (seed) => state.addLead(seed),
    addContact: (seed) => state.addContact(seed),
    linkContact: (leadId, contactId, isMain) => state.link(leadId, contactId, isMain),
    addCustomField: (entity, field) => state.addCustomField(entity, field),
    maxRequestsInAnyWindow: (ms = 1000) => server.maxRequestsInAnyWindow(ms),
    // Kommo sends every body as JSON: a custom body is serialized here so a string one is JSON too.
    failNext: (o) => server.failNext(o.body === undefined ? o : { ...o, body: JSON.stringify(o.body) }),
    setLatency: (ms) => server.setLatency(ms),
    hang: (on) => server.hang(on),
    setAccessToken: (t) => {
      token = t;
    },
    revokeToken: () => {
      token = null;
      oauth.revokeAll();
    },
    oauth: {
      client: oauthClient,
      get refreshes() {
        return oauth.refreshes;
      },
      issueCode: () => oauth.issueCode(),
      setAccessTokenLifetime: (seconds) => {
        oauth.accessTokenLifetimeSeconds = seconds;
      },
      expireAccessTokens: () => oauth.expireAccessTokens(),
      uninstallHookQuery: () => uninstallHookQuery(oauthClient, accountId),
    },
    reset: () => {
      server.reset();
      limiter.reset();
      token = initialToken;
    },
    webhookForm: encodeKommoWebhookForm,
    close: () => server.close(),
  };
}
