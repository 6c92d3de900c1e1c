import { CUSTOMER_NOT_FOUND_MESSAGE, metaError } from './errors.ts';
import { isRecord, parseAppIdentifier } from './identifiers.ts';
import { parseJson, type Route, type RouteContext } from './router.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import type { PersonRecord } from './state.ts';
import type { Activity, Message, MessageMetric } from './types.ts';

// App API reads (reference C.7): people by email, attributes, messages, activities.

export interface AppApiOptions {
  /** C.7 (S-C5d): "Only the past 30 days are guaranteed" — older activities are not returned. [UNCERTAIN] */
  activityRetentionDays: number;
}

/**
 * [UNCERTAIN] C.7: the 2022 schema lists only `metrics.sent` and `.delivered`; the current spec may list
 * per-metric timestamps. We return every metric the delivery has; narrow this list to test a reader
 * that copes with only sent/delivered.
 */
export const MESSAGE_METRICS_RETURNED: readonly MessageMetric[] = ['sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'spammed', 'unsubscribed', 'dropped', 'failed', 'undeliverable'];

const SIX_MONTHS_SECONDS = 183 * 86_400;

function person(ctx: RouteContext): { ok: true; person: PersonRecord } | { ok: false; reply: SimReply } {
  const parsed = parseAppIdentifier(ctx.params[0] ?? '', ctx.rec.query.get('id_type'));
  if ('error' in parsed) return { ok: false, reply: metaError(parsed.error, 400) };
  const found = ctx.state.find(parsed.ref);
  return found ? { ok: true, person: found } : { ok: false, reply: metaError(CUSTOMER_NOT_FOUND_MESSAGE, 404) };
}

/** `limit` with a default and a documented maximum. [UNCERTAIN] Above the maximum is clamped, not refused. */
function limitParam(ctx: RouteContext, fallback: number, max: number): number | null {
  const raw = ctx.rec.query.get('limit');
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return null;
  return Math.min(n, max);
}

/** Opaque `start` cursors; `next` is "" on the last page. [UNCERTAIN] the empty-string convention. */
function paginate<T>(ctx: RouteContext, items: T[], limit: number): { page: T[]; next: string } | null {
  const start = ctx.rec.query.get('start');
  let offset = 0;
  if (start !== null && start !== '') {
    const decoded = Number(Buffer.from(start, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) return null;
    offset = decoded;
  }
  const page = items.slice(offset, offset + limit);
  const nextOffset = offset + page.length;
  return { page, next: nextOffset < items.length ? Buffer.from(String(nextOffset)).toString('base64url') : '' };
}

function customerBody(ctx: RouteContext, p: PersonRecord) {
  return {
    id: p.id,
    identifiers: { email: p.email, id: p.id, cio_id: p.cioId },
    attributes: ctx.state.appAttributes(p),
    timestamps: { ...p.timestamps },
    unsubscribed: p.unsubscribed,
    devices: [],
  };
}

function byEmail(ctx: RouteContext): SimReply {
  // URLSearchParams decodes an unencoded `+` as a space, so `a+b@x.com` finds nobody — as on the real
  // API ("Unencoded special characters can return empty results without an error").
  const email = ctx.rec.query.get('email');
  if (email === null || email.trim() === '') return metaError('email is required', 400);
  const wanted = email.toLowerCase();
  const results = ctx.state
    .all()
    .filter((p) => p.email !== null && p.email.toLowerCase() === wanted)
    .map((p) => ({ email: p.email, id: p.id, cio_id: p.cioId }));
  return { status: 200, body: { results } };
}

function attributes(ctx: RouteContext): SimReply {
  const found = person(ctx);
  if (!found.ok) return found.reply;
  return { status: 200, body: { customer: customerBody(ctx, found.person) } };
}

/** `POST /v1/customers/attributes` `{ids:[…≤100]}`: missing people are left out (C.7). */
function attributesBulk(ctx: RouteContext): SimReply {
  const parsed = parseJson(ctx.rec.rawBody);
  if (!parsed.ok || !isRecord(parsed.value) || !Array.isArray(parsed.value['ids'])) return metaError('ids must be an array', 400);
  const ids = parsed.value['ids'];
  if (ids.length > 100) return metaError('ids cannot contain more than 100 values', 400);
  const customers = [];
  for (const id of ids) {
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const ref = parseAppIdentifier(encodeURIComponent(String(id)), ctx.rec.query.get('id_type'));
    if ('error' in ref) return metaError(ref.error, 400);
    const p = ctx.state.find(ref.ref);
    if (p) customers.push({ customer: customerBody(ctx, p) });
  }
  return { status: 200, body: { customers } };
}

function serializeMessage(m: Message) {
  const metrics: Partial<Record<MessageMetric, number>> = {};
  for (const k of MESSAGE_METRICS_RETURNED) if (m.metrics[k] !== undefined) metrics[k] = m.metrics[k];
  return {
    id: m.id,
    deduplicate_id: m.deduplicate_id,
    msg_template_id: m.msg_template_id,
    customer_id: m.customer_id,
    customer_identifiers: m.customer_identifiers,
    campaign_id: m.campaign_id,
    action_id: m.action_id,
    broadcast_id: m.broadcast_id,
    newsletter_id: m.newsletter_id,
    content_id: m.content_id,
    recipient: m.recipient,
    subject: m.subject,
    type: m.type,
    created: m.created,
    failure_message: m.failure_message,
    forgotten: m.forgotten,
    metrics,
  };
}

/**
 * C.7 (S-C5c): without start_ts/end_ts only the most recent 6 months; a longer range is truncated
 * (we keep its most recent 6 months [UNCERTAIN]). Newest first, limit default 50, max 1000.
 */
function messages(ctx: RouteContext): SimReply {
  const found = person(ctx);
  if (!found.ok) return found.reply;
  const limit = limitParam(ctx, 50, 1000);
  if (limit === null) return metaError('limit must be a positive integer', 400);
  const ts = (name: string): number | null | undefined => {
    const raw = ctx.rec.query.get(name);
    if (raw === null || raw === '') return undefined;
    const n = Number(raw);
    return Number.isInteger(n) ? n : null;
  };
  const startTs = ts('start_ts');
  const endTs = ts('end_ts');
  if (startTs === null || endTs === null) return metaError('start_ts and end_ts must be unix timestamps', 400);
  const end = endTs ?? ctx.state.nowSeconds();
  const start = Math.max(startTs ?? end - SIX_MONTHS_SECONDS, end - SIX_MONTHS_SECONDS);
  const items = found.person.messages.filter((m) => m.created >= start && m.created <= end).sort((a, b) => b.created - a.created);
  const page = paginate(ctx, items, limit);
  if (!page) return metaError('invalid start', 400);
  return { status: 200, body: { messages: page.page.map(serializeMessage), next: page.next } };
}

function activities(options: AppApiOptions) {
  return (ctx: RouteContext): SimReply => {
    const found = person(ctx);
    if (!found.ok) return found.reply;
    const limit = limitParam(ctx, 10, 100);
    if (limit === null) return metaError('limit must be a positive integer', 400);
    const type = ctx.rec.query.get('type');
    const name = ctx.rec.query.get('name');
    const oldest = ctx.state.nowSeconds() - options.activityRetentionDays * 86_400;
    const matchesName = (a: Activity): boolean => name === null || a.name === name || (a.type === 'attribute_change' && name in a.data);
    const items = found.person.activities
      .filter((a) => a.timestamp >= oldest && (type === null || a.type === type) && matchesName(a))
      .sort((a, b) => b.timestamp - a.timestamp);
    const page = paginate(ctx, items, limit);
    if (!page) return metaError('invalid start', 400);
    return { status: 200, body: { activities: page.page.map((a) => structuredClone(a)), next: page.next } };
  };
}

export function appRoutes(options: AppApiOptions): Route[] {
  return [
    { method: 'GET', pattern: /^\/v1\/customers$/, auth: true, handler: byEmail },
    { method: 'POST', pattern: /^\/v1\/customers\/attributes$/, auth: true, handler: attributesBulk },
    { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/attributes$/, auth: true, handler: attributes },
    { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/messages$/, auth: true, handler: messages },
    { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/activities$/, auth: true, handler: activities(options) },
  ];
}
