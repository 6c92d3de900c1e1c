import { isUlid } from './ulid.ts';

// Attribute rules of Track identify (reference C.2): reserved keys, `unsubscribed` parsing, topic dot
// notation and the documented limits.

export const LIMITS = {
  identifierBytes: 150,
  attributeNameBytes: 150,
  attributeValueBytes: 1000,
  attributesPerPerson: 300,
  eventNameBytes: 100,
  eventDataBytes: 100_000,
} as const;

/** Keys that steer the call and are never stored as attributes. */
export const CONTROL_KEYS = new Set(['_update', '_timestamp', 'cio_relationships', 'cio_id']);
export const PREFERENCES_KEY = 'cio_subscription_preferences';
const PREFERENCES_DOT = `${PREFERENCES_KEY}.`;

/**
 * [UNCERTAIN] A null attribute value removes the attribute (documented for objects and relationships in
 * C.5's schemas, assumed for people). Change here.
 */
export const NULL_REMOVES_ATTRIBUTE = true;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * C.2: "If true, a person is unsubscribed from all messages. Accepts any case of `true`, `1` or `"1"`;
 * anything else = subscribed". So `false`, `"false"`, `0`, `null`, `"yes"` all RE-SUBSCRIBE.
 */
export function parseUnsubscribed(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === 'string' && (value.toLowerCase() === 'true' || value === '1');
}

export function isPreferencesKey(key: string): boolean {
  return key === PREFERENCES_KEY || key.startsWith(PREFERENCES_DOT);
}

/** The App API returns every attribute as a string (C.7); objects as JSON. [UNCERTAIN] for objects. */
export function attributeAsString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function valueBytes(value: unknown): number {
  return bytes(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
}

/**
 * Limit violations of one identify call, worded like the real one ("value for attribute 'x' cannot be
 * longer than 1000 bytes" is verbatim from customerio-node issue #29; the others follow it [UNCERTAIN]).
 * `existingNames` are the person's current attribute names (the 300 limit is per person too).
 */
export function attributeLimitErrors(attributes: Record<string, unknown>, existingNames: Iterable<string> = []): string[] {
  const errors: string[] = [];
  const names = new Set(existingNames);
  for (const [name, value] of Object.entries(attributes)) {
    if (CONTROL_KEYS.has(name)) continue;
    if (bytes(name) > LIMITS.attributeNameBytes) errors.push(`attribute name '${name}' cannot be longer than ${LIMITS.attributeNameBytes} bytes`);
    if (name === 'id' && value !== null && value !== undefined && bytes(String(value)) > LIMITS.identifierBytes) {
      errors.push(`id cannot be longer than ${LIMITS.identifierBytes} bytes`);
    } else if (value !== null && valueBytes(value) > LIMITS.attributeValueBytes) {
      errors.push(`value for attribute '${name}' cannot be longer than ${LIMITS.attributeValueBytes} bytes`);
    }
    names.add(isPreferencesKey(name) ? PREFERENCES_KEY : name);
  }
  const count = Object.keys(attributes).filter((k) => !CONTROL_KEYS.has(k)).length;
  if (count > LIMITS.attributesPerPerson || names.size > LIMITS.attributesPerPerson) {
    errors.push(`too many attributes: a person can have at most ${LIMITS.attributesPerPerson} attributes`);
  }
  return errors;
}

export function identifierTooLong(value: string): boolean {
  return bytes(value) > LIMITS.identifierBytes;
}

export function eventErrors(event: { name: unknown; id: unknown; timestamp: unknown; type: unknown; data: unknown }, nowSeconds: number): string[] {
  const errors: string[] = [];
  if (typeof event.name !== 'string' || event.name.trim() === '') errors.push('event name is required');
  else if (bytes(event.name.trim()) > LIMITS.eventNameBytes) errors.push(`event name cannot be longer than ${LIMITS.eventNameBytes} bytes`);
  if (event.id !== undefined && !isUlidLike(event.id)) errors.push('id must be a valid ULID');
  if (event.timestamp !== undefined && !isUnixSeconds(event.timestamp, nowSeconds)) errors.push('timestamp must be a valid unix timestamp in seconds');
  if (event.type !== undefined && event.type !== 'event' && event.type !== 'page' && event.type !== 'screen') errors.push('type must be one of event, page, screen');
  if (event.data !== undefined && (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data))) errors.push('data must be an object');
  else if (event.data !== undefined && valueBytes(event.data) > LIMITS.eventDataBytes) errors.push(`event data cannot be longer than ${LIMITS.eventDataBytes} bytes`);
  return errors;
}


/**
 * [UNCERTAIN] The spec types `id` as `format: ulid` ("A valid ULID used to deduplicate events") without
 * saying a bad one is refused. We refuse it: a bridge that sends non-ULID ids would lose Customer.io's
 * dedup silently, and that must fail a test. Flip to `false` to accept any string.
 */
export const REJECT_NON_ULID_EVENT_ID = true;

function isUlidLike(v: unknown): boolean {
  return REJECT_NON_ULID_EVENT_ID ? isUlid(v) : typeof v === 'string';
}

/**
 * [UNCERTAIN] "timestamp (unix)": an integer of seconds. Milliseconds (more than a year past now in
 * seconds) are refused so that a bridge sending `Date.now()` fails here rather than dating its events in
 * the year 55,000.
 */
export function isUnixSeconds(v: unknown, nowSeconds: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= nowSeconds + 366 * 86_400;
}
