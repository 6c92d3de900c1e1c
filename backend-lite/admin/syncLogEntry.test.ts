import { describe, expect, it } from 'vitest';
import type { Job } from '../queue/jobQueue.ts';
import { syncLogEntry, type SyncLogLookups } from './syncLogEntry.ts';

const jane = { kommoContactId: 11, name: 'Jane Doe', email: 'jane@acme.example' };
const lookups: SyncLogLookups = {
  contactById: async (accountId, id) => (accountId === 1 && id === 11 ? jane : undefined),
  contactByEmail: async (accountId, email) => (accountId === 1 && email === jane.email ? jane : undefined),
};

const job = (kind: string, target: string, payload: unknown, over: Partial<Job> = {}): Job => ({
  id: 7,
  accountId: 1,
  kind,
  target,
  orderKey: 'k',
  payload,
  status: 'done',
  attempts: 1,
  maxAttempts: 12,
  runAt: 0,
  lastError: null,
  createdAt: 1_700_000_000_000,
  finishedAt: 1_700_000_001_000,
  ...over,
});

const push = { esp: 'omnisend', leadId: 1001, push: { identity: { email: 'jane@acme.example', phone: null, kommoContactId: 11, kommoDealId: 1001 }, firstName: 'Jane', lastName: 'D.' } };

describe('a sync log row', () => {
  it('says what each job did and to whom, with the name and email Kommo has', async () => {
    const rows = await Promise.all([
      job('esp.push', 'omnisend:1', push),
      job('esp.opt-out', 'moosend:1', { esp: 'moosend', identity: push.push.identity, channels: ['email'], reason: 'x' }),
      job('kommo.note', 'kommo:1', { entity: 'leads', entityId: 1001, text: 'Kommo ESP Bridge → omnisend: …' }),
      job('kommo.note', 'kommo:1', { entity: 'contacts', entityId: 11, text: '…' }),
      job('esp.event', 'kommo:1', { esp: 'customerio', kind: 'clicked', email: 'jane@acme.example', at: 1, sourceId: 's' }),
      job('esp.poll', 'moosend:1', { esp: 'moosend' }),
      job('kommo.lead-changed', 'kommo:1', { leadId: 1001, event: {} }),
      job('kommo.contact-changed', 'kommo:1', { contactId: 99, event: {} }),
    ].map((row) => syncLogEntry(row, lookups)));

    expect(rows.map(({ action, esp, target, kommoContactId, contact, leadId }) => ({ action, esp, target, kommoContactId, contact, leadId }))).toEqual([
      { action: 'sent', esp: 'omnisend', target: 'omnisend', kommoContactId: 11, contact: { name: 'Jane Doe', email: 'jane@acme.example' }, leadId: 1001 },
      { action: 'opted-out', esp: 'moosend', target: 'moosend', kommoContactId: 11, contact: { name: 'Jane Doe', email: 'jane@acme.example' }, leadId: null },
      { action: 'note', esp: null, target: 'kommo', kommoContactId: null, contact: null, leadId: 1001 },
      { action: 'note', esp: null, target: 'kommo', kommoContactId: 11, contact: { name: 'Jane Doe', email: 'jane@acme.example' }, leadId: null },
      { action: 'esp-event', esp: 'customerio', target: 'kommo', kommoContactId: 11, contact: { name: 'Jane Doe', email: 'jane@acme.example' }, leadId: null },
      { action: 'poll', esp: 'moosend', target: 'moosend', kommoContactId: null, contact: null, leadId: null },
      { action: 'deal-read', esp: null, target: 'kommo', kommoContactId: null, contact: null, leadId: 1001 },
      // A contact the bridge has not read yet: its id, and nothing made up.
      { action: 'contact-read', esp: null, target: 'kommo', kommoContactId: 99, contact: null, leadId: null },
    ]);
  });

  it('keeps what the job itself knows of a person the bridge has not read from Kommo', async () => {
    const stranger = { ...push, push: { ...push.push, identity: { ...push.push.identity, email: 'new@example.com', kommoContactId: 12 } } };
    expect((await syncLogEntry(job('esp.push', 'omnisend:1', stranger), lookups)).contact).toEqual({ name: 'Jane D.', email: 'new@example.com' });
    expect(await syncLogEntry(job('esp.event', 'kommo:1', { esp: 'moosend', email: 'who@example.com' }), lookups)).toMatchObject({ kommoContactId: null, contact: { name: null, email: 'who@example.com' } });
  });

  it('tells what kind of failure the recorded error was, and who answered with it', async () => {
    const failed = (kind: string, target: string, payload: unknown, lastError: string) => syncLogEntry(job(kind, target, payload, { status: 'dead', lastError }), lookups).then((entry) => entry.failure);
    expect(await failed('esp.push', 'omnisend:1', push, 'EspBadCredentials: Omnisend rejected the API key on POST /api/contacts (401)')).toEqual({ kind: 'key-rejected', by: 'omnisend' });
    expect(await failed('esp.push', 'moosend:1', { ...push, esp: 'moosend' }, 'gave up after 12 attempts: EspUnavailable: Moosend is unavailable for GET /v3/x (HTTP 503); will retry')).toEqual({
      kind: 'unavailable',
      by: 'moosend',
    });
    expect(await failed('esp.event', 'kommo:1', { esp: 'customerio', email: 'x@y.z' }, 'KommoRejectedInput: Kommo rejected POST /api/v4/leads/notes: bad')).toEqual({ kind: 'rejected', by: 'kommo' });
    expect(await failed('kommo.note', 'kommo:1', { entity: 'leads', entityId: 1 }, 'KommoAccessMissing: The bridge has no Kommo access for the account "acme": connect it')).toEqual({
      kind: 'kommo-access',
      by: 'kommo',
    });
    expect(await failed('esp.push', 'customerio:1', { ...push, esp: 'customerio' }, 'TypeError: fetch failed')).toEqual({ kind: 'other', by: 'customerio' });
    expect((await syncLogEntry(job('esp.push', 'omnisend:1', push), lookups)).failure).toBeNull();
  });
});
