import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerioSimulator, type CustomerioSimulator } from './index.ts';
import { app, identify, json, track } from './testClient.ts';

describe('customerio simulator: fault injection through both servers', () => {
  let sim: CustomerioSimulator;
  beforeAll(async () => {
    sim = await startCustomerioSimulator();
    sim.seedPerson({ id: '42', email: 'jane@example.com' });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('failNext({api}) fails only that API, with the meta.error envelope, then recovers', async () => {
    sim.failNext({ api: 'app', status: 503, times: 2 });
    expect((await identify(sim, '42', { plan: 'pro' })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await app(sim, '/v1/customers/42/attributes');
      expect(res.status).toBe(503);
      expect(await json(res)).toEqual({ meta: { error: 'Service Unavailable' } });
    }
    expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(200);
  });

  it('an injected failure changes nothing; without api both APIs get one', async () => {
    sim.failNext({ status: 500 });
    expect((await identify(sim, '42', { plan: 'max' })).status).toBe(500);
    expect(sim.person('42')?.attributes['plan']).not.toBe('max');
    expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(500);
    expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(200);
  });

  it('failNext 429 carries Retry-After only when one is named; path and method filters apply', async () => {
    sim.failNext({ api: 'track', status: 429, path: /\/events$/, retryAfterSeconds: 3 });
    expect((await identify(sim, '42', {})).status).toBe(200);
    const throttled = await track(sim, 'POST', '/api/v1/customers/42/events', { body: { name: 'x' } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(await json(throttled)).toEqual({ meta: { error: 'Your request is over the Track API rate limit.' } });
    sim.failNext({ api: 'app', status: 429 });
    const plain = await app(sim, '/v1/customers/42/attributes');
    expect(plain.headers.get('retry-after')).toBeNull();
    expect(await json(plain)).toEqual({ meta: { error: 'Your request is over the 10-per-second limit.' } });
    sim.failNext({ api: 'track', status: 401 });
    expect(await json(await identify(sim, '42', {}))).toEqual({ meta: { error: 'Unauthorized request. Make sure that you provided the right credentials.' } });
  });

  it('setLatency delays answers of the chosen API', async () => {
    sim.setLatency(150, 'app');
    let started = performance.now();
    await identify(sim, '42', {});
    expect(performance.now() - started).toBeLessThan(140);
    started = performance.now();
    await app(sim, '/v1/customers/42/attributes');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hang never answers until hang(false); the request is recorded with status 0', async () => {
    sim.hang(true, 'track');
    const pending = track(sim, 'PUT', '/api/v1/customers/42', { body: {}, signal: AbortSignal.timeout(150) });
    await expect(pending).rejects.toThrow(/abort|timeout/i);
    expect(sim.trackRequests.at(-1)).toMatchObject({ method: 'PUT', status: 0 });
    sim.hang(false);
    expect((await identify(sim, '42', {})).status).toBe(200);
  });

  it('down resets connections until down(false)', async () => {
    sim.down(true);
    await expect(identify(sim, '42', {})).rejects.toThrow();
    await expect(app(sim, '/v1/customers/42/attributes')).rejects.toThrow();
    sim.down(false);
    expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(200);
  });

  it('requests merges both APIs in arrival order; reset clears them', async () => {
    await identify(sim, '42', {});
    await app(sim, '/v1/customers/42/attributes');
    expect(sim.requests.map((r) => r.path)).toEqual(['/api/v1/customers/42', '/v1/customers/42/attributes']);
    expect(sim.requests[0]?.headers['authorization']).toBe(sim.trackAuthorization());
    sim.reset();
    expect(sim.requests).toEqual([]);
  });
});
