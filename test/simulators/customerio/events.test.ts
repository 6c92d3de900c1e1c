import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newUlid, startCustomerioSimulator, type CustomerioSimulator } from './index.ts';
import { json, track, trackEvent } from './testClient.ts';

describe('customerio simulator: Track v1 events (reference C.3)', () => {
  let sim: CustomerioSimulator;
  const NOW = Date.UTC(2026, 0, 1, 12);
  beforeEach(async () => {
    sim = await startCustomerioSimulator({ clock: () => NOW });
    sim.seedPerson({ id: '42', email: 'jane@example.com' });
  });
  afterEach(() => sim.close());
  const now = Math.floor(NOW / 1000);

  it('stores {name, data, timestamp, id} on the person and logs an `event` activity', async () => {
    const id = newUlid(NOW);
    const res = await trackEvent(sim, '42', { name: '  deal_won ', id, timestamp: now - 60, data: { plan: 'pro', deal_id: 7 } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({});
    expect(sim.events('42')).toEqual([
      { id, name: 'deal_won', type: 'event', data: { plan: 'pro', deal_id: 7 }, timestamp: now - 60, receivedAt: now, source: 'track_v1', triggersCampaigns: true },
    ]);
    expect(sim.activities('42').at(-1)).toMatchObject({ type: 'event', name: 'deal_won', timestamp: now - 60, data: { plan: 'pro', deal_id: 7 } });
  });

  it('dedupes on the ULID id: a repeat is accepted with 200 and not stored twice', async () => {
    const id = '01HZX3K6Y5W8E2Q4M7N9P0R1ST';
    for (let i = 0; i < 3; i++) expect((await trackEvent(sim, '42', { name: 'deal_won', id })).status).toBe(200);
    // Same id, lower case, even for another person and name: still the same event for Customer.io.
    expect((await trackEvent(sim, 'jane@example.com', { name: 'plan_changed', id: id.toLowerCase() })).status).toBe(200);
    expect(sim.events('42')).toHaveLength(1);
    expect(sim.duplicateEvents.map((d) => d.id)).toEqual([id, id, id.toLowerCase()]);
    await trackEvent(sim, '42', { name: 'deal_won', id: newUlid(NOW) });
    expect(sim.events('42')).toHaveLength(2);
  });

  it('without an id nothing can be deduped: every retry is a new event', async () => {
    await trackEvent(sim, '42', { name: 'deal_won' });
    await trackEvent(sim, '42', { name: 'deal_won' });
    expect(sim.events('42')).toHaveLength(2);
  });

  it('refuses invalid events with 400 {"meta":{"errors":[…]}} and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ data: {} }, 'event name is required'],
      [{ name: '   ' }, 'event name is required'],
      [{ name: 'n'.repeat(101) }, 'event name cannot be longer than 100 bytes'],
      [{ name: 'deal_won', id: 'deal-7-won' }, 'id must be a valid ULID'],
      [{ name: 'deal_won', id: '81HZX3K6Y5W8E2Q4M7N9P0R1ST' }, 'id must be a valid ULID'],
      [{ name: 'deal_won', timestamp: NOW }, 'timestamp must be a valid unix timestamp in seconds'],
      [{ name: 'deal_won', timestamp: '1767225600' }, 'timestamp must be a valid unix timestamp in seconds'],
      [{ name: 'deal_won', type: 'purchase' }, 'type must be one of event, page, screen'],
      [{ name: 'deal_won', data: ['x'] }, 'data must be an object'],
      [{ name: 'deal_won', data: { blob: 'x'.repeat(100_001) } }, 'event data cannot be longer than 100000 bytes'],
    ];
    for (const [body, error] of cases) {
      const res = await trackEvent(sim, '42', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(await json(res)).toEqual({ meta: { errors: [error] } });
    }
    const notJson = await track(sim, 'POST', '/api/v1/customers/42/events', { body: 'name=deal_won' });
    expect(await json(notJson)).toEqual({ meta: { errors: ['request body is not valid JSON'] } });
    expect((await track(sim, 'POST', '/api/v1/customers/42/events')).status).toBe(400);
    expect(sim.events('42')).toEqual([]);
  });

  it('marks events older than 72 hours as unable to trigger campaigns', async () => {
    await trackEvent(sim, '42', { name: 'old', timestamp: now - 73 * 3600 });
    await trackEvent(sim, '42', { name: 'recent', timestamp: now - 71 * 3600 });
    expect(sim.events('42').map((e) => [e.name, e.triggersCampaigns])).toEqual([['old', false], ['recent', true]]);
  });

  it('an event for an unknown id creates the person; for an unknown cio_ it is dropped', async () => {
    await trackEvent(sim, '77', { name: 'deal_won' });
    expect(sim.events('77')).toHaveLength(1);
    await trackEvent(sim, 'cio_ffff00000000', { name: 'deal_won' });
    expect(sim.dropped.at(-1)).toMatchObject({ operation: 'event', reason: 'no person matches the identifier' });
  });

  it('accepts anonymous events at POST /api/v1/events, sharing the dedup', async () => {
    const id = newUlid(NOW);
    expect((await track(sim, 'POST', '/api/v1/events', { body: { name: 'viewed', anonymous_id: 'anon-1', id } })).status).toBe(200);
    expect((await trackEvent(sim, '42', { name: 'viewed', id })).status).toBe(200);
    expect(sim.anonymousEvents).toHaveLength(1);
    expect(sim.anonymousEvents[0]).toMatchObject({ name: 'viewed', anonymous_id: 'anon-1' });
    expect(sim.events('42')).toEqual([]);
  });
});
