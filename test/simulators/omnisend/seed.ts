import { PROFILE_FIELDS, type ChannelStatus, type CustomValue, type IdentifierWrite, type Profile, type StoredContact } from './model.ts';
import type { OmnisendState } from './state.ts';
import { nowMs, parseRfc3339 } from './time.ts';

/** A contact as it already exists in the Omnisend account before the test starts. */
export interface ContactSeed extends Profile {
  id?: string;
  /** Stored exactly as given (case kept). */
  email?: string;
  phone?: string;
  /** Default nonSubscribed. */
  emailStatus?: ChannelStatus;
  emailStatusChangedAt?: string | Date;
  smsStatus?: ChannelStatus;
  smsStatusChangedAt?: string | Date;
  tags?: string[];
  customProperties?: Record<string, CustomValue>;
  segments?: string[];
  createdAt?: string | Date;
  updatedAt?: string | Date;
}

function instant(v: string | Date | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (v instanceof Date) return v.getTime();
  const ms = parseRfc3339(v);
  if (ms === null) throw new Error(`Not an RFC3339 timestamp: ${v}`);
  return ms;
}

export function seedContact(state: OmnisendState, seed: ContactSeed): StoredContact {
  if (seed.email === undefined && seed.phone === undefined) throw new Error('seedContact needs an email or a phone');
  if (seed.email !== undefined && state.byEmail(seed.email)) throw new Error(`A contact with email ${seed.email} already exists`);
  if (seed.phone !== undefined && state.byPhone(seed.phone)) throw new Error(`A contact with phone ${seed.phone} already exists`);
  if (seed.id !== undefined && state.get(seed.id)) throw new Error(`Contact ${seed.id} already exists`);
  const now = nowMs();
  const createdAt = instant(seed.createdAt, now);
  const contact = state.blank(createdAt);
  if (seed.id !== undefined) contact.id = seed.id;
  const identifiers: IdentifierWrite[] = [];
  if (seed.email !== undefined) {
    identifiers.push({
      type: 'email',
      id: seed.email,
      sendWelcomeMessage: false,
      status: { status: seed.emailStatus ?? 'nonSubscribed', changedAt: instant(seed.emailStatusChangedAt, createdAt) },
    });
  }
  if (seed.phone !== undefined) {
    identifiers.push({
      type: 'phone',
      id: seed.phone,
      sendWelcomeMessage: false,
      status: { status: seed.smsStatus ?? 'nonSubscribed', changedAt: instant(seed.smsStatusChangedAt, createdAt) },
    });
  }
  const profile: Profile = {};
  for (const key of PROFILE_FIELDS) if (seed[key] !== undefined) profile[key] = seed[key];
  state.applyWrite(contact, { identifiers, profile, tags: seed.tags ?? [], customProperties: seed.customProperties ?? {} }, 'seed', true);
  contact.segments = [...(seed.segments ?? [])];
  contact.updatedAt = instant(seed.updatedAt, createdAt);
  state.insert(contact);
  return contact;
}
