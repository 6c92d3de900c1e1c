import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, contactBody, json } from './testClient.ts';

describe('omnisend simulator: /api/batches (reference §A.6; 2026 Batches API)', () => {
  let sim: OmnisendSimulator;
  beforeAll(async () => {
    sim = await startOmnisendSimulator({ asyncDelayMs: 100 });
    sim.seedContact({ email: 'bout@example.com', emailStatus: 'unsubscribed', emailStatusChangedAt: '2026-03-01T00:00:00Z' });
  });
  afterAll(() => sim.close());

  it('POST answers 201 {batchID, totalCount}; items are processed later like POST /api/contacts', async () => {
    const res = await call(sim, '/api/batches', {
      method: 'POST',
      body: {
        method: 'POST',
        endpoint: 'contacts',
        origin: 'api',
        items: [
          contactBody('b1@example.com', undefined, { tags: ['customer'] }),
          contactBody('bout@example.com', { status: 'subscribed' }),
          { identifiers: [{ type: 'email', id: 'broken' }] },
        ],
      },
    });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toEqual({ batchID: expect.stringMatching(/^[0-9a-f]{24}$/), totalCount: 3 });
    const id = String(created['batchID']);
    expect(await json(await call(sim, `/api/batches/${id}`))).toMatchObject({ batchID: id, status: 'pending', endpoint: 'contacts', method: 'POST', totalCount: 3 });

    await sim.settled();
    expect(sim.contacts.byEmail('b1@example.com')).toMatchObject({ tags: ['customer'] });
    // The trap does not go away in batches.
    expect(sim.wasResubscribed('bout@example.com')).toBe(true);
    expect(sim.statusHistory('bout@example.com').at(-1)?.via).toBe('POST /api/batches (contacts)');

    const info = await json(await call(sim, `/api/batches/${id}`));
    expect(info).toMatchObject({ status: 'finished', finishedCount: 2, errorsCount: 1, origin: 'api', startedAt: expect.any(String), endedAt: expect.any(String) });
    const items = await json(await call(sim, `/api/batches/${id}/items`));
    expect(items['responses']).toEqual([
      expect.objectContaining({ responseCode: 201, status: 'finished' }),
      expect.objectContaining({ responseCode: 200, status: 'finished' }),
    ]);
    expect(items['errors']).toEqual([
      expect.objectContaining({ responseCode: 400, status: 'failed', response: expect.objectContaining({ errors: [expect.objectContaining({ field: 'items.2.identifiers.0.id' })] }) }),
    ]);

    const list = await json(await call(sim, '/api/batches?endpoint=contacts'));
    expect(list).toMatchObject({ batches: [{ batchID: id }], paging: { limit: 100, offset: 0 } });
  });

  it('events batches go through POST /api/events', async () => {
    const res = await call(sim, '/api/batches', { method: 'POST', body: { method: 'POST', endpoint: 'events', items: [{ eventName: 'deal_won', origin: 'api', contact: { email: 'be@example.com' } }] } });
    expect(res.status).toBe(201);
    await sim.settled();
    expect(sim.events.at(-1)).toMatchObject({ eventName: 'deal_won' });
    expect(sim.contacts.byEmail('be@example.com')).toBeDefined();
  });

  it('validates method, endpoint and 1–100 items; GET needs endpoint; unknown batch is 404', async () => {
    const res = await call(sim, '/api/batches', { method: 'POST', body: { method: 'PATCH', endpoint: 'orders', items: Array.from({ length: 101 }, () => ({})) } });
    expect(res.status).toBe(400);
    expect(((await json(res))['errors'] as Array<{ field: string }>).map((e) => e.field)).toEqual(['method', 'endpoint', 'items']);
    const list = await call(sim, '/api/batches');
    expect(list.status).toBe(400);
    expect(await json(list)).toMatchObject({ errors: [{ field: 'endpoint', code: 'required' }] });
    expect((await call(sim, '/api/batches/ffffffffffffffffffffffff')).status).toBe(404);
  });
});
