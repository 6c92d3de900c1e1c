import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKommoClient } from '../../backend-lite/kommo/kommoClient.ts';
import {
  KommoForbidden,
  KommoNotFound,
  KommoRateLimited,
  KommoRejectedInput,
  KommoUnauthorized,
  KommoUnavailable,
} from '../../backend-lite/kommo/kommoErrors.ts';
import { createPacer, TargetPaused } from '../../backend-lite/queue/pacer.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';

const token = 'client-test-token-0123456789abcdef';
let sim: KommoSimulator;
beforeEach(async () => {
  sim = await startKommoSimulator({ accessToken: token });
});
afterEach(() => sim.close());

const clientFor = (options: { timeoutMs?: number } = {}) => {
  const pacer = createPacer('kommo:test', { ratePerSecond: 6 });
  return { pacer, client: createKommoClient({ origin: sim.origin, accessToken: () => token, pacer, ...options }) };
};
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('Kommo API client against the simulator', () => {
  it('reads a lead with its contacts and a contact with its leads', async () => {
    const contact = sim.addContact({ name: 'Ana Lima', email: 'ana@example.com', phone: '+5511999990000' });
    sim.addLead({ id: 42, contacts: [contact.id] });
    const { client } = clientFor();
    const lead = await client.getLead(42);
    expect(lead._embedded?.contacts).toEqual([expect.objectContaining({ id: contact.id, is_main: true })]);
    const read = await client.getContact(contact.id);
    expect(read._embedded?.leads?.map((l) => l.id)).toEqual([42]);
    expect(sim.requests.map((r) => r.headers['authorization'])).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
  });

  it('treats 204 as "no match" for searches and batched reads', async () => {
    const { client } = clientFor();
    expect(await client.searchContacts('nobody@example.com')).toEqual([]);
    expect(await client.getLeads([123456])).toEqual([]);
    expect(sim.requests.map((r) => r.status)).toEqual([204, 204]);
  });

  it('maps problem+json answers to named errors an operator can act on', async () => {
    const { client } = clientFor();
    expect(await failure(client.getLead(999))).toBeInstanceOf(KommoNotFound);

    sim.addContact({ id: 77 });
    const rejected = await failure(client.patchContactFields(77, [{ field_id: 999999, values: [{ value: 'x' }] }]));
    expect(rejected).toBeInstanceOf(KommoRejectedInput);
    expect((rejected as KommoRejectedInput).problems).toEqual([
      expect.objectContaining({ code: 'NotSupportedChoice', path: 'custom_fields_values.0.field_id' }),
    ]);
    expect((rejected as Error).message).toMatch(/^Kommo rejected PATCH \/api\/v4\/contacts\/77: /);

    sim.revokeToken();
    const unauthorized = await failure(client.getLead(1));
    expect(unauthorized).toBeInstanceOf(KommoUnauthorized);
    expect((unauthorized as KommoUnauthorized).retryable).toBe(false);
  });

  it('pauses every caller of the account for retry_after after a 429', async () => {
    sim.failNext({ status: 429, retryAfterSeconds: 30 });
    const { client, pacer } = clientFor();
    const limited = await failure(client.getLeads([1]));
    expect(limited).toBeInstanceOf(KommoRateLimited);
    expect((limited as KommoRateLimited).retryAfterMs).toBe(30_000);
    // The next call does not reach Kommo: the pacer refuses it until the pause is over.
    expect(await failure(client.getLeads([2]))).toBeInstanceOf(TargetPaused);
    expect(sim.requests).toHaveLength(1);
    expect(pacer.pausedUntil()).toBeGreaterThan(Date.now() + 29_000);
  });

  it('backs off for minutes on 403, since Kommo answers 403 to a blocked IP', async () => {
    sim.failNext({ status: 403 });
    const { client } = clientFor();
    const forbidden = await failure(client.getLead(1));
    expect(forbidden).toBeInstanceOf(KommoForbidden);
    expect((forbidden as KommoForbidden).retryAfterMs).toBe(600_000);
  });

  it('reports a hung Kommo as unavailable after the timeout', async () => {
    sim.hang(true);
    const { client } = clientFor({ timeoutMs: 200 });
    const hung = await failure(client.getLead(1));
    expect(hung).toBeInstanceOf(KommoUnavailable);
    expect((hung as Error).message).toMatch(/no answer in 200 ms/);
  });

  it('sends notes and tasks in the documented shapes', async () => {
    sim.addLead({ id: 5 });
    const { client } = clientFor();
    await client.addNotes('leads', [{ entityId: 5, text: 'Pushed to Omnisend' }]);
    await client.addTasks([{ text: 'Call', completeTill: 1_900_000_000, entityId: 5, entityType: 'leads', responsibleUserId: 8000001 }]);
    expect(sim.notes).toEqual([expect.objectContaining({ entity_id: 5, note_type: 'common', params: { text: 'Pushed to Omnisend' } })]);
    expect(sim.tasks).toEqual([expect.objectContaining({ entity_id: 5, entity_type: 'leads', text: 'Call', task_type_id: 1 })]);
  });
});
