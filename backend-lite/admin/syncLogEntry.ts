import { z } from 'zod';
import type { SyncAction, SyncFailureKind, SyncLogEntry } from '../api/adminContract.ts';
import type { EspName } from '../esp/espAdapter.ts';
import type { Job } from '../queue/jobQueue.ts';
import type { ContactSyncStateRepository } from '../store/contactSyncState.ts';

export type KnownContact = { kommoContactId: number; name: string | null; email: string | null };

export type SyncLogLookups = {
  /** The contact as the bridge last read it from Kommo. */
  contactById: (accountId: number, kommoContactId: number) => Promise<KnownContact | undefined>;
  /** The Kommo contact the bridge knows with this (normalised) email. */
  contactByEmail: (accountId: number, email: string) => Promise<KnownContact | undefined>;
};

export function syncLogLookupsFrom(syncState: Pick<ContactSyncStateRepository, 'get' | 'findByEmail'>): SyncLogLookups {
  return {
    async contactById(accountId, kommoContactId) {
      const state = await syncState.get(accountId, kommoContactId);
      return state && { kommoContactId, name: state.name, email: state.email };
    },
    async contactByEmail(accountId, email) {
      const state = await syncState.findByEmail(accountId, email);
      return state && { kommoContactId: state.kommoContactId, name: state.name, email: state.email };
    },
  };
}

const espName = z.enum(['omnisend', 'moosend', 'customerio']);
const identity = z.looseObject({ email: z.string(), kommoContactId: z.number() });

/** The payloads the sync jobs store (sync/espJobs.ts, kommoJobs.ts, espEventJob.ts), read loosely: old rows stay readable. */
const payloads = {
  'esp.push': z.looseObject({
    esp: espName,
    leadId: z.number(),
    push: z.looseObject({ identity, firstName: z.string().nullish(), lastName: z.string().nullish() }),
  }),
  'esp.opt-out': z.looseObject({ esp: espName, identity }),
  'kommo.note': z.looseObject({ entity: z.enum(['leads', 'contacts']), entityId: z.number() }),
  'esp.event': z.looseObject({ esp: espName, email: z.string() }),
  'esp.poll': z.looseObject({ esp: espName }),
  'kommo.lead-changed': z.looseObject({ leadId: z.number() }),
  'kommo.contact-changed': z.looseObject({ contactId: z.number() }),
};

type Facts = { action: SyncAction; esp: EspName | null; contactId: number | null; email: string | null; name: string | null; leadId: number | null };

function factsOf(job: Job): Facts {
  const none: Facts = { action: 'other', esp: espOfTarget(job.target), contactId: null, email: null, name: null, leadId: null };
  const payload = job.payload;
  switch (job.kind) {
    case 'esp.push': {
      const read = payloads[job.kind].safeParse(payload);
      if (!read.success) return none;
      const { esp, leadId, push } = read.data;
      const name = [push.firstName, push.lastName].filter(Boolean).join(' ') || null;
      return { action: 'sent', esp, contactId: push.identity.kommoContactId, email: push.identity.email, name, leadId };
    }
    case 'esp.opt-out': {
      const read = payloads[job.kind].safeParse(payload);
      return read.success ? { ...none, action: 'opted-out', esp: read.data.esp, contactId: read.data.identity.kommoContactId, email: read.data.identity.email } : none;
    }
    case 'kommo.note': {
      const read = payloads[job.kind].safeParse(payload);
      if (!read.success) return { ...none, action: 'note' };
      const { entity, entityId } = read.data;
      return { ...none, action: 'note', esp: null, ...(entity === 'leads' ? { leadId: entityId } : { contactId: entityId }) };
    }
    case 'esp.event': {
      const read = payloads[job.kind].safeParse(payload);
      return read.success ? { ...none, action: 'esp-event', esp: read.data.esp, email: read.data.email } : none;
    }
    case 'esp.poll': {
      const read = payloads[job.kind].safeParse(payload);
      return read.success ? { ...none, action: 'poll', esp: read.data.esp } : none;
    }
    case 'kommo.lead-changed': {
      const read = payloads[job.kind].safeParse(payload);
      return read.success ? { ...none, action: 'deal-read', esp: null, leadId: read.data.leadId } : none;
    }
    case 'kommo.contact-changed': {
      const read = payloads[job.kind].safeParse(payload);
      return read.success ? { ...none, action: 'contact-read', esp: null, contactId: read.data.contactId } : none;
    }
    default:
      return none;
  }
}

