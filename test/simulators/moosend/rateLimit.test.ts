import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MOOSEND_RATE_LIMITS, startMoosendSimulator, type MoosendSimulator, type MoosendSimulatorOptions } from './index.ts';
import { call, callJson, sleep } from './testClient.ts';

const RATE_LIMITED = JSON.parse(readFileSync(new URL('../../fixtures/moosend/moosend-rate-limited.json', import.meta.url), 'utf8')) as unknown;

async function withSim(options: MoosendSimulatorOptions, run: (sim: MoosendSimulator) => Promise<void>): Promise<void> {
  const sim = await startMoosendSimulator(options);
  sim.seedList({ id: 'won', name: 'Won' });
  sim.seedList({ id: 'lost', name: 'Lost' });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

const subscribe = (sim: MoosendSimulator, i: number, list = 'won', apiKey?: string) =>
  callJson(sim, `/v3/subscribers/${list}/subscribe.json`, { body: { Email: `p${i}@example.com` }, ...(apiKey ? { apiKey } : {}) });

describe.concurrent('moosend simulator: per-key, per-endpoint rate limits (reference B.6)', () => {
  it('defaults to the documented table', () =>
    withSim({}, async (sim) => {
      expect(sim.rateLimits).toEqual(MOOSEND_RATE_LIMITS);
      expect(sim.rateLimits.subscribe).toEqual({ limit: 10, windowMs: 10_000 });
      expect(sim.rateLimits.subscribe_many).toEqual({ limit: 2, windowMs: 10_000 });
      expect(sim.rateLimits.unsubscribe_list).toEqual({ limit: 20, windowMs: 10_000 });
      expect(sim.rateLimits.remove).toEqual({ limit: 40, windowMs: 10_000 });
    }));

  it('the 11th subscribe within 10 s gets the fixture body in HTTP 200 and writes nothing', () =>
    withSim({}, async (sim) => {
      for (let i = 0; i < 10; i++) expect((await subscribe(sim, i)).body.Code).toBe(0);
      // Across lists: the window is per key and endpoint, not per list.
      const eleventh = await subscribe(sim, 10, 'lost');
      expect(eleventh).toEqual({ status: 200, body: RATE_LIMITED });
      expect(sim.subscriber('lost', 'p10@example.com')).toBeUndefined();
      expect(sim.refusals.at(-1)).toMatchObject({ error: 'RATE-LIMITING' });
      expect(sim.maxRequestsInEndpointWindow('subscribe')).toBe(11);
      expect(sim.requestsTo('subscribe')).toHaveLength(11);
    }));

  it('other endpoints keep their own windows; reads are not limited', () =>
    withSim({}, async (sim) => {
      for (let i = 0; i < 11; i++) await subscribe(sim, i);
      expect((await callJson(sim, '/v3/subscribers/won/view.json', { query: { Email: 'p0@example.com' } })).body.Code).toBe(0);
      expect((await callJson(sim, '/v3/subscribers/won/unsubscribe.json', { body: { Email: 'p0@example.com' } })).body.Code).toBe(0);
      expect((await callJson(sim, '/v3/subscribers/won/subscribe_many.json', { body: { Subscribers: [{ Email: 'm@example.com' }] } })).body.Code).toBe(0);
      for (let i = 0; i < 30; i++) expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
    }));

  it('each API key has its own windows', () =>
    withSim({ extraApiKeys: ['other-key'] }, async (sim) => {
      for (let i = 0; i < 11; i++) await subscribe(sim, i);
      expect((await subscribe(sim, 99, 'won', 'other-key')).body.Code).toBe(0);
    }));

  it('subscribe_many: the 3rd call within 10 s is refused', () =>
    withSim({}, async (sim) => {
      const batch = { Subscribers: [{ Email: 'a@example.com' }] };
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await callJson(sim, '/v3/subscribers/won/subscribe_many.json', { body: batch })).body.Code);
      expect(codes).toEqual([0, 0, 429]);
    }));

  it('unsubscribe endpoints: 20 each per window, counted separately', () =>
    withSim({}, async (sim) => {
      sim.seedSubscriber('won', { email: 'x@example.com' });
      const list: number[] = [];
      const account: number[] = [];
      for (let i = 0; i < 21; i++) list.push((await callJson(sim, '/v3/subscribers/won/unsubscribe.json', { body: { Email: 'x@example.com' } })).body.Code);
      for (let i = 0; i < 21; i++) account.push((await callJson(sim, '/v3/subscribers/unsubscribe.json', { body: { Email: 'x@example.com' } })).body.Code);
      expect(list.slice(0, 20).every((c) => c === 0)).toBe(true);
      expect(list[20]).toBe(429);
      expect(account.slice(0, 20).every((c) => c === 0)).toBe(true);
      expect(account[20]).toBe(429);
    }));

  it('a scaled window lets a client that waits through again', () =>
    withSim({ rateWindowScale: 0.05 }, async (sim) => {
      expect(sim.rateLimits.subscribe).toEqual({ limit: 10, windowMs: 500 });
      // In parallel, so all eleven land well inside one 500 ms window even on a loaded machine.
      const codes = (await Promise.all(Array.from({ length: 11 }, (_, i) => subscribe(sim, i)))).map((r) => r.body.Code);
      expect(codes.filter((c) => c === 0)).toHaveLength(10);
      expect(codes.filter((c) => c === 429)).toHaveLength(1);
      await sleep(550);
      expect((await subscribe(sim, 11)).body.Code).toBe(0);
    }));

  it("in 'mirror' mode the same body comes with HTTP 429 (no Retry-After: none is documented)", () =>
    withSim({ errorHttpStatus: 'mirror', rateLimits: { subscribe: { limit: 1, windowMs: 10_000 } } }, async (sim) => {
      await subscribe(sim, 0);
      const res = await call(sim, '/v3/subscribers/won/subscribe.json', { body: { Email: 'y@example.com' } });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBeNull();
      expect(await res.json()).toEqual(RATE_LIMITED);
    }));

  it('requests with a wrong key do not use up the real key’s budget', () =>
    withSim({ rateLimits: { subscribe: { limit: 1, windowMs: 10_000 } } }, async (sim) => {
      expect((await subscribe(sim, 0, 'won', 'wrong')).body.Error).toBe('INVALID_API_KEY');
      expect((await subscribe(sim, 1)).body.Code).toBe(0);
    }));
});
