import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoosendSimulator, type MoosendSimulator, type WireMailingList, type WirePaging } from './index.ts';
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
