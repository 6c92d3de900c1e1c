import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerioSimulator, type CustomerioSimulator } from './index.ts';
import { app, identify, json, track } from './testClient.ts';

describe('customerio simulator: Track v1 identify (reference C.2, C.4)', () => {
  let sim: CustomerioSimulator;
  beforeEach(async () => {
    sim = await startCustomerioSimulator();
  });
  afterEach(() => sim.close());

  it('creates a person from the path identifier and body identifiers, answering 200 {}', async () => {
    const res = await identify(sim, '42', { email: 'jane@example.com', first_name: 'Jane', plan: 'pro', mrr: 99, vip: true, created_at: 1767225600 });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({});
    const p = sim.person('42');
    expect(p).toMatchObject({ id: '42', email: 'jane@example.com', unsubscribed: false, attributes: { first_name: 'Jane', plan: 'pro', mrr: 99, vip: true, created_at: 1767225600 } });
    expect(p?.cioId).toMatch(/^[0-9a-f]{12}$/);
    expect(sim.person('jane@example.com')?.id).toBe('42');
    expect(sim.person(`cio_${p?.cioId ?? ''}`)?.id).toBe('42');
    expect(sim.activities('42').map((a) => a.type)).toEqual(['profile_create', 'attribute_change']);
  });

  it('addresses people by email case-insensitively, percent-encoded in the path as the SDK sends it', async () => {
    sim.seedPerson({ id: '42', email: 'jane@example.com' });
    expect((await track(sim, 'PUT', '/api/v1/customers/Jane%40Example.COM', { body: { plan: 'pro' } })).status).toBe(200);
    expect((await track(sim, 'PUT', '/api/v1/customers/JANE@example.com', { body: { seats: 3 } })).status).toBe(200);
    expect(sim.people()).toHaveLength(1);
    expect(sim.person('jane@example.com')?.attributes).toMatchObject({ plan: 'pro', seats: 3 });
  });

  it('opt-out is an identify with unsubscribed: true (any case of true, 1 or "1")', async () => {
    for (const [i, value] of [true, 'TRUE', 'tRuE', 1, '1'].entries()) {
      sim.seedPerson({ id: `u${i}`, email: `u${i}@example.com` });
      await identify(sim, `u${i}`, { unsubscribed: value });
      expect(sim.person(`u${i}`)?.unsubscribed).toBe(true);
    }
    expect(sim.unsubscribedFalseWrites()).toEqual([]);
  });

  it('THE TRAP: unsubscribed: false — or anything not true/1/"1" — re-subscribes, and every such write is recorded', async () => {
    sim.seedPerson({ id: '42', email: 'jane@example.com', unsubscribed: true });
    await identify(sim, '42', { plan: 'pro' });
    expect(sim.person('42')?.unsubscribed).toBe(true); // an update that omits it keeps the opt-out

    await identify(sim, '42', { plan: 'max', unsubscribed: false });
    expect(sim.person('42')?.unsubscribed).toBe(false);
    for (const value of ['false', 0, 'no', null]) {
      await identify(sim, '42', { unsubscribed: true });
      await identify(sim, '42', { unsubscribed: value });
      expect(sim.person('42')?.unsubscribed).toBe(false);
    }

    const falseWrites = sim.unsubscribedFalseWrites();
    expect(falseWrites).toHaveLength(5);
    expect(falseWrites[0]).toMatchObject({ source: 'track_v1', identifier: '42', attributes: { plan: 'max', unsubscribed: false }, unsubscribed: false, unsubscribedBefore: true, unsubscribedAfter: false });
    const history = sim.history('42');
    expect(history[0]).toMatchObject({ source: 'seed', unsubscribed: true });
    expect(history.filter((h) => h.unsubscribedBefore && !h.unsubscribedAfter)).toHaveLength(5);
  });

  it('in an email-or-ID workspace a new id with a known email re-ids that person instead of creating one', async () => {
    sim.seedPerson({ id: 'old-1', email: 'jane@example.com' });
    await identify(sim, 'new-2', { email: 'jane@example.com', plan: 'pro' });
    expect(sim.people()).toHaveLength(1);
    expect(sim.person('jane@example.com')).toMatchObject({ id: 'new-2', attributes: { plan: 'pro' } });
    expect(sim.person('old-1')).toBeUndefined();
  });

  it('an email path unknown to the workspace but a known body id gives that person the email', async () => {
    sim.seedPerson({ id: '42' });
    await identify(sim, 'jane@example.com', { id: '42', plan: 'pro' });
    expect(sim.people()).toHaveLength(1);
    expect(sim.person('42')).toMatchObject({ email: 'jane@example.com', attributes: { plan: 'pro' } });
  });

  it('changing an existing email needs cio_ (Attribute Update Failure otherwise), unless the workspace allows it', async () => {
    const jane = sim.seedPerson({ id: '42', email: 'jane@example.com' });
    expect((await identify(sim, '42', { email: 'jane@new.example', plan: 'pro' })).status).toBe(200);
    expect(sim.person('42')).toMatchObject({ email: 'jane@example.com', attributes: { plan: 'pro' } });
    expect(sim.history('42').at(-1)?.failures).toEqual(["cannot change email from 'jane@example.com' to 'jane@new.example' without referencing the person by cio_id"]);
    expect(sim.activities('42').at(-1)).toMatchObject({ type: 'failed_attribute_change' });

    await identify(sim, `cio_${jane.cioId}`, { email: 'jane@new.example', id: '43' });
    expect(sim.person('43')).toMatchObject({ email: 'jane@new.example', cioId: jane.cioId });

    const lenient = await startCustomerioSimulator({ allowEmailUpdateById: true });
    try {
      lenient.seedPerson({ id: '42', email: 'jane@example.com' });
      await identify(lenient, '42', { email: 'jane@new.example' });
      expect(lenient.person('42')?.email).toBe('jane@new.example');
    } finally {
      await lenient.close();
    }
  });

  it('an identifier that belongs to someone else fails for that identifier only', async () => {
    sim.seedPerson({ id: '42', email: 'jane@example.com' });
    sim.seedPerson({ id: '43', email: 'john@example.com' });
    expect((await identify(sim, '42', { email: 'john@example.com', plan: 'pro' })).status).toBe(200);
    expect(sim.person('42')).toMatchObject({ email: 'jane@example.com', attributes: { plan: 'pro' } });
    expect(sim.history('42').at(-1)?.failures).toEqual(["email 'john@example.com' belongs to another person"]);
  });

  it('_update: true never creates; an unknown cio_ is dropped; both answer 200', async () => {
    expect((await identify(sim, '99', { _update: true, plan: 'pro' })).status).toBe(200);
    expect((await identify(sim, 'cio_ffff00000000', { plan: 'pro' })).status).toBe(200);
    expect(sim.people()).toEqual([]);
    expect(sim.dropped.map((d) => d.reason)).toEqual(['_update: true and no person matches the identifiers', 'cio_id does not exist']);
    sim.seedPerson({ id: '99' });
    await identify(sim, '99', { _update: true, plan: 'pro' });
    expect(sim.person('99')?.attributes).toEqual({ plan: 'pro' });
  });

  it('cio_subscription_preferences: an object replaces, dot notation changes one topic', async () => {
    await identify(sim, '42', { cio_subscription_preferences: { topics: { topic_1: true, topic_2: true } } });
    await identify(sim, '42', { 'cio_subscription_preferences.topics.topic_2': false, 'cio_subscription_preferences.topics.topic_3': true });
    expect(sim.person('42')?.subscriptionPreferences).toEqual({ topics: { topic_1: true, topic_2: false, topic_3: true } });
    await identify(sim, '42', { cio_subscription_preferences: { topics: { topic_9: false } } });
    expect(sim.person('42')?.subscriptionPreferences).toEqual({ topics: { topic_9: false } });
  });

  it('null removes an attribute; an older _timestamp does not overwrite a newer write', async () => {
    await identify(sim, '42', { plan: 'pro', note: 'x', _timestamp: 2000 });
    await identify(sim, '42', { note: null });
    expect(sim.person('42')?.attributes).toEqual({ plan: 'pro' });
    await identify(sim, '42', { plan: 'basic', _timestamp: 1000 });
    expect(sim.person('42')?.attributes['plan']).toBe('pro');
  });

  it('limits answer 400 {"meta":{"errors":[…]}} and apply nothing', async () => {
    sim.seedPerson({ id: '42' });
    const long = await identify(sim, '42', { bio: 'x'.repeat(1001), plan: 'pro' });
    expect(long.status).toBe(400);
    expect(await json(long)).toEqual({ meta: { errors: ["value for attribute 'bio' cannot be longer than 1000 bytes"] } });
    expect(sim.person('42')?.attributes).toEqual({});

    // Bytes, not characters: 334 three-byte characters are 1002 bytes.
    expect((await identify(sim, '42', { bio: '€'.repeat(334) })).status).toBe(400);
    expect((await identify(sim, '42', { bio: '€'.repeat(333) })).status).toBe(200);

    const name = await identify(sim, '42', { ['n'.repeat(151)]: 1 });
    expect(await json(name)).toEqual({ meta: { errors: [`attribute name '${'n'.repeat(151)}' cannot be longer than 150 bytes`] } });

    const many = Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`a${i}`, i]));
    const tooMany = await identify(sim, '42', many);
    expect(tooMany.status).toBe(400);
    expect(await json(tooMany)).toEqual({ meta: { errors: ['too many attributes: a person can have at most 300 attributes'] } });

    const longId = await identify(sim, 'i'.repeat(151), {});
    expect(await json(longId)).toEqual({ meta: { errors: ['identifier cannot be longer than 150 bytes'] } });

    const bad = await track(sim, 'PUT', '/api/v1/customers/42', { body: '{"plan":' });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ meta: { errors: ['request body is not valid JSON'] } });
    expect((await track(sim, 'PUT', '/api/v1/customers/42', { body: '[1]' })).status).toBe(400);
  });

  it('DELETE removes the person (a later identify recreates them)', async () => {
    sim.seedPerson({ id: '42', email: 'jane@example.com', attributes: { plan: 'pro' } });
    expect((await track(sim, 'DELETE', '/api/v1/customers/42')).status).toBe(200);
    expect(sim.person('42')).toBeUndefined();
    expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(404);
    await identify(sim, '42', { email: 'jane@example.com' });
    expect(sim.person('42')?.attributes).toEqual({});
  });

  it('suppress deletes and blocks both identifiers until unsuppress; unsuppress does not restore the profile', async () => {
    sim.seedPerson({ id: '42', email: 'jane@example.com', attributes: { plan: 'pro' } });
    expect((await track(sim, 'POST', '/api/v1/customers/jane%40example.com/suppress')).status).toBe(200);
    expect(sim.person('42')).toBeUndefined();
    expect(sim.suppressed()).toEqual([{ id: '42', email: 'jane@example.com' }]);
    expect((await identify(sim, '42', { plan: 'max' })).status).toBe(200);
    expect((await identify(sim, 'other', { email: 'JANE@example.com' })).status).toBe(200);
    expect(sim.people()).toEqual([]);
    expect(sim.dropped.map((d) => d.reason)).toEqual(['identifier is suppressed', 'identifier is suppressed']);

    expect((await track(sim, 'POST', '/api/v1/customers/42/unsuppress')).status).toBe(200);
    await identify(sim, '42', {});
    expect(sim.person('42')?.attributes).toEqual({});
  });
});
