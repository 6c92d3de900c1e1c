import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelWrites, contactPush, freshEmail, identity, received, startOmnisendKit, type OmnisendKit } from './omnisendTestKit.ts';

type BatchBody = { method: string; endpoint: string; items: { identifiers: { id: string }[] }[] };

describe('Omnisend adapter: pushMany through POST /api/batches (reference §A.6)', () => {
  let kit: OmnisendKit;
  beforeAll(async () => {
    kit = await startOmnisendKit({ asyncDelayMs: 20 });
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.sim.reset());

  it('a mass move to Won: one batch; no status for existing contacts; consent only for the new one looked up first', async () => {
    const fresh = freshEmail('batchnew');
    const optedOut = freshEmail('batchout');
    const consenting = freshEmail('batchconsent');
    kit.sim.seedContact({ email: optedOut, emailStatus: 'unsubscribed', emailStatusChangedAt: '2026-03-01T09:00:00Z', tags: ['churned', 'newsletter'] });

    const results = await kit.adapter.pushMany([
      contactPush(fresh, { addTags: ['customer'], removeTags: ['churned'] }),
      contactPush(optedOut, { addTags: ['customer'], removeTags: ['churned'], newContactStatus: { email: 'subscribed' } }),
      contactPush(consenting, { addTags: ['customer'], removeTags: ['churned'], newContactStatus: { email: 'subscribed' } }),
    ]);

    expect(results.map((r) => r.outcome)).toEqual(['created', 'updated', 'created']);
    expect(results[1]?.summary).toContain('subscription status left as it was: email unsubscribed');
    // Look-ups only for the two consent pushes, then one batch and one grouped tag removal.
    const calls = kit.sim.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls.slice(0, 4)).toEqual(['GET /api/contacts', 'GET /api/contacts', 'POST /api/batches', 'DELETE /api/contacts/tags']);
    expect(calls.slice(4).every((c) => c.startsWith('GET /api/batches/'))).toBe(true);
    expect(kit.sim.requests.every((r) => r.status < 300)).toBe(true);

    const [batch] = received(kit.sim, 'POST', '/api/batches');
    const body = batch?.body as BatchBody;
    expect(body).toMatchObject({ method: 'POST', endpoint: 'contacts' });
    expect(body.items.map((i) => i.identifiers[0]?.id)).toEqual([fresh, optedOut, consenting]);
    expect(channelWrites(body.items[0])).toEqual([]);
    expect(channelWrites(body.items[1])).toEqual([]);
    expect(channelWrites(body.items[2])).toEqual([{ email: { status: 'subscribed', statusChangedAt: expect.any(String) } }]);
    expect(received(kit.sim, 'DELETE', '/api/contacts/tags')[0]?.body).toEqual({ tags: ['churned'], emails: [fresh, optedOut, consenting] });

    await kit.sim.settled();
    expect(kit.sim.contacts.byEmail(fresh)).toMatchObject({ status: 'nonSubscribed', tags: ['customer'] });
    expect(kit.sim.contacts.byEmail(optedOut)).toMatchObject({ status: 'unsubscribed', tags: ['newsletter', 'customer'] });
    expect(kit.sim.contacts.byEmail(consenting)).toMatchObject({ status: 'subscribed' });
    expect(kit.sim.wasResubscribed(optedOut)).toBe(false);
    expect(kit.sim.welcomeMessages).toEqual([]);
    expect(kit.sim.unknownFields).toEqual([]);
  });

  it('more than 100 pushes: batches of at most 100, results in input order', async () => {
    const emails = Array.from({ length: 150 }, () => freshEmail('many'));
    const results = await kit.adapter.pushMany(emails.map((email) => contactPush(email)));
    const batches = received(kit.sim, 'POST', '/api/batches').map((r) => (r.body as BatchBody).items.length);
    expect(batches).toEqual([100, 50]);
    expect(results).toHaveLength(150);
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect(results[149]?.summary).toContain(emails[149]);
    expect(kit.sim.contacts.byEmail(emails[149] ?? '')).toBeDefined();
  });

  it('an item Omnisend rejects is reported with its reason; the others go through', async () => {
    const good = freshEmail('good');
    const results = await kit.adapter.pushMany([contactPush(good), contactPush('not-an-email', { identity: identity('not-an-email') })]);
    expect(results[0]?.outcome).toBe('created');
    expect(results[1]?.outcome).toBe('skipped');
    expect(results[1]?.summary).toMatch(/Omnisend rejected not-an-email in batch [0-9a-f]+ \(HTTP 400\): .*items\.1\.identifiers\.0\.id: Must be a valid email address/);
  });

  it('a batch still running at the deadline: answered as sent, without waiting longer', async () => {
    const slow = await startOmnisendKit({ asyncDelayMs: 150 }, { batchWaitMs: 40, batchPollMs: 10 });
    try {
      const email = freshEmail('slow');
      const started = Date.now();
      const [result] = await slow.adapter.pushMany([contactPush(email)]);
      expect(Date.now() - started).toBeLessThan(140);
      expect(result).toEqual({ outcome: 'updated', summary: expect.stringMatching(new RegExp(`sent ${email} to Omnisend in batch \\w+, still processing`)) });
      await slow.sim.settled();
      expect(slow.sim.contacts.byEmail(email)).toBeDefined();
    } finally {
      await slow.close();
    }
  });

  it('nothing to push: no request', async () => {
    expect(await kit.adapter.pushMany([])).toEqual([]);
    expect(kit.sim.requests).toHaveLength(0);
  });
});
