import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerioSimulator, type CustomerioSimulator } from './index.ts';
import { app, basic, identify, json, track } from './testClient.ts';

describe('customerio simulator: auth and paths (reference C.1, C.4)', () => {
  let sim: CustomerioSimulator;
  beforeAll(async () => {
    sim = await startCustomerioSimulator();
    sim.seedPerson({ id: '42', email: 'jane@example.com' });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  const unauthorizedBody = { meta: { error: 'Unauthorized request. Make sure that you provided the right credentials.' } };

  it('serves the two APIs on two origins', () => {
    expect(sim.trackOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.appOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.trackOrigin).not.toBe(sim.appOrigin);
  });

  it('Track API: HTTP Basic site_id:api_key only; anything else is 401 with the meta.error body', async () => {
    const attempts: Array<string | null> = [
      null,
      basic(sim.credentials.siteId, 'wrong-key'),
      basic('wrong-site', sim.credentials.trackApiKey),
      basic(sim.credentials.trackApiKey, sim.credentials.siteId),
      `Bearer ${sim.credentials.appApiKey}`,
      `Bearer ${sim.credentials.trackApiKey}`,
    ];
    for (const auth of attempts) {
      const res = await track(sim, 'PUT', '/api/v1/customers/42', { body: { plan: 'pro' }, auth });
      expect(res.status).toBe(401);
      expect(await json(res)).toEqual(unauthorizedBody);
    }
    expect(sim.person('42')?.attributes['plan']).toBeUndefined();
    expect((await identify(sim, '42', { plan: 'pro' })).status).toBe(200);
    expect(sim.person('42')?.attributes['plan']).toBe('pro');
  });

  it('App API: Bearer app key only; Track credentials are refused', async () => {
    for (const auth of [null, 'Bearer nope', basic(sim.credentials.siteId, sim.credentials.trackApiKey), sim.credentials.appApiKey]) {
      const res = await app(sim, '/v1/customers/42/attributes', { auth });
      expect(res.status).toBe(401);
      expect(await json(res)).toEqual(unauthorizedBody);
    }
    expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(200);
  });

  it('each API only serves its own paths', async () => {
    expect((await track(sim, 'GET', '/v1/customers/42/attributes')).status).toBe(404);
    expect((await app(sim, '/api/v1/customers/42', { method: 'PUT', body: {} })).status).toBe(404);
  });

  it('there is no unsubscribe endpoint for a person: POST /api/v1/customers/{id}/unsubscribe is 404 and changes nothing', async () => {
    const res = await track(sim, 'POST', '/api/v1/customers/42/unsubscribe', { body: {} });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('404 page not found\n');
    expect(sim.person('42')?.unsubscribed).toBe(false);
  });

  it('a known path with the wrong method is 405 once authenticated', async () => {
    expect((await track(sim, 'GET', '/api/v1/customers/42')).status).toBe(405);
    expect((await track(sim, 'GET', '/api/v1/customers/42', { auth: null })).status).toBe(401);
  });

  it('GET /api/v1/accounts/region answers the region of the credentials', async () => {
    const res = await track(sim, 'GET', '/api/v1/accounts/region');
    expect(await json(res)).toEqual({ url: 'https://track.customer.io', region: 'us', environment_id: 1 });
    const eu = await startCustomerioSimulator({ region: 'eu', siteId: 'eu-site', trackApiKey: 'eu-key' });
    try {
      const euRes = await track(eu, 'GET', '/api/v1/accounts/region');
      expect(await json(euRes)).toEqual({ url: 'https://track-eu.customer.io', region: 'eu', environment_id: 1 });
      // The US credentials do not open the EU instance.
      expect((await track(eu, 'GET', '/api/v1/accounts/region', { auth: sim.trackAuthorization() })).status).toBe(401);
    } finally {
      await eu.close();
    }
  });
});
