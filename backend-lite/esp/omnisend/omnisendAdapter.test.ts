import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EspBadCredentials } from '../espErrors.ts';
import { createOmnisendAdapter } from './omnisendAdapter.ts';
import { freshEmail, identity, received, startOmnisendKit, type OmnisendKit } from './omnisendTestKit.ts';

describe('Omnisend adapter: credentials and profile (API 2026-03-15)', () => {
  let kit: OmnisendKit;
  beforeAll(async () => {
    kit = await startOmnisendKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.sim.reset());

  it('checkCredentials with a good key: one GET /api/contacts?limit=1 with the 2026 headers', async () => {
    await kit.adapter.checkCredentials();
    const [request] = kit.sim.requests;
    expect(kit.sim.requests).toHaveLength(1);
    expect(request).toMatchObject({ method: 'GET', path: '/api/contacts', status: 200 });
    expect(request?.query.get('limit')).toBe('1');
    expect(request?.headers['authorization']).toBe(`Omnisend-API-Key ${kit.sim.apiKey}`);
    expect(request?.headers['omnisend-version']).toBe('2026-03-15');
    expect(request?.headers['x-api-key']).toBeUndefined();
  });

  it('checkCredentials with a bad key: EspBadCredentials carrying Omnisend’s reason, never the key', async () => {
    const badKey = '66f0c0ffee0000000000a001-wrongSecret';
    const adapter = createOmnisendAdapter({ apiKey: badKey, origin: kit.sim.origin, pacers: kit.pacers });
    const error = await adapter.checkCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspBadCredentials);
    const bad = error as EspBadCredentials;
    expect(bad.retryable).toBe(false);
    expect(bad.message).toContain('GET /api/contacts');
    expect(bad.message).toContain('Unauthorized');
    expect(bad.message).not.toContain('wrongSecret');
    expect(kit.sim.requests.at(-1)?.status).toBe(401);
  });

  it('takes the origin without /api (a trailing slash is fine) and appends /api/…', async () => {
    await createOmnisendAdapter({ apiKey: kit.sim.apiKey, origin: `${kit.sim.origin}/`, pacers: kit.pacers }).checkCredentials();
    expect(kit.sim.requests.at(-1)).toMatchObject({ path: '/api/contacts', status: 200 });
  });

  it('readProfile of a known contact: statuses per channel with dates, tags, custom properties', async () => {
    const email = freshEmail('known');
    const seeded = kit.sim.seedContact({
      email,
      phone: '+14155550101',
      emailStatus: 'unsubscribed',
      emailStatusChangedAt: '2026-03-01T09:00:00Z',
      smsStatus: 'subscribed',
      smsStatusChangedAt: '2026-02-01T08:00:00Z',
      tags: ['customer', 'plan_pro'],
      customProperties: { plan: 'Pro', mrr: 99, kommo_deal_id: 15318175, won_date: '2026-02-28', pets: ['dog', 'cat'], vip: true },
    });
    const profile = await kit.adapter.readProfile(identity(email, '+14155550101'));
    expect(profile).toEqual({
      found: true,
      espContactId: seeded['id'],
      channels: {
        email: { status: 'unsubscribed', since: Date.parse('2026-03-01T09:00:00Z') },
        sms: { status: 'subscribed', since: Date.parse('2026-02-01T08:00:00Z') },
      },
      tags: ['customer', 'plan_pro'],
      fields: { plan: 'Pro', mrr: 99, kommo_deal_id: 15318175, won_date: '2026-02-28', pets: 'dog, cat', vip: true },
      lists: [],
      activity: [],
      deepLink: null,
    });
    const [request] = received(kit.sim, 'GET', '/api/contacts');
    expect(request?.query.get('email')).toBe(email);
  });

  it('readProfile maps nonSubscribed to not_subscribed', async () => {
    const email = freshEmail('plain');
    kit.sim.seedContact({ email });
    const profile = await kit.adapter.readProfile(identity(email));
    expect(profile.found && profile.channels.email?.status).toBe('not_subscribed');
  });

  it('readProfile gives a deep link only when the caller knows the app URL pattern', async () => {
    const email = freshEmail('linked');
    const seeded = kit.sim.seedContact({ email });
    const adapter = createOmnisendAdapter({
      apiKey: kit.sim.apiKey,
      origin: kit.sim.origin,
      pacers: kit.pacers,
      contactUrl: (id) => `https://app.example.test/contacts/${id}`,
    });
    const profile = await adapter.readProfile(identity(email));
    expect(profile.found && profile.deepLink).toBe(`https://app.example.test/contacts/${String(seeded['id'])}`);
  });

  it('readProfile of an unknown address: found false; the lookup is exact, so other capitals are not found', async () => {
    const email = freshEmail('cased');
    kit.sim.seedContact({ email: email.toUpperCase() });
    expect(await kit.adapter.readProfile(identity(email))).toEqual({ found: false });
    expect(await kit.adapter.readProfile(identity(freshEmail('nobody')))).toEqual({ found: false });
  });
});
