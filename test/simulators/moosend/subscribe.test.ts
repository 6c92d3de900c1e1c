import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMoosendSimulator, type MoosendSimulator, type MoosendSimulatorOptions, type WireSubscriber } from './index.ts';
import { callJson } from './testClient.ts';

const LIST = 'won';
const SUBSCRIBE = `/v3/subscribers/${LIST}/subscribe.json`;

// Functional tests here, limits in rateLimit.test.ts: lift the two subscribe windows out of the way.
const LOOSE = { limit: 10_000, windowMs: 10_000 };

async function fresh(options: MoosendSimulatorOptions = {}): Promise<MoosendSimulator> {
  const sim = await startMoosendSimulator({ rateLimits: { subscribe: LOOSE, subscribe_many: LOOSE }, ...options });
  sim.seedList({ id: LIST, name: 'Won', customFields: ['Plan', 'MRR', 'Phone'] });
  return sim;
}

describe('moosend simulator: subscribe.json and its traps (reference B.4)', () => {
  let sim: MoosendSimulator;
  beforeEach(async () => {
    sim = await fresh();
  });
  afterEach(() => sim.close());

  it('adds a new member: Context is the full subscriber, email lower-cased, SubscribeMethod 2', async () => {
    const { status, body } = await callJson(sim, SUBSCRIBE, {
      body: { Name: 'Paul', Email: 'Paul@Example.com', HasExternalDoubleOptIn: false, CustomFields: ['Plan=pro', 'MRR=49'], Tags: ['customer'] },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ Code: 0, Error: null });
    expect(body.Context).toMatchObject({
      Name: 'Paul',
      Email: 'paul@example.com',
      SubscribeType: 1,
      SubscribeMethod: 2,
      Tags: ['customer'],
      CustomFields: [
        { Name: 'Plan', Value: 'pro' },
        { Name: 'MRR', Value: '49' },
      ],
    });
    expect(body.Context).toEqual(sim.subscriber(LIST, 'paul@example.com'));
    expect(sim.history(LIST, 'paul@example.com')).toMatchObject([
      { kind: 'status', source: 'api:subscribe', from: null, to: 'Subscribed' },
      { kind: 'fields', source: 'api:subscribe', before: {}, after: { Plan: 'pro', MRR: '49' }, cleared: [] },
      { kind: 'tags', before: [], after: ['customer'] },
    ]);
  });

  it('TRAP: an update clears every custom field the request leaves out', async () => {
    sim.seedSubscriber(LIST, { email: 'kim@example.com', customFields: { Plan: 'basic', MRR: '10', Phone: '+15550100' } });
    const { body } = await callJson(sim, SUBSCRIBE, { body: { Email: 'kim@example.com', CustomFields: ['Plan=pro'] } });
    expect((body.Context as WireSubscriber).CustomFields).toEqual([{ CustomFieldID: expect.any(String), Name: 'Plan', Value: 'pro' }]);
    expect(sim.customFields(LIST, 'kim@example.com')).toEqual({ Plan: 'pro' });
    expect(sim.history(LIST, 'kim@example.com').at(-1)).toMatchObject({
      kind: 'fields',
      before: { Plan: 'basic', MRR: '10', Phone: '+15550100' },
      after: { Plan: 'pro' },
      cleared: ['MRR', 'Phone'],
    });

    // No CustomFields at all clears them all.
    await callJson(sim, SUBSCRIBE, { body: { Email: 'kim@example.com' } });
    expect(sim.customFields(LIST, 'kim@example.com')).toEqual({});
  });

  it('a read-merge-write keeps the unmanaged field (what the bridge must do)', async () => {
    sim.seedSubscriber(LIST, { email: 'lee@example.com', customFields: { Plan: 'basic', Phone: '+15550101' } });
    const view = await callJson(sim, `/v3/subscribers/${LIST}/view.json`, { query: { Email: 'lee@example.com' } });
    const merged = { ...Object.fromEntries((view.body.Context as WireSubscriber).CustomFields.map((f) => [f.Name, f.Value])), Plan: 'pro' };
    await callJson(sim, SUBSCRIBE, { body: { Email: 'lee@example.com', CustomFields: Object.entries(merged).map(([k, v]) => `${k}=${v}`) } });
    expect(sim.customFields(LIST, 'lee@example.com')).toEqual({ Plan: 'pro', Phone: '+15550101' });
    expect(sim.history(LIST, 'lee@example.com').at(-1)).toMatchObject({ kind: 'fields', cleared: [] });
  });

  it('TRAP: re-subscribes someone who had unsubscribed, and history and resubscriptions() show it', async () => {
    sim.seedSubscriber(LIST, { email: 'out@example.com', status: 'Unsubscribed' });
    expect(sim.resubscriptions()).toEqual([]);
    const { body } = await callJson(sim, SUBSCRIBE, { body: { Email: 'out@example.com', CustomFields: [] } });
    expect(body.Context).toMatchObject({ SubscribeType: 1, UnsubscribedOn: null });
    expect(sim.history(LIST, 'out@example.com').filter((e) => e.kind === 'status')).toMatchObject([
      { source: 'seed', from: null, to: 'Subscribed' },
      { source: 'seed', from: 'Subscribed', to: 'Unsubscribed' },
      { source: 'api:subscribe', from: 'Unsubscribed', to: 'Subscribed' },
    ]);
    expect(sim.resubscriptions()).toMatchObject([{ listId: LIST, email: 'out@example.com', entry: { from: 'Unsubscribed', to: 'Subscribed' } }]);
  });

  it('TRAP: re-subscribes bounced and removed members too (the stricter reading)', async () => {
    sim.seedSubscriber(LIST, { email: 'bounce@example.com', status: 'Bounced' });
    sim.seedSubscriber(LIST, { email: 'removed@example.com', status: 'Removed' });
    await callJson(sim, SUBSCRIBE, { body: { Email: 'bounce@example.com' } });
    await callJson(sim, SUBSCRIBE, { body: { Email: 'removed@example.com' } });
    expect(sim.subscriber(LIST, 'bounce@example.com')?.SubscribeType).toBe(1);
    expect(sim.subscriber(LIST, 'removed@example.com')).toMatchObject({ SubscribeType: 1, RemovedOn: null });
    expect(sim.resubscriptions().map((r) => r.entry.kind === 'status' && r.entry.from)).toEqual(['Bounced', 'Removed']);
  });

  it('tags: replaced when sent, kept when left out (default)', async () => {
    sim.seedSubscriber(LIST, { email: 't@example.com', tags: ['a', 'b'] });
    await callJson(sim, SUBSCRIBE, { body: { Email: 't@example.com' } });
    expect(sim.subscriber(LIST, 't@example.com')?.Tags).toEqual(['a', 'b']);
    await callJson(sim, SUBSCRIBE, { body: { Email: 't@example.com', Tags: ['c'] } });
    expect(sim.subscriber(LIST, 't@example.com')?.Tags).toEqual(['c']);
  });

  it('drops custom field names the list does not define, and records them', async () => {
    await callJson(sim, SUBSCRIBE, { body: { Email: 'x@example.com', CustomFields: ['plan=pro', 'Colour=red'] } });
    expect(sim.customFields(LIST, 'x@example.com')).toEqual({ Plan: 'pro' });
    expect(sim.history(LIST, 'x@example.com').find((e) => e.kind === 'fields')).toMatchObject({ ignored: ['Colour'] });
  });

  it('refuses bad input with VALIDATION_ERROR in HTTP 200 and writes nothing', async () => {
    const bad: unknown[] = [
      {},
      { Email: 'not-an-email' },
      { Email: 'a@b' },
      { Email: 'a@b.co', CustomFields: 'Plan=pro' },
      { Email: 'a@b.co', CustomFields: ['Plan'] },
      { Email: 'a@b.co', CustomFields: [{ Name: 'Plan', Value: 'pro' }] },
      { Email: 'a@b.co', Tags: 'customer' },
      { Email: 'a@b.co', Name: 5 },
      { Email: 'a@b.co', HasExternalDoubleOptIn: 'yes' },
      [],
    ];
    for (const body of bad) {
      expect(await callJson(sim, SUBSCRIBE, { body }), JSON.stringify(body)).toEqual({
        status: 200,
        body: { Code: 400, Error: 'VALIDATION_ERROR', Context: null },
      });
    }
    expect(sim.members(LIST)).toEqual([]);
    expect((await callJson(sim, '/v3/subscribers/nolist/subscribe.json', { body: { Email: 'a@b.co' } })).body.Error).toBe('MAILING_LIST_NOT_FOUND');
  });
});

