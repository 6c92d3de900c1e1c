import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, contactBody, json } from './testClient.ts';

// THE TRAP (reference §A.2 status-date ordering, SPEC §4.1): per channel, the newest status date wins.

const OPTED_OUT_AT = '2026-03-01T09:00:00Z';

describe('omnisend simulator: per-channel status, newest date wins', () => {
  let sim: OmnisendSimulator;
  let n = 0;
  beforeAll(async () => {
    sim = await startOmnisendSimulator();
  });
  afterAll(() => sim.close());

  /** A contact who opted out of email at OPTED_OUT_AT. */
  const optedOut = (): string => {
    n += 1;
    const email = `out${n}@example.com`;
    sim.seedContact({ email, emailStatus: 'unsubscribed', emailStatusChangedAt: OPTED_OUT_AT, createdAt: '2026-01-01T00:00:00Z' });
    return email;
  };
  const upsert = (body: unknown) => call(sim, '/api/contacts', { method: 'POST', body });

  it('an upsert with `subscribed` and no date (= now) flips an earlier unsubscribe back — the bug to guard against', async () => {
    const email = optedOut();
    const res = await upsert(contactBody(email, { status: 'subscribed' }));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'subscribed' });
    expect(sim.wasResubscribed(email)).toBe(true);
    expect(sim.statusHistory(email, 'email').map((s) => [s.from, s.to, s.outcome, s.via])).toEqual([
      [null, 'unsubscribed', 'created', 'seed'],
      ['unsubscribed', 'subscribed', 'changed', 'POST /api/contacts'],
    ]);
  });

  it('so does `nonSubscribed` dated after the unsubscribe', async () => {
    const email = optedOut();
    await upsert(contactBody(email, { status: 'nonSubscribed', statusChangedAt: '2026-03-01T09:00:01Z' }));
    expect(sim.contacts.byEmail(email)?.['status']).toBe('nonSubscribed');
    expect(sim.wasResubscribed(email)).toBe(true);
  });

  it('a status dated before the stored one changes nothing (status and date stay)', async () => {
    const email = optedOut();
    const res = await upsert(contactBody(email, { status: 'subscribed', statusChangedAt: '2026-02-28T23:59:59Z' }));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      status: 'unsubscribed',
      identifiers: [{ channels: { email: { status: 'unsubscribed', statusChangedAt: OPTED_OUT_AT } } }],
    });
    expect(sim.statusHistory(email).at(-1)).toMatchObject({ requested: 'subscribed', to: 'unsubscribed', outcome: 'ignored-older' });
    expect(sim.wasResubscribed(email)).toBe(false);
  });

  it('the same date as the stored one wins ("earlier" is what is ignored)', async () => {
    const email = optedOut();
    await upsert(contactBody(email, { status: 'subscribed', statusChangedAt: OPTED_OUT_AT }));
    expect(sim.wasResubscribed(email)).toBe(true);
  });

  it('a write with no status for the channel leaves it unchanged, however much else it changes', async () => {
    const email = optedOut();
    const res = await upsert(contactBody(email, undefined, { firstName: 'Still', tags: ['customer'], customProperties: { plan: 'pro' } }));
    expect(await json(res)).toMatchObject({ status: 'unsubscribed', firstName: 'Still', tags: ['customer'] });
    expect(sim.statusHistory(email)).toHaveLength(1);
    expect(sim.wasResubscribed(email)).toBe(false);
  });

  it('an opt-out sent with statusChangedAt = now always lands', async () => {
    const email = `in${n++}@example.com`;
    sim.seedContact({ email, emailStatus: 'subscribed', emailStatusChangedAt: '2026-03-10T00:00:00Z' });
    const res = await upsert(contactBody(email, { status: 'unsubscribed', statusChangedAt: new Date().toISOString() }));
    expect(await json(res)).toMatchObject({ status: 'unsubscribed' });
  });

  it('a v5-style `statusDate` is not read by 2026: the status is dated now and the old date does not protect anyone', async () => {
    const email = optedOut();
    await upsert({ identifiers: [{ type: 'email', id: email, sendWelcomeMessage: false, channels: { email: { status: 'subscribed', statusDate: '2020-01-01T00:00:00Z' } } }] });
    expect(sim.wasResubscribed(email)).toBe(true);
    expect(sim.unknownFields.at(-1)?.fields).toEqual(['identifiers.0.channels.email.statusDate']);
  });

  it('PATCH follows the same rule', async () => {
    const email = optedOut();
    const older = await call(sim, `/api/contacts?email=${encodeURIComponent(email)}`, {
      method: 'PATCH',
      body: { identifiers: [{ type: 'email', id: email, channels: { email: { status: 'subscribed', statusChangedAt: '2025-12-31T00:00:00Z' } } }] },
    });
    expect(await json(older)).toMatchObject({ status: 'unsubscribed' });
    const id = String(sim.contacts.byEmail(email)?.['id']);
    const newer = await call(sim, `/api/contacts/${id}`, { method: 'PATCH', body: { identifiers: [{ type: 'email', id: email, channels: { email: { status: 'subscribed' } } }] } });
    expect(await json(newer)).toMatchObject({ status: 'subscribed' });
    expect(sim.wasResubscribed(email)).toBe(true);
  });

  it('each channel has its own status and date: an SMS write does not touch email', async () => {
    const email = `both${n++}@example.com`;
    sim.seedContact({ email, phone: '+14155550222', emailStatus: 'unsubscribed', emailStatusChangedAt: OPTED_OUT_AT, smsStatus: 'nonSubscribed' });
    const res = await upsert({
      identifiers: [
        { type: 'email', id: email, sendWelcomeMessage: false },
        { type: 'phone', id: '+14155550222', sendWelcomeMessage: false, channels: { sms: { status: 'subscribed' } } },
      ],
    });
    const body = await json(res);
    expect(body['status']).toBe('unsubscribed');
    expect(body['statuses']).toEqual([
      { channel: 'email', status: 'unsubscribed', statusChangedAt: OPTED_OUT_AT },
      { channel: 'sms', status: 'subscribed', statusChangedAt: expect.any(String) },
    ]);
    expect(sim.wasResubscribed(email, 'email')).toBe(false);
    expect(sim.statusHistory(email, 'sms').at(-1)).toMatchObject({ from: 'nonSubscribed', to: 'subscribed', outcome: 'changed' });
  });

  it('an opt-in records optIns[]; a status for a differently-cased email lands on another contact', async () => {
    const email = optedOut();
    const res = await upsert(contactBody(email.toUpperCase(), { status: 'subscribed' }));
    expect(res.status).toBe(201);
    expect(sim.contacts.byEmail(email)?.['status']).toBe('unsubscribed');
    expect(sim.contacts.allByEmailIgnoringCase(email)).toHaveLength(2);
    expect(sim.contacts.byEmail(email.toUpperCase())?.['optIns']).toEqual([{ channel: 'email', optInAt: expect.any(String) }]);
  });

  it('setUnsubscribedInApp sets the status with its date and bumps updatedAt, so an updatedAtFrom poll finds it', async () => {
    const email = `footer${n++}@example.com`;
    sim.seedContact({ email, emailStatus: 'subscribed', emailStatusChangedAt: '2026-01-05T00:00:00Z', createdAt: '2026-01-05T00:00:00Z', updatedAt: '2026-01-05T00:00:00Z' });
    const since = new Date(Date.now() - 1000).toISOString();
    const before = await json(await call(sim, `/api/contacts?updatedAtFrom=${since}&sort=updatedAt&direction=asc&limit=250`));
    expect((before['contacts'] as Array<Record<string, unknown>>).some((c) => c['email'] === email)).toBe(false);

    sim.setUnsubscribedInApp(email, '2026-03-05T12:00:00Z');
    const after = await json(await call(sim, `/api/contacts?updatedAtFrom=${since}&sort=updatedAt&direction=asc&limit=250`));
    const found = (after['contacts'] as Array<Record<string, unknown>>).find((c) => c['email'] === email);
    expect(found).toMatchObject({ status: 'unsubscribed', statuses: [{ channel: 'email', status: 'unsubscribed', statusChangedAt: '2026-03-05T12:00:00Z' }] });
    expect(sim.statusHistory(email).at(-1)).toMatchObject({ from: 'subscribed', to: 'unsubscribed', via: 'app unsubscribe' });

    // The bridge's next push with `subscribed` dated before the footer click cannot undo it…
    await upsert(contactBody(email, { status: 'subscribed', statusChangedAt: '2026-03-05T11:59:59Z' }));
    expect(sim.wasResubscribed(email)).toBe(false);
    // …but one dated now does.
    await upsert(contactBody(email, { status: 'subscribed' }));
    expect(sim.wasResubscribed(email)).toBe(true);
  });

  it('setStatusInApp covers SMS too; unknown emails are a test error', () => {
    const email = `sms${n++}@example.com`;
    sim.seedContact({ email, phone: '+14155550333', smsStatus: 'subscribed' });
    sim.setStatusInApp(email, { channel: 'sms', status: 'unsubscribed' });
    expect(sim.contacts.byEmail(email)?.['statuses']).toContainEqual({ channel: 'sms', status: 'unsubscribed', statusChangedAt: expect.any(String) });
    expect(() => sim.setUnsubscribedInApp('nobody@example.com')).toThrow(/case-sensitive/);
  });
});
