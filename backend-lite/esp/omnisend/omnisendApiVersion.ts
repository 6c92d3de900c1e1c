import { z } from 'zod';

/**
 * Everything that names Omnisend API 2026-03-15 on the wire: version, base path, headers, field
 * names and answer shapes (reference esps.md §A.1–§A.7). Moving to another version means editing
 * this file only; the rest of the adapter speaks in the helpers below.
 */
export const OMNISEND_API_VERSION = '2026-03-15';

/** The public origin; OMNISEND_API_URL replaces it (tests, the demo's simulator). The code appends /api/…. */
export const OMNISEND_DEFAULT_ORIGIN = 'https://api.omnisend.com';

/** ky's prefixUrl takes paths without a leading slash. */
const base = 'api';

export const omnisendPaths = {
  contacts: `${base}/contacts`,
  /** §A.2: POST adds, DELETE removes; asynchronous (202), 60/min on top of the brand limit. */
  contactTags: `${base}/contacts/tags`,
  batches: `${base}/batches`,
  batch: (id: string) => `${base}/batches/${encodeURIComponent(id)}`,
  batchItems: (id: string) => `${base}/batches/${encodeURIComponent(id)}/items`,
} as const;

/** §A.1: a 2026 key goes in Authorization with its own scheme; the version header is required. */
export function omnisendHeaders(apiKey: string): Record<string, string> {
  return { Authorization: `Omnisend-API-Key ${apiKey}`, 'Omnisend-Version': OMNISEND_API_VERSION };
}

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

/** §A.3: the three channel statuses; there is no pending/unconfirmed one. */
export type OmnisendStatus = 'subscribed' | 'unsubscribed' | 'nonSubscribed';
export type OmnisendChannel = 'email' | 'sms';

export type ChannelWrite = { status: OmnisendStatus; at: number };

/**
 * One identifier of a ContactRequest. `channel` absent = the request says nothing about the
 * status, which is the only way to leave an existing status alone (§A.2: the newest date wins).
 */
export function identifier(type: 'email' | 'phone', id: string, channel?: ChannelWrite): Record<string, unknown> {
  const name: OmnisendChannel = type === 'email' ? 'email' : 'sms';
  return {
    type,
    id,
    // §A.2: defaults to true in 2026 and would start the welcome workflow for a bridge write.
    sendWelcomeMessage: false,
    // 2026 renamed v3/v5's statusDate; an old name would be ignored and the status dated "now".
    ...(channel ? { channels: { [name]: { status: channel.status, statusChangedAt: new Date(channel.at).toISOString() } } } : {}),
  };
}

export type CustomPropertyValue = string | number | boolean;

export type ContactRequestParts = {
  identifiers: Record<string, unknown>[];
  firstName?: string | undefined;
  lastName?: string | undefined;
  tags?: string[] | undefined;
  customProperties?: Record<string, CustomPropertyValue> | undefined;
};

/** A ContactRequest (POST /api/contacts, batch item) without empty parts. */
export function contactRequest(parts: ContactRequestParts): Record<string, unknown> {
  return {
    identifiers: parts.identifiers,
    ...(parts.firstName ? { firstName: parts.firstName } : {}),
    ...(parts.lastName ? { lastName: parts.lastName } : {}),
    ...(parts.tags && parts.tags.length > 0 ? { tags: parts.tags } : {}),
    ...(parts.customProperties && Object.keys(parts.customProperties).length > 0 ? { customProperties: parts.customProperties } : {}),
  };
}

/** §A.2: ≤100 tags and ≤250 emails per request. */
export const TAGS_PER_REQUEST = 100;
export const EMAILS_PER_TAG_REQUEST = 250;

export const tagRequest = (tags: readonly string[], emails: readonly string[]) => ({ tags, emails });

/** §A.6 (2026 Batches API): 1–100 items, contacts items are ContactRequests. */
export const BATCH_MAX_ITEMS = 100;

export const contactsBatchRequest = (items: readonly Record<string, unknown>[]) => ({ method: 'POST', endpoint: 'contacts', items });

/** The email a ContactRequest (our own batch item) is about. */
export function emailOfRequest(request: unknown): string | null {
  const parsed = z.looseObject({ identifiers: z.array(z.looseObject({ type: z.string(), id: z.string() })) }).safeParse(request);
  return parsed.success ? (parsed.data.identifiers.find((i) => i.type === 'email')?.id ?? null) : null;
}

