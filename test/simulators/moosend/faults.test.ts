import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMoosendSimulator, type MoosendSimulator } from './index.ts';
import { call, callJson, envelope } from './testClient.ts';

describe('moosend simulator: fault injection through the shared server', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startMoosendSimulator();
    sim.seedList({ id: 'won', name: 'Won' });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('failNext 5xx answers that status with a non-JSON body, then recovers', async () => {
    sim.failNext({ status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await call(sim, '/v3/lists.json');
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('503 Service Unavailable');
    }
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
  });

  it('failNext 429 answers Moosend’s own rate-limit envelope, inside HTTP 200 by default', async () => {
    sim.failNext({ status: 429, path: /subscribe\.json$/ });
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
    const res = await call(sim, '/v3/subscribers/won/subscribe.json', { body: { Email: 'a@example.com' } });
    expect(res.status).toBe(200);
    expect(await envelope(res)).toEqual({ Code: 429, Error: 'RATE-LIMITING', Context: null });
    expect(sim.subscriber('won', 'a@example.com')).toBeUndefined();
  });

  it('failNext with a custom body and a method filter', async () => {
    sim.failNext({ status: 400, method: 'POST', body: { Code: 999, Error: 'SOMETHING_ODD', Context: null } });
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
    expect((await callJson(sim, '/v3/subscribers/won/subscribe.json', { body: { Email: 'b@example.com' } })).body).toEqual({
      Code: 999,
      Error: 'SOMETHING_ODD',
      Context: null,
    });
  });

  it('setLatency delays every answer', async () => {
    sim.setLatency(120);
    const started = performance.now();
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('hang never answers until hang(false); down resets connections', async () => {
    sim.hang(true);
    await expect(call(sim, '/v3/lists.json', { signal: AbortSignal.timeout(120) })).rejects.toThrow(/abort|timeout/i);
    expect(sim.requests.at(-1)).toMatchObject({ path: '/v3/lists.json', status: 0 });
    sim.hang(false);
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);

    sim.down(true);
    await expect(call(sim, '/v3/lists.json')).rejects.toThrow();
    sim.down(false);
    expect((await callJson(sim, '/v3/lists.json')).body.Code).toBe(0);
  });

  it('reset clears requests and refusals but keeps the data', async () => {
    await callJson(sim, '/v3/subscribers/won/subscribe.json', { body: { Email: 'keep@example.com' } });
    await callJson(sim, '/v3/lists.json', { apiKey: 'bad' });
    expect(sim.refusals).toHaveLength(1);
    sim.reset();
    expect(sim.requests).toHaveLength(0);
    expect(sim.refusals).toHaveLength(0);
    expect(sim.subscriber('won', 'keep@example.com')?.SubscribeType).toBe(1);
  });
});
