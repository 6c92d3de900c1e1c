import { channelOf, PROFILE_FIELDS, type StoredContact } from './model.ts';
import { rfc3339, rfc3339Seconds } from './time.ts';

// The 2026-03-15 ContactResponse (reference §A.2): `id` (not contactID), read-only `email`, `phone[]`,
// `status` (email channel), `statuses[]`, `optIns[]`, `consents[]`, identifiers with
// channels.{email|sms}.{status,statusChangedAt} (not statusDate), tags, customProperties, segments,
// createdAt, updatedAt and the profile fields.

export type TimestampPrecision = 'seconds' | 'milliseconds';

/** The instant as the API shows createdAt/updatedAt, in ms (what updatedAtFrom filters compare against). */
export function visibleInstant(ms: number, precision: TimestampPrecision): number {
  return precision === 'seconds' ? Math.floor(ms / 1000) * 1000 : ms;
}

export function renderContact(c: StoredContact, precision: TimestampPrecision): Record<string, unknown> {
  const stamp = precision === 'seconds' ? rfc3339Seconds : rfc3339;
  const email = c.identifiers.find((i) => i.type === 'email');
  const out: Record<string, unknown> = { id: c.id };
  if (email) out['email'] = email.id;
  out['phone'] = c.identifiers.filter((i) => i.type === 'phone').map((i) => i.id);
  out['identifiers'] = c.identifiers.map((i) => ({
    id: i.id,
    type: i.type,
    channels: { [channelOf(i.type)]: { status: i.channel.status, statusChangedAt: rfc3339(i.channel.changedAt) } },
  }));
  if (email) out['status'] = email.channel.status;
  // "Most recent subscription status per channel, sorted by date": the first identifier of each channel.
  const phone = c.identifiers.find((i) => i.type === 'phone');
  out['statuses'] = [email, phone]
    .filter((i) => i !== undefined)
    .sort((a, b) => a.channel.changedAt - b.channel.changedAt)
    .map((i) => ({ channel: channelOf(i.type), status: i.channel.status, statusChangedAt: rfc3339(i.channel.changedAt) }));
  out['optIns'] = [...c.optIns].sort((a, b) => a.optInAt - b.optInAt).map((o) => ({ channel: o.channel, optInAt: rfc3339(o.optInAt) }));
  out['consents'] = [...c.consents].sort((a, b) => a.createdAt - b.createdAt).map((k) => ({ ...k, createdAt: rfc3339(k.createdAt) }));
  out['tags'] = [...c.tags];
  out['customProperties'] = structuredClone(c.customProperties);
  out['segments'] = [...c.segments];
  out['createdAt'] = stamp(c.createdAt);
  out['updatedAt'] = stamp(c.updatedAt);
  for (const key of PROFILE_FIELDS) {
    const v = c.profile[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}
