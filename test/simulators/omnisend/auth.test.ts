import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, json } from './testClient.ts';

const UNAUTHORIZED = { type: 'https://problems.omnisend.com/unauthorized', title: 'Unauthorized', status: 401 };

describe('omnisend simulator: auth and API version (reference §A.1)', () => {
  let sim: OmnisendSimulator;
  beforeAll(async () => {
    sim = await startOmnisendSimulator({ retiredVersions: ['2099-01-01'] });
  });
  afterAll(() => sim.close());

  it('accepts Authorization: Omnisend-API-Key <accountID>-<secret> with Omnisend-Version: 2026-03-15', async () => {
    expect(sim.apiKey).toMatch(/^[^-]+-.+$/);
    expect(sim.accountId).toBe(sim.apiKey.split('-')[0]);
    const res = await fetch(`${sim.origin}/api/contacts`, { headers: sim.headers() });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong key of the same account', `Omnisend-API-Key ${DEFAULT_OMNISEND_API_KEY.split('-')[0]}-wrong`],
    ['the key without the scheme', 'KEY_ONLY'],
    ['a Bearer token', 'Bearer something'],
  ])('refuses %s with 401 and the RFC 9457 body', async (_, authorization) => {
    const res = await call(sim, '/api/contacts', { authorization: authorization === 'KEY_ONLY' ? sim.apiKey : authorization });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(res)).toEqual(UNAUTHORIZED);
  });

  it('refuses the v3/v5 X-API-KEY header on /api', async () => {
    const res = await fetch(`${sim.origin}/api/contacts`, { headers: { 'x-api-key': sim.apiKey, 'omnisend-version': '2026-03-15' } });
    expect(res.status).toBe(401);
  });

  it('answers a missing Omnisend-Version with a 400 ValidationProblem naming the header', async () => {
    const res = await call(sim, '/api/contacts', { version: null });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      type: 'https://problems.omnisend.com/validation',
      status: 400,
      instance: expect.stringMatching(/^urn:omnisend:request:[0-9a-f-]{36}$/),
      errors: [{ field: 'Omnisend-Version', code: 'required', message: expect.any(String) }],
    });
  });

  it('answers an older dated version (or a configured retired one) with 410, and garbage with 400', async () => {
    for (const version of ['2025-06-01', '2099-01-01']) {
      const res = await call(sim, '/api/contacts', { version });
      expect(res.status).toBe(410);
      expect(await json(res)).toMatchObject({ type: 'https://problems.omnisend.com/version-retired', status: 410, detail: expect.stringContaining(version) });
    }
    const res = await call(sim, '/api/contacts', { version: 'v5' });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ errors: [{ field: 'Omnisend-Version', code: 'invalid_value' }] });
  });

  it("with missingVersionHeader: 'latest' a request without the header is served as 2026-03-15", async () => {
    const lenient = await startOmnisendSimulator({ missingVersionHeader: 'latest' });
    try {
      expect((await call(lenient, '/api/contacts', { version: null })).status).toBe(200);
    } finally {
      await lenient.close();
    }
  });

  it('serves only /api paths: v3/v5 and unknown paths are 404, a known path with another method 405', async () => {
    const v3 = await call(sim, '/v3/contacts');
    expect(v3.status).toBe(404);
    expect(await json(v3)).toMatchObject({ type: 'https://problems.omnisend.com/not-found', status: 404 });
    expect((await call(sim, '/api/contact')).status).toBe(404);
    expect((await call(sim, '/api/contacts/', { method: 'POST', body: {} })).status).toBe(404);
    const wrong = await call(sim, '/api/events', { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(await json(wrong)).toMatchObject({ status: 405 });
  });

  it('records every request, refused ones included', () => {
    expect(sim.requests.some((r) => r.status === 401)).toBe(true);
    expect(sim.requests.every((r) => r.status !== 0)).toBe(true);
  });
});
