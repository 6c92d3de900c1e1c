import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newUlid, startCustomerioSimulator, type CustomerioSimulator } from './index.ts';
import { json, track, trackEvent } from './testClient.ts';

describe('customerio simulator: Track v2 entity and batch (reference C.5)', () => {
  let sim: CustomerioSimulator;
  beforeEach(async () => {
    sim = await startCustomerioSimulator();
  });
  afterEach(() => sim.close());

  const entity = (body: unknown) => track(sim, 'POST', '/api/v2/entity', { body });
  const batch = (body: unknown) => track(sim, 'POST', '/api/v2/batch', { body });

  it('entity identify by email creates/updates with the same rules as v1, unsubscribed included', async () => {
    const res = await entity({ type: 'person', identifiers: { email: 'Jane@Example.com' }, action: 'identify', attributes: { id: '42', plan: 'pro', unsubscribed: true } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({});
    expect(sim.person('jane@example.com')).toMatchObject({ id: '42', email: 'Jane@Example.com', unsubscribed: true, attributes: { plan: 'pro' } });

    await entity({ type: 'person', identifiers: { id: '42' }, action: 'identify', attributes: { unsubscribed: false } });
    expect(sim.person('42')?.unsubscribed).toBe(false);
    expect(sim.unsubscribedFalseWrites()).toMatchObject([{ source: 'track_v2', identifier: '42', attributes: { unsubscribed: false } }]);
  });

  it('entity events share the workspace dedup with v1', async () => {
    const id = newUlid();
    await entity({ type: 'person', identifiers: { id: '42' }, action: 'event', id, name: 'deal_won', attributes: { plan: 'pro' } });
    await trackEvent(sim, '42', { name: 'deal_won', id });
    await entity({ type: 'person', identifiers: { id: '42' }, action: 'event', id, name: 'deal_won' });
    expect(sim.events('42')).toMatchObject([{ id, name: 'deal_won', data: { plan: 'pro' }, source: 'track_v2' }]);
    expect(sim.duplicateEvents).toHaveLength(2);
  });

  it('refuses a malformed entity with 400 {"errors":[{reason, field, message}]}', async () => {
    const cases: Array<[unknown, { reason: string; field: string }]> = [
      [{ identifiers: { id: '42' }, action: 'identify' }, { reason: 'required', field: 'type' }],
      [{ type: 'people', identifiers: { id: '42' }, action: 'identify' }, { reason: 'invalid', field: 'type' }],
      [{ type: 'person', identifiers: { id: '42' } }, { reason: 'required', field: 'action' }],
      [{ type: 'person', identifiers: { id: '42' }, action: 'unsubscribe' }, { reason: 'invalid', field: 'action' }],
      [{ type: 'person', action: 'identify' }, { reason: 'required', field: 'identifiers' }],
      [{ type: 'person', identifiers: { id: '42', email: 'jane@example.com' }, action: 'identify' }, { reason: 'invalid', field: 'identifiers' }],
      [{ type: 'person', identifiers: { phone: '+14155552671' }, action: 'identify' }, { reason: 'not_enabled', field: 'identifiers.phone' }],
      [{ type: 'person', identifiers: { id: '42' }, action: 'event' }, { reason: 'required', field: 'name' }],
      [{ type: 'person', identifiers: { id: '42' }, action: 'event', name: 'x', id: 'not-a-ulid' }, { reason: 'invalid', field: 'id' }],
      [{ type: 'person', identifiers: { id: '42' }, action: 'identify', attributes: { bio: 'x'.repeat(1001) } }, { reason: 'too_long', field: 'attributes' }],
    ];
    for (const [body, error] of cases) {
      const res = await entity(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const out = await json(res);
      expect(out['errors']).toEqual([expect.objectContaining({ ...error, message: expect.any(String) })]);
    }
    expect(sim.people()).toEqual([]);
  });

  it('refuses an entity over 32 KB', async () => {
    const res = await entity({ type: 'person', identifiers: { id: '42' }, action: 'event', name: 'big', attributes: { blob: 'x'.repeat(33 * 1024) } });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ errors: [{ reason: 'too_large', field: '', message: 'request must be 32kb or smaller' }] });
  });

  it('batch: all valid → 200 {}; some invalid → 207 with batch_index, the valid ones applied', async () => {
    const ok = await batch({ batch: [
      { type: 'person', identifiers: { id: '1' }, action: 'identify', attributes: { plan: 'pro' } },
      { type: 'person', identifiers: { id: '2' }, action: 'identify', attributes: { plan: 'basic' } },
    ] });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({});

    const mixed = await batch({ batch: [
      { type: 'person', identifiers: { id: '3' }, action: 'identify', attributes: { plan: 'pro' } },
      { type: 'person', identifiers: { id: '4', email: 'x@example.com' }, action: 'identify' },
      { type: 'person', identifiers: { id: '1' }, action: 'suppress' },
      { type: 'person', identifiers: { id: '2' }, action: 'event' },
    ] });
    expect(mixed.status).toBe(207);
    expect(await json(mixed)).toEqual({ errors: [
      { batch_index: 1, reason: 'invalid', field: 'identifiers', message: 'identifiers must contain exactly one of id, email, phone or cio_id' },
      { batch_index: 3, reason: 'required', field: 'name', message: 'event name is required' },
    ] });
    expect(sim.person('3')?.attributes).toEqual({ plan: 'pro' });
    expect(sim.person('1')).toBeUndefined();
    expect(sim.suppressed()).toEqual([{ id: '1', email: null }]);
  });

  it('batch: a non-array batch, or more than 500 KB, is a 400 for the whole request', async () => {
    expect(await json(await batch({ operations: [] }))).toEqual({ errors: [{ reason: 'required', field: 'batch', message: 'batch must be an array of operations' }] });
    const item = { type: 'person', identifiers: { id: '1' }, action: 'identify', attributes: { note: 'x'.repeat(900) } };
    const big = await batch({ batch: Array.from({ length: 600 }, () => item) });
    expect(big.status).toBe(400);
    expect(await json(big)).toEqual({ errors: [{ reason: 'too_large', field: '', message: 'request must be 500kb or smaller' }] });
    expect(sim.people()).toEqual([]);
  });

  it('acknowledges valid operations it does not model (objects, devices) and records them', async () => {
    expect((await entity({ type: 'object', identifiers: { object_type_id: '1', object_id: 'acme' }, action: 'identify', attributes: { name: 'Acme' } })).status).toBe(200);
    expect((await entity({ type: 'object', identifiers: { object_id: 'acme' }, action: 'identify' })).status).toBe(400);
    expect(sim.unmodelledOperations).toMatchObject([{ type: 'object', action: 'identify' }]);
  });
});
