import { afterEach, describe, expect, it } from 'vitest';
import { change, identity, startKit, wonEvent, type Kit } from './customerioTestKit.ts';

const NOW = Date.now();

describe('customerio adapter: pushMany through /api/v2/batch', () => {
  let kit: Kit;
  afterEach(async () => {
    expect(kit.sim.unsubscribedFalseWrites()).toEqual([]);
    await kit.sim.close();
  });

  it('one lookup, a batch of identifies, then a batch of events; a 207 item fails alone', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'old@example.com', unsubscribed: true, attributes: { vip: true } });
    const pushes = [
      change({ identity: identity('new@example.com', { kommoContactId: 1 }), event: wonEvent(NOW - 1000, 1) }),
      change({ identity: identity('old@example.com', { kommoContactId: 2 }), newContactStatus: { email: 'subscribed' }, event: wonEvent(NOW - 1000, 2) }),
      change({ identity: identity('long@example.com', { kommoContactId: 3 }), fields: { notes: 'x'.repeat(1001) }, event: wonEvent(NOW - 1000, 3) }),
      change({ identity: identity('', { kommoContactId: 4 }) }),
      change({ identity: identity('fresh@example.com', { kommoContactId: 5 }), newContactStatus: { email: 'subscribed' } }),
    ];

    const results = await kit.adapter.pushMany(pushes);

    expect(results.map((r) => r.outcome)).toEqual(['created', 'updated', 'skipped', 'skipped', 'created']);
    expect(results[0]?.summary).toBe('created new@example.com unsubscribed: no email consent yet; attributes plan, kommo_deal_id; event deal_won');
    expect(results[2]?.summary).toBe("Customer.io rejected long@example.com: attributes: value for attribute 'notes' cannot be longer than 1000 bytes");
    expect(results[3]?.summary).toBe('Kommo contact 4 has no email; not sent to Customer.io');

    expect(kit.sim.appRequests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1/customers/attributes', { ids: ['new@example.com', 'old@example.com', 'long@example.com', 'fresh@example.com'] }],
    ]);
    const [identifies, events] = kit.sim.trackRequests;
    expect(kit.sim.trackRequests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/api/v2/batch', 207],
      ['POST', '/api/v2/batch', 200],
    ]);
    const batch = (identifies?.body as { batch: Array<Record<string, unknown>> }).batch;
    expect(batch.map((op) => [op['action'], op['identifiers']])).toEqual([
      ['identify', { email: 'new@example.com' }],
      ['identify', { email: 'old@example.com' }],
      ['identify', { email: 'long@example.com' }],
      ['identify', { email: 'fresh@example.com' }],
    ]);
    expect(batch[0]?.['attributes']).toMatchObject({ unsubscribed: true, kommo_email_status: 'not_subscribed', kommo_contact_id: 1, created_at: expect.any(Number) });
    expect(batch[1]?.['attributes']).not.toHaveProperty('unsubscribed');
    expect(batch[1]?.['attributes']).not.toHaveProperty('created_at');
    expect(batch[3]?.['attributes']).not.toHaveProperty('unsubscribed');
    // The refused person's event is not sent: an event must never be what creates someone.
    expect((events?.body as { batch: Array<Record<string, unknown>> }).batch).toEqual([
      { type: 'person', identifiers: { email: 'new@example.com' }, action: 'event', id: pushes[0]?.event?.id, name: 'deal_won', timestamp: Math.floor((NOW - 1000) / 1000), attributes: { plan: 'Pro', deal_id: 1 } },
      { type: 'person', identifiers: { email: 'old@example.com' }, action: 'event', id: pushes[1]?.event?.id, name: 'deal_won', timestamp: Math.floor((NOW - 1000) / 1000), attributes: { plan: 'Pro', deal_id: 2 } },
    ]);

    expect(kit.sim.person('new@example.com')).toMatchObject({ unsubscribed: true });
    expect(kit.sim.person('old@example.com')).toMatchObject({ unsubscribed: true, attributes: { vip: true, plan: 'Pro' } });
    expect(kit.sim.person('fresh@example.com')).toMatchObject({ unsubscribed: false });
    expect(kit.sim.person('long@example.com')).toBeUndefined();
    expect(kit.sim.events('new@example.com')).toHaveLength(1);
  });

  it('splits batches under 500 KB and lookups at 100 emails', async () => {
    kit = await startKit();
    // 250 people with 20 × 1000-byte attributes each ≈ 5 MB: 11 batches, 3 lookups.
    const bulky = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`note_${i}`, 'y'.repeat(1000)]));
    const pushes = Array.from({ length: 250 }, (_, i) => change({ identity: identity(`p${i}@example.com`, { kommoContactId: i }), fields: bulky }));

    const results = await kit.adapter.pushMany(pushes);

    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect(kit.sim.appRequests.map((r) => (r.body as { ids: string[] }).ids.length)).toEqual([100, 100, 50]);
    const sizes = kit.sim.trackRequests.map((r) => Buffer.byteLength(r.rawBody));
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500 * 1024);
    expect(kit.sim.trackRequests.every((r) => r.status === 200)).toBe(true);
    expect(kit.sim.people()).toHaveLength(250);
  });
});
