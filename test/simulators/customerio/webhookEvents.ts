import { DEFAULT_BOUNCE_MESSAGES } from './state.ts';
import { newDeliveryId, newUlid } from './ulid.ts';

// Reporting Webhook bodies (reference C.8): one event per POST, `{event_id, object_type, metric,
// timestamp, data}`; the event is the pair object_type + metric. Key order follows the fixtures
// (test/fixtures/customerio/*.json) so a body built from the same values serializes to the same bytes.

export type ReportingObjectType = 'customer' | 'email' | 'sms' | 'push' | 'in_app' | 'slack' | 'webhook' | 'whatsapp';
export type EmailMetric = 'drafted' | 'attempted' | 'sent' | 'delivered' | 'opened' | 'clicked' | 'converted' | 'unsubscribed' | 'bounced' | 'dropped' | 'spammed' | 'failed' | 'undeliverable';
export type CustomerMetric = 'subscribed' | 'unsubscribed' | 'cio_subscription_preferences_changed';

export interface ReportingIdentifiers {
  id: string | null;
  email: string | null;
  cio_id: string;
}

export interface ReportingEvent {
  event_id: string;
  object_type: ReportingObjectType;
  metric: string;
  timestamp: number;
  data: Record<string, unknown>;
}

interface Common {
  /** A fresh ULID when absent, so every built event is a new delivery to dedupe on. */
  eventId?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
}

/** The message an email event is about. Exactly one source (C.8); default `campaignId: 1, actionId: 1`. */
export interface EmailEventInput extends Common {
  identifiers: ReportingIdentifiers;
  /** Deprecated in favour of `identifiers` (C.7), still sent; default `identifiers.id ?? cio_id`. */
  customerId?: string;
  deliveryId?: string;
  campaignId?: number;
  broadcastId?: number;
  newsletterId?: number;
  transactionalMessageId?: number;
  actionId?: number;
  contentId?: number;
  recipient?: string;
  subject?: string;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function envelope(objectType: ReportingObjectType, metric: string, common: Common, data: Record<string, unknown>): ReportingEvent {
  const timestamp = common.timestamp ?? nowSeconds();
  return { event_id: common.eventId ?? newUlid(timestamp * 1000), object_type: objectType, metric, timestamp, data };
}

function messageData(input: EmailEventInput): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (input.broadcastId !== undefined) data['broadcast_id'] = input.broadcastId;
  else if (input.newsletterId !== undefined) data['newsletter_id'] = input.newsletterId;
  else if (input.transactionalMessageId !== undefined) data['transactional_message_id'] = input.transactionalMessageId;
  else data['campaign_id'] = input.campaignId ?? 1;
  if (input.newsletterId !== undefined) {
    if (input.contentId !== undefined) data['content_id'] = input.contentId;
  } else if (input.transactionalMessageId === undefined) {
    data['action_id'] = input.actionId ?? 1;
  }
  data['customer_id'] = input.customerId ?? input.identifiers.id ?? input.identifiers.cio_id;
  data['identifiers'] = { ...input.identifiers };
  data['delivery_id'] = input.deliveryId ?? newDeliveryId();
  data['recipient'] = input.recipient ?? input.identifiers.email ?? '';
  data['subject'] = input.subject ?? 'Hello';
  return data;
}

export function emailEvent(metric: EmailMetric, input: EmailEventInput, extra: Record<string, unknown> = {}): ReportingEvent {
  return envelope('email', metric, input, { ...messageData(input), ...extra });
}

export const emailSent = (input: EmailEventInput): ReportingEvent => emailEvent('sent', input);
export const emailDelivered = (input: EmailEventInput): ReportingEvent => emailEvent('delivered', input);

export function emailOpened(input: EmailEventInput & { proxied?: boolean; prefetched?: boolean; synthetic?: boolean }): ReportingEvent {
  const extra: Record<string, unknown> = { proxied: input.proxied ?? false, prefetched: input.prefetched ?? false };
  if (input.synthetic !== undefined) extra['synthetic'] = input.synthetic;
  return emailEvent('opened', input, extra);
}

export function emailClicked(input: EmailEventInput & { href: string; linkId?: number; machine?: boolean }): ReportingEvent {
  return emailEvent('clicked', input, { href: input.href, link_id: input.linkId ?? 1, machine: input.machine ?? false });
}

/**
 * Customer.io reports no bounce type, only `failure_message` (C.8); `bounceType` picks a typical SMTP
 * reply (5xx hard, 4xx soft) for the default message.
 */
export function emailBounced(input: EmailEventInput & { bounceType?: 'hard' | 'soft'; failureMessage?: string }): ReportingEvent {
  return emailEvent('bounced', input, { failure_message: input.failureMessage ?? DEFAULT_BOUNCE_MESSAGES[input.bounceType ?? 'hard'] });
}

export const emailConverted = (input: EmailEventInput): ReportingEvent => emailEvent('converted', input);
/** An opt-out through the email's own link: arrives as `email/unsubscribed` (C.8). */
export const emailUnsubscribed = (input: EmailEventInput): ReportingEvent => emailEvent('unsubscribed', input);
/** Not an opt-out the bridge acts on as such (a spam complaint). */
export const emailSpammed = (input: EmailEventInput): ReportingEvent => emailEvent('spammed', input);
/** An event the bridge does not use at all. */
export const emailDrafted = (input: EmailEventInput): ReportingEvent => emailEvent('drafted', input);

export interface CustomerEventInput extends Common {
  identifiers: ReportingIdentifiers;
  customerId?: string;
  /** Default `identifiers.email`. */
  emailAddress?: string;
  /** "The channel that triggered the subscription change" (C.8); default `customer`. */
  objectType?: ReportingObjectType;
}

function customerData(input: CustomerEventInput): Record<string, unknown> {
  return {
    customer_id: input.customerId ?? input.identifiers.id ?? input.identifiers.cio_id,
    email_address: input.emailAddress ?? input.identifiers.email ?? '',
    identifiers: { ...input.identifiers },
  };
}

export const customerUnsubscribed = (input: CustomerEventInput): ReportingEvent => envelope(input.objectType ?? 'customer', 'unsubscribed', input, customerData(input));
export const customerSubscribed = (input: CustomerEventInput): ReportingEvent => envelope(input.objectType ?? 'customer', 'subscribed', input, customerData(input));

/** `data.content` is the changed preferences as a JSON string (C.8). */
export function customerSubscriptionPreferencesChanged(input: CustomerEventInput & { topics: Record<string, boolean> }): ReportingEvent {
  return envelope(input.objectType ?? 'customer', 'cio_subscription_preferences_changed', input, { content: JSON.stringify({ topics: input.topics }), ...customerData(input) });
}
