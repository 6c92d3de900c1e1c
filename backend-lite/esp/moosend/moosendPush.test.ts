import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MoosendSimulator } from '../../../test/simulators/moosend/index.ts';
import { adapterFor, consented, DEMO, LOST, pushOf, requestsTo, startSim, WON } from './moosendTestKit.ts';

describe('moosend adapter: push', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('adds a new person with email consent: reads first, then subscribe.json with fields, tags and no double-opt-in bypass', async () => {
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(pushOf({ email: 'new1@example.com', addTags: ['customer'], ...consented }));

    expect(result.outcome).toBe('created');
    expect(result.summary).toMatch(/added to list "Won" with email consent/);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v3/lists/${WON}/details.json`,
      `GET /v3/subscribers/${WON}/view.json`,
      `POST /v3/subscribers/${WON}/subscribe.json`,
    ]);
    for (const r of sim.requests) expect(r.query.get('apikey')).toBe(sim.apiKey);
    expect(requestsTo(sim, 'view.json')[0]?.query.get('Email')).toBe('new1@example.com');
    expect(requestsTo(sim, 'subscribe.json')[0]?.body).toEqual({
      Email: 'new1@example.com',
      Name: 'Ana Lima',
      // The list's own spelling ("Plan"), not the rule's ("plan").
      CustomFields: ['kommo_deal_id=42', 'Plan=Pro'],
      Tags: ['customer'],
      HasExternalDoubleOptIn: false,
    });
    expect(sim.subscriber(WON, 'new1@example.com')).toMatchObject({ SubscribeType: 1, Name: 'Ana Lima', Tags: ['customer'] });
    expect(sim.customFields(WON, 'new1@example.com')).toEqual({ Plan: 'Pro', kommo_deal_id: '42' });
  });

  it('never adds a new person without email consent: adding to a Moosend list subscribes them', async () => {
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(pushOf({ email: 'noconsent@example.com' }));

    expect(result).toEqual({
      outcome: 'skipped',
      summary: 'not added to list "Won": no email consent (adding someone to a Moosend list subscribes them)',
    });
    expect(requestsTo(sim, 'subscribe.json')).toHaveLength(0);
    expect(sim.subscriber(WON, 'noconsent@example.com')).toBeUndefined();
  });

  it('updates an existing subscriber: keeps the fields it does not manage, the name and the tags; managed fields win', async () => {
    sim.seedSubscriber(WON, {
      email: 'old@example.com',
      name: 'Ana From Moosend',
      customFields: { Company: 'Acme', Plan: 'Basic', mrr: '10' },
      tags: ['vip'],
      preferences: ['weekly'],
    });
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(
      pushOf({ email: 'old@example.com', firstName: null, lastName: null, fields: { plan: 'Pro', mrr: null, kommo_deal_id: 42 }, addTags: ['customer'] }),
    );

    expect(result.outcome).toBe('updated');
    expect(result.summary).toBe('updated in list "Won" (fields Plan, mrr, kommo_deal_id; tags +customer)');
    expect(requestsTo(sim, 'subscribe.json')[0]?.body).toEqual({
      Email: 'old@example.com',
      Name: 'Ana From Moosend',
      CustomFields: ['Company=Acme', 'Plan=Pro', 'kommo_deal_id=42'],
      Tags: ['vip', 'customer'],
      Preferences: ['weekly'],
      HasExternalDoubleOptIn: false,
    });
    expect(sim.customFields(WON, 'old@example.com')).toEqual({ Company: 'Acme', Plan: 'Pro', kommo_deal_id: '42' });
    expect(sim.subscriber(WON, 'old@example.com')).toMatchObject({ Name: 'Ana From Moosend', Tags: ['vip', 'customer'], SubscribeType: 1 });
    // The simulator records what a blind upsert would have cleared: nothing was lost.
    const fieldWrites = sim.history(WON, 'old@example.com').filter((h) => h.kind === 'fields');
    expect(fieldWrites.at(-1)).toMatchObject({ cleared: ['mrr'] });
  });

  it('existing consent does not matter for an existing subscriber, and removeTags removes', async () => {
    sim.seedSubscriber(WON, { email: 'tags@example.com', tags: ['trial', 'vip'] });
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(pushOf({ email: 'tags@example.com', addTags: ['customer'], removeTags: ['trial'] }));
    expect(result.outcome).toBe('updated');
    expect(sim.subscriber(WON, 'tags@example.com')?.Tags).toEqual(['vip', 'customer']);
  });

  it.each([
    ['Unsubscribed', 'the person unsubscribed'],
    ['Bounced', 'the address bounced'],
    ['Removed', 'the person was removed from the list'],
  ] as const)('never calls subscribe for someone %s in the list, even with consent', async (status, why) => {
    const email = `${status.toLowerCase()}@example.com`;
    sim.seedSubscriber(WON, { email, status, customFields: { Plan: 'Basic' } });
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(pushOf({ email, ...consented }));

    expect(result).toEqual({ outcome: 'skipped', summary: `not updated in list "Won": ${why}` });
    expect(requestsTo(sim, 'subscribe.json')).toHaveLength(0);
    expect(sim.resubscriptions()).toEqual([]);
    expect(sim.customFields(WON, email)).toEqual({ Plan: 'Basic' });
  });

  it('someone who unsubscribes in Moosend after a push is not re-subscribed by the next one', async () => {
    const { adapter } = adapterFor(sim);
    await adapter.push(pushOf({ email: 'later@example.com', ...consented }));
    sim.unsubscribeInApp(WON, 'later@example.com');
    const result = await adapter.push(pushOf({ email: 'later@example.com', fields: { plan: 'Enterprise' }, ...consented }));
    expect(result.outcome).toBe('skipped');
    expect(sim.resubscriptions()).toEqual([]);
    expect(sim.subscriber(WON, 'later@example.com')?.SubscribeType).toBe(2);
  });

  it('a push without a list (plan change, resync) updates every mapped list the person is a member of, and only those', async () => {
    sim.seedSubscriber(WON, { email: 'multi@example.com', customFields: { Plan: 'Basic', Company: 'Acme' } });
    sim.seedSubscriber(DEMO, { email: 'multi@example.com', status: 'Unsubscribed' });
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(pushOf({ email: 'multi@example.com', list: null, addTags: ['plan_pro'], ...consented }));

    expect(result.outcome).toBe('updated');
    expect(result.summary).toBe('updated in list "Won" (fields kommo_deal_id, Plan; tags +plan_pro); not updated in list "Demo booked": the person unsubscribed');
    expect(requestsTo(sim, 'view.json').map((r) => r.path).sort()).toEqual(
      [`/v3/subscribers/${WON}/view.json`, `/v3/subscribers/${DEMO}/view.json`, `/v3/subscribers/${LOST}/view.json`].sort(),
    );
    expect(requestsTo(sim, 'subscribe.json').map((r) => r.path)).toEqual([`/v3/subscribers/${WON}/subscribe.json`]);
    expect(sim.subscriber(LOST, 'multi@example.com')).toBeUndefined();
    expect(sim.customFields(WON, 'multi@example.com')).toEqual({ Plan: 'Pro', Company: 'Acme', kommo_deal_id: '42' });
    expect(sim.resubscriptions()).toEqual([]);
  });

  it('a push without a list for someone in no mapped list changes nothing and says why', async () => {
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(pushOf({ email: 'nowhere@example.com', list: null, ...consented }));
    expect(result.outcome).toBe('skipped');
    expect(result.summary).toMatch(/not a member of any mapped Moosend list \("Won", "Demo booked", "Lost"\)/);
    expect(requestsTo(sim, 'subscribe.json')).toHaveLength(0);

    const none = adapterFor(sim, { lists: [] }).adapter;
    expect(await none.push(pushOf({ list: null }))).toMatchObject({ outcome: 'skipped', summary: expect.stringMatching(/no Moosend list is mapped/) });
  });

  it('is idempotent: the same push twice writes once', async () => {
    const { adapter } = adapterFor(sim);
    const change = pushOf({ email: 'twice@example.com', addTags: ['customer'], ...consented });
    expect((await adapter.push(change)).outcome).toBe('created');
    const second = await adapter.push(change);
    expect(second).toEqual({ outcome: 'skipped', summary: 'already up to date in list "Won"' });
    expect(requestsTo(sim, 'subscribe.json')).toHaveLength(1);
  });

  it('says which managed fields the list does not define instead of letting Moosend drop them silently', async () => {
    sim.seedSubscriber(LOST, { email: 'lost@example.com' });
    const { adapter } = adapterFor(sim);
    const result = await adapter.push(pushOf({ email: 'lost@example.com', list: LOST, addTags: ['churned'] }));
    expect(result.summary).toBe('updated in list "Lost" (fields kommo_deal_id; tags +churned); list "Lost" has no custom field plan, so it was not written');
    expect(requestsTo(sim, 'subscribe.json')[0]?.body).toMatchObject({ CustomFields: ['kommo_deal_id=42'] });
  });

  it('reads list details once and reuses them', async () => {
    const { adapter } = adapterFor(sim);
    await adapter.push(pushOf({ email: 'c1@example.com', ...consented }));
    await adapter.push(pushOf({ email: 'c2@example.com', ...consented }));
    expect(requestsTo(sim, 'details.json')).toHaveLength(1);
  });

  it('encodes + in the Email query parameter', async () => {
    sim.seedSubscriber(WON, { email: 'ana+crm@example.com' });
    const { adapter } = adapterFor(sim);
    expect((await adapter.push(pushOf({ email: 'ana+crm@example.com' }))).outcome).toBe('updated');
    expect(requestsTo(sim, 'view.json')[0]?.query.get('Email')).toBe('ana+crm@example.com');
  });
});
