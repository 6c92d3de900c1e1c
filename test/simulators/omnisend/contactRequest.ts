import { CHANNEL_STATUSES, channelOf, PROFILE_FIELDS, type ChannelStatus, type ContactWrite, type CustomValue, type IdentifierType, type IdentifierWrite, type Profile } from './model.ts';
import type { FieldError } from './problems.ts';
import { nowMs, parseRfc3339 } from './time.ts';
import { collectUnknown, Errors, isE164, isEmail, isRecord, join } from './validate.ts';

// The 2026-03-15 ContactRequest (reference §A.2): identifiers[] {id, type, channels:{email|sms:
// {status (required), statusChangedAt}}, consent, sendWelcomeMessage, source}, tags (≤100),
// customProperties, createdAt (stored as custom property `externalCreated`), profile fields.
// Field names are the 2026 ones: `statusChangedAt`, not v3/v5's `statusDate`. An unknown field (such as
// a v5-style `statusDate`) is ignored like any unknown JSON field — so a status sent with `statusDate`
// is dated "now" and wins over an earlier unsubscribe. Ignored fields are reported in `unknownFields`.

const CONTACT_FIELDS = ['identifiers', 'tags', 'customProperties', 'createdAt', ...PROFILE_FIELDS] as const;
const IDENTIFIER_FIELDS = ['id', 'type', 'channels', 'consent', 'sendWelcomeMessage', 'source'] as const;
const CHANNEL_FIELDS = ['status', 'statusChangedAt'] as const;
const CONSENT_FIELDS = ['createdAt', 'ip', 'source', 'userAgent'] as const;

// Custom property rules quoted from the v4.0 contacts page; [UNCERTAIN] whether 2026 enforces the same.
const MAX_CUSTOM_PROPERTIES = 200;
const CUSTOM_PROPERTY_NAME = /^[A-Za-z0-9_]{1,128}$/;
const MAX_TAGS = 100;
const BIRTHDATE = /^\d{4}-\d{2}-\d{2}$/;

export type ParsedContactRequest = { ok: true; write: ContactWrite; unknownFields: string[] } | { ok: false; errors: FieldError[] };

export interface ParseOptions {
  /** POST upsert needs at least one identifier; PATCH does not. */
  requireIdentifiers: boolean;
  /** Prefix for error paths (batch items: "items.3"). */
  path?: string;
}

function parseChannel(errors: Errors, raw: unknown, path: string, unknown: string[]): { status: ChannelStatus; changedAt: number } | undefined {
  if (!isRecord(raw)) {
    errors.type(path, 'an object');
    return undefined;
  }
  collectUnknown(raw, CHANNEL_FIELDS, path, unknown);
  const status = raw['status'];
  let ok = true;
  if (status === undefined) {
    errors.required(join(path, 'status'));
    ok = false;
  } else if (typeof status !== 'string' || !(CHANNEL_STATUSES as readonly string[]).includes(status)) {
    errors.add(join(path, 'status'), 'invalid_value', `Must be one of: ${CHANNEL_STATUSES.join(', ')}`);
    ok = false;
  }
  let changedAt = nowMs(); // "If statusDate is not given, the current time is used" (§A.2).
  const date = raw['statusChangedAt'];
  if (date !== undefined) {
    const parsed = typeof date === 'string' ? parseRfc3339(date) : null;
    if (parsed === null) {
      errors.add(join(path, 'statusChangedAt'), 'invalid_format', 'Must be an RFC3339 timestamp');
      ok = false;
    } else changedAt = parsed;
  }
  return ok ? { status: status as ChannelStatus, changedAt } : undefined;
}

function parseIdentifier(errors: Errors, raw: unknown, path: string, unknown: string[]): IdentifierWrite | undefined {
  if (!isRecord(raw)) {
    errors.type(path, 'an object');
    return undefined;
  }
  collectUnknown(raw, IDENTIFIER_FIELDS, path, unknown);
  const before = errors.list.length;
  const type = raw['type'];
  if (type === undefined) errors.required(join(path, 'type'));
  else if (type !== 'email' && type !== 'phone') errors.add(join(path, 'type'), 'invalid_value', 'Must be one of: email, phone');
  const id = raw['id'];
  if (id === undefined || id === '') errors.required(join(path, 'id'));
  else if (typeof id !== 'string') errors.type(join(path, 'id'), 'a string');
  else if (type === 'email' && !isEmail(id)) errors.add(join(path, 'id'), 'invalid_format', 'Must be a valid email address');
  else if (type === 'phone' && !isE164(id)) errors.add(join(path, 'id'), 'invalid_format', 'Must be a phone number in E.164 format');

  const write: Partial<IdentifierWrite> = {};
  const channels = raw['channels'];
  if (channels !== undefined) {
    const cPath = join(path, 'channels');
    if (!isRecord(channels)) errors.type(cPath, 'an object');
    else {
      for (const [name, value] of Object.entries(channels)) {
        // An email identifier speaks for the email channel, a phone one for sms (§A.3). [UNCERTAIN] that a
        // mismatched channel is rejected rather than ignored; rejecting makes the mistake visible.
        if (type === 'email' || type === 'phone') {
          const expected = channelOf(type);
          if (name !== expected) {
            errors.add(join(cPath, name), 'invalid_value', `A ${type} identifier only has the ${expected} channel`);
            continue;
          }
        }
        const parsed = parseChannel(errors, value, join(cPath, name), unknown);
        if (parsed) write.status = parsed;
      }
    }
  }
  const welcome = raw['sendWelcomeMessage'];
  if (welcome !== undefined) {
    if (typeof welcome !== 'boolean') errors.type(join(path, 'sendWelcomeMessage'), 'a boolean');
    else write.sendWelcomeMessage = welcome;
  }
  const source = errors.optionalString(raw, 'source', path);
  if (source !== undefined) write.source = source;
  const consent = raw['consent'];
  if (consent !== undefined) {
    const cPath = join(path, 'consent');
    if (!isRecord(consent)) errors.type(cPath, 'an object');
    else {
      collectUnknown(consent, CONSENT_FIELDS, cPath, unknown);
      const createdAtRaw = errors.optionalString(consent, 'createdAt', cPath);
      let createdAt = nowMs(); // "Defaults to current time if not provided".
      if (createdAtRaw !== undefined) {
        const parsed = parseRfc3339(createdAtRaw);
        if (parsed === null) errors.add(join(cPath, 'createdAt'), 'invalid_format', 'Must be an RFC3339 timestamp');
        else createdAt = parsed;
      }
      const c: NonNullable<IdentifierWrite['consent']> = { createdAt };
      for (const key of ['ip', 'source', 'userAgent'] as const) {
        const v = errors.optionalString(consent, key, cPath);
        if (v !== undefined) c[key] = v;
      }
      write.consent = c;
    }
  }
  if (errors.list.length > before) return undefined;
  return { ...write, type: type as IdentifierType, id: id as string };
}

