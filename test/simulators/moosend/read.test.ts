import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDotNetDate, startMoosendSimulator, type MoosendSimulator, type WirePaging, type WireSubscriber } from './index.ts';
import { callJson } from './testClient.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/moosend/moosend-subscriber-view.json', import.meta.url), 'utf8')) as {
  Context: Record<string, unknown>;
};

interface SubscribersContext {
  Paging: WirePaging;
  Subscribers: WireSubscriber[];
}

const T0 = Date.UTC(2025, 9, 1);

describe('moosend simulator: reading subscribers (reference B.3)', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startMoosendSimulator();
    sim.seedList({ id: 'won', name: 'Won', customFields: [{ id: '9df6dcc4-bef2-47e7-93af-86889b6b6d6a', name: 'Plan' }, 'DealValue'] });
    sim.seedList({ id: 'demo', name: 'Demo' });
    sim.seedSubscriber('won', {
      email: 'Jane.Doe@Example.com',
      name: 'Jane Doe',
      customFields: { Plan: 'pro', DealValue: '1000' },
      tags: ['customer'],
      createdOn: T0,
    });
    sim.seedSubscriber('demo', { email: 'jane.doe@example.com', status: 'Unsubscribed', createdOn: T0, statusChangedOn: T0 + 5_000 });
    for (let i = 0; i < 5; i++) {
      sim.seedSubscriber('won', { email: `gone${i}@example.com`, status: 'Unsubscribed', createdOn: T0 + i * 1000, statusChangedOn: T0 + 60_000 + i });
    }
    sim.seedSubscriber('won', { email: 'hard@example.com', status: 'Bounced', createdOn: T0 });
  });
  afterAll(() => sim.close());

  it('view.json answers the subscriber in exactly the fixture’s shape', async () => {
    const { status, body } = await callJson(sim, '/v3/subscribers/won/view.json', { query: { Email: 'jane.doe@example.com' } });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['Code', 'Error', 'Context']);
    expect(body.Code).toBe(0);
    expect(body.Error).toBeNull();
    const ctx = body.Context as WireSubscriber;
    expect(Object.keys(ctx).sort()).toEqual(Object.keys(fixture.Context).sort());
    expect(ctx).toMatchObject({
      ID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Name: 'Jane Doe',
      Email: 'jane.doe@example.com',
      CreatedOn: `/Date(${T0}+0100)/`,
      UnsubscribedOn: null,
      UnsubscribedFromID: null,
      SubscribeType: 1,
      SubscribeMethod: 2,
      RemovedOn: null,
      Tags: ['customer'],
    });
    expect(ctx.CustomFields).toEqual([
      { CustomFieldID: '9df6dcc4-bef2-47e7-93af-86889b6b6d6a', Name: 'Plan', Value: 'pro' },
      { CustomFieldID: expect.any(String), Name: 'DealValue', Value: '1000' },
    ]);
    expect(parseDotNetDate(ctx.CreatedOn)).toBe(T0);
  });

  it('matches the email case-insensitively and keeps one record per list (own ID, own status)', async () => {
    const won = await callJson(sim, '/v3/subscribers/won/view.json', { query: { Email: 'JANE.DOE@EXAMPLE.COM' } });
    const demo = await callJson(sim, '/v3/subscribers/demo/view.json', { query: { email: 'jane.doe@example.com' } });
    const a = won.body.Context as WireSubscriber;
    const b = demo.body.Context as WireSubscriber;
    expect(a.SubscribeType).toBe(1);
    expect(b).toMatchObject({ SubscribeType: 2, UnsubscribedOn: `/Date(${T0 + 5000}+0100)/`, CustomFields: [] });
    expect(a.ID).not.toBe(b.ID);
  });

  it('view.json for someone not in the list: MEMBER_NOT_FOUND in HTTP 200; no Email: VALIDATION_ERROR', async () => {
    expect(await callJson(sim, '/v3/subscribers/won/view.json', { query: { Email: 'nobody@example.com' } })).toEqual({
      status: 200,
      body: { Code: 404, Error: 'MEMBER_NOT_FOUND', Context: null },
    });
    expect((await callJson(sim, '/v3/subscribers/won/view.json')).body.Error).toBe('VALIDATION_ERROR');
    expect((await callJson(sim, '/v3/subscribers/nolist/view.json', { query: { Email: 'a@b.co' } })).body.Error).toBe('MAILING_LIST_NOT_FOUND');
  });

  it('find/{SubscriberID}.json answers the same record by id', async () => {
    const id = sim.subscriber('won', 'jane.doe@example.com')?.ID ?? '';
    const { body } = await callJson(sim, `/v3/subscribers/won/find/${id}.json`);
    expect(body.Context).toEqual(sim.subscriber('won', 'jane.doe@example.com'));
    expect((await callJson(sim, `/v3/subscribers/demo/find/${id}.json`)).body.Error).toBe('MEMBER_NOT_FOUND');
  });

  it('lists/{id}/subscribers/{Status}.json pages one status, newest CreatedOn first', async () => {
    const page1 = await callJson(sim, '/v3/lists/won/subscribers/Unsubscribed.json', { query: { Page: '1', PageSize: '2' } });
    const ctx = page1.body.Context as SubscribersContext;
    expect(ctx.Paging).toEqual({ PageSize: 2, CurrentPage: 1, TotalResults: 5, TotalPageCount: 3, SortExpression: 'CreatedOn', SortIsAscending: false });
    expect(ctx.Subscribers.map((s) => s.Email)).toEqual(['gone4@example.com', 'gone3@example.com']);
    expect(ctx.Subscribers[0]).toMatchObject({ SubscribeType: 2, UnsubscribedOn: `/Date(${T0 + 60_004}+0100)/` });

    const page3 = (await callJson(sim, '/v3/lists/won/subscribers/Unsubscribed.json', { query: { Page: '3', PageSize: '2' } })).body.Context as SubscribersContext;
    expect(page3.Subscribers.map((s) => s.Email)).toEqual(['gone0@example.com']);
    const beyond = (await callJson(sim, '/v3/lists/won/subscribers/Unsubscribed.json', { query: { Page: '9', PageSize: '2' } })).body.Context as SubscribersContext;
    expect(beyond.Subscribers).toEqual([]);

    const bounced = (await callJson(sim, '/v3/lists/won/subscribers/Bounced.json')).body.Context as SubscribersContext;
    expect(bounced.Paging.PageSize).toBe(500);
    expect(bounced.Subscribers.map((s) => [s.Email, s.SubscribeType])).toEqual([['hard@example.com', 3]]);
    const removed = (await callJson(sim, '/v3/lists/won/subscribers/Removed.json')).body.Context as SubscribersContext;
    expect(removed.Subscribers).toEqual([]);
    const subscribed = (await callJson(sim, '/v3/lists/won/subscribers/Subscribed.json')).body.Context as SubscribersContext;
    expect(subscribed.Subscribers.map((s) => s.Email)).toEqual(['jane.doe@example.com']);
  });

  it('refuses an unknown Status or a bad page with VALIDATION_ERROR', async () => {
    expect((await callJson(sim, '/v3/lists/won/subscribers/Active.json')).body).toEqual({ Code: 400, Error: 'VALIDATION_ERROR', Context: null });
    expect((await callJson(sim, '/v3/lists/won/subscribers/toString.json')).body.Error).toBe('VALIDATION_ERROR');
    expect((await callJson(sim, '/v3/lists/won/subscribers/Subscribed.json', { query: { Page: '0' } })).body.Error).toBe('VALIDATION_ERROR');
  });
});
