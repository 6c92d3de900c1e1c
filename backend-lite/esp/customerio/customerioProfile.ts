import type { ActivityKind, ChannelStatus, EspActivity, EspProfile } from '../espAdapter.ts';
import type { CustomerioActivity, CustomerioCustomer, CustomerioMessage } from './customerioModels.ts';
import { CONSENT_NOTE, TAG_PREFIX } from './customerioPayloads.ts';

/** The attributes the panel shows by default (SPEC §3.1: plan, MRR, the Kommo ids …). */
export const DEFAULT_PROFILE_FIELDS = ['plan', 'mrr', 'deal_amount', 'won_date', 'kommo_deal_id', 'kommo_contact_id'] as const;

export type PersonLink = { cioId: string; id: string | null; email: string | null };

export type ProfileParts = {
  customer: CustomerioCustomer;
  messages: readonly CustomerioMessage[];
  /** `clicked_email` activities: the only place the clicked link is (C.7). */
  clicks: readonly CustomerioActivity[];
  fieldNames: readonly string[];
  deepLink: string | null;
};

/** C.2: `true`, `1` or `"1"` in any case means unsubscribed; anything else subscribed. */
export const readsAsUnsubscribed = (value: unknown) =>
  value === true || value === 1 || (typeof value === 'string' && (value.toLowerCase() === 'true' || value === '1'));

/** The App API returns every attribute as a string (C.7); numbers and booleans come back typed. */
function typed(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.trim() !== '' && String(Number(text)) === text) return Number(text);
  return text;
}

/** Customer.io has no bounce-type field: the SMTP class of `failure_message` tells (5xx hard, 4xx soft). */
export function bounceType(failureMessage: string | null | undefined): 'hard' | 'soft' | null {
  const code = /\b([45])(?:\d\d|\.\d{1,3}\.\d{1,3})\b/.exec(failureMessage ?? '');
  return code ? (code[1] === '5' ? 'hard' : 'soft') : null;
}

const ms = (seconds: number | undefined | null) => (seconds === undefined || seconds === null ? null : seconds * 1000);

/**
 * Reference §D: unsubscribed ↔ `unsubscribed` true; bounced has no attribute, so the newest
 * delivery's hard bounce stands in (an address that bounced hard gets nothing more anyway).
 * A person the bridge created unsubscribed for lack of consent is `not_subscribed` until the
 * flag is written again (their own unsubscribe moves its timestamp past the bridge's note).
 */
function emailStatus({ customer, messages }: ProfileParts): { status: ChannelStatus; since: number | null } {
  const ts = customer.timestamps;
  const unsubscribed = customer.unsubscribed ?? readsAsUnsubscribed(customer.attributes['unsubscribed']);
  if (unsubscribed) {
    const neverConsented = customer.attributes[CONSENT_NOTE] === 'not_subscribed' && (ts['unsubscribed'] ?? 0) <= (ts[CONSENT_NOTE] ?? 0);
    return neverConsented ? { status: 'not_subscribed', since: ms(ts[CONSENT_NOTE]) } : { status: 'unsubscribed', since: ms(ts['unsubscribed']) };
  }
  const newest = [...messages].filter((m) => (m.type ?? 'email') === 'email').sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0];
  const bouncedAt = newest?.metrics['bounced'];
  if (newest && bouncedAt !== undefined && bounceType(newest.failure_message) === 'hard') return { status: 'bounced', since: ms(bouncedAt) };
  return { status: 'subscribed', since: ms(ts['unsubscribed'] ?? ts['created_at'] ?? ts['cio_id']) };
}

const METRIC_KINDS: ReadonlyArray<[string, ActivityKind]> = [
  ['sent', 'sent'],
  ['delivered', 'delivered'],
  ['opened', 'opened'],
  ['clicked', 'clicked'],
  ['converted', 'converted'],
  ['bounced', 'bounced'],
  ['spammed', 'spammed'],
  ['unsubscribed', 'unsubscribed'],
];

function sourceOf(m: CustomerioMessage): string | null {
  if (m.campaign_id !== null && m.campaign_id !== undefined) return `campaign ${m.campaign_id}`;
  if (m.broadcast_id !== null && m.broadcast_id !== undefined) return `broadcast ${m.broadcast_id}`;
  if (m.newsletter_id !== null && m.newsletter_id !== undefined) return `newsletter ${m.newsletter_id}`;
  return null;
}

/** One activity per metric time of each delivery (C.7), newest first. */
export function activityFromMessages(messages: readonly CustomerioMessage[], clicks: readonly CustomerioActivity[]): EspActivity[] {
  const links = new Map<string, { at: number; href: string }>();
  for (const click of clicks) {
    const href = click.data?.['href'];
    if (!click.delivery_id || typeof href !== 'string') continue;
    const known = links.get(click.delivery_id);
    if (!known || known.at < click.timestamp) links.set(click.delivery_id, { at: click.timestamp, href });
  }
  const activity: EspActivity[] = [];
  for (const m of messages) {
    for (const [metric, kind] of METRIC_KINDS) {
      const at = m.metrics[metric];
      if (at === undefined) continue;
      const type = kind === 'bounced' ? bounceType(m.failure_message) : null;
      activity.push({
        kind,
        at: at * 1000,
        subject: m.subject ?? null,
        link: kind === 'clicked' ? (links.get(m.id)?.href ?? null) : null,
        detail: kind === 'bounced' ? [type ? `${type} bounce` : 'bounce', m.failure_message].filter(Boolean).join(': ') : sourceOf(m),
        sourceId: `${m.id}:${metric}`,
      });
    }
  }
  return activity.sort((a, b) => b.at - a.at);
}

export function profileFromCustomer(parts: ProfileParts): EspProfile {
  const { customer, fieldNames } = parts;
  const tags = Object.entries(customer.attributes)
    .filter(([name, value]) => name.startsWith(TAG_PREFIX) && typed(value) === true)
    .map(([name]) => name.slice(TAG_PREFIX.length))
    .sort();
  const fields: Record<string, string | number | boolean | null> = {};
  for (const name of fieldNames) if (name in customer.attributes) fields[name] = typed(customer.attributes[name]);
  return {
    found: true,
    espContactId: customer.identifiers.cio_id,
    // Customer.io's one `unsubscribed` flag covers every channel; it has no SMS status of its own.
    channels: { email: emailStatus(parts) },
    tags,
    fields,
    lists: [],
    activity: activityFromMessages(parts.messages, parts.clicks),
    deepLink: parts.deepLink,
  };
}
