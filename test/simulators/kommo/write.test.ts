import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from './index.ts';
import { call, embedded, json } from './testClient.ts';

describe('kommo simulator: writes', () => {
  let sim: KommoSimulator;
  beforeAll(async () => {
    sim = await startKommoSimulator({ requestsPerSecond: 1000 });
    sim.addContact({ id: 501, name: 'Jane Doe', email: 'old@example.com', phone: '+14155551234' });
    sim.addContact({ id: 502, name: 'John Roe' });
    sim.addLead({ id: 601, contacts: [501] });
  });
  afterAll(() => sim.close());

  it('PATCH /contacts/{id} replaces a field value list, bumps updated_at and answers {id, updated_at, _links}', async () => {
    const before = sim.contacts.get(501)?.updated_at ?? 0;
    const res = await call(sim, '/api/v4/contacts/501', {
      method: 'PATCH',
      body: {
        custom_fields_values: [
          { field_code: 'EMAIL', values: [{ value: 'new@example.com', enum_code: 'WORK' }] },
          { field_id: 512003, values: [{ value: true }] },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({
      id: 501,
      updated_at: expect.any(Number),
      _links: { self: { href: 'https://acme.kommo.com/api/v4/contacts/501' } },
    });
    expect(body['updated_at']).toBeGreaterThan(before);
    const stored = sim.contacts.get(501);
    expect(stored?.custom_fields_values.find((f) => f.field_code === 'EMAIL')?.values).toEqual([
      { value: 'new@example.com', enum_id: 552488, enum_code: 'WORK' },
    ]);
    expect(stored?.custom_fields_values.find((f) => f.field_id === 512003)?.values).toEqual([{ value: true }]);
    // Untouched fields stay.
    expect(stored?.custom_fields_values.find((f) => f.field_code === 'PHONE')?.values[0]?.value).toBe('+14155551234');
  });

  it('"values": null clears a field', async () => {
    const res = await call(sim, '/api/v4/contacts/501', { method: 'PATCH', body: { custom_fields_values: [{ field_code: 'PHONE', values: null }] } });
    expect(res.status).toBe(200);
    expect(sim.contacts.get(501)?.custom_fields_values.some((f) => f.field_code === 'PHONE')).toBe(false);
  });

  it('an unknown field_id is 400 with the reference validation-errors body, and nothing is written', async () => {
    const before = structuredClone(sim.contacts.get(502));
    const res = await call(sim, '/api/v4/contacts', {
      method: 'PATCH',
      body: [
        { id: 501, name: 'Renamed' },
        { id: 502, name: 'Also renamed', custom_fields_values: [{ field_id: 999999, values: [{ value: 'x' }] }] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(res)).toEqual({
      'validation-errors': [
        {
          request_id: '1',
          errors: [{ code: 'NotSupportedChoice', path: 'custom_fields_values.0.field_id', detail: 'The value you selected is not a valid choice.' }],
        },
      ],
      title: 'Bad Request',
      type: 'https://httpstatus.es/400',
      status: 400,
      detail: 'Request validation failed',
    });
    expect(sim.contacts.get(501)?.name).toBe('Jane Doe');
    expect(sim.contacts.get(502)).toEqual(before);
  });

  it('bulk PATCH /leads updates every item and answers _embedded.leads', async () => {
    sim.addLead({ id: 602 });
    const res = await call(sim, '/api/v4/leads', {
      method: 'PATCH',
      body: [
        { id: 601, status_id: 142, price: 1500, custom_fields_values: [{ field_id: 512001, values: [{ value: 'Enterprise' }] }] },
        { id: 602, name: 'Second' },
      ],
    });
    expect(res.status).toBe(200);
    const items = embedded(await json(res), 'leads');
    expect(items.map((l) => l['id'])).toEqual([601, 602]);
    expect(items[0]).toMatchObject({ _links: { self: { href: 'https://acme.kommo.com/api/v4/leads/601' } } });
    expect(sim.leads.get(601)).toMatchObject({ status_id: 142, price: 1500, closed_at: expect.any(Number) });
    expect(sim.leads.get(601)?.custom_fields_values[0]?.values).toEqual([{ value: 'Enterprise', enum_id: 908108, enum_code: null }]);
    expect(sim.leads.get(602)?.name).toBe('Second');

    const badStatus = await call(sim, '/api/v4/leads/601', { method: 'PATCH', body: { status_id: 1 } });
    expect(badStatus.status).toBe(400);
    expect((await json(badStatus))['validation-errors']).toEqual([
      { request_id: '0', errors: [{ code: 'NotSupportedChoice', path: 'status_id', detail: 'The value you selected is not a valid choice.' }] },
    ]);
    expect((await call(sim, '/api/v4/leads/404404', { method: 'PATCH', body: { price: 1 } })).status).toBe(404);
  });

  it('stores notes from both note routes and answers _embedded.notes with request_id', async () => {
    const bulk = await call(sim, '/api/v4/leads/notes', {
      method: 'POST',
      body: [{ entity_id: 601, note_type: 'common', params: { text: 'Synced to Omnisend' }, request_id: 'r1' }],
    });
    expect(bulk.status).toBe(200);
    const [note] = embedded(await json(bulk), 'notes');
    expect(note).toMatchObject({ entity_id: 601, request_id: 'r1', id: expect.any(Number) });
    expect(note?.['_links']).toEqual({ self: { href: `https://acme.kommo.com/api/v4/leads/601/notes/${String(note?.['id'])}` } });

    const single = await call(sim, '/api/v4/contacts/501/notes', {
      method: 'POST',
      body: [{ note_type: 'service_message', params: { service: 'ESP Bridge', text: 'Unsubscribed' } }],
    });
    expect(single.status).toBe(200);
    expect(sim.notes.map((n) => [n.entity_type, n.entity_id, n.note_type, n.params['text']])).toEqual([
      ['leads', 601, 'common', 'Synced to Omnisend'],
      ['contacts', 501, 'service_message', 'Unsubscribed'],
    ]);
  });

  it('rejects bad notes with validation-errors and stores none of them', async () => {
    const count = sim.notes.length;
    const notArray = await call(sim, '/api/v4/leads/notes', { method: 'POST', body: { entity_id: 601, note_type: 'common', params: { text: 'x' } } });
    expect(notArray.status).toBe(400);
    expect(await json(notArray)).toHaveProperty('validation-errors');

    const bad = await call(sim, '/api/v4/leads/notes', {
      method: 'POST',
      body: [
        { entity_id: 601, note_type: 'common', params: {} },
        { entity_id: 601, note_type: 'shout', params: { text: 'x' } },
        { entity_id: 777, note_type: 'common', params: { text: 'x' } },
      ],
    });
    expect(bad.status).toBe(400);
    const groups = (await json(bad))['validation-errors'] as Array<{ request_id: string; errors: Array<{ path: string }> }>;
    expect(groups.map((g) => [g.request_id, g.errors.map((e) => e.path)])).toEqual([
      ['0', ['params.text']],
      ['1', ['note_type']],
      ['2', ['entity_id']],
    ]);
    expect((await call(sim, '/api/v4/leads/777/notes', { method: 'POST', body: [{ note_type: 'common', params: { text: 'x' } }] })).status).toBe(404);
    expect(sim.notes).toHaveLength(count);
  });

  it('stores tasks; text and complete_till are required', async () => {
    const res = await call(sim, '/api/v4/tasks', {
      method: 'POST',
      body: [{ text: 'Call the client', complete_till: 1726999999, entity_id: 601, entity_type: 'leads', task_type_id: 1, request_id: 't1' }],
    });
    expect(res.status).toBe(200);
    const [task] = embedded(await json(res), 'tasks');
    expect(task).toMatchObject({ request_id: 't1', _links: { self: { href: `https://acme.kommo.com/api/v4/tasks/${String(task?.['id'])}` } } });
    expect(sim.tasks).toEqual([expect.objectContaining({ text: 'Call the client', entity_id: 601, entity_type: 'leads', responsible_user_id: 8000001 })]);

    const bad = await call(sim, '/api/v4/tasks', { method: 'POST', body: [{ entity_id: 601, entity_type: 'deals' }] });
    expect(bad.status).toBe(400);
    const paths = ((await json(bad))['validation-errors'] as Array<{ errors: Array<{ path: string }> }>)[0]?.errors.map((e) => e.path);
    expect(paths).toEqual(['text', 'complete_till', 'entity_type']);
    expect(sim.tasks).toHaveLength(1);
  });

  it('subscribes, lists and deletes webhooks', async () => {
    expect((await call(sim, '/api/v4/webhooks')).status).toBe(204);
    const created = await call(sim, '/api/v4/webhooks', {
      method: 'POST',
      body: { destination: 'https://bridge.example/kommo/hook/abc', settings: ['status_lead', 'update_contact'] },
    });
    expect(created.status).toBe(200);
    expect(await json(created)).toMatchObject({ destination: 'https://bridge.example/kommo/hook/abc', settings: ['status_lead', 'update_contact'], disabled: false });
    const listed = embedded(await json(await call(sim, '/api/v4/webhooks')), 'webhooks');
    expect(listed).toHaveLength(1);

    const bad = await call(sim, '/api/v4/webhooks', { method: 'POST', body: { destination: 'not a url', settings: ['bogus'] } });
    expect(bad.status).toBe(400);

    const del = await call(sim, '/api/v4/webhooks', { method: 'DELETE', body: { destination: 'https://bridge.example/kommo/hook/abc' } });
    expect(del.status).toBe(204);
    expect(sim.webhooks).toHaveLength(0);
    expect((await call(sim, '/api/v4/webhooks')).status).toBe(204);
  });
});