/** GET /api/contacts: exact, case-sensitive email match (§A.2). */
export const byEmailQuery = (email: string) => new URLSearchParams({ email, limit: '1' });
export const anyContactQuery = () => new URLSearchParams({ limit: '1' });

// ── Answers (loose: Omnisend adds fields) ───────────────────────────────────────────────────────

const channelState = z.looseObject({ status: z.string(), statusChangedAt: z.string().nullish() });

export const contactSchema = z.looseObject({
  /** 2026 `id` (v3/v5 `contactID`). */
  id: z.string(),
  email: z.string().nullish(),
  phone: z.array(z.string()).nullish(),
  identifiers: z
    .array(
      z.looseObject({
        id: z.string(),
        type: z.string(),
        channels: z.looseObject({ email: channelState.optional(), sms: channelState.optional() }).nullish(),
      }),
    )
    .nullish(),
  /** Most recent status per channel. */
  statuses: z.array(z.looseObject({ channel: z.string(), status: z.string(), statusChangedAt: z.string().nullish() })).nullish(),
  tags: z.array(z.string()).nullish(),
  customProperties: z.record(z.string(), z.unknown()).nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
export type OmnisendContact = z.infer<typeof contactSchema>;

export const contactListSchema = z.looseObject({
  contacts: z.array(contactSchema),
  paging: z.looseObject({ cursors: z.looseObject({ after: z.string().nullish() }).nullish(), hasMore: z.boolean().nullish() }).nullish(),
});

/** §A.2 (2026): contacts changed since a time, oldest first, with cursor paging. */
export const updatedSinceQuery = (since: number, after: string | null) =>
  new URLSearchParams({
    updatedAtFrom: new Date(since).toISOString(),
    sort: 'updatedAt',
    direction: 'asc',
    limit: '250',
    ...(after ? { after } : {}),
  });

/** §A.7: RFC 9457 Problem / ValidationProblem; 429 adds `retryAfter` (seconds). */
export const problemSchema = z.looseObject({
  type: z.string().nullish(),
  title: z.string().nullish(),
  status: z.number().nullish(),
  detail: z.string().nullish(),
  retryAfter: z.number().nullish(),
  errors: z.array(z.looseObject({ field: z.string().nullish(), code: z.string().nullish(), message: z.string().nullish() })).nullish(),
});
export type OmnisendProblem = z.infer<typeof problemSchema>;

export const batchCreatedSchema = z.looseObject({ batchID: z.string(), totalCount: z.number().nullish() });

export const BATCH_DONE: readonly string[] = ['finished', 'stopped'];
export const batchSchema = z.looseObject({ batchID: z.string(), status: z.string() });

const batchItem = z.looseObject({ request: z.unknown(), response: z.unknown(), responseCode: z.number() });
export type OmnisendBatchItem = z.infer<typeof batchItem>;
export const batchItemsSchema = z.looseObject({
  status: z.string().nullish(),
  responses: z.array(batchItem).nullish(),
  errors: z.array(batchItem).nullish(),
});

/** One channel's status as the API shows it, from `statuses[]` or else the identifiers. */
export function channelStates(contact: OmnisendContact): Partial<Record<OmnisendChannel, { status: string; changedAt: string | null }>> {
  const out: Partial<Record<OmnisendChannel, { status: string; changedAt: string | null }>> = {};
  for (const s of contact.statuses ?? []) {
    if ((s.channel === 'email' || s.channel === 'sms') && !out[s.channel]) out[s.channel] = { status: s.status, changedAt: s.statusChangedAt ?? null };
  }
  for (const i of contact.identifiers ?? []) {
    for (const name of ['email', 'sms'] as const) {
      const c = i.channels?.[name];
      if (c && !out[name]) out[name] = { status: c.status, changedAt: c.statusChangedAt ?? null };
    }
  }
  return out;
}

/** Whether this contact holds the phone (as an identifier or in the read-only phone list). */
export const hasPhone = (contact: OmnisendContact, phone: string) =>
  (contact.phone ?? []).includes(phone) || (contact.identifiers ?? []).some((i) => i.type === 'phone' && i.id === phone);

/** The status on one identifier (a contact can hold several phones), as the API shows it. */
export function identifierStatus(contact: OmnisendContact, type: 'email' | 'phone', id: string): string | undefined {
  const found = (contact.identifiers ?? []).find((i) => i.type === type && i.id === id);
  return found?.channels?.[type === 'email' ? 'email' : 'sms']?.status;
}
