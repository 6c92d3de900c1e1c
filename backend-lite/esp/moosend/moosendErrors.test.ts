import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MoosendSimulator } from '../../../test/simulators/moosend/index.ts';
import { EspBadCredentials, EspNotFound, EspRateLimited, EspRejectedInput, EspUnavailable } from '../espErrors.ts';
import { classifyMoosendAnswer } from './moosendErrors.ts';
import { adapterFor, consented, pushOf, requestsTo, startSim, WON } from './moosendTestKit.ts';

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe('moosend adapter: errors and pacing', () => {
  let sim: MoosendSimulator;
  let mirror: MoosendSimulator;
  // The rate checks use 500 ms windows: at 100 ms, a loaded test machine can bunch arrivals by more
  // than one pacing interval (10–20 ms), which real 10 s windows (1–2 s intervals) never see.
  let paced: MoosendSimulator;
  beforeAll(async () => {
    [sim, mirror, paced] = await Promise.all([startSim(), startSim({ errorHttpStatus: 'mirror' }), startSim({ rateWindowScale: 0.05 })]);
  });
  afterAll(async () => {
    await Promise.all([sim.close(), mirror.close(), paced.close()]);
  });
  beforeEach(() => {
    sim.reset();
    mirror.reset();
    paced.reset();
  });

  it.each(['always-200', 'mirror'] as const)('RATE-LIMITING (%s) → EspRateLimited for the endpoint’s window, and that pacer paused', async (mode) => {
    const target = mode === 'mirror' ? mirror : sim;
    target.seedSubscriber(WON, { email: `limited-${mode}@example.com`, customFields: { Plan: 'Basic' } });
    const { adapter, pacers } = adapterFor(target);
    target.failNext({ status: 429, path: /\/subscribe\.json$/ });
    const before = Date.now();
    const error = await caught(adapter.push(pushOf({ email: `limited-${mode}@example.com` })));

    expect(error).toBeInstanceOf(EspRateLimited);
    expect((error as EspRateLimited).retryAfterMs).toBe(target.rateLimits.subscribe.windowMs);
    expect((error as EspRateLimited).retryable).toBe(true);
    expect(requestsTo(target, 'subscribe.json')[0]?.status).toBe(mode === 'mirror' ? 429 : 200);
    expect(pacers.subscribe.pausedUntil()).toBeGreaterThanOrEqual(before + target.rateLimits.subscribe.windowMs);
    expect(pacers.read.pausedUntil()).toBe(0);
    expect(target.customFields(WON, `limited-${mode}@example.com`)).toEqual({ Plan: 'Basic' });

    // The retry waits out the pause, then lands as if the first attempt had.
    expect((await adapter.push(pushOf({ email: `limited-${mode}@example.com` }))).outcome).toBe('updated');
    const [first, second] = requestsTo(target, 'subscribe.json');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(target.rateLimits.subscribe.windowMs - 5);
    expect(target.customFields(WON, `limited-${mode}@example.com`)).toEqual({ Plan: 'Pro', kommo_deal_id: '42' });
  });

  it('a 429 on subscribe_many pauses that endpoint only', async () => {
    const { adapter, pacers } = adapterFor(sim);
    sim.failNext({ status: 429, path: /subscribe_many\.json$/ });
    expect(await caught(adapter.pushMany([pushOf({ email: 'b1@example.com', ...consented })]))).toBeInstanceOf(EspRateLimited);
    expect(pacers.subscribe_many.pausedUntil()).toBeGreaterThan(0);
    expect(pacers.subscribe.pausedUntil()).toBe(0);
  });

  it('5xx from a gateway (no envelope) → EspUnavailable, retryable', async () => {
    sim.failNext({ status: 503, path: /view\.json$/ });
    const error = await caught(adapterFor(sim).adapter.readProfile({ email: 'x@example.com', phone: null, kommoContactId: 1, kommoDealId: null }));
    expect(error).toBeInstanceOf(EspUnavailable);
    expect((error as EspUnavailable).retryable).toBe(true);
    expect((error as Error).message).toContain('HTTP 503');
  });

  it('no answer within the timeout → EspUnavailable, the key not in the message', async () => {
    const { adapter } = adapterFor(sim, { timeoutMs: 150 });
    sim.hang(true);
    const error = await caught(adapter.checkCredentials());
    sim.hang(false);
    expect(error).toBeInstanceOf(EspUnavailable);
    expect((error as Error).message).toContain('no answer in 150 ms');
    expect((error as Error).message).not.toContain(sim.apiKey);
  });

  it('connection refused or reset → EspUnavailable', async () => {
    sim.down(true);
    const error = await caught(adapterFor(sim).adapter.optOut({ email: 'x@example.com', phone: null, kommoContactId: 1, kommoDealId: null }, ['email']));
    sim.down(false);
    expect(error).toBeInstanceOf(EspUnavailable);
    expect((error as Error).message).not.toContain(sim.apiKey);
  });

  it('a validation error → EspRejectedInput carrying Moosend’s reason, not retryable', async () => {
    const error = await caught(adapterFor(sim).adapter.push(pushOf({ email: 'has space@example.com', ...consented })));
    expect(error).toBeInstanceOf(EspRejectedInput);
    expect((error as EspRejectedInput).reason).toBe('VALIDATION_ERROR');
    expect((error as EspRejectedInput).retryable).toBe(false);
    expect((error as Error).message).toContain(`POST /v3/subscribers/${WON}/subscribe.json`);

    sim.failNext({ status: 400, path: /subscribe\.json$/, body: { Code: 400, Error: 'Custom field Plan has an invalid value', Context: null } });
    const custom = await caught(adapterFor(sim).adapter.push(pushOf({ email: 'valid@example.com', ...consented })));
    expect((custom as EspRejectedInput).reason).toBe('Custom field Plan has an invalid value');
  });

  it('a list id that does not exist → EspNotFound, not retryable', async () => {
    const error = await caught(adapterFor(sim).adapter.push(pushOf({ list: 'no-such-list', ...consented })));
    expect(error).toBeInstanceOf(EspNotFound);
    expect((error as EspNotFound).retryable).toBe(false);
    expect((error as Error).message).toMatch(/mailing list/);
  });

  it('a bad key answered with HTTP 401 (mirror mode) → EspBadCredentials', async () => {
    const error = await caught(adapterFor(mirror, { apiKey: 'nope' }).adapter.checkCredentials());
    expect(error).toBeInstanceOf(EspBadCredentials);
    expect((error as Error).message).toContain('INVALID_API_KEY');
  });

  it('many pushes at once stay within subscribe’s 10 per window, with no RATE-LIMITING', async () => {
    const { adapter } = adapterFor(paced);
    const results = await Promise.all(Array.from({ length: 13 }, (_, i) => adapter.push(pushOf({ email: `rate${i}@example.com`, ...consented }))));
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    const subscribes = requestsTo(paced, 'subscribe.json');
    expect(subscribes).toHaveLength(13);
    // More than one window's worth went out, so the pacer (not the test's size) kept the count down.
    expect((subscribes.at(-1)?.at ?? 0) - (subscribes[0]?.at ?? 0)).toBeGreaterThan(paced.rateLimits.subscribe.windowMs);
    expect(paced.maxRequestsInEndpointWindow('subscribe')).toBeLessThanOrEqual(paced.rateLimits.subscribe.limit);
    expect(paced.maxRequestsInAnyWindow(paced.rateLimits.subscribe.windowMs, (r) => r.path.endsWith('/subscribe.json'))).toBeLessThanOrEqual(
      paced.rateLimits.subscribe.limit,
    );
    expect(paced.refusals.filter((r) => r.error === 'RATE-LIMITING')).toEqual([]);
  });

  it('opt-outs back to back stay within unsubscribe’s 20 per window', async () => {
    const { adapter } = adapterFor(paced);
    const who = (i: number) => ({ email: `out${i}@example.com`, phone: null, kommoContactId: i, kommoDealId: null });
    // One after another, as one worker runs them: at this scale, 10 opt-outs opened at once on a
    // loaded machine reach the server up to ~100 ms late, i.e. later than the next paced slot.
    for (let i = 0; i < 24; i++) await adapter.optOut(who(i), ['email']);
    expect(requestsTo(paced, 'unsubscribe.json')).toHaveLength(24);
    expect(paced.maxRequestsInEndpointWindow('unsubscribe_account')).toBeLessThanOrEqual(paced.rateLimits.unsubscribe_account.limit);
    expect(paced.refusals.filter((r) => r.error === 'RATE-LIMITING')).toEqual([]);
  });
});

