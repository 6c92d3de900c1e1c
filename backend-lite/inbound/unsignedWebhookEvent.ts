import type { ActivityKind, EspName } from '../esp/espAdapter.ts';
import { normaliseEmail } from '../sync/identity.ts';
import { sha256 } from '../store/webhookLog.ts';
import type { EspEvent } from './espEvent.ts';

/**
 * Omnisend and Moosend webhooks are steps in the ESP's own automations: Omnisend posts the body
 * the admin templated (the bridge publishes `{event, contactEmail, campaign, link}`), Moosend an
 * undocumented one (reference/esps.md §A.8, §B.9). So the parser is tolerant: it looks for an
 * email and an event name in the common spellings, one level deep, and parks anything else.
 */
export type ParsedUnsignedWebhook = { usable: true; event: EspEvent } | { usable: false; reason: string };

const emailKeys = ['contactemail', 'email', 'emailaddress', 'subscriberemail', 'recipient'];
const eventKeys = ['event', 'eventtype', 'type', 'eventname', 'trigger', 'action'];
const subjectKeys = ['campaign', 'subject', 'campaignname', 'campaignsubject'];
const linkKeys = ['link', 'url', 'href', 'clickedlink'];
const detailKeys = ['bouncetype', 'reason', 'detail'];
const messageKeys = ['messageid', 'deliveryid', 'campaignid', 'emailid'];

/** Omnisend's trigger names and Moosend's likely words → what the bridge acts on. */
const eventWords: [RegExp, ActivityKind][] = [
  [/unsubscri/, 'unsubscribed'],
  [/bounce/, 'bounced'],
  [/spam|complain/, 'spammed'],
  [/click/, 'clicked'],
  [/open/, 'opened'],
  [/convert|order|purchase/, 'converted'],
  [/deliver/, 'delivered'],
  [/sent|send/, 'sent'],
];

type Flat = Map<string, string>;

/** Keys lower-cased without separators, from the top level and one object down ("Subscriber": {"Email"}). */
function flatten(body: Record<string, unknown>): Flat {
  const out: Flat = new Map();
  const visit = (value: unknown, prefix: string, depth: number) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object' && !Array.isArray(value) && depth < 2) {
      for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
      return;
    }
    if (typeof value === 'string' || typeof value === 'number') {
      const key = prefix.toLowerCase().replace(/[^a-z]/g, '');
      if (!out.has(key)) out.set(key, String(value));
    }
  };
  for (const [k, v] of Object.entries(body)) visit(v, k, 1);
  return out;
}

const first = (flat: Flat, keys: string[]) => keys.map((k) => flat.get(k)).find((v) => v !== undefined && v !== '') ?? null;

export function parseUnsignedWebhook(esp: Extract<EspName, 'omnisend' | 'moosend'>, body: unknown, raw: Uint8Array, receivedAt: number): ParsedUnsignedWebhook {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { usable: false, reason: 'the body is not a JSON object' };
  const flat = flatten(body as Record<string, unknown>);
  const email = normaliseEmail(first(flat, emailKeys));
  if (!email) return { usable: false, reason: 'no email address found in the body' };
  const name = first(flat, eventKeys);
  if (!name) return { usable: false, reason: 'no event name found in the body' };
  const kind = eventWords.find(([pattern]) => pattern.test(name.toLowerCase()))?.[1];
  if (!kind) return { usable: false, reason: `event "${name.slice(0, 60)}" is not used by the bridge` };
  const subject = first(flat, subjectKeys);
  return {
    usable: true,
    event: {
      esp,
      kind,
      email,
      at: receivedAt,
      subject,
      link: first(flat, linkKeys),
      detail: first(flat, detailKeys),
      // Neither ESP sends an event id: the same body twice is the same event.
      sourceId: `body:${sha256(raw)}`,
      // The published Omnisend template names the campaign but carries no id of it.
      messageId: first(flat, messageKeys) ?? subject,
    },
  };
}
