// Shapes the simulator stores. Wire names (snake_case) are kept where a value goes out unchanged
// through the App API or a webhook, so serializing is a copy, not a translation.

/** How a person is addressed: Track v1 path, Track v2 `identifiers`, App API `id_type`. */
export type IdentifierKind = 'id' | 'email' | 'cio_id';

export interface IdentifierRef {
  kind: IdentifierKind;
  /** For `cio_id`, without the `cio_` prefix. */
  value: string;
}

/** Who wrote a change: which API, or a test helper. */
export type WriteSource = 'track_v1' | 'track_v2' | 'unsubscribe_delivery' | 'seed' | 'link';

/** One identify (attribute write) as the person received it — what the "never re-subscribe" tests assert on. */
export interface IdentifyRecord {
  /** Unix seconds. */
  at: number;
  source: WriteSource;
  /** The identifier the call addressed, as sent (v1 path segment decoded, or `kind:value` for v2). */
  identifier: string;
  /** Attributes exactly as sent (reserved keys included). */
  attributes: Record<string, unknown>;
  /** The parsed value when the call carried `unsubscribed`; absent when it did not. */
  unsubscribed?: boolean;
  unsubscribedBefore: boolean;
  unsubscribedAfter: boolean;
  /** Identifiers or attributes the call could not change (C.2 "Attribute Update Failure"). */
  failures: string[];
}

export interface StoredEvent {
  /** The ULID the caller sent; null when it sent none (no dedup possible). */
  id: string | null;
  name: string;
  type: 'event' | 'page' | 'screen';
  data: Record<string, unknown>;
  /** Event time (the caller's `timestamp`, else receipt), unix seconds. */
  timestamp: number;
  receivedAt: number;
  source: 'track_v1' | 'track_v2';
  /** C.3: "Events with a timestamp in the past 72 hours can trigger campaigns." */
  triggersCampaigns: boolean;
}

export type MessageMetric = 'sent' | 'delivered' | 'opened' | 'clicked' | 'converted' | 'bounced' | 'spammed' | 'unsubscribed' | 'dropped' | 'failed' | 'undeliverable';

/** A delivery as `GET /v1/customers/{id}/messages` returns it (C.7), plus what tests seeded beyond it. */
export interface Message {
  id: string;
  deduplicate_id: string;
  msg_template_id: number | null;
  customer_id: string | null;
  customer_identifiers: { id: string | null; email: string | null; cio_id: string };
  campaign_id: number | null;
  action_id: number | null;
  broadcast_id: number | null;
  newsletter_id: number | null;
  content_id: number | null;
  recipient: string;
  subject: string;
  type: 'email';
  created: number;
  failure_message: string | null;
  forgotten: boolean;
  metrics: Partial<Record<MessageMetric, number>>;
  /** Links clicked (activity `clicked_email` data). */
  clicks: Array<{ at: number; href: string; link_id: number | null }>;
  bounceType: 'hard' | 'soft' | null;
}

/** An entry of `GET /v1/customers/{id}/activities` (C.7). */
export interface Activity {
  id: string;
  customer_id: string | null;
  customer_identifiers: { id: string | null; email: string | null; cio_id: string };
  type: string;
  timestamp: number;
  name?: string;
  delivery_id?: string;
  delivery_type?: 'email';
  data: Record<string, unknown>;
}

/** A person as tests read them (a copy; changing it changes nothing). */
export interface PersonSnapshot {
  cioId: string;
  id: string | null;
  email: string | null;
  /** Stored values with their JSON types (the App API turns them into strings). */
  attributes: Record<string, unknown>;
  unsubscribed: boolean;
  /** `cio_subscription_preferences` when set. */
  subscriptionPreferences: { topics: Record<string, unknown> } | null;
  /** Unix seconds of the last write of each attribute. */
  timestamps: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

/** A write Customer.io accepts with 200 but does not apply (suppressed identifier, unknown cio_id, `_update` on nobody). */
export interface DroppedWrite {
  at: number;
  source: 'track_v1' | 'track_v2';
  operation: string;
  identifier: string;
  reason: string;
}