function espOfTarget(target: string): EspName | null {
  const read = espName.safeParse(target.split(':')[0]);
  return read.success ? read.data : null;
}

/**
 * The error class names the bridge's failures carry (esp/espErrors.ts, kommo/kommoErrors.ts,
 * oauth/oauthErrors.ts, queue/pacer.ts), and who answered with each: Kommo, the ESP the row is
 * about, or whoever the job's pacing target is. The queue keeps a failure only as the text
 * describeError wrote, `Name: message` (after "gave up after N attempts: " when it ran out), so
 * the name is read back from there.
 */
const failureOfName: Record<string, { kind: SyncFailureKind; by: 'kommo' | 'esp' | 'target' }> = {
  EspBadCredentials: { kind: 'key-rejected', by: 'esp' },
  EspRateLimited: { kind: 'rate-limited', by: 'esp' },
  EspNotFound: { kind: 'not-found', by: 'esp' },
  EspRejectedInput: { kind: 'rejected', by: 'esp' },
  EspUnavailable: { kind: 'unavailable', by: 'esp' },
  EspTimedOut: { kind: 'unavailable', by: 'esp' },
  TargetPaused: { kind: 'rate-limited', by: 'target' },
  KommoUnauthorized: { kind: 'kommo-access', by: 'kommo' },
  KommoAccessMissing: { kind: 'kommo-access', by: 'kommo' },
  KommoAccountDisconnected: { kind: 'kommo-access', by: 'kommo' },
  KommoGrantRefused: { kind: 'kommo-access', by: 'kommo' },
  KommoPaymentRequired: { kind: 'kommo-payment', by: 'kommo' },
  KommoForbidden: { kind: 'kommo-forbidden', by: 'kommo' },
  KommoNotFound: { kind: 'not-found', by: 'kommo' },
  KommoRateLimited: { kind: 'rate-limited', by: 'kommo' },
  KommoRejectedInput: { kind: 'rejected', by: 'kommo' },
  KommoUnavailable: { kind: 'unavailable', by: 'kommo' },
  KommoUnexpectedResponse: { kind: 'unavailable', by: 'kommo' },
  KommoOAuthUnavailable: { kind: 'unavailable', by: 'kommo' },
};

function failureOf(lastError: string | null, esp: EspName | null, target: EspName | 'kommo'): SyncLogEntry['failure'] {
  if (lastError === null) return null;
  const known = [...lastError.matchAll(/(?:^|: )([A-Z][A-Za-z]+): /g)].map((match) => failureOfName[match[1] ?? '']).find((found) => found !== undefined);
  if (!known) return { kind: 'other', by: target };
  return { kind: known.kind, by: known.by === 'kommo' ? 'kommo' : known.by === 'esp' ? (esp ?? target) : target };
}

/** A job as the sync log shows it: what it did, to whom (name and email as Kommo has them), and why it failed. */
export async function syncLogEntry(job: Job, { contactById, contactByEmail }: SyncLogLookups): Promise<SyncLogEntry> {
  const facts = factsOf(job);
  const known =
    facts.contactId !== null ? await contactById(job.accountId, facts.contactId) : facts.email !== null ? await contactByEmail(job.accountId, facts.email) : undefined;
  const contactId = facts.contactId ?? known?.kommoContactId ?? null;
  const name = known?.name ?? facts.name;
  const email = known?.email ?? facts.email;
  const target = espOfTarget(job.target) ?? 'kommo';
  return {
    jobId: job.id,
    kind: job.kind,
    target,
    action: facts.action,
    esp: facts.esp,
    kommoContactId: contactId,
    contact: name !== null || email !== null ? { name, email } : null,
    leadId: facts.leadId,
    status: job.status,
    attempts: job.attempts,
    lastError: job.lastError,
    failure: failureOf(job.lastError, facts.esp, target),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
