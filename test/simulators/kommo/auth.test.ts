import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from './index.ts';
import { call, json } from './testClient.ts';

const UNAUTHORIZED = {
  title: 'Unauthorized',
  type: 'https://httpstatus.es/401',
  status: 401,
  detail: 'Invalid user name or password',
};

describe('kommo simulator: auth and protocol errors', () => {
  let sim: KommoSimulator;
  beforeAll(async () => {
    sim = await startKommoSimulator({ requestsPerSecond: 1000 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('answers 401 problem+json without a token and with a wrong one', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await call(sim, '/api/v4/account', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(res)).toEqual(UNAUTHORIZED);
    }
    const basic = await fetch(`${sim.origin}/api/v4/account`, { headers: { authorization: 'Basic c2ltLWtvbW1vLXRva2Vu' } });
    expect(basic.status).toBe(401);
  });

  it('accepts the right Bearer token, and follows revokeToken / setAccessToken', async () => {
    const okRes = await call(sim, '/api/v4/account');
    expect(okRes.status).toBe(200);
    expect(okRes.headers.get('content-type')).toBe('application/hal+json');

    sim.revokeToken();
    expect((await call(sim, '/api/v4/account')).status).toBe(401);

    sim.setAccessToken('rotated');
    expect((await call(sim, '/api/v4/account')).status).toBe(401);
    expect((await call(sim, '/api/v4/account', { token: 'rotated' })).status).toBe(200);

    sim.reset(); // restores the initial token
    expect((await call(sim, '/api/v4/account')).status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for a known path with the wrong method', async () => {
    const unknown = await call(sim, '/api/v4/deals');
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ title: 'Not Found', type: 'https://httpstatus.es/404', status: 404 });
    expect((await call(sim, '/api/v2/leads')).status).toBe(404);
    expect((await call(sim, '/api/v4/leads/')).status).toBe(404);

    const wrong = await call(sim, '/api/v4/account', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 400 problem+json for a malformed JSON body and records the raw body', async () => {
    sim.addContact({ id: 1 });
    const res = await call(sim, '/api/v4/contacts/1', { method: 'PATCH', body: '{"name": ' });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ title: 'Bad Request', status: 400, type: 'https://httpstatus.es/400' });
    const rec = sim.requests.at(-1);
    expect(rec).toMatchObject({ method: 'PATCH', path: '/api/v4/contacts/1', body: undefined, rawBody: '{"name": ', status: 400 });
  });

  it('records method, path, query, lower-cased headers, parsed body and status', async () => {
    sim.addLead({ id: 7 });
    await call(sim, '/api/v4/leads/7?with=contacts');
    await call(sim, '/api/v4/leads/7', { method: 'PATCH', body: { price: 10 } });
    const [get, patch] = sim.requests;
    expect(get?.method).toBe('GET');
    expect(get?.query.get('with')).toBe('contacts');
    expect(get?.headers['authorization']).toBe('Bearer sim-kommo-token');
    expect(get?.status).toBe(200);
    expect(patch?.body).toEqual({ price: 10 });
    expect(patch?.headers['content-type']).toBe('application/json');
    expect(typeof patch?.at).toBe('number');
  });
});