describe('moosend simulator: traps can be switched off, to prove a bridge test can fail', () => {
  it('with resubscribes: [] an unsubscribed member stays unsubscribed; omittedTagsCleared clears tags', async () => {
    const sim = await fresh({ traps: { resubscribes: [], omittedTagsCleared: true } });
    try {
      sim.seedSubscriber(LIST, { email: 'o@example.com', status: 'Unsubscribed', tags: ['x'] });
      await callJson(sim, SUBSCRIBE, { body: { Email: 'o@example.com' } });
      expect(sim.subscriber(LIST, 'o@example.com')).toMatchObject({ SubscribeType: 2, Tags: [] });
      expect(sim.resubscriptions()).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('moosend simulator: subscribe_many.json (reference B.4)', () => {
  let sim: MoosendSimulator;
  beforeEach(async () => {
    sim = await fresh();
  });
  afterEach(() => sim.close());

  it('upserts the batch, skips invalid emails and names them in Error while Code stays 0', async () => {
    sim.seedSubscriber(LIST, { email: 'old@example.com', status: 'Unsubscribed', customFields: { Phone: '1' } });
    const { status, body } = await callJson(sim, `/v3/subscribers/${LIST}/subscribe_many.json`, {
      body: {
        HasExternalDoubleOptIn: false,
        Subscribers: [
          { Name: 'One', Email: 'one@example.com', CustomFields: ['Plan=pro'] },
          { Email: 'email@email' },
          { Email: 'old@example.com', CustomFields: ['Plan=basic'] },
          { Email: 'email2@email' },
        ],
      },
    });
    expect(status).toBe(200);
    expect(body.Code).toBe(0);
    expect(body.Error).toBe('2 items with invalid email address were ignored: email@email, email2@email');
    const ctx = body.Context as WireSubscriber[];
    expect(ctx.map((s) => [s.Email, s.SubscribeType, s.SubscribeMethod])).toEqual([
      ['one@example.com', 1, 1],
      ['old@example.com', 1, 2],
    ]);
    // Same traps as subscribe.json.
    expect(sim.customFields(LIST, 'old@example.com')).toEqual({ Plan: 'basic' });
    expect(sim.resubscriptions()).toMatchObject([{ email: 'old@example.com', entry: { source: 'api:subscribe_many' } }]);
  });

  it('refuses more than 1,000 subscribers (and a malformed batch) as a whole, writing nothing', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ Email: `p${i}@example.com` }));
    expect((await callJson(sim, `/v3/subscribers/${LIST}/subscribe_many.json`, { body: { Subscribers: many } })).body).toEqual({
      Code: 400,
      Error: 'VALIDATION_ERROR',
      Context: null,
    });
    expect(sim.refusals.at(-1)?.detail).toMatch(/1001 items; at most 1000/);
    const malformed = { Subscribers: [{ Email: 'ok@example.com' }, { Email: 'b@example.com', CustomFields: 'Plan=x' }] };
    expect((await callJson(sim, `/v3/subscribers/${LIST}/subscribe_many.json`, { body: malformed })).body.Error).toBe('VALIDATION_ERROR');
    expect((await callJson(sim, `/v3/subscribers/${LIST}/subscribe_many.json`, { body: { Subscribers: [] } })).body.Error).toBe('VALIDATION_ERROR');
    expect(sim.members(LIST)).toEqual([]);

    const exactly = Array.from({ length: 1000 }, (_, i) => ({ Email: `p${i}@example.com` }));
    const ok = await callJson(sim, `/v3/subscribers/${LIST}/subscribe_many.json`, { body: { Subscribers: exactly } });
    expect(ok.body).toMatchObject({ Code: 0, Error: null });
    expect(sim.members(LIST)).toHaveLength(1000);
  });
});

describe('moosend simulator: update/{SubscriberID}.json (reference B.4)', () => {
  let sim: MoosendSimulator;
  beforeEach(async () => {
    sim = await fresh();
  });
  afterEach(() => sim.close());

  it('replaces fields like subscribe but leaves the status alone', async () => {
    const seeded = sim.seedSubscriber(LIST, { email: 'u@example.com', status: 'Unsubscribed', customFields: { Plan: 'a', MRR: '1' } });
    const { body } = await callJson(sim, `/v3/subscribers/${LIST}/update/${seeded.ID}.json`, { body: { Email: 'u@example.com', CustomFields: ['MRR=2'] } });
    expect(body.Context).toMatchObject({ ID: seeded.ID, SubscribeType: 2, CustomFields: [{ Name: 'MRR', Value: '2' }] });
    expect(sim.resubscriptions()).toEqual([]);
  });

  it('changes the email unless the member unsubscribed or the email is taken; unknown id → MEMBER_NOT_FOUND', async () => {
    const a = sim.seedSubscriber(LIST, { email: 'a@example.com' });
    sim.seedSubscriber(LIST, { email: 'b@example.com' });
    const gone = sim.seedSubscriber(LIST, { email: 'gone@example.com', status: 'Unsubscribed' });
    const path = (id: string): string => `/v3/subscribers/${LIST}/update/${id}.json`;

    expect((await callJson(sim, path(a.ID), { body: { Email: 'b@example.com' } })).body.Error).toBe('VALIDATION_ERROR');
    expect((await callJson(sim, path(gone.ID), { body: { Email: 'new@example.com' } })).body.Error).toBe('VALIDATION_ERROR');
    expect((await callJson(sim, path(a.ID), { body: { Email: 'a2@example.com' } })).body.Context).toMatchObject({ ID: a.ID, Email: 'a2@example.com' });
    expect(sim.subscriber(LIST, 'a@example.com')).toBeUndefined();
    expect((await callJson(sim, path('no-such-id'), { body: { Email: 'z@example.com' } })).body.Error).toBe('MEMBER_NOT_FOUND');
  });
});
