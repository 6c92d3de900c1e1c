import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTS_JSON_PAGE_SIZE, startMoosendSimulator, type MoosendSimulator, type WireMailingList, type WirePaging } from './index.ts';
import { callJson } from './testClient.ts';

interface ListsContext {
  Paging: WirePaging;
  MailingLists: WireMailingList[];
}

describe('moosend simulator: mailing lists and custom fields (reference B.2)', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startMoosendSimulator({ now: () => 1_761_777_152_597 });
    sim.seedList({
      id: 'won',
      name: 'Won',
      customFields: ['Plan', { name: 'MRR', type: 'Number', isRequired: true }, { name: 'Size', type: 'SingleSelectDropdown', options: ['S', 'M'] }],
      createdOn: 1_000,
    });
    sim.seedList({ id: 'demo', name: 'Demo scheduled', createdOn: 2_000 });
    sim.seedSubscriber('won', { email: 'a@example.com' });
    sim.seedSubscriber('won', { email: 'b@example.com', status: 'Unsubscribed' });
    sim.seedSubscriber('won', { email: 'c@example.com', status: 'Bounced' });
  });
  afterAll(() => sim.close());

  it('lists.json answers every list with statistics, custom field definitions and .NET dates', async () => {
    const { status, body } = await callJson(sim, '/v3/lists.json');
    expect(status).toBe(200);
    expect(body).toMatchObject({ Code: 0, Error: null });
    const ctx = body.Context as ListsContext;
    expect(ctx.Paging).toEqual({ PageSize: 0, CurrentPage: 1, TotalResults: 2, TotalPageCount: 1, SortExpression: null, SortIsAscending: true });
    expect(ctx.MailingLists.map((l) => l.ID)).toEqual(['won', 'demo']);
    const won = ctx.MailingLists[0];
    expect(won).toMatchObject({
      ID: 'won',
      Name: 'Won',
      ActiveMemberCount: 1,
      UnsubscribedMemberCount: 1,
      BouncedMemberCount: 1,
      RemovedMemberCount: 0,
      Status: 0,
      CreatedOn: '/Date(1000+0100)/',
      ImportOperation: null,
    });
    expect(won?.CustomFieldsDefinition).toEqual([
      { ID: expect.any(String), Name: 'Plan', Context: null, IsRequired: false, Type: 0 },
      { ID: expect.any(String), Name: 'MRR', Context: null, IsRequired: true, Type: 1 },
      {
        ID: expect.any(String),
        Name: 'Size',
        Context: '<items><item><name>S</name><value>S</value></item><item><name>M</name><value>M</value></item></items>',
        IsRequired: false,
        Type: 3,
      },
    ]);
  });

  it('WithStatistics=false zeroes the counts; ShortBy/SortMethod sort', async () => {
    const { body } = await callJson(sim, '/v3/lists.json', { query: { WithStatistics: 'false', ShortBy: 'Name', SortMethod: 'DESC' } });
    const ctx = body.Context as ListsContext;
    expect(ctx.MailingLists.map((l) => l.Name)).toEqual(['Won', 'Demo scheduled']);
    expect(ctx.MailingLists[0]?.ActiveMemberCount).toBe(0);
    expect(ctx.Paging).toMatchObject({ SortExpression: 'Name', SortIsAscending: false });
  });

  it('lists/{Page}/{PageSize}.json pages', async () => {
    const { body } = await callJson(sim, '/v3/lists/2/1.json');
    const ctx = body.Context as ListsContext;
    expect(ctx.Paging).toMatchObject({ PageSize: 1, CurrentPage: 2, TotalResults: 2, TotalPageCount: 2 });
    expect(ctx.MailingLists.map((l) => l.ID)).toEqual(['demo']);
  });

  it('lists/{id}/details.json answers one list; an unknown id is an envelope error', async () => {
    const { body } = await callJson(sim, '/v3/lists/won/details.json');
    expect(body).toMatchObject({ Code: 0, Error: null, Context: { ID: 'won', Name: 'Won', ActiveMemberCount: 1 } });
    const missing = await callJson(sim, '/v3/lists/nope/details.json');
    expect(missing).toEqual({ status: 200, body: { Code: 404, Error: 'MAILING_LIST_NOT_FOUND', Context: null } });
  });

  it('lists/create.json and customfields/create.json answer the new id as Context', async () => {
    const created = await callJson(sim, '/v3/lists/create.json', { body: { Name: 'Lost' } });
    expect(created.body).toMatchObject({ Code: 0, Error: null, Context: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const listId = created.body.Context as string;

    const field = await callJson(sim, `/v3/lists/${listId}/customfields/create.json`, {
      body: { Name: 'Town', CustomFieldType: 'SingleSelectDropdown', Options: 'Athens,London', IsRequired: false },
    });
    expect(field.body).toMatchObject({ Code: 0, Error: null, Context: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(sim.list(listId)?.CustomFieldsDefinition).toEqual([
      { ID: field.body.Context, Name: 'Town', Context: expect.stringContaining('<name>London</name>'), IsRequired: false, Type: 3 },
    ]);

    for (const bad of [{}, { Name: 'Town' }, { Name: 'X', CustomFieldType: 'Colour' }]) {
      const res = await callJson(sim, `/v3/lists/${listId}/customfields/create.json`, { body: bad });
      expect(res.body, JSON.stringify(bad)).toEqual({ Code: 400, Error: 'VALIDATION_ERROR', Context: null });
    }
    expect((await callJson(sim, '/v3/lists/create.json', { body: { Name: '' } })).body.Error).toBe('VALIDATION_ERROR');
  });
});

describe('moosend simulator: lists.json paging, custom field creation (reference B.1, B.2)', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startMoosendSimulator();
    for (let i = 1; i <= 23; i++) sim.seedList({ id: `list-${i}`, name: `List ${i}`, createdOn: i * 1_000 });
    sim.seedSubscriber('list-12', { email: 'a@example.com' });
    sim.seedSubscriber('list-12', { email: 'b@example.com' });
  });
  afterAll(() => sim.close());

  it('lists.json answers its first page of ten and says how many pages there are; the paged path has the rest', async () => {
    const first = (await callJson(sim, '/v3/lists.json', { query: { WithStatistics: 'true' } })).body.Context as ListsContext;
    expect(LISTS_JSON_PAGE_SIZE).toBe(10);
    expect(first.Paging).toMatchObject({ PageSize: 0, CurrentPage: 1, TotalResults: 23, TotalPageCount: 3 });
    expect(first.MailingLists.map((l) => l.ID)).toEqual(Array.from({ length: 10 }, (_, i) => `list-${i + 1}`));

    const second = (await callJson(sim, '/v3/lists/2/10.json')).body.Context as ListsContext;
    expect(second.Paging).toMatchObject({ PageSize: 10, CurrentPage: 2, TotalResults: 23, TotalPageCount: 3 });
    expect(second.MailingLists.find((l) => l.ID === 'list-12')).toMatchObject({ Name: 'List 12', ActiveMemberCount: 2 });
    const third = (await callJson(sim, '/v3/lists/3/10.json')).body.Context as ListsContext;
    expect(third.MailingLists.map((l) => l.ID)).toEqual(['list-21', 'list-22', 'list-23']);
  });

  it('customfields/create.json makes Text, Number and DateTime fields, which lists.json then defines with their type codes', async () => {
    for (const [Name, CustomFieldType] of [['plan', 'Text'], ['mrr', 'Number'], ['won_date', 'DateTime']]) {
      const { status, body } = await callJson(sim, '/v3/lists/list-1/customfields/create.json', { body: { Name, CustomFieldType, IsRequired: false, IsHidden: false } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ Code: 0, Error: null, Context: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    }
    const lists = (await callJson(sim, '/v3/lists.json')).body.Context as ListsContext;
    expect(lists.MailingLists[0]?.CustomFieldsDefinition.map(({ Name, Type }) => [Name, Type])).toEqual([
      ['plan', 0],
      ['mrr', 1],
      ['won_date', 2],
    ]);

    // A value for a field the list now defines is kept.
    await callJson(sim, '/v3/subscribers/list-1/subscribe.json', { body: { Email: 'c@example.com', CustomFields: ['mrr=990', 'won_date=2026-03-15'] } });
    expect(sim.customFields('list-1', 'c@example.com')).toEqual({ mrr: '990', won_date: '2026-03-15' });
  });

  it('refuses inside HTTP 200: a second field of the same name (whatever its case), an unknown list, a missing or wrong apikey — creating nothing', async () => {
    const before = sim.list('list-2')?.CustomFieldsDefinition.length;
    await callJson(sim, '/v3/lists/list-2/customfields/create.json', { body: { Name: 'Plan', CustomFieldType: 'Text' } });
    const refusals = [
      await callJson(sim, '/v3/lists/list-2/customfields/create.json', { body: { Name: 'PLAN', CustomFieldType: 'Text' } }),
      await callJson(sim, '/v3/lists/no-such-list/customfields/create.json', { body: { Name: 'mrr', CustomFieldType: 'Number' } }),
      await callJson(sim, '/v3/lists/list-2/customfields/create.json', { body: { Name: 'mrr', CustomFieldType: 'Number' }, apiKey: null }),
      await callJson(sim, '/v3/lists/list-2/customfields/create.json', { body: { Name: 'mrr', CustomFieldType: 'Number' }, apiKey: 'wrong-key' }),
    ];
    expect(refusals.map((r) => [r.status, r.body.Code, r.body.Error])).toEqual([
      [200, 400, 'VALIDATION_ERROR'],
      [200, 404, 'MAILING_LIST_NOT_FOUND'],
      [200, 401, 'INVALID_API_KEY'],
      [200, 401, 'INVALID_API_KEY'],
    ]);
    expect(sim.list('list-2')?.CustomFieldsDefinition.map((f) => f.Name)).toEqual(['Plan']);
    expect(before).toBe(0);
  });
});