describe('classifyMoosendAnswer', () => {
  const env = (Code: number, Error: string | null) => ({ Code, Error, Context: null });
  it('reads Code inside HTTP 200 and the status line when there is no envelope', () => {
    expect(classifyMoosendAnswer(200, env(0, null))).toBeUndefined();
    expect(classifyMoosendAnswer(200, env(429, 'RATE_LIMITING'))).toEqual({ kind: 'rate-limited' });
    expect(classifyMoosendAnswer(200, env(0, null) && env(1, 'RATE-LIMITING'))).toEqual({ kind: 'rate-limited' });
    expect(classifyMoosendAnswer(200, env(404, 'MEMBER_NOT_FOUND'))).toMatchObject({ kind: 'member-not-found' });
    expect(classifyMoosendAnswer(200, env(404, 'MAILING_LIST_NOT_FOUND'))).toMatchObject({ kind: 'list-not-found' });
    expect(classifyMoosendAnswer(200, env(500, 'INTERNAL'))).toMatchObject({ kind: 'unavailable' });
    expect(classifyMoosendAnswer(400, env(0, null))).toMatchObject({ kind: 'rejected', reason: 'Code 400' });
    expect(classifyMoosendAnswer(200, undefined)).toMatchObject({ kind: 'unavailable' });
    expect(classifyMoosendAnswer(502, undefined)).toEqual({ kind: 'unavailable', detail: 'HTTP 502' });
    expect(classifyMoosendAnswer(404, undefined)).toMatchObject({ kind: 'no-endpoint' });
  });
});
