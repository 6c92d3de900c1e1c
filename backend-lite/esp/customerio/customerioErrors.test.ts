import { afterEach, describe, expect, it } from 'vitest';
import { TargetPaused } from '../../queue/pacer.ts';
import { EspNotFound, EspRateLimited, EspRejectedInput, EspUnavailable } from '../espErrors.ts';
import { createCustomerioHttp, reasonOf } from './customerioHttp.ts';
import { createCustomerioPacers } from './customerioLimits.ts';
import { byEmailSchema } from './customerioModels.ts';
import { change, identity, startKit, type Kit } from './customerioTestKit.ts';

describe('customerio adapter: failures become the shared Esp errors', () => {
  let kit: Kit;
  afterEach(() => kit.sim.close());

  it('429 with Retry-After → EspRateLimited with that delay; the pacer pauses, later calls wait without a request', async () => {
    kit = await startKit();
    kit.sim.failNext({ api: 'app', status: 429, retryAfterSeconds: 3 });
    const before = Date.now();
    const error = await kit.adapter.readProfile(identity()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspRateLimited);
    expect((error as EspRateLimited).retryAfterMs).toBe(3_000);
    expect((error as EspRateLimited).message).toContain('App API GET /v1/customers?email={email}');
    expect(kit.pacers.app.pausedUntil()).toBeGreaterThanOrEqual(before + 3_000);

    const requests = kit.sim.requests.length;
    await expect(kit.adapter.push(change())).rejects.toBeInstanceOf(TargetPaused);
    expect(kit.sim.requests.length).toBe(requests);
  });

  it("the App API's own 429 (no Retry-After, C.7) → EspRateLimited waiting out one second", async () => {
    // Pacers far above the limit, so the simulator's limiter answers.
    kit = await startKit({}, { pacers: createCustomerioPacers('fast', { rates: { app: 100_000, track: 100_000 } }) });
    const errors = await Promise.all(Array.from({ length: 12 }, () => kit.adapter.readProfile(identity('nobody@example.com')).catch((e: unknown) => e)));
    const limited = errors.filter((e) => e instanceof EspRateLimited);
    expect(limited.length).toBeGreaterThan(0);
    expect((limited[0] as EspRateLimited).retryAfterMs).toBe(1_000);
    expect(kit.sim.stats.appThrottled).toBe(limited.length);
  });

  it('5xx → EspUnavailable (retryable), with the status', async () => {
    kit = await startKit();
    kit.sim.failNext({ api: 'track', status: 503 });
    const error = await kit.adapter.push(change()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspUnavailable);
    expect((error as EspUnavailable).retryable).toBe(true);
    expect((error as Error).message).toContain('HTTP 503 Service Unavailable');
  });

  it('a hang → EspUnavailable after the timeout; a service that is down → EspUnavailable', async () => {
    kit = await startKit({}, { timeoutMs: 150 });
    kit.sim.hang(true, 'app');
    const hung = await kit.adapter.readProfile(identity()).catch((e: unknown) => e);
    expect(hung).toBeInstanceOf(EspUnavailable);
    expect((hung as Error).message).toContain('no answer in 150 ms');
    kit.sim.hang(false);
    kit.sim.down(true, 'track');
    await expect(kit.adapter.optOut(identity(), ['email'])).rejects.toBeInstanceOf(EspUnavailable);
  });

  it('an unknown path (plain-text 404) → EspNotFound', async () => {
    kit = await startKit();
    const http = createCustomerioHttp({ origins: { track: kit.sim.trackOrigin, app: kit.sim.appOrigin }, ...kit.sim.credentials, pacers: kit.pacers });
    const error = await http.call('track', { method: 'POST', path: 'api/v1/customers/42/unsubscribe', label: 'Track API POST /api/v1/customers/{id}/unsubscribe' }, byEmailSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspNotFound);
    expect((error as Error).message).toContain('404 page not found');
  });

  it('a 2xx the adapter cannot read → EspUnavailable naming the field', async () => {
    kit = await startKit();
    const http = createCustomerioHttp({ origins: { track: kit.sim.trackOrigin, app: kit.sim.appOrigin }, ...kit.sim.credentials, pacers: kit.pacers });
    const wrongShape = await http.call('track', { method: 'GET', path: 'api/v1/accounts/region', label: 'region' }, byEmailSchema).catch((e: unknown) => e);
    expect(wrongShape).toBeInstanceOf(EspUnavailable);
    expect((wrongShape as Error).message).toContain('unexpected answer (HTTP 200: results');
  });
});

describe('customerio adapter: pacing', () => {
  let kit: Kit;
  afterEach(() => kit.sim.close());

  it('keeps the App API under its 10 requests per window with concurrent pushes and reads', async () => {
    // A window of 500 ms (2× faster than real): slots 62 ms apart, so a busy test machine's timer
    // delays do not bunch requests the way they would at a tighter scale.
    const windowMs = 500;
    const scale = 1000 / windowMs;
    kit = await startKit({ rateWindowMs: windowMs }, { pacers: createCustomerioPacers('pacing', { rates: { app: 8 * scale, track: 800 * scale } }) });
    const people = Array.from({ length: 10 }, (_, i) => `p${i}@example.com`);
    await Promise.all([
      ...people.map((email) => kit.adapter.push(change({ identity: identity(email) }))),
      ...people.slice(0, 2).map((email) => kit.adapter.readProfile(identity(email))),
    ]);
    expect(kit.sim.stats).toEqual({ trackThrottled: 0, appThrottled: 0 });
    expect(kit.sim.app.requests.length).toBeGreaterThanOrEqual(12);
    // Paced at 8 per window; the margin to the limit of 10 absorbs arrival jitter.
    expect(kit.sim.app.maxRequestsInAnyWindow(windowMs)).toBeLessThanOrEqual(9);
  });
});

describe('reasonOf: the three Customer.io error envelopes (C.10)', () => {
  it('reads v1 meta.errors, meta.error, v2 errors and plain text', () => {
    expect(reasonOf({ meta: { errors: ['a', 'b'] } }, 'x')).toBe('a; b');
    expect(reasonOf({ meta: { error: 'Unauthorized' } }, 'x')).toBe('Unauthorized');
    expect(reasonOf({ errors: [{ reason: 'required', field: 'identifiers', message: 'identifiers is required' }] }, 'x')).toBe('identifiers: identifiers is required');
    expect(reasonOf('404 page not found\n', 'x')).toBe('404 page not found');
    expect(reasonOf({}, 'HTTP 418')).toBe('HTTP 418');
  });

  it('a v2 400 becomes EspRejectedInput with its field and message', async () => {
    const kit = await startKit();
    try {
      const http = createCustomerioHttp({ origins: { track: kit.sim.trackOrigin, app: kit.sim.appOrigin }, ...kit.sim.credentials, pacers: kit.pacers });
      const error = await http.call('track', { method: 'POST', path: 'api/v2/batch', label: 'Track API POST /api/v2/batch', json: {} }, byEmailSchema).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EspRejectedInput);
      expect((error as EspRejectedInput).reason).toBe('batch: batch must be an array of operations');
    } finally {
      await kit.sim.close();
    }
  });
});
