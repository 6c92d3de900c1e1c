import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OmnisendOptOutNotApplied } from './omnisendOptOut.ts';
import { freshEmail, identity, startOmnisendKit, type OmnisendKit } from './omnisendTestKit.ts';

const unsubscribedNow = (before: number, after: number) => ({
  status: 'unsubscribed',
  statusChangedAt: expect.toSatisfy((iso: string) => Date.parse(iso) >= before - 1 && Date.parse(iso) <= after + 1),
});

describe('Omnisend adapter: optOut (reference §A.4)', () => {
  let kit: OmnisendKit;
  beforeAll(async () => {
    kit = await startOmnisendKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.sim.reset());

  const seedSubscribed = (email: string, phone: string) =>
    kit.sim.seedContact({ email, phone, emailStatus: 'subscribed', emailStatusChangedAt: '2026-03-10T00:00:00Z', smsStatus: 'subscribed', smsStatusChangedAt: '2026-03-10T00:00:00Z' });

  it('email: unsubscribed dated now on the email identifier only; SMS untouched', async () => {
    const email = freshEmail('outemail');
    seedSubscribed(email, '+14155550301');
    const before = Date.now();
    const result = await kit.adapter.optOut(identity(email, '+14155550301'), ['email']);
    const after = Date.now();

    expect(result).toEqual({ outcome: 'updated', summary: `${email} set to unsubscribed (email)` });
    expect(kit.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/contacts 200']);
    expect(kit.sim.requests[0]?.body).toEqual({
      identifiers: [{ type: 'email', id: email, sendWelcomeMessage: false, channels: { email: unsubscribedNow(before, after) } }],
    });
    expect(kit.sim.contacts.byEmail(email)?.['statuses']).toEqual([
      { channel: 'sms', status: 'subscribed', statusChangedAt: '2026-03-10T00:00:00Z' },
      { channel: 'email', status: 'unsubscribed', statusChangedAt: expect.any(String) },
    ]);
  });

  it('sms: unsubscribed dated now on the phone; the email identifier only finds the contact', async () => {
    const email = freshEmail('outsms');
    seedSubscribed(email, '+14155550302');
    const before = Date.now();
    const result = await kit.adapter.optOut(identity(email, '+14155550302'), ['sms']);
    const after = Date.now();

    expect(result.outcome).toBe('updated');
    expect(result.summary).toBe(`${email} set to unsubscribed (SMS)`);
    expect(kit.sim.requests[0]?.body).toEqual({
      identifiers: [
        { type: 'email', id: email, sendWelcomeMessage: false },
        { type: 'phone', id: '+14155550302', sendWelcomeMessage: false, channels: { sms: unsubscribedNow(before, after) } },
      ],
    });
    expect(kit.sim.contacts.byEmail(email)).toMatchObject({ status: 'subscribed' });
    expect(kit.sim.wasResubscribed(email, 'email')).toBe(false);
    expect(kit.sim.statusHistory(email, 'sms').at(-1)).toMatchObject({ from: 'subscribed', to: 'unsubscribed', outcome: 'changed' });
  });

  it('both channels in one request', async () => {
    const email = freshEmail('outboth');
    seedSubscribed(email, '+14155550303');
    await kit.adapter.optOut(identity(email, '+14155550303'), ['email', 'sms']);
    expect(kit.sim.requests).toHaveLength(1);
    expect(kit.sim.contacts.byEmail(email)?.['statuses']).toMatchObject([{ status: 'unsubscribed' }, { status: 'unsubscribed' }]);
  });

  it('sms without a phone: nothing sent, skipped with the reason', async () => {
    const email = freshEmail('nophone');
    seedSubscribed(email, '+14155550304');
    expect(await kit.adapter.optOut(identity(email, null), ['sms'])).toEqual({
      outcome: 'skipped',
      summary: `no opt-out sent for ${email}: SMS was chosen but the contact has no phone`,
    });
    expect(kit.sim.requests).toHaveLength(0);
  });

  it('email and sms without a phone: the email opt-out goes, the summary says why SMS did not', async () => {
    const email = freshEmail('halfphone');
    seedSubscribed(email, '+14155550305');
    const result = await kit.adapter.optOut(identity(email, null), ['email', 'sms']);
    expect(result.summary).toBe(`${email} set to unsubscribed (email); SMS not opted out: the contact has no phone`);
    expect(kit.sim.contacts.byEmail(email)?.['status']).toBe('unsubscribed');
  });

  it('a phone held by another Omnisend contact is not moved: SMS reported as not opted out', async () => {
    const email = freshEmail('phoneelsewhere');
    kit.sim.seedContact({ email, emailStatus: 'subscribed' });
    kit.sim.seedContact({ email: freshEmail('phoneowner'), phone: '+14155550306', smsStatus: 'subscribed' });
    const result = await kit.adapter.optOut(identity(email, '+14155550306'), ['sms']);
    expect(result).toEqual({ outcome: 'skipped', summary: `no opt-out applied for ${email}; SMS not opted out: +14155550306 belongs to another Omnisend contact` });
  });

  it('someone Omnisend does not know yet is added as unsubscribed, without a welcome message', async () => {
    const email = freshEmail('unknownout');
    const result = await kit.adapter.optOut(identity(email), ['email']);
    expect(result).toEqual({ outcome: 'created', summary: `${email} added to Omnisend as unsubscribed (email)` });
    expect(kit.sim.contacts.byEmail(email)?.['status']).toBe('unsubscribed');
    expect(kit.sim.welcomeMessages).toEqual([]);
    expect(kit.sim.unknownFields).toEqual([]);
  });

  it('when Omnisend keeps a newer status (its clock ahead of ours), a retryable error says so', async () => {
    const email = freshEmail('future');
    kit.sim.seedContact({ email, emailStatus: 'subscribed', emailStatusChangedAt: new Date(Date.now() + 60_000) });
    const error = await kit.adapter.optOut(identity(email), ['email']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmnisendOptOutNotApplied);
    expect((error as OmnisendOptOutNotApplied).retryable).toBe(true);
    expect((error as Error).message).toContain('kept email status "subscribed"');
  });
});
