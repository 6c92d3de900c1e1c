import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from './index.ts';
import { call, json } from './testClient.ts';

describe('kommo simulator: fault injection', () => {
  let sim: KommoSimulator;
  beforeAll(async () => {
    sim = await startKommoSimulator({ requestsPerSecond: 1000 });
    sim.addLead({ id: 1 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('failNext answers a 500 problem+json with trace_id for the next `times` requests, then recovers', async () => {
    sim.failNext({ status: 500, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await call(sim, '/api/v4/leads/1');
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(res)).toMatchObject({
        title: 'Internal Server Error',
        type: 'https://httpstatus.es/500',
        status: 500,
        trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
    expect((await call(sim, '/api/v4/leads/1')).status).toBe(200);
  });

  it('failNext can target a path and a method, inject 429 with retry_after, or a custom body', async () => {
    sim.failNext({ status: 429, path: /\/contacts/, retryAfterSeconds: 3 });
    expect((await call(sim, '/api/v4/leads/1')).status).toBe(200);
    const throttled = await call(sim, '/api/v4/contacts?query=x');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(await json(throttled)).toMatchObject({ status: 429, retry_after: 3 });
    expect(sim.stats.tooManyRequests).toBe(1);
    // Like a real 429 it starts a penalty: not waiting it out is throttled again and counted.
    expect((await call(sim, '/api/v4/leads/1')).status).toBe(429);
    expect(sim.stats).toMatchObject({ tooManyRequests: 2, ignoredPenaltyRequests: 1 });
    sim.reset();

    sim.failNext({ status: 504, method: 'PATCH', body: { title: 'Gateway Timeout' } });
    expect((await call(sim, '/api/v4/leads/1')).status).toBe(200);
    const patched = await call(sim, '/api/v4/leads/1', { method: 'PATCH', body: { price: 5 } });
    expect(patched.status).toBe(504);
    expect(await json(patched)).toEqual({ title: 'Gateway Timeout' });
    expect(sim.leads.get(1)?.price).toBe(0);
  });

  it('setLatency delays every answer', async () => {
    sim.setLatency(150);
    const started = performance.now();
    expect((await call(sim, '/api/v4/leads/1')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hang never answers (a timed-out fetch aborts) until hang(false)', async () => {
    sim.hang(true);
    await expect(call(sim, '/api/v4/leads/1', { signal: AbortSignal.timeout(150) })).rejects.toThrow(/abort|timeout/i);
    expect(sim.requests.at(-1)).toMatchObject({ path: '/api/v4/leads/1', status: 0 });
    sim.hang(false);
    expect((await call(sim, '/api/v4/leads/1')).status).toBe(200);
  });

  it('close() returns promptly while a request is hanging', async () => {
    const other = await startKommoSimulator();
    other.hang(true);
    const pending = call(other, '/api/v4/account').then(
      (r) => r.status,
      () => 'failed' as const,
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await pending).toBe('failed');
  });
});
