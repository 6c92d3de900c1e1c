import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxInWindow } from '../../../test/simulators/shared/recordedRequest.ts';
import { TargetPaused } from '../../queue/pacer.ts';
import { EspBadCredentials, EspNotFound, EspRateLimited, EspRejectedInput, EspUnavailable } from '../espErrors.ts';
import { createOmnisendPacers, OMNISEND_LIMITS } from './omnisendLimits.ts';
import { contactPush, freshEmail, identity, startOmnisendKit, type OmnisendKit } from './omnisendTestKit.ts';

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe('Omnisend adapter: errors', () => {
  let kit: OmnisendKit;
  beforeAll(async () => {
    kit = await startOmnisendKit({}, { timeoutMs: 150 });
  });
  afterAll(() => kit.close());
  beforeEach(() => {
    kit.sim.reset();
    // A fresh pair of pacers per test: a 429 test pauses them.
    Object.assign(kit.pacers, createOmnisendPacers('omnisend:test', { limits: { brand: { limit: 2000, windowMs: 1000 }, tags: { limit: 1000, windowMs: 1000 } } }));
  });

  it('429 → EspRateLimited with Omnisend’s retryAfter, and the brand pacer paused so nothing else is sent', async () => {
    kit.sim.failNext({ status: 429, retryAfterSeconds: 7 });
    const before = Date.now();
    const error = await failure(kit.adapter.push(contactPush(freshEmail('limited'))));
    expect(error).toBeInstanceOf(EspRateLimited);
    expect((error as EspRateLimited).retryAfterMs).toBe(7000);
    expect((error as EspRateLimited).retryable).toBe(true);
    expect(kit.pacers.brand.pausedUntil()).toBeGreaterThanOrEqual(before + 7000);

    const next = await failure(kit.adapter.readProfile(identity(freshEmail('waiting'))));
    expect(next).toBeInstanceOf(TargetPaused);
    expect(kit.sim.requests).toHaveLength(1);
  });

  it('429 without retryAfter in the body: the Retry-After header decides', async () => {
    kit.sim.failNext({ status: 429, retryAfterSeconds: 3, body: { type: 'https://problems.omnisend.com/rate-limit-exceeded', status: 429 } });
    const error = await failure(kit.adapter.checkCredentials());
    expect((error as EspRateLimited).retryAfterMs).toBe(3000);
  });

  it('429 on /contacts/tags pauses the tags pacer as well as the brand one', async () => {
    const email = freshEmail('tagslimited');
    kit.sim.seedContact({ email, tags: ['active'] });
    kit.sim.failNext({ status: 429, retryAfterSeconds: 30, path: /^\/api\/contacts\/tags$/ });
    const error = await failure(kit.adapter.push(contactPush(email, { removeTags: ['active'] })));
    expect(error).toBeInstanceOf(EspRateLimited);
    expect(kit.pacers.tags.pausedUntil()).toBeGreaterThan(Date.now() + 25_000);
    expect(kit.pacers.brand.pausedUntil()).toBeGreaterThan(Date.now() + 25_000);
  });

  it('5xx → EspUnavailable (retryable), nothing written', async () => {
    kit.sim.failNext({ status: 503, method: 'POST' });
    const email = freshEmail('down');
    const error = await failure(kit.adapter.push(contactPush(email)));
    expect(error).toBeInstanceOf(EspUnavailable);
    expect((error as EspUnavailable).retryable).toBe(true);
    expect((error as Error).message).toContain('POST /api/contacts');
    expect((error as Error).message).toContain('HTTP 503');
    expect(kit.sim.contacts.byEmail(email)).toBeUndefined();
  });

  it('a hang → EspUnavailable after the timeout; a refused connection → EspUnavailable', async () => {
    kit.sim.hang(true);
    const hung = await failure(kit.adapter.checkCredentials());
    expect(hung).toBeInstanceOf(EspUnavailable);
    expect((hung as Error).message).toContain('no answer in 150 ms');
    kit.sim.hang(false);

    kit.sim.down(true);
    const refused = await failure(kit.adapter.checkCredentials());
    expect(refused).toBeInstanceOf(EspUnavailable);
    expect((refused as Error).message).toContain('network error');
    kit.sim.down(false);
  });

  it('a validation error → EspRejectedInput (not retryable) with Omnisend’s reason per field', async () => {
    const email = freshEmail('invalid');
    const error = await failure(kit.adapter.push(contactPush(email, { fields: { 'won-date': '2026-03-15' } })));
    expect(error).toBeInstanceOf(EspRejectedInput);
    const rejected = error as EspRejectedInput;
    expect(rejected.retryable).toBe(false);
    expect(rejected.reason).toBe(
      'Request contains invalid or missing fields — customProperties.won-date: Property names may contain only Latin letters, digits and _ (at most 128 characters)',
    );
    expect(rejected.message).toContain('POST /api/contacts');
    expect(kit.sim.contacts.byEmail(email)).toBeUndefined();
  });

  it('403 (key without the contacts scopes) → EspBadCredentials that names the scopes', async () => {
    kit.sim.failNext({ status: 403 });
    const error = await failure(kit.adapter.checkCredentials());
    expect(error).toBeInstanceOf(EspBadCredentials);
    expect((error as Error).message).toContain('contacts.read and contacts.write');
  });

  it('404 on a batch that is gone → EspNotFound naming it', async () => {
    kit.sim.failNext({ status: 404, path: /^\/api\/batches\/\w+$/ });
    const error = await failure(kit.adapter.pushMany([contactPush(freshEmail('lostbatch'))]));
    expect(error).toBeInstanceOf(EspNotFound);
    expect((error as Error).message).toMatch(/Omnisend has no batch \w+ \(GET \/api\/batches\/\w+\)/);
  });

  it('a retired API version (410) → EspRejectedInput pointing at the version module', async () => {
    const retired = await startOmnisendKit({ retiredVersions: ['2026-03-15'] });
    try {
      const error = await failure(retired.adapter.checkCredentials());
      expect(error).toBeInstanceOf(EspRejectedInput);
      expect((error as EspRejectedInput).reason).toContain('omnisendApiVersion.ts');
    } finally {
      await retired.close();
    }
  });
});