export function parseCustomProperties(errors: Errors, raw: unknown, path: string): Record<string, CustomValue> | undefined {
  if (!isRecord(raw)) {
    errors.type(path, 'an object');
    return undefined;
  }
  const entries = Object.entries(raw);
  if (entries.length > MAX_CUSTOM_PROPERTIES) errors.add(path, 'too_many_items', `At most ${MAX_CUSTOM_PROPERTIES} custom properties`);
  const out: Record<string, CustomValue> = {};
  for (const [name, value] of entries) {
    const field = join(path, name);
    if (!CUSTOM_PROPERTY_NAME.test(name)) {
      errors.add(field, 'invalid_format', 'Property names may contain only Latin letters, digits and _ (at most 128 characters)');
      continue;
    }
    // Value types seen in the docs: string, number, boolean, date string, array of strings (§A.2).
    const ok = ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) errors.type(field, 'a string, number, boolean or array of strings');
    else out[name] = value as CustomValue;
  }
  return out;
}

export function parseContactRequest(body: unknown, options: ParseOptions): ParsedContactRequest {
  const path = options.path ?? '';
  const errors = new Errors();
  const unknownFields: string[] = [];
  if (!isRecord(body)) return { ok: false, errors: [{ field: path, code: 'invalid_type', message: 'Request body must be a JSON object' }] };
  collectUnknown(body, CONTACT_FIELDS, path, unknownFields);

  const identifiers: IdentifierWrite[] = [];
  const rawIds = body['identifiers'];
  const idPath = join(path, 'identifiers');
  if (rawIds === undefined || (Array.isArray(rawIds) && rawIds.length === 0)) {
    if (options.requireIdentifiers) errors.add(idPath, 'required', 'At least one identifier (email or phone) is required');
  } else if (!Array.isArray(rawIds)) errors.type(idPath, 'an array');
  else {
    rawIds.forEach((raw, i) => {
      const parsed = parseIdentifier(errors, raw, join(idPath, i), unknownFields);
      if (parsed) identifiers.push(parsed);
    });
    // [UNCERTAIN] one email identifier per contact: the response derives a single `email` from it.
    if (identifiers.filter((i) => i.type === 'email').length > 1) errors.add(idPath, 'invalid_value', 'At most one email identifier');
  }

  const profile: Profile = {};
  for (const key of PROFILE_FIELDS) {
    const v = errors.optionalString(body, key, path);
    if (v !== undefined) profile[key] = v;
  }
  if (profile.gender !== undefined && profile.gender !== 'm' && profile.gender !== 'f') errors.add(join(path, 'gender'), 'invalid_value', 'Must be one of: m, f');
  if (profile.birthdate !== undefined && !BIRTHDATE.test(profile.birthdate)) errors.add(join(path, 'birthdate'), 'invalid_format', 'Must be YYYY-MM-DD');

  const write: ContactWrite = { identifiers, profile };
  const tags = errors.stringArray(body, 'tags', path, MAX_TAGS);
  if (tags !== undefined) write.tags = tags;
  if (body['customProperties'] !== undefined) {
    const cp = parseCustomProperties(errors, body['customProperties'], join(path, 'customProperties'));
    if (cp !== undefined) write.customProperties = cp;
  }
  const createdAt = errors.optionalString(body, 'createdAt', path);
  if (createdAt !== undefined) {
    if (parseRfc3339(createdAt) === null) errors.add(join(path, 'createdAt'), 'invalid_format', 'Must be an RFC3339 timestamp');
    // "If provided, stored as "externalCreated" custom property".
    else write.customProperties = { ...write.customProperties, externalCreated: createdAt };
  }
  if (!errors.empty) return { ok: false, errors: errors.list };
  return { ok: true, write, unknownFields };
}
