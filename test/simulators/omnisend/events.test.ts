import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, json } from './testClient.ts';

describe('omnisend simulator: POST /api/events (reference §A.5)', () => {
  let sim: OmnisendSimulator;
  beforeAll(async () => {
    sim = await startOmnisendSimulator({ asyncDelayMs: 20 });
  });
  afterAll(() => sim.close());

  it('accepts the documented body with 202 and no body, records it, and creates the contact asynchronously', async () => {
    const res = await call(sim, '/api/events', {
      method: 'POST',
      body: { eventName: 'deal_won', origin: 'api', eventID: '9afca57b-d157-478b-adde-b9506322b16f', contact: { email: 'ev@example.com', firstName: 'Eve' }, properties: { plan: 'pro', deal_id: 15318175 } },
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(sim.events.at(-1)).toMatchObject({ eventName: 'deal_won', origin: 'api', eventID: '9afca57b-d157-478b-adde-b9506322b16f', properties: { plan: 'pro', deal_id: 15318175 }, contactId: null });
    expect(sim.contacts.byEmail('ev@example.com')).toBeUndefined();
    await sim.settled();
    const contact = sim.contacts.byEmail('ev@example.com');
    expect(contact).toMatchObject({ firstName: 'Eve', status: 'nonSubscribed' });
    expect(sim.events.at(-1)?.contactId).toBe(contact?.['id']);
    // The events API has no welcome flag: not counted against the bridge.
    expect(sim.welcomeMessages).toEqual([]);
  });

  it('generates an eventID and eventTime when absent; accepts the space-separated eventTime form', async () => {
    await call(sim, '/api/events', { method: 'POST', body: { eventName: 'x', origin: 'api', eventTime: '2026-07-01 00:00:00+02:00', contact: { email: 'ev@example.com' } } });
    expect(sim.events.at(-1)).toMatchObject({ eventID: expect.stringMatching(/^[0-9a-f-]{36}$/), eventTime: '2026-06-30T22:00:00Z' });
  });

  it('refuses a missing eventName, origin or contact, a bad eventID and a bad email', async () => {
    const res = await call(sim, '/api/events', { method: 'POST', body: { eventID: '123', properties: [] } });
    expect(res.status).toBe(400);
    const errors = (await json(res))['errors'] as Array<{ field: string; code: string }>;
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['eventName', 'required'],
      ['origin', 'required'],
      ['eventID', 'invalid_format'],
      ['properties', 'invalid_type'],
      ['contact', 'required'],
    ]);
    const bad = await call(sim, '/api/events', { method: 'POST', body: { eventName: 'x', origin: 'api', contact: { email: 'nope' } } });
    expect(await json(bad)).toMatchObject({ errors: [{ field: 'contact.email', code: 'invalid_format' }] });
  });

  it('contact optIns/optOuts follow the same newest-date rule (an event can re-subscribe too)', async () => {
    sim.seedContact({ email: 'evout@example.com', emailStatus: 'unsubscribed', emailStatusChangedAt: '2026-03-01T00:00:00Z' });
    await call(sim, '/api/events', { method: 'POST', body: { eventName: 'x', origin: 'api', contact: { email: 'evout@example.com', optIns: [{ channel: 'email', createdAt: '2026-02-01T00:00:00Z' }] } } });
    await sim.settled();
    expect(sim.wasResubscribed('evout@example.com')).toBe(false);
    await call(sim, '/api/events', { method: 'POST', body: { eventName: 'x', origin: 'api', contact: { email: 'evout@example.com', optIns: [{ channel: 'email' }] } } });
    await sim.settled();
    expect(sim.wasResubscribed('evout@example.com')).toBe(true);
    expect(sim.statusHistory('evout@example.com').at(-1)?.via).toBe('POST /api/events');
  });
});