describe('Omnisend adapter: request rate', () => {
  it('many concurrent pushes stay under the brand limit and the /contacts/tags limit (short windows for speed)', async () => {
    const windowMs = 300;
    const kit = await startOmnisendKit(
      { requestsPerMinute: 20, tagRequestsPerMinute: 10, rateWindowMs: windowMs },
      { pacers: createOmnisendPacers('omnisend:rate', { limits: { brand: { limit: 20, windowMs }, tags: { limit: 10, windowMs } } }) },
    );
    try {
      const emails = Array.from({ length: 12 }, () => freshEmail('rate'));
      for (const email of emails) kit.sim.seedContact({ email, tags: ['plan_basic'] });
      const results = await Promise.all(emails.map((email) => kit.adapter.push(contactPush(email, { addTags: ['plan_pro'], removeTags: ['plan_basic'] }))));
      expect(results.every((r) => r.outcome === 'updated')).toBe(true);
      expect(kit.sim.requests).toHaveLength(24);
      expect(kit.sim.requests.filter((r) => r.status === 429)).toEqual([]);
      expect(kit.sim.maxRequestsInAnyWindow(windowMs)).toBeLessThan(20);
      expect(kit.sim.maxRequestsInAnyWindow(windowMs, (r) => r.path === '/api/contacts/tags')).toBeLessThan(10);
    } finally {
      await kit.close();
    }
  });

  it('the default pacers keep 3/4 of the documented 400/min and 60/min in any minute', async () => {
    let clock = 0;
    const pacers = createOmnisendPacers('omnisend:defaults', {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    for (const [which, documented] of [
      ['brand', OMNISEND_LIMITS.brand.limit],
      ['tags', OMNISEND_LIMITS.tags.limit],
    ] as const) {
      clock = 0;
      const times: number[] = [];
      for (let i = 0; i < documented * 3; i++) {
        await pacers[which].take();
        times.push(clock);
      }
      expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(documented * 0.75);
    }
  });
});
