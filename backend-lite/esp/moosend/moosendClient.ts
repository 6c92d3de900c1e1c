import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import { EspBadCredentials, EspNotFound, EspRateLimited, EspRejectedInput, EspUnavailable, type EspError } from '../espErrors.ts';
import { classifyMoosendAnswer, type MoosendFailure } from './moosendErrors.ts';
import { MOOSEND_LIMITS, type MoosendEndpoint, type MoosendLimit, type MoosendPacers } from './moosendLimits.ts';
import {
  envelopeSchema,
  mailingListPageSchema,
  mailingListSchema,
  memberPageSchema,
  subscriberListSchema,
  subscriberSchema,
  type MoosendEnvelope,
  type MoosendFieldType,
  type MoosendMailingList,
  type MoosendSubscriber,
} from './moosendModels.ts';
import { moosendPaths } from './moosendPaths.ts';

export type MoosendClientOptions = {
  /** `https://api.moosend.com` or MOOSEND_API_URL; paths add `/v3/…`. */
  origin: string;
  apiKey: string;
  pacers: MoosendPacers;
  /** The windows a 429 waits out (B.6 sends no Retry-After); tests pass the simulator's scaled ones. */
  limits?: Partial<Record<MoosendEndpoint, MoosendLimit>>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
};

/** B.4: the body of subscribe.json and of each subscribe_many.json item. */
export type SubscribeBody = {
  Email: string;
  Name?: string;
  /** `"Name=Value"`; the complete set — any field left out is cleared (B.4). */
  CustomFields: string[];
  Tags: string[];
  Preferences?: string[];
};

export type MoosendClient = ReturnType<typeof createMoosendClient>;

/** Lists read at most (at lists.json's ten a page, 500): a picker longer than that helps nobody. */
const MAX_LIST_PAGES = 50;

type CallOptions = { query?: Record<string, string>; json?: unknown };

