import type { ContactPush } from '../espAdapter.ts';

/**
 * What the bridge writes to Customer.io for a ContactPush (reference esps.md §C.2, C.3, C.5).
 *
 * Consent (SPEC §4.1, C.2): a person is subscribed unless `unsubscribed` is true, and ANY other
 * value of `unsubscribed` re-subscribes. So `unsubscribed` is only ever sent as `true`: for a new
 * person created without email consent, and on opt-out — never on an existing person's push.
 */

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/**
 * Customer.io has no tags (C.2): a tag is a boolean attribute `tag_<name>`, true while the person
 * has it and false once removed (a segment "tag_churned is true" follows it). Booleans need no
 * read-modify-write of a list, so concurrent pushes cannot lose each other's tags.
 */
export const TAG_PREFIX = 'tag_';
export const tagAttribute = (tag: string) => `${TAG_PREFIX}${tag}`;

/**
 * The bridge's own note of the consent state it wrote: `not_subscribed` when it created the
 * person unsubscribed for lack of consent, `unsubscribed` after an opt-out. Customer.io has only
 * the one flag; the note lets the panel tell "never consented" from "opted out".
 */
export const CONSENT_NOTE = 'kommo_email_status';

const RESERVED = new Set(['email', 'id', 'cio_id', 'anonymous_id', 'created_at', 'unsubscribed', '_update', '_timestamp', 'cio_relationships', CONSENT_NOTE]);

/** Keys a rule's field may not set: identifiers, control keys, consent and the tag namespace. */
export function isReservedAttribute(name: string): boolean {
  return RESERVED.has(name) || name.startsWith('cio_subscription_preferences') || name.startsWith(TAG_PREFIX);
}

export type IdentifyPayload = {
  attributes: Attributes;
  /** Fields left out because Customer.io reserves their names (reported in the summary). */
  ignored: string[];
  /** Set for a new person: how they were created. */
  createdAs: 'subscribed' | 'not_subscribed' | null;
};

/**
 * The identify body. `isNew` comes from the App API read before the write; only a new person
 * gets `created_at` and a consent state. Null fields are left out rather than sent: the
 * reference documents string/number/boolean values only (C.2), and leaving one out keeps it.
 */
export function identifyPayload(change: ContactPush, isNew: boolean, nowMs: number): IdentifyPayload {
  const { identity } = change;
  const attributes: Attributes = { email: identity.email, kommo_contact_id: identity.kommoContactId };
  if (identity.kommoDealId !== null) attributes['kommo_deal_id'] = identity.kommoDealId;
  if (change.firstName) attributes['first_name'] = change.firstName;
  if (change.lastName) attributes['last_name'] = change.lastName;
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(change.fields)) {
    if (isReservedAttribute(name)) ignored.push(name);
    else if (value !== null) attributes[name] = value;
  }
  for (const tag of change.removeTags) attributes[tagAttribute(tag)] = false;
  for (const tag of change.addTags) attributes[tagAttribute(tag)] = true;

  let createdAs: IdentifyPayload['createdAs'] = null;
  if (isNew) {
    attributes['created_at'] = Math.floor(nowMs / 1000);
    // Only an explicit consent leaves a new person subscribed; anything else, absent included, not.
    createdAs = change.newContactStatus.email === 'subscribed' ? 'subscribed' : 'not_subscribed';
    if (createdAs === 'not_subscribed') {
      attributes['unsubscribed'] = true;
      attributes[CONSENT_NOTE] = 'not_subscribed';
    }
  }
  return { attributes, ignored, createdAs };
}

/** The opt-out (C.4: there is no unsubscribe endpoint). `updateOnly` never creates a profile. */
export function optOutPayload(email: string, updateOnly: boolean): Attributes {
  return { email, unsubscribed: true, [CONSENT_NOTE]: 'unsubscribed', ...(updateOnly ? { _update: true } : {}) };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The time part of a ULID (its first 10 characters, milliseconds), or null if it is not one. */
export function ulidTime(ulid: string): number | null {
  if (!/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i.test(ulid)) return null;
  let ms = 0;
  for (const char of ulid.slice(0, 10).toUpperCase()) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

export type EventPayload = { name: string; id: string; timestamp: number; data: Record<string, unknown> };

/**
 * C.3: the event's `id` is sent as given — it is derived from the change (sync/derivedUlid.ts), so
 * Customer.io drops a retried one. Its time part is the change's time, which makes the timestamp
 * (seconds) the same on every retry too; a future time is clamped to now.
 */
export function eventPayload(event: NonNullable<ContactPush['event']>, nowMs: number): EventPayload {
  const at = Math.min(ulidTime(event.id) ?? nowMs, nowMs);
  return { name: event.name, id: event.id, timestamp: Math.floor(at / 1000), data: event.data };
}

/** C.5 operations: `identifiers` is exactly one of id/email/phone/cio_id. */
export function identifyOperation(email: string, attributes: Attributes) {
  const rest = { ...attributes };
  delete rest['email'];
  return { type: 'person', identifiers: { email }, action: 'identify', attributes: rest } as const;
}

export function eventOperation(email: string, event: EventPayload) {
  return { type: 'person', identifiers: { email }, action: 'event', id: event.id, name: event.name, timestamp: event.timestamp, attributes: event.data } as const;
}
