import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelWrites, contactPush, freshEmail, identity, received, startOmnisendKit, type OmnisendKit } from './omnisendTestKit.ts';

const within = (iso: unknown, before: number, after: number) => {
  const ms = Date.parse(String(iso));
  return ms >= before - 1 && ms <= after + 1;
};

describe('Omnisend adapter: push (SPEC §4.1)', () => {
  let kit: OmnisendKit;
  beforeAll(async () => {
    kit = await startOmnisendKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.sim.reset());

  it('new contact, default rule: one upsert with no status, created nonSubscribed (dated now), no welcome message', async () => {
    const email = freshEmail('new');
    const before = Date.now();
    const result = await kit.adapter.push(
      contactPush(email, { addTags: ['customer', 'plan_pro'], fields: { plan: 'Pro', mrr: 99, kommo_deal_id: 15318175, won_date: '2026-03-15' } }),
    );
    const after = Date.now();

    expect(result.outcome).toBe('created');
    expect(result.summary).toContain(`added ${email} to Omnisend (email not subscribed)`);
    // No read: Omnisend's 201/200 says new or existing.
    expect(kit.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/contacts 201']);
    const [request] = kit.sim.requests;
    expect(request?.headers['authorization']).toBe(`Omnisend-API-Key ${kit.sim.apiKey}`);
    expect(request?.headers['omnisend-version']).toBe('2026-03-15');
    expect(request?.body).toEqual({
      identifiers: [{ type: 'email', id: email, sendWelcomeMessage: false }],
      firstName: 'Jane',
      lastName: 'Doe',
      tags: ['customer', 'plan_pro'],
      customProperties: { plan: 'Pro', mrr: 99, kommo_deal_id: 15318175, won_date: '2026-03-15' },
    });

    expect(kit.sim.contacts.byEmail(email)).toMatchObject({
      status: 'nonSubscribed',
      firstName: 'Jane',
      lastName: 'Doe',
      tags: ['customer', 'plan_pro'],
      customProperties: { plan: 'Pro', mrr: 99, kommo_deal_id: 15318175, won_date: '2026-03-15' },
    });
    const [change] = kit.sim.statusHistory(email, 'email');
    expect(change).toMatchObject({ from: null, to: 'nonSubscribed', outcome: 'created' });
    expect(within(change?.requestedChangedAt, before, after)).toBe(true);
    expect(kit.sim.welcomeMessages).toEqual([]);
    expect(kit.sim.unknownFields).toEqual([]);
  });

  it('new contact with consent: looked up first, then created subscribed with statusChangedAt = now; SMS only with SMS consent', async () => {
    const email = freshEmail('consent');
    const before = Date.now();
    const result = await kit.adapter.push(
      contactPush(email, { identity: identity(email, '+14155550111'), newContactStatus: { email: 'subscribed', sms: 'subscribed' } }),
    );
    const after = Date.now();

    expect(result.outcome).toBe('created');
    expect(kit.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /api/contacts 200', 'POST /api/contacts 201']);
    expect(kit.sim.requests[0]?.query.get('email')).toBe(email);
    const body = kit.sim.requests[1]?.body as { identifiers: Record<string, unknown>[] };
    expect(body.identifiers).toEqual([
      { type: 'email', id: email, sendWelcomeMessage: false, channels: { email: { status: 'subscribed', statusChangedAt: expect.any(String) } } },
      { type: 'phone', id: '+14155550111', sendWelcomeMessage: false, channels: { sms: { status: 'subscribed', statusChangedAt: expect.any(String) } } },
    ]);
    for (const write of channelWrites(body) as Record<string, { statusChangedAt: string }>[]) {
      expect(within(Object.values(write)[0]?.statusChangedAt, before, after)).toBe(true);
    }
    expect(kit.sim.contacts.byEmail(email)).toMatchObject({
      statuses: [
        { channel: 'email', status: 'subscribed' },
        { channel: 'sms', status: 'subscribed' },
      ],
    });
    expect(kit.sim.welcomeMessages).toEqual([]);
    expect(kit.sim.unknownFields).toEqual([]);
  });

  it('new contact with email consent but no SMS consent: the phone is not sent, so no SMS status is set', async () => {
    const email = freshEmail('nosms');
    await kit.adapter.push(contactPush(email, { identity: identity(email, '+14155550112'), newContactStatus: { email: 'subscribed' } }));
    const body = received(kit.sim, 'POST', '/api/contacts')[0]?.body as { identifiers: unknown[] };
    expect(body.identifiers).toHaveLength(1);
    expect(kit.sim.contacts.byEmail(email)).toMatchObject({ status: 'subscribed', phone: [] });
  });

  it('a new SMS-consenting contact under the default rule gets its phone, nonSubscribed like the email', async () => {
    const email = freshEmail('smsdefault');
    await kit.adapter.push(contactPush(email, { identity: identity(email, '+14155550113'), newContactStatus: { email: 'not_subscribed', sms: 'not_subscribed' } }));
    expect(channelWrites(kit.sim.requests[0]?.body)).toEqual([]);
    expect(kit.sim.contacts.byEmail(email)?.['statuses']).toEqual([
      { channel: 'email', status: 'nonSubscribed', statusChangedAt: expect.any(String) },
      { channel: 'sms', status: 'nonSubscribed', statusChangedAt: expect.any(String) },
    ]);
  });

  it('existing contact: no channel status in the request, statuses and other properties kept, fields merged', async () => {
    const email = freshEmail('existing');
    kit.sim.seedContact({
      email,
      emailStatus: 'subscribed',
      emailStatusChangedAt: '2026-01-10T00:00:00Z',
      tags: ['newsletter'],
      customProperties: { favourite_colour: 'green', plan: 'Basic' },
    });
    const result = await kit.adapter.push(contactPush(email, { addTags: ['customer'], fields: { plan: 'Pro', kommo_deal_id: 7 } }));

    expect(result.outcome).toBe('updated');
    expect(result.summary).toContain('subscription status left as it was: email subscribed');
    expect(kit.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/contacts 200']);
    expect(channelWrites(kit.sim.requests[0]?.body)).toEqual([]);
    expect(kit.sim.contacts.byEmail(email)).toMatchObject({
      status: 'subscribed',
      statuses: [{ channel: 'email', status: 'subscribed', statusChangedAt: '2026-01-10T00:00:00Z' }],
      tags: ['newsletter', 'customer'],
      customProperties: { favourite_colour: 'green', plan: 'Pro', kommo_deal_id: 7 },
    });
    expect(kit.sim.statusHistory(email)).toHaveLength(1);
  });

  it('existing contact under a consent rule: looked up, found, and written without any status', async () => {
    const email = freshEmail('existingconsent');
    kit.sim.seedContact({ email, phone: '+14155550114', emailStatus: 'nonSubscribed', smsStatus: 'nonSubscribed' });
    const result = await kit.adapter.push(contactPush(email, { identity: identity(email, '+14155550114'), newContactStatus: { email: 'subscribed', sms: 'subscribed' } }));
    expect(result.outcome).toBe('updated');
    expect(kit.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/contacts', 'POST /api/contacts']);
    expect(channelWrites(kit.sim.requests[1]?.body)).toEqual([]);
    expect(kit.sim.contacts.byEmail(email)?.['statuses']).toMatchObject([{ status: 'nonSubscribed' }, { status: 'nonSubscribed' }]);
  });

  it('removeTags go through DELETE /api/contacts/tags after the upsert (upsert tags only merge)', async () => {
    const email = freshEmail('tags');
    kit.sim.seedContact({ email, tags: ['plan_basic', 'active', 'newsletter'] });
    const result = await kit.adapter.push(contactPush(email, { addTags: ['plan_pro', 'upgraded'], removeTags: ['plan_basic'] }));
    expect(result.summary).toContain('tags removed: plan_basic');
    expect(kit.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/contacts 200', 'DELETE /api/contacts/tags 202']);
    expect(kit.sim.requests[1]?.body).toEqual({ tags: ['plan_basic'], emails: [email] });
    await kit.sim.settled();
    expect(kit.sim.contacts.byEmail(email)?.['tags']).toEqual(['active', 'newsletter', 'plan_pro', 'upgraded']);
  });

  it('no tag removal for a contact the push has just created, nor of a tag the same push adds', async () => {
    const email = freshEmail('newtags');
    await kit.adapter.push(contactPush(email, { addTags: ['churned'], removeTags: ['active'] }));
    const existing = freshEmail('overlap');
    kit.sim.seedContact({ email: existing, tags: ['active'] });
    await kit.adapter.push(contactPush(existing, { addTags: ['active'], removeTags: ['active'] }));
    expect(received(kit.sim, 'DELETE', '/api/contacts/tags')).toEqual([]);
    await kit.sim.settled();
    expect(kit.sim.contacts.byEmail(existing)?.['tags']).toEqual(['active']);
  });

  it('a null field is left out (Omnisend cannot store null) and the stored value stays', async () => {
    const email = freshEmail('nullfield');
    kit.sim.seedContact({ email, customProperties: { won_date: '2026-01-01' } });
    await kit.adapter.push(contactPush(email, { fields: { kommo_deal_id: 1, won_date: null } }));
    expect((kit.sim.requests[0]?.body as Record<string, unknown>)['customProperties']).toEqual({ kommo_deal_id: 1 });
    expect(kit.sim.contacts.byEmail(email)?.['customProperties']).toEqual({ won_date: '2026-01-01', kommo_deal_id: 1 });
    expect(kit.sim.unknownFields).toEqual([]);
  });

  it('the same push twice leaves Omnisend as once', async () => {
    const email = freshEmail('twice');
    const push = contactPush(email, { addTags: ['customer'], fields: { plan: 'Pro', kommo_deal_id: 3 } });
    expect((await kit.adapter.push(push)).outcome).toBe('created');
    const once = kit.sim.contacts.byEmail(email);
    expect((await kit.adapter.push(push)).outcome).toBe('updated');
    const twice = kit.sim.contacts.byEmail(email);
    expect({ ...twice, updatedAt: null }).toEqual({ ...once, updatedAt: null });
    expect(kit.sim.contacts.allByEmailIgnoringCase(email)).toHaveLength(1);
  });
});
