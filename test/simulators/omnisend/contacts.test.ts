import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, contactBody, json } from './testClient.ts';

describe('omnisend simulator: contacts (reference §A.2)', () => {
  let sim: OmnisendSimulator;
  beforeAll(async () => {
    sim = await startOmnisendSimulator();
  });
  afterAll(() => sim.close());

  it('POST /api/contacts creates (201) with the 2026 ContactResponse: id, email, identifiers with statusChangedAt', async () => {
    const res = await call(sim, '/api/contacts', {
      method: 'POST',
      body: {
        identifiers: [
          { type: 'email', id: 'create@example.com', channels: { email: { status: 'nonSubscribed', statusChangedAt: '2026-02-01T10:07:28Z' } }, sendWelcomeMessage: false },
          { type: 'phone', id: '+447700900123', channels: { sms: { status: 'nonSubscribed' } }, sendWelcomeMessage: false },
        ],
        firstName: 'Jane',
        lastName: 'Doe',
        tags: ['customer', 'plan_pro'],
        customProperties: { plan: 'pro', mrr: '1000', kommo_deal_id: '15318175', won_date: '2026-02-01' },
        createdAt: '2026-01-28T21:19:19Z',
      },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      email: 'create@example.com',
      phone: ['+447700900123'],
      status: 'nonSubscribed',
      identifiers: [
        { type: 'email', id: 'create@example.com', channels: { email: { status: 'nonSubscribed', statusChangedAt: '2026-02-01T10:07:28Z' } } },
        { type: 'phone', id: '+447700900123', channels: { sms: { status: 'nonSubscribed', statusChangedAt: expect.any(String) } } },
      ],
      statuses: [
        { channel: 'email', status: 'nonSubscribed', statusChangedAt: '2026-02-01T10:07:28Z' },
        { channel: 'sms', status: 'nonSubscribed', statusChangedAt: expect.any(String) },
      ],
      firstName: 'Jane',
      lastName: 'Doe',
      tags: ['customer', 'plan_pro'],
      // "createdAt … stored as externalCreated custom property".
      customProperties: { plan: 'pro', mrr: '1000', kommo_deal_id: '15318175', won_date: '2026-02-01', externalCreated: '2026-01-28T21:19:19Z' },
      segments: [],
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    // v3/v5 names are gone in 2026.
    expect(body).not.toHaveProperty('contactID');
    expect(JSON.stringify(body)).not.toContain('statusDate');
  });

  it('POST again with the same email updates (200, same id), merges tags and custom properties', async () => {
    const first = await json(await call(sim, '/api/contacts', { method: 'POST', body: contactBody('upsert@example.com', undefined, { tags: ['a'], customProperties: { plan: 'basic' } }) }));
    const res = await call(sim, '/api/contacts', { method: 'POST', body: contactBody('upsert@example.com', undefined, { tags: ['b'], customProperties: { mrr: '5' }, firstName: 'U' }) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: first['id'], tags: ['a', 'b'], customProperties: { plan: 'basic', mrr: '5' }, firstName: 'U' });
  });

  it('GET /api/contacts/{id} returns the contact; an unknown id is a 404 problem', async () => {
    const created = await json(await call(sim, '/api/contacts', { method: 'POST', body: contactBody('get@example.com') }));
    const res = await call(sim, `/api/contacts/${String(created['id'])}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(created);
    const missing = await call(sim, '/api/contacts/000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ type: 'https://problems.omnisend.com/not-found', title: 'Not Found', status: 404, detail: 'Contact not found' });
  });

  it('email identifiers are case-sensitive: two spellings are two contacts', async () => {
    const a = await call(sim, '/api/contacts', { method: 'POST', body: contactBody('Case@Example.com') });
    const b = await call(sim, '/api/contacts', { method: 'POST', body: contactBody('case@example.com') });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(sim.contacts.allByEmailIgnoringCase('CASE@example.com')).toHaveLength(2);
    expect(sim.contacts.byEmail('case@example.com')?.['email']).toBe('case@example.com');
    const found = await json(await call(sim, '/api/contacts?email=case%40example.com'));
    expect((found['contacts'] as unknown[]).length).toBe(1);
  });

  it('PATCH /api/contacts/{id} changes only what it carries', async () => {
    const c = sim.seedContact({ email: 'patch@example.com', firstName: 'Old', lastName: 'Name', tags: ['t1'] });
    const res = await call(sim, `/api/contacts/${String(c['id'])}`, { method: 'PATCH', body: { firstName: 'New', customProperties: { plan: 'pro' } } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ firstName: 'New', lastName: 'Name', tags: ['t1'], customProperties: { plan: 'pro' }, status: 'nonSubscribed' });
    expect((await call(sim, '/api/contacts/nope', { method: 'PATCH', body: {} })).status).toBe(404);
  });

  it('PATCH /api/contacts?email= finds by exact email; unknown → 404; missing email → 400', async () => {
    sim.seedContact({ email: 'byemail@example.com' });
    const ok = await call(sim, '/api/contacts?email=byemail%40example.com', { method: 'PATCH', body: { lastName: 'Mail' } });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ email: 'byemail@example.com', lastName: 'Mail' });
    expect((await call(sim, '/api/contacts?email=BYEMAIL%40example.com', { method: 'PATCH', body: { lastName: 'X' } })).status).toBe(404);
    const missing = await call(sim, '/api/contacts', { method: 'PATCH', body: {} });
    expect(missing.status).toBe(400);
    expect(await json(missing)).toMatchObject({ errors: [{ field: 'email', code: 'required' }] });
  });

  it('PATCH with an identifier owned by another contact is 409; changing the email identifier is 400', async () => {
    const owner = sim.seedContact({ email: 'owner@example.com', phone: '+14155550100' });
    const other = sim.seedContact({ email: 'other@example.com' });
    const phone = await call(sim, `/api/contacts/${String(other['id'])}`, { method: 'PATCH', body: { identifiers: [{ type: 'phone', id: '+14155550100' }] } });
    expect(phone.status).toBe(409);
    expect(await json(phone)).toMatchObject({ type: 'https://problems.omnisend.com/conflict', status: 409 });
    const email = await call(sim, `/api/contacts/${String(other['id'])}`, { method: 'PATCH', body: { identifiers: [{ type: 'email', id: 'owner@example.com' }] } });
    expect(email.status).toBe(409);
    const change = await call(sim, `/api/contacts/${String(other['id'])}`, { method: 'PATCH', body: { identifiers: [{ type: 'email', id: 'brand-new@example.com' }] } });
    expect(change.status).toBe(400);
    expect(await json(change)).toMatchObject({ errors: [{ field: 'identifiers.0.id', code: 'immutable' }] });
    expect(sim.contacts.byId(String(owner['id']))?.['phone']).toEqual(['+14155550100']);
    expect(sim.contacts.byId(String(other['id']))?.['phone']).toEqual([]);
  });

  it('POST ignores an identifier that belongs to another contact (reference §A.2)', async () => {
    sim.seedContact({ email: 'phone-owner@example.com', phone: '+14155550199' });
    const res = await call(sim, '/api/contacts', {
      method: 'POST',
      body: { identifiers: [{ type: 'email', id: 'newcomer@example.com', sendWelcomeMessage: false }, { type: 'phone', id: '+14155550199', sendWelcomeMessage: false }] },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ email: 'newcomer@example.com', phone: [] });
  });

  describe('validation: 400 ValidationProblem listing every bad field', () => {
    const post = (body: unknown) => call(sim, '/api/contacts', { method: 'POST', body });

    it('missing identifiers', async () => {
      const res = await post({ firstName: 'No ids' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(res)).toEqual({
        type: 'https://problems.omnisend.com/validation',
        title: 'Bad Request',
        status: 400,
        detail: 'Request contains invalid or missing fields',
        instance: expect.stringMatching(/^urn:omnisend:request:/),
        errors: [{ field: 'identifiers', code: 'required', message: 'At least one identifier (email or phone) is required' }],
      });
    });

    it('bad email, bad status, bad statusChangedAt, bad type — all at once', async () => {
      const res = await post({
        identifiers: [
          { type: 'email', id: 'not-an-email', channels: { email: { status: 'subscribed' } } },
          { type: 'phone', id: '+14155550111', channels: { sms: { status: 'pending', statusChangedAt: 'yesterday' } } },
          { type: 'fax', id: '123' },
        ],
        gender: 'x',
      });
      expect(res.status).toBe(400);
      const errors = (await json(res))['errors'] as Array<{ field: string; code: string }>;
      expect(errors.map((e) => [e.field, e.code])).toEqual([
        ['identifiers.0.id', 'invalid_format'],
        ['identifiers.1.channels.sms.status', 'invalid_value'],
        ['identifiers.1.channels.sms.statusChangedAt', 'invalid_format'],
        ['identifiers.2.type', 'invalid_value'],
        ['gender', 'invalid_value'],
      ]);
    });

    it('a channel without status, a channel not matching the identifier, a non-boolean welcome flag', async () => {
      const res = await post({
        identifiers: [{ type: 'email', id: 'v@example.com', channels: { email: { statusChangedAt: '2026-01-01T00:00:00Z' }, sms: { status: 'subscribed' } }, sendWelcomeMessage: 'no' }],
      });
      const errors = (await json(res))['errors'] as Array<{ field: string; code: string }>;
      expect(errors.map((e) => [e.field, e.code])).toEqual([
        ['identifiers.0.channels.email.status', 'required'],
        ['identifiers.0.channels.sms', 'invalid_value'],
        ['identifiers.0.sendWelcomeMessage', 'invalid_type'],
      ]);
    });

    it('more than 100 tags, a bad custom property name, malformed JSON', async () => {
      const tags = Array.from({ length: 101 }, (_, i) => `t${i}`);
      const res = await post(contactBody('v2@example.com', undefined, { tags, customProperties: { 'bad name': 1, nested: { a: 1 } } }));
      const errors = (await json(res))['errors'] as Array<{ field: string; code: string }>;
      expect(errors.map((e) => [e.field, e.code])).toEqual([
        ['tags', 'too_many_items'],
        ['customProperties.bad name', 'invalid_format'],
        ['customProperties.nested', 'invalid_type'],
      ]);
      const bad = await call(sim, '/api/contacts', { method: 'POST', body: '{"identifiers": [' });
      expect(bad.status).toBe(400);
      expect(await json(bad)).toMatchObject({ errors: [{ code: 'invalid_json' }] });
      expect(sim.contacts.byEmail('v2@example.com')).toBeUndefined();
    });
  });

  describe('sendWelcomeMessage defaults to ON in 2026-03-15', () => {
    it('a new identifier without the flag counts as a welcome message sent; with false it does not', async () => {
      const before = sim.welcomeMessages.length;
      await call(sim, '/api/contacts', { method: 'POST', body: { identifiers: [{ type: 'email', id: 'welcome-default@example.com' }] } });
      await call(sim, '/api/contacts', { method: 'POST', body: contactBody('welcome-off@example.com') });
      const sent = sim.welcomeMessages.slice(before);
      expect(sent).toEqual([
        expect.objectContaining({ identifier: 'welcome-default@example.com', identifierType: 'email', sendWelcomeMessageSent: undefined, via: 'POST /api/contacts' }),
      ]);
    });

    it('an explicit true counts too; an update of an existing identifier does not start the workflow again', async () => {
      const before = sim.welcomeMessages.length;
      const body = { identifiers: [{ type: 'email', id: 'welcome-true@example.com', sendWelcomeMessage: true }] };
      await call(sim, '/api/contacts', { method: 'POST', body });
      await call(sim, '/api/contacts', { method: 'POST', body });
      expect(sim.welcomeMessages.slice(before).map((w) => [w.identifier, w.sendWelcomeMessageSent])).toEqual([['welcome-true@example.com', true]]);
    });

    it('with the welcome workflow disabled nothing is counted', async () => {
      const quiet = await startOmnisendSimulator({ welcomeWorkflowEnabled: false });
      try {
        await call(quiet, '/api/contacts', { method: 'POST', body: { identifiers: [{ type: 'email', id: 'w@example.com' }] } });
        expect(quiet.welcomeMessages).toEqual([]);
      } finally {
        await quiet.close();
      }
    });
  });

  it('records fields Omnisend ignores, such as a v5 statusDate', async () => {
    await call(sim, '/api/contacts', {
      method: 'POST',
      body: { identifiers: [{ type: 'email', id: 'legacy@example.com', sendWelcomeMessage: false, channels: { email: { status: 'nonSubscribed', statusDate: '2020-01-01T00:00:00Z' } } }], contactID: 'x' },
    });
    expect(sim.unknownFields.at(-1)).toMatchObject({ via: 'POST /api/contacts', fields: ['contactID', 'identifiers.0.channels.email.statusDate'] });
  });
});
