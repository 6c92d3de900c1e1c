import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBSCRIBE_MANY_MAX as SIMULATOR_SUBSCRIBE_MANY_MAX, type MoosendSimulator } from '../../../test/simulators/moosend/index.ts';
import { SUBSCRIBE_MANY_MAX } from './moosendLimits.ts';
import { adapterFor, consented, DEMO, pushOf, requestsTo, startSim, WON } from './moosendTestKit.ts';

describe('moosend adapter: pushMany through subscribe_many.json', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('reads everyone, applies the same skip rules, then writes per list in one batch request', async () => {
    sim.seedSubscriber(WON, { email: 'keep@example.com', customFields: { Company: 'Acme', Plan: 'Basic' }, tags: ['vip'] });
    sim.seedSubscriber(WON, { email: 'gone@example.com', status: 'Unsubscribed' });
    sim.seedSubscriber(DEMO, { email: 'demo@example.com' });
    const { adapter } = adapterFor(sim);
    const results = await adapter.pushMany([
      pushOf({ email: 'keep@example.com', addTags: ['customer'] }),
      pushOf({ email: 'gone@example.com', ...consented }),
      pushOf({ email: 'fresh@example.com', ...consented }),
      pushOf({ email: 'noconsent@example.com' }),
      pushOf({ email: 'demo@example.com', list: DEMO }),
    ]);

    expect(results.map((r) => r.outcome)).toEqual(['updated', 'skipped', 'created', 'skipped', 'updated']);
    expect(results[1]?.summary).toBe('not updated in list "Won": the person unsubscribed');
    expect(results[3]?.summary).toMatch(/no email consent/);
    // Every read before any write.
    const kinds = sim.requests.map((r) => r.path.split('/').at(-1));
    expect(kinds.lastIndexOf('view.json')).toBeLessThan(kinds.indexOf('subscribe_many.json'));
    expect(requestsTo(sim, 'subscribe.json')).toHaveLength(0);

    const batches = requestsTo(sim, 'subscribe_many.json');
    expect(batches.map((r) => r.path)).toEqual([`/v3/subscribers/${WON}/subscribe_many.json`, `/v3/subscribers/${DEMO}/subscribe_many.json`]);
    for (const r of batches) expect(r.query.get('apikey')).toBe(sim.apiKey);
    expect(batches[0]?.body).toEqual({
      HasExternalDoubleOptIn: false,
      Subscribers: [
        { Email: 'keep@example.com', Name: 'Ana Lima', CustomFields: ['Company=Acme', 'kommo_deal_id=42', 'Plan=Pro'], Tags: ['vip', 'customer'] },
        { Email: 'fresh@example.com', Name: 'Ana Lima', CustomFields: ['kommo_deal_id=42', 'Plan=Pro'], Tags: [] },
      ],
    });
    expect(sim.customFields(WON, 'keep@example.com')).toEqual({ Company: 'Acme', Plan: 'Pro', kommo_deal_id: '42' });
    expect(sim.subscriber(WON, 'gone@example.com')?.SubscribeType).toBe(2);
    expect(sim.subscriber(WON, 'noconsent@example.com')).toBeUndefined();
    expect(sim.resubscriptions()).toEqual([]);
  });

  it('two changes to one person in one batch merge in order into one write', async () => {
    sim.seedSubscriber(WON, { email: 'twice@example.com', customFields: { Company: 'Acme' } });
    const { adapter } = adapterFor(sim);
    const results = await adapter.pushMany([
      pushOf({ email: 'twice@example.com', fields: { plan: 'Basic', mrr: 10 } }),
      pushOf({ email: 'twice@example.com', fields: { plan: 'Pro' }, addTags: ['upgraded'] }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['updated', 'updated']);
    expect(requestsTo(sim, 'view.json')).toHaveLength(1);
    expect(requestsTo(sim, 'subscribe_many.json')[0]?.body).toMatchObject({
      Subscribers: [{ Email: 'twice@example.com', CustomFields: ['Company=Acme', 'mrr=10', 'Plan=Pro'], Tags: ['upgraded'] }],
    });
  });

  it('an address Moosend ignores as invalid (Code 0 with a note in Error) is reported as not written', async () => {
    const { adapter } = adapterFor(sim);
    const results = await adapter.pushMany([pushOf({ email: 'ok@example.com', ...consented }), pushOf({ email: 'broken@nowhere', ...consented })]);
    expect(results[0]?.outcome).toBe('created');
    expect(results[1]).toEqual({ outcome: 'skipped', summary: 'not written to list "Won": Moosend ignored the address as invalid' });
    expect(sim.subscriber(WON, 'ok@example.com')?.SubscribeType).toBe(1);
  });

  it('chunks the batch (1,000 per request by default, as Moosend allows) and keeps subscribe_many within 2 per window', async () => {
    expect(SUBSCRIBE_MANY_MAX).toBe(SIMULATOR_SUBSCRIBE_MANY_MAX);
    const { adapter } = adapterFor(sim, { batchSize: 4 });
    const changes = Array.from({ length: 9 }, (_, i) => pushOf({ email: `bulk${i}@example.com`, ...consented }));
    const results = await adapter.pushMany(changes);

    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    const batches = requestsTo(sim, 'subscribe_many.json');
    expect(batches.map((r) => (r.body as { Subscribers: unknown[] }).Subscribers.length)).toEqual([4, 4, 1]);
    expect(sim.maxRequestsInEndpointWindow('subscribe_many')).toBeLessThanOrEqual(sim.rateLimits.subscribe_many.limit);
    expect(sim.refusals.filter((r) => r.error === 'RATE-LIMITING')).toEqual([]);
    expect(sim.members(WON, 'Subscribed').filter((m) => m.Email.startsWith('bulk'))).toHaveLength(9);
  });

  it('batches that finish their reads while subscribe_many waits for its slot go out together in the next request', async () => {
    const { adapter } = adapterFor(sim);
    const first = adapter.pushMany([pushOf({ email: 'm1@example.com', ...consented }), pushOf({ email: 'm2@example.com', ...consented })]);
    await first; // takes the only slot of this window
    const later = await Promise.all([
      adapter.pushMany([pushOf({ email: 'm3@example.com', ...consented }), pushOf({ email: 'm4@example.com', ...consented })]),
      adapter.pushMany([pushOf({ email: 'm5@example.com', ...consented }), pushOf({ email: 'm6@example.com', ...consented })]),
      // Same address as a batch already waiting (two Kommo contacts sharing an email).
      adapter.pushMany([pushOf({ email: 'm7@example.com', ...consented }), pushOf({ email: 'm3@example.com', ...consented, fields: { plan: 'Max' } })]),
    ]);

    expect(later.flat().map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'created', 'created', 'created']);
    const sizes = requestsTo(sim, 'subscribe_many.json').map((r) => (r.body as { Subscribers: { Email: string }[] }).Subscribers.map((p) => p.Email));
    // The second and third batch share a request; the fourth names m3 again, so it waits for the next one.
    expect(sizes).toEqual([['m1@example.com', 'm2@example.com'], ['m3@example.com', 'm4@example.com', 'm5@example.com', 'm6@example.com'], ['m7@example.com', 'm3@example.com']]);
    expect(sim.maxRequestsInEndpointWindow('subscribe_many')).toBeLessThanOrEqual(sim.rateLimits.subscribe_many.limit);
    expect(sim.refusals.filter((r) => r.error === 'RATE-LIMITING')).toEqual([]);
    expect(sim.customFields(WON, 'm3@example.com')).toMatchObject({ Plan: 'Max' });
  });

  it('a failed subscribe_many fails every batch that rode in it', async () => {
    const { adapter } = adapterFor(sim);
    await adapter.pushMany([pushOf({ email: 'x0@example.com', ...consented }), pushOf({ email: 'x9@example.com', ...consented })]);
    sim.failNext({ status: 503, path: /subscribe_many\.json$/ });
    const settled = await Promise.allSettled([
      adapter.pushMany([pushOf({ email: 'x1@example.com', ...consented }), pushOf({ email: 'x2@example.com', ...consented })]),
      adapter.pushMany([pushOf({ email: 'x3@example.com', ...consented }), pushOf({ email: 'x4@example.com', ...consented })]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(requestsTo(sim, 'subscribe_many.json')).toHaveLength(2);
  });

  it('an empty batch sends nothing', async () => {
    expect(await adapterFor(sim).adapter.pushMany([])).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });
});
