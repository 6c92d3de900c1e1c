import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, contactBody, json } from './testClient.ts';

describe('omnisend simulator: fault injection through the shared kit', () => {
  let sim: OmnisendSimulator;
  beforeAll(async () => {
    sim = await startOmnisendSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('failNext answers Omnisend problem bodies (500, 429 with retryAfter) and changes nothing', async () => {
    sim.failNext({ status: 500, path: /^\/api\/contacts$/, method: 'POST' });
    const res = await call(sim, '/api/contacts', { method: 'POST', body: contactBody('fault@example.com') });
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ type: 'https://problems.omnisend.com/internal', status: 500, instance: expect.stringMatching(/^urn:omnisend:request:/) });
    expect(sim.contacts.byEmail('fault@example.com')).toBeUndefined();

    sim.failNext({ status: 429, retryAfterSeconds: 7 });
    const throttled = await call(sim, '/api/contacts');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(await json(throttled)).toMatchObject({ type: 'https://problems.omnisend.com/rate-limit-exceeded', retryAfter: 7 });

    expect((await call(sim, '/api/contacts', { method: 'POST', body: contactBody('fault@example.com') })).status).toBe(201);
  });

  it('setLatency delays answers; hang never answers; down resets connections', async () => {
    sim.setLatency(120);
    const started = performance.now();
    expect((await call(sim, '/api/contacts')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    sim.setLatency(0);

    sim.hang(true);
    await expect(call(sim, '/api/contacts', { signal: AbortSignal.timeout(100) })).rejects.toThrow(/abort|timeout/i);
    expect(sim.requests.at(-1)).toMatchObject({ path: '/api/contacts', status: 0 });
    sim.hang(false);

    sim.down(true);
    await expect(call(sim, '/api/contacts')).rejects.toThrow();
    sim.down(false);
    expect((await call(sim, '/api/contacts')).status).toBe(200);
  });
});