export function createMoosendClient({ origin, apiKey, pacers, limits = {}, fetch: fetchImpl = fetch, timeoutMs = 20_000, now = Date.now }: MoosendClientOptions) {
  const http: KyInstance = ky.create({
    prefixUrl: origin,
    // The durable queue owns retries: a ky retry would slip past the pacer.
    retry: 0,
    timeout: timeoutMs,
    throwHttpErrors: false,
    fetch: fetchImpl,
  });

  // The key travels in the query string (B.1), so it could surface in a transport error's text.
  const redact = (text: string) =>
    apiKey === '' ? text : text.split(apiKey).join('[apikey]').split(encodeURIComponent(apiKey)).join('[apikey]');

  /** The success envelope; null only for MEMBER_NOT_FOUND, and only when the caller expects it. */
  function call(endpoint: MoosendEndpoint, method: 'GET' | 'POST', path: string, options: CallOptions & { memberMayBeMissing: true }): Promise<MoosendEnvelope | null>;
  function call(endpoint: MoosendEndpoint, method: 'GET' | 'POST', path: string, options?: CallOptions): Promise<MoosendEnvelope>;
  async function call(
    endpoint: MoosendEndpoint,
    method: 'GET' | 'POST',
    path: string,
    options: CallOptions & { memberMayBeMissing?: boolean } = {},
  ): Promise<MoosendEnvelope | null> {
    const label = `${method} /${path}`;
    const pacer = pacers[endpoint];
    await pacer.take();
    // URLSearchParams encodes `+` in an address as %2B; a raw `+` would arrive as a space.
    const searchParams = new URLSearchParams(options.query);
    searchParams.set('apikey', apiKey);
    let status: number;
    let text: string;
    try {
      // ky's timeout ends when the headers arrive; the signal also bounds reading the body.
      const signal = AbortSignal.timeout(timeoutMs);
      const response = await http(path, { method, searchParams, json: options.json, headers: { Accept: 'application/json' }, signal });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const e = error as Error;
      throw new EspUnavailable('moosend', label, e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : redact(e.message || e.name));
    }
    const envelope = parseEnvelope(text);
    const failure = classifyMoosendAnswer(status, envelope);
    // classifyMoosendAnswer answers "success" only for an envelope with Code 0.
    if (!failure && envelope) return envelope;
    if (!failure) throw new EspUnavailable('moosend', label, 'no envelope in the answer');
    if (failure.kind === 'member-not-found' && options.memberMayBeMissing) return null;
    throw toEspError(failure, label, endpoint);
  }

  function toEspError(failure: MoosendFailure, label: string, endpoint: MoosendEndpoint): EspError {
    switch (failure.kind) {
      case 'rate-limited': {
        // No Retry-After (B.6): the limit's own window is the longest the caller can have to wait.
        const retryAfterMs = (limits[endpoint] ?? MOOSEND_LIMITS[endpoint]).windowMs;
        pacers[endpoint].pauseUntil(now() + retryAfterMs);
        return new EspRateLimited('moosend', label, retryAfterMs);
      }
      case 'bad-credentials':
        return new EspBadCredentials('moosend', label, failure.reason);
      case 'member-not-found':
        return new EspNotFound('moosend', label, `such subscriber (${failure.reason})`);
      case 'list-not-found':
        return new EspNotFound('moosend', label, `such mailing list (${failure.reason}) — check the list ids in the rules file`);
      case 'no-endpoint':
        return new EspNotFound('moosend', label, `API at this address (${failure.reason}) — check MOOSEND_API_URL`);
      case 'rejected':
        return new EspRejectedInput('moosend', label, failure.reason);
      case 'unavailable':
        return new EspUnavailable('moosend', label, failure.detail);
    }
  }

  function context<T extends z.ZodType>(envelope: MoosendEnvelope, schema: T, label: string): z.infer<T> {
    const parsed = schema.safeParse(envelope.Context);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EspUnavailable('moosend', label, `unexpected answer: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`);
    }
    return parsed.data;
  }

  return {
    /** A page of one list: cheap, and it needs a valid key. */
    async checkKey(): Promise<void> {
      await call('read', 'GET', moosendPaths.listsPage(1, 1), { query: { WithStatistics: 'false' } });
    },

    async listDetails(listId: string): Promise<MoosendMailingList> {
      const path = moosendPaths.listDetails(listId);
      const envelope = await call('read', 'GET', path, { query: { WithStatistics: 'false' } });
      return context(envelope, mailingListSchema, `GET /${path}`);
    },

    /**
     * Every list of the account, with its active member count. lists.json answers one page (ten
     * lists when no size is asked) and its Paging says how many there are; only the paged path
     * takes a page number, so the rest come from there in pages of the same size.
     */
    async allLists(): Promise<MoosendMailingList[]> {
      const firstPath = moosendPaths.lists();
      const first = context(await call('read', 'GET', firstPath, { query: { WithStatistics: 'true' } }), mailingListPageSchema, `GET /${firstPath}`);
      const lists = new Map(first.MailingLists.map((list) => [list.ID, list]));
      const pageSize = first.MailingLists.length;
      const pages = Math.min(first.Paging?.TotalPageCount ?? 1, MAX_LIST_PAGES);
      for (let page = 2; pageSize > 0 && page <= pages; page++) {
        const path = moosendPaths.listsPage(page, pageSize);
        const next = context(await call('read', 'GET', path, { query: { WithStatistics: 'true' } }), mailingListPageSchema, `GET /${path}`);
        // A list created while paging shifts the pages; the same list twice is kept once.
        for (const list of next.MailingLists) lists.set(list.ID, list);
      }
      return [...lists.values()];
    },

    /** B.2. No limit is documented for it: it shares the reads' pacing (a few calls per admin click). */
    async createCustomField(listId: string, name: string, type: MoosendFieldType): Promise<void> {
      await call('read', 'POST', moosendPaths.createCustomField(listId), { json: { Name: name, CustomFieldType: type, IsRequired: false, IsHidden: false } });
    },

    async membersByStatus(listId: string, status: 'Unsubscribed' | 'Bounced', page: number, pageSize: number): Promise<{ members: MoosendSubscriber[]; pages: number }> {
      const path = moosendPaths.membersByStatus(listId, status);
      const envelope = await call('read', 'GET', path, { query: { Page: String(page), PageSize: String(pageSize) } });
      const body = context(envelope, memberPageSchema, `GET /${path}`);
      return { members: body.Subscribers, pages: body.Paging?.TotalPageCount ?? 1 };
    },

    /** The person's membership of one list, or null when they are not in it. */
    async view(listId: string, email: string): Promise<MoosendSubscriber | null> {
      const path = moosendPaths.view(listId);
      const envelope = await call('read', 'GET', path, { query: { Email: email }, memberMayBeMissing: true });
      return envelope ? context(envelope, subscriberSchema, `GET /${path}`) : null;
    },

    async subscribe(listId: string, body: SubscribeBody): Promise<MoosendSubscriber> {
      const path = moosendPaths.subscribe(listId);
      const envelope = await call('subscribe', 'POST', path, { json: { ...body, HasExternalDoubleOptIn: false } });
      return context(envelope, subscriberSchema, `POST /${path}`);
    },

    /**
     * B.4 / B.1 "partial success": invalid addresses are skipped and named in `Error` while
     * `Code` stays 0; that note is returned for the caller to attribute.
     */
    /** Resolves once `endpoint`'s pacer would let a request through at once (see Pacer.waitForSlot). */
    waitForSlot: (endpoint: MoosendEndpoint): Promise<void> => pacers[endpoint].waitForSlot(),

    async subscribeMany(listId: string, subscribers: readonly SubscribeBody[]): Promise<{ ignoredNote: string | null; subscribers: MoosendSubscriber[] }> {
      const path = moosendPaths.subscribeMany(listId);
      const envelope = await call('subscribe_many', 'POST', path, { json: { HasExternalDoubleOptIn: false, Subscribers: subscribers } });
      // The Context of a batch is not documented (B.4); the note in `Error` is what matters.
      const parsed = subscriberListSchema.safeParse(envelope.Context);
      return { ignoredNote: envelope.Error?.trim() || null, subscribers: parsed.success ? parsed.data : [] };
    },

    /** B.5: unsubscribes from every list of the account; false when the address is in none. */
    async unsubscribeAccount(email: string): Promise<boolean> {
      const envelope = await call('unsubscribe_account', 'POST', moosendPaths.unsubscribeAccount(), { json: { Email: email }, memberMayBeMissing: true });
      return envelope !== null;
    },
  };
}

function parseEnvelope(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = envelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
