import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMoosendSimulator, type MoosendSimulator } from './index.ts';
import { call, callJson, envelope } from './testClient.ts';

const REFUSED_KEY = { Code: 401, Error: 'INVALID_API_KEY', Context: null };

describe('moosend simulator: auth and protocol (reference B.1)', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startMoosendSimulator({ extraApiKeys: ['second-key'] });
    sim.seedList({ id: 'list-1', name: 'Customers' });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('refuses a missing or wrong apikey with the envelope error inside HTTP 200 (the default)', async () => {
    for (const apiKey of [null, 'wrong-key', '']) {
      const res = await call(sim, '/v3/lists.json', { apiKey });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await envelope(res)).toEqual(REFUSED_KEY);
    }
    expect(sim.refusals.map((r) => r.error)).toEqual(['INVALID_API_KEY', 'INVALID_API_KEY', 'INVALID_API_KEY']);
    // The key travels in the query string only: a header is not auth.
    const header = await fetch(`${sim.origin}/v3/lists.json`, { headers: { apikey: sim.apiKey, authorization: `Bearer ${sim.apiKey}` } });
    expect(await envelope(header)).toEqual(REFUSED_KEY);
  });

  it('accepts the configured keys and nothing else; setApiKeys revokes, reset restores', async () => {
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
    expect((await callJson(sim, '/v3/lists.json', { apiKey: 'second-key' })).body.Code).toBe(0);
    expect(sim.apiKeys).toEqual([sim.apiKey, 'second-key']);

    sim.setApiKeys([]);
    expect((await callJson(sim, '/v3/lists.json')).body).toEqual(REFUSED_KEY);
    sim.reset();
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
  });

  it("in 'mirror' mode answers the same envelope with HTTP 401", async () => {
    const mirror = await startMoosendSimulator({ errorHttpStatus: 'mirror' });
    try {
      const res = await call(mirror, '/v3/lists.json', { apiKey: 'nope' });
      expect(res.status).toBe(401);
      expect(await envelope(res)).toEqual(REFUSED_KEY);
      expect(mirror.errorHttpStatus).toBe('mirror');
    } finally {
      await mirror.close();
    }
  });

  it('binds query and body names case-insensitively, like ASP.NET', async () => {
    const res = await fetch(`${sim.origin}/v3/lists.json?APIKEY=${sim.apiKey}`);
    expect((await envelope(res)).Code).toBe(0);
    const lower = await callJson(sim, '/v3/subscribers/list-1/subscribe.json', { body: { email: 'lower@example.com', customFields: [] } });
    expect(lower.body).toMatchObject({ Code: 0, Context: { Email: 'lower@example.com' } });
  });

  it('answers unknown paths 404 and wrong methods 405 without an envelope (the web server, not the API)', async () => {
    for (const path of ['/v3/lists', '/v3/lists.xml', '/v2/lists.json', '/lists.json', '/v3/subscribers/list-1/subscribe', '/v3/lists.json/']) {
      const res = await call(sim, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    }
    const wrong = await call(sim, '/v3/subscribers/list-1/subscribe.json', { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect((await call(sim, '/v3/lists.json', { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses a body that is not JSON with VALIDATION_ERROR and records the raw body', async () => {
    const before = sim.members('list-1').length;
    const res = await call(sim, '/v3/subscribers/list-1/subscribe.json', { body: '{"Email": ' });
    expect(res.status).toBe(200);
    expect(await envelope(res)).toEqual({ Code: 400, Error: 'VALIDATION_ERROR', Context: null });
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v3/subscribers/list-1/subscribe.json', rawBody: '{"Email": ', body: undefined, status: 200 });
    expect(sim.refusals.at(-1)).toMatchObject({ error: 'VALIDATION_ERROR', detail: 'the request body is not valid JSON' });
    expect(sim.members('list-1')).toHaveLength(before);
  });

  it('records method, path, query and parsed body of every request', async () => {
    await call(sim, '/v3/subscribers/list-1/subscribe.json', { body: { Email: 'rec@example.com' } });
    const rec = sim.requests.at(-1);
    expect(rec?.query.get('apikey')).toBe(sim.apiKey);
    expect(rec?.body).toEqual({ Email: 'rec@example.com' });
    expect(rec?.headers['content-type']).toBe('application/json');
  });
});
