import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from './index.ts';
import { call, embedded, json } from './testClient.ts';

describe('kommo simulator: reads', () => {
  let sim: KommoSimulator;
  beforeAll(async () => {
    sim = await startKommoSimulator({ requestsPerSecond: 1000 });
    sim.addContact({ id: 406322, name: 'Jane Doe', email: ' Jane.Doe@Example.com ', phone: '+44 7700 900123' });
    sim.addContact({ id: 406323, first_name: 'John', last_name: 'Roe', email: ['john@roe.io', 'j@roe.io'] });
    sim.addLead({
      id: 152464,
      name: 'Annual plan',
      price: 20000,
      contacts: [{ id: 406322, is_main: true }, 406323],
      custom_fields_values: [{ field_id: 512001, values: [{ enum_id: 908107 }] }],
    });
    sim.addLead({ id: 152465, contacts: [406323] });
    sim.addLead({ id: 152466 });
  });
  afterAll(() => sim.close());

  it('GET /leads/{id} has the reference HAL shape; contacts only with with=contacts', async () => {
    const res = await call(sim, '/api/v4/leads/152464');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/hal+json');
    const lead = await json(res);
    expect(lead).toMatchObject({
      id: 152464,
      name: 'Annual plan',
      price: 20000,
      status_id: 67548607,
      pipeline_id: 8572511,
      responsible_user_id: 8000001,
      account_id: 31000001,
      is_deleted: false,
      closed_at: null,
      custom_fields_values: [
        { field_id: 512001, field_name: 'Plan', field_code: null, field_type: 'select', values: [{ value: 'Pro', enum_id: 908107 }] },
      ],
      _links: { self: { href: 'https://acme.kommo.com/api/v4/leads/152464' } },
      _embedded: { tags: [], companies: [] },
    });
    expect(typeof lead['updated_at']).toBe('number');
    expect(lead).not.toHaveProperty('contacts');
    expect(lead['_embedded']).not.toHaveProperty('contacts');

    const withContacts = await json(await call(sim, '/api/v4/leads/152464?with=contacts'));
    expect(embedded(withContacts, 'contacts')).toEqual([
      { id: 406322, is_main: true, _links: { self: { href: 'https://acme.kommo.com/api/v4/contacts/406322' } } },
      { id: 406323, is_main: false, _links: { self: { href: 'https://acme.kommo.com/api/v4/contacts/406323' } } },
    ]);
  });

  it('GET /leads/{id} of a missing lead is 404 problem+json; a lead without fields has custom_fields_values null', async () => {
    const res = await call(sim, '/api/v4/leads/999');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(res)).toMatchObject({ title: 'Not Found', type: 'https://httpstatus.es/404', status: 404 });
    expect((await json(await call(sim, '/api/v4/leads/152466')))['custom_fields_values']).toBeNull();
  });

  it('batched filter[id][] returns only those ids, embeds contacts with with=contacts, and 204 when nothing matches', async () => {
    const res = await call(sim, '/api/v4/leads?filter[id][]=152464&filter[id][]=152465&filter[id][]=42&with=contacts');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body['_page']).toBe(1);
    expect((body['_links'] as Record<string, { href: string }>)['self']?.href).toMatch(/^https:\/\/acme\.kommo\.com\/api\/v4\/leads\?/);
    const leads = embedded(body, 'leads');
    expect(leads.map((l) => l['id'])).toEqual([152464, 152465]);
    expect(embedded(leads[1] ?? {}, 'contacts')).toEqual([
      { id: 406323, is_main: true, _links: { self: { href: 'https://acme.kommo.com/api/v4/contacts/406323' } } },
    ]);

    const encoded = await call(sim, `/api/v4/leads?${encodeURI('filter[id][]=152466')}`);
    expect(embedded(await json(encoded), 'leads').map((l) => l['id'])).toEqual([152466]);

    const none = await call(sim, '/api/v4/leads?filter[id][]=1&filter[id][]=2');
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
    expect(none.headers.get('content-type')).toBeNull();
  });

  it('paginates with page/limit and a next link; limit > 250 is 422 "Limit 250 per page"', async () => {
    const first = await json(await call(sim, '/api/v4/leads?limit=2'));
    expect(embedded(first, 'leads').map((l) => l['id'])).toEqual([152464, 152465]);
    expect(first['_links']).toHaveProperty('next');
    const second = await json(await call(sim, '/api/v4/leads?limit=2&page=2'));
    expect(embedded(second, 'leads').map((l) => l['id'])).toEqual([152466]);
    expect(second['_links']).not.toHaveProperty('next');
    expect((await call(sim, '/api/v4/leads?limit=2&page=3')).status).toBe(204);

    const tooMany = await call(sim, '/api/v4/leads?limit=251');
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(tooMany)).toEqual({
      title: 'Unprocessable Entity',
      type: 'https://httpstatus.es/422',
      status: 422,
      detail: 'Limit 250 per page',
    });
  });

  it('GET /contacts/{id} shows multitext email/phone and embeds leads with with=leads', async () => {
    const contact = await json(await call(sim, '/api/v4/contacts/406322?with=leads'));
    expect(contact).toMatchObject({
      id: 406322,
      name: 'Jane Doe',
      first_name: 'Jane',
      last_name: 'Doe',
      custom_fields_values: [
        { field_id: 771906, field_code: 'PHONE', field_type: 'multitext', values: [{ value: '+44 7700 900123', enum_id: 552476, enum_code: 'WORK' }] },
        { field_id: 771908, field_code: 'EMAIL', field_type: 'multitext', values: [{ value: ' Jane.Doe@Example.com ', enum_id: 552488, enum_code: 'WORK' }] },
      ],
      _links: { self: { href: 'https://acme.kommo.com/api/v4/contacts/406322' } },
    });
    expect(embedded(contact, 'leads')).toEqual([{ id: 152464, _links: { self: { href: 'https://acme.kommo.com/api/v4/leads/152464' } } }]);
    const plain = await json(await call(sim, '/api/v4/contacts/406323'));
    expect(plain['_embedded']).toEqual({ tags: [], companies: [] });
  });

  it('contacts query= is a fuzzy, case-insensitive search over names and field values; no match is 204', async () => {
    const search = async (q: string): Promise<unknown[]> => {
      const res = await call(sim, `/api/v4/contacts?query=${encodeURIComponent(q)}`);
      if (res.status === 204) return [];
      return embedded(await json(res), 'contacts').map((c) => c['id']);
    };
    expect(await search('jane.doe@example.com')).toEqual([406322]);
    expect(await search('roe.io')).toEqual([406323]);
    expect(await search('447700900123')).toEqual([406322]);
    expect(await search('john')).toEqual([406323]);
    const none = await call(sim, '/api/v4/contacts?query=nobody%40nowhere.test');
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');

    const byIds = await json(await call(sim, '/api/v4/contacts?filter[id][]=406323&with=leads'));
    expect(embedded(embedded(byIds, 'contacts')[0] ?? {}, 'leads').map((l) => l['id'])).toEqual([152464, 152465]);
  });

  it('serves account, pipelines (with 142/143) and custom field lists', async () => {
    const account = await json(await call(sim, '/api/v4/account'));
    expect(account).toMatchObject({ id: 31000001, subdomain: 'acme', _links: { self: { href: 'https://acme.kommo.com/api/v4/account' } } });

    const pipelines = embedded(await json(await call(sim, '/api/v4/leads/pipelines')), 'pipelines');
    expect(pipelines).toHaveLength(1);
    const statusIds = embedded(pipelines[0] ?? {}, 'statuses').map((s) => s['id']);
    expect(statusIds).toEqual(expect.arrayContaining([67548607, 67548619, 142, 143]));

    const leadFields = embedded(await json(await call(sim, '/api/v4/leads/custom_fields')), 'custom_fields');
    expect(leadFields.map((f) => f['id'])).toEqual([512001, 512002]);
    const contactFields = embedded(await json(await call(sim, '/api/v4/contacts/custom_fields')), 'custom_fields');
    expect(contactFields.map((f) => [f['id'], f['code']])).toEqual([
      [771906, 'PHONE'],
      [771908, 'EMAIL'],
      [512003, null],
      [512004, null],
      [512005, null],
    ]);
  });
});
