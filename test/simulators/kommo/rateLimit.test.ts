import { describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator, type KommoSimulatorOptions } from './index.ts';
import { call, json } from './testClient.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function withSim(options: KommoSimulatorOptions, run: (sim: KommoSimulator) => Promise<void>): Promise<void> {
  const sim = await startKommoSimulator(options);
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

// Concurrent: the tests wait out real penalties, each on its own simulator.
describe.concurrent('kommo simulator: rate limit (reference §5.2)', () => {
  it('answers the 8th request within a second with 429, retry_after and Retry-After', () =>
    withSim({}, async (sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await call(sim, '/api/v4/account')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);

      const eighth = await call(sim, '/api/v4/account');
      expect(eighth.status).toBe(429);
      expect(eighth.headers.get('retry-after')).toBe('1');
      expect(eighth.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(eighth)).toMatchObject({
        title: 'Too Many Requests',
        type: 'https://httpstatus.es/429',
        status: 429,
        retry_after: 1,
      });
      expect(sim.stats).toMatchObject({ tooManyRequests: 1, blocked: false });
      expect(sim.requests).toHaveLength(8);
      expect(sim.requests.at(-1)?.status).toBe(429);
      expect(sim.maxRequestsInAnyWindow()).toBe(8);
    }));

  it('lets a client that waits out retry_after through again (short window and penalty to keep the test fast)', () =>
    withSim({ requestsPerSecond: 2, retryAfterSeconds: 0.3, rateWindowMs: 300 }, async (sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(sim, '/api/v4/account')).status);
      expect(statuses).toEqual([200, 200, 429]);
      await sleep(330);
      expect((await call(sim, '/api/v4/account')).status).toBe(200);
      expect(sim.stats).toEqual({ tooManyRequests: 1, ignoredPenaltyRequests: 0, blocked: false });
    }));

  it('counts before auth: unauthenticated requests use up the budget too', () =>
    withSim({ requestsPerSecond: 2 }, async (sim) => {
      expect((await call(sim, '/api/v4/account', { token: null })).status).toBe(401);
      expect((await call(sim, '/api/v4/account', { token: null })).status).toBe(401);
      expect((await call(sim, '/api/v4/account')).status).toBe(429);
    }));

  it('blocks the IP with 403 on everything once the penalty is ignored too often, until reset()', () =>
    withSim({ requestsPerSecond: 2, ignoredRateLimitsBeforeBlock: 3, retryAfterSeconds: 0.5 }, async (sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await call(sim, '/api/v4/account')).status);
      // 2 pass, the 3rd starts the penalty, 3 are ignored-but-tolerated, the 4th ignored one blocks.
      expect(statuses).toEqual([200, 200, 429, 429, 429, 429, 403]);
      expect(sim.stats).toEqual({ tooManyRequests: 4, ignoredPenaltyRequests: 4, blocked: true });

      await sleep(550); // the penalty is over, the block is not
      const blocked = await call(sim, '/api/v4/leads?limit=1');
      expect(blocked.status).toBe(403);
      expect(await json(blocked)).toMatchObject({ title: 'Forbidden', type: 'https://httpstatus.es/403', status: 403 });
      expect((await call(sim, '/api/v4/account', { token: null })).status).toBe(403);
      expect((await call(sim, '/nowhere')).status).toBe(403);

      sim.reset();
      expect(sim.stats).toEqual({ tooManyRequests: 0, ignoredPenaltyRequests: 0, blocked: false });
      expect(sim.requests).toHaveLength(0);
      expect((await call(sim, '/api/v4/account')).status).toBe(200);
    }));

  it('maxRequestsInAnyWindow measures the densest sliding window', () =>
    withSim({ requestsPerSecond: 1000 }, async (sim) => {
      await Promise.all(Array.from({ length: 5 }, () => call(sim, '/api/v4/account')));
      // Gaps wide enough that a loaded machine (five requests spread over a few hundred ms) measures the same.
      await sleep(600);
      await call(sim, '/api/v4/account');
      expect(sim.maxRequestsInAnyWindow(1000)).toBe(6);
      expect(sim.maxRequestsInAnyWindow(500)).toBe(5);
    }));
});
