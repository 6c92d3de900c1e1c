import { z } from 'zod';
import type { ActivityKind } from '../esp/espAdapter.ts';
import { normaliseEmail } from '../sync/identity.ts';
import type { EspEvent } from './espEvent.ts';

/** A Reporting Webhook body: one event per POST (reference/esps.md §C.8). Loose: fields get added. */
const reportingWebhook = z.looseObject({
  event_id: z.string().min(1).max(64),
  object_type: z.string(),
  metric: z.string(),
  timestamp: z.number().int().nonnegative(),
  data: z
    .looseObject({
      identifiers: z.looseObject({ email: z.string().nullish() }).optional(),
      email_address: z.string().nullish(),
      recipient: z.string().nullish(),
      subject: z.string().nullish(),
      href: z.string().nullish(),
      failure_message: z.string().nullish(),
      delivery_id: z.string().nullish(),
    })
    .default({}),
});

/** The pair object_type + metric is the event; both customer/ and email/unsubscribed are opt-outs. */
const kinds: Record<string, ActivityKind> = {
  'email/sent': 'sent',
  'email/delivered': 'delivered',
  'email/opened': 'opened',
  'email/clicked': 'clicked',
  'email/bounced': 'bounced',
  'email/converted': 'converted',
  'email/spammed': 'spammed',
  'email/unsubscribed': 'unsubscribed',
  'customer/unsubscribed': 'unsubscribed',
};

export type ParsedCustomerioWebhook =
  | { usable: true; event: EspEvent }
  /** Validly signed but not something the bridge acts on: stored, answered 2xx, parked. */
  | { usable: false; reason: string; eventId: string | null };

export function parseCustomerioWebhook(body: unknown): ParsedCustomerioWebhook {
  const parsed = reportingWebhook.safeParse(body);
  if (!parsed.success) {
    const eventId = typeof (body as { event_id?: unknown } | null)?.event_id === 'string' ? (body as { event_id: string }).event_id : null;
    return { usable: false, reason: `not a Reporting Webhook event: ${parsed.error.issues[0]?.message ?? 'invalid'}`, eventId };
  }
  const { event_id, object_type, metric, timestamp, data } = parsed.data;
  const kind = kinds[`${object_type}/${metric}`];
  if (!kind) return { usable: false, reason: `${object_type}/${metric} is not used by the bridge`, eventId: event_id };
  const email = normaliseEmail(data.identifiers?.email ?? data.email_address ?? data.recipient);
  if (!email) return { usable: false, reason: `${object_type}/${metric} names no email address`, eventId: event_id };
  return {
    usable: true,
    event: {
      esp: 'customerio',
      kind,
      email,
      at: timestamp * 1000,
      subject: data.subject ?? null,
      link: data.href ?? null,
      detail: data.failure_message ?? null,
      sourceId: event_id,
      // One delivery is one message to one person: its opens and clicks share it (reference §C.8).
      messageId: data.delivery_id ?? null,
    },
  };
}
