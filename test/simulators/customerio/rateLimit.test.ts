import { describe, expect, it } from 'vitest';
import { startCustomerioSimulator, type CustomerioSimulator, type CustomerioSimulatorOptions } from './index.ts';
import { app, identify, json } from './testClient.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function withSim(options: CustomerioSimulatorOptions, run: (sim: CustomerioSimulator) => Promise<void>): Promise<void> {
  const sim = await startCustomerioSimulator(options);
  sim.seedPerson({ id: '42', email: 'jane@example.com' });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

describe.concurrent('customerio simulator: rate limits (reference C.6, C.7)', () => {
  it('App API: the 11th request within a second is 429 "over the 10-per-second limit", without Retry-After', () =>
    withSim({}, async (sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await app(sim, '/v1/customers/42/attributes')).status);
      expect(statuses).toEqual(Array(10).fill(200));
      const eleventh = await app(sim, '/v1/customers/42/attributes');
      expect(eleventh.status).toBe(429);
      expect(eleventh.headers.get('retry-after')).toBeNull();
      expect(await json(eleventh)).toEqual({ meta: { error: 'Your request is over the 10-per-second limit.' } });
      expect(sim.stats).toEqual({ trackThrottled: 0, appThrottled: 1 });
      expect(sim.app.maxRequestsInAnyWindow(1000)).toBe(11);
      // The Track API has its own budget.
      expect((await identify(sim, '42', { plan: 'pro' })).status).toBe(200);
    }));

  it('App API: a client that waits for the window to pass gets through (short window to keep the test fast)', () =>
    withSim({ rateWindowMs: 600 }, async (sim) => {
      // In parallel, so the ten land inside the window even on a loaded machine.
      await Promise.all(Array.from({ length: 10 }, () => app(sim, '/v1/customers/42/attributes')));
      expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(429);
      await sleep(650);
      expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(200);
    }));

  it('counts unauthenticated and refused requests too', () =>
    withSim({ appRequestsPerSecond: 2 }, async (sim) => {
      expect((await app(sim, '/v1/customers/42/attributes', { auth: null })).status).toBe(401);
      expect((await app(sim, '/nowhere')).status).toBe(404);
      expect((await app(sim, '/v1/customers/42/attributes')).status).toBe(429);
    }));

  it('retryAfterSeconds adds a Retry-After header when a test wants one', () =>
    withSim({ appRequestsPerSecond: 1, retryAfterSeconds: 2 }, async (sim) => {
      await app(sim, '/v1/customers/42/attributes');
      const res = await app(sim, '/v1/customers/42/attributes');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
    }));

  it('Track API: 1000/s by default (50 concurrent identifies pass); a configured limit is enforced', async () => {
    await withSim({}, async (sim) => {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => identify(sim, String(i), { n: i })));
      expect(results.every((r) => r.status === 200)).toBe(true);
    });
    await withSim({ trackRequestsPerSecond: 3 }, async (sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await identify(sim, '42', { n: i })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(sim.person('42')?.attributes['n']).toBe(2);
      expect(sim.stats.trackThrottled).toBe(1);
    });
    await withSim({ trackRequestsPerSecond: null }, async (sim) => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => identify(sim, String(i), {})));
      expect(results.every((r) => r.status === 200)).toBe(true);
    });
  });
});
