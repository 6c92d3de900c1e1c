import { describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator, type OmnisendSimulatorOptions } from './index.ts';
import { call, json } from './testClient.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function withSim(options: OmnisendSimulatorOptions, run: (sim: OmnisendSimulator) => Promise<void>): Promise<void> {
  const sim = await startOmnisendSimulator(options);
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

/** Sends `count` requests, `parallel` at a time, and returns their statuses in order. */
async function burst(count: number, parallel: number, send: () => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += parallel) {
    const chunk = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, async () => (await send()).status));
    statuses.push(...chunk);
  }
  return statuses;
}

const RATE_LIMIT_BODY = {
  type: 'https://problems.omnisend.com/rate-limit-exceeded',
  title: 'Rate limit exceeded',
  status: 429,
  retryAfter: expect.any(Number),
  detail: expect.any(String),
  instance: expect.stringMatching(/^urn:omnisend:request:/),
};

describe.concurrent('omnisend simulator: rate limits (reference §A.7)', () => {
  it('with the documented defaults, request 401 within a minute is refused with the RFC 9457 429 and Retry-After', () =>
    withSim({}, async (sim) => {
      const statuses = await burst(400, 50, () => call(sim, '/api/contacts?limit=1'));
      expect(statuses.every((s) => s === 200)).toBe(true);
      const refused = await call(sim, '/api/contacts?limit=1');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      const body = await json(refused);
      expect(body).toEqual(RATE_LIMIT_BODY);
      expect(body['retryAfter']).toBeGreaterThan(50);
      expect(body['retryAfter']).toBeLessThanOrEqual(60);
      expect(refused.headers.get('retry-after')).toBe(String(body['retryAfter']));
      expect(sim.maxRequestsInAnyWindow(60_000)).toBe(401);
    }));

  it('/api/contacts/tags: the 61st request within a minute is refused even though the brand budget is not spent', () =>
    withSim({ asyncDelayMs: 1 }, async (sim) => {
      sim.seedContact({ email: 't@example.com' });
      const send = () => call(sim, '/api/contacts/tags', { method: 'POST', body: { tags: ['x'], emails: ['t@example.com'] } });
      const statuses = await burst(60, 20, send);
      expect(statuses.every((s) => s === 202)).toBe(true);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(await json(refused)).toEqual(RATE_LIMIT_BODY);
      expect(sim.tagOperations).toHaveLength(60);
      // Other endpoints still pass.
      expect((await call(sim, '/api/contacts')).status).toBe(200);
    }));

  it('is a sliding window: a client that waits for the window to move on gets through (short window for speed)', () =>
    withSim({ requestsPerMinute: 3, rateWindowMs: 300 }, async (sim) => {
      expect(await burst(4, 1, () => call(sim, '/api/contacts'))).toEqual([200, 200, 200, 429]);
      await sleep(320);
      expect((await call(sim, '/api/contacts')).status).toBe(200);
    }));

  it('counts per brand: two keys of one account share the budget, another account has its own; 401s are not charged', () =>
    withSim({ requestsPerMinute: 2, apiKeys: ['acct1-keyA', 'acct1-keyB', 'acct2-keyC'] }, async (sim) => {
      expect((await call(sim, '/api/contacts', { authorization: null })).status).toBe(401);
      expect((await call(sim, '/api/contacts', { authorization: 'Omnisend-API-Key acct1-keyA' })).status).toBe(200);
      expect((await call(sim, '/api/contacts', { authorization: 'Omnisend-API-Key acct1-keyB' })).status).toBe(200);
      expect((await call(sim, '/api/contacts', { authorization: 'Omnisend-API-Key acct1-keyA' })).status).toBe(429);
      expect((await call(sim, '/api/contacts', { authorization: 'Omnisend-API-Key acct2-keyC' })).status).toBe(200);
    }));

  it('refused requests keep the window full; reset() empties it', () =>
    withSim({ requestsPerMinute: 2, rateWindowMs: 60_000 }, async (sim) => {
      expect(await burst(4, 1, () => call(sim, '/api/contacts'))).toEqual([200, 200, 429, 429]);
      sim.reset();
      expect(sim.requests).toHaveLength(0);
      expect((await call(sim, '/api/contacts')).status).toBe(200);
    }));
});
