import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateMoosendFieldsResponseSchema, MoosendListsResponseSchema } from '../../backend-lite/api/adminContract.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { mintDisposableToken } from '../support/disposableToken.ts';
import { KOMMO_TOKEN, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

/** Issue 16: the settings page picks Moosend lists and creates the fields the bridge writes, with the account's saved key. */
const CLIENT_SECRET = 'integration-client-secret-0123456789abcdef';
const PUBLIC_URL = 'https://bridge.example.com';

let kommo: KommoSimulator;
let moosend: MoosendSimulator;
let bridge: InProcessBridge;
let customers: string;
let trial: string;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  customers = moosend.seedList({ name: 'Customers', customFields: ['plan', 'kommo_deal_id', 'mrr', 'won_date'] }).id;
  trial = moosend.seedList({ name: 'Trial', customFields: ['Plan'] }).id;
  for (const email of ['a@example.com', 'b@example.com']) moosend.seedSubscriber(trial, { email });
  moosend.seedSubscriber(trial, { email: 'gone@example.com', status: 'Unsubscribed' });
  for (let i = 1; i <= 10; i++) moosend.seedList({ name: `Archive ${String(i).padStart(2, '0')}` });
  bridge = await startInProcessBridge(kommo, {
    rules: { moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: 'moosend-path-secret-0123456789ab', on: { won: { list: trial } } } },
    env: { KOMMO_CLIENT_ID: 'client-uuid', KOMMO_CLIENT_SECRET: CLIENT_SECRET, PUBLIC_URL, MOOSEND_API_URL: moosend.origin },
  });
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), moosend.close()]);
});

const adminToken = () =>
  mintDisposableToken({ clientSecret: CLIENT_SECRET, subdomain: kommo.subdomain, audience: PUBLIC_URL, accountId: kommo.accountId, userId: CURRENT_USER_ID, clientUuid: 'client-uuid', isAdmin: true });
const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${bridge.origin}/api/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { 'X-Auth-Token': adminToken(), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
const createFields = (listId: string, fields: string[]) => admin(`/moosend/lists/${listId}/fields`, { method: 'POST', body: { fields } });
const creations = () => moosend.requests.filter((r) => r.path.endsWith('/customfields/create.json'));

describe('Moosend lists for the settings page', () => {
  it('lists every list by name with its active members and fields, read with the saved key across lists.json’s pages', async () => {
    const response = await admin('/moosend/lists');
    expect(response.status).toBe(200);
    const { lists, bridgeFields } = MoosendListsResponseSchema.parse(await response.json());

    expect(lists).toHaveLength(12);
    expect(lists.map((list) => list.name).slice(0, 3)).toEqual(['Archive 01', 'Archive 02', 'Archive 03']);
    expect(lists.find((list) => list.id === trial)).toEqual({ id: trial, name: 'Trial', activeMembers: 2, fields: ['Plan'] });
    expect(bridgeFields).toEqual([
      { name: 'kommo_deal_id', type: 'Number', stages: null },
      { name: 'plan', type: 'Text', stages: null },
      { name: 'mrr', type: 'Number', stages: ['won'] },
      { name: 'won_date', type: 'DateTime', stages: ['won'] },
    ]);
    expect(moosend.requests.map((r) => r.path)).toEqual(['/v3/lists.json', '/v3/lists/2/10.json']);
    expect(moosend.requests.every((r) => r.query.get('apikey') === DEFAULT_MOOSEND_API_KEY)).toBe(true);
  });

  it('says why the lists cannot be read: a key Moosend refuses, Moosend down, Moosend not connected', async () => {
    moosend.setApiKeys([]);
    const refused = await admin('/moosend/lists');
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ error: 'moosend_key_rejected', message: expect.stringMatching(/Moosend rejected the API key .*INVALID_API_KEY/) });

    moosend.reset();
    moosend.down(true);
    const down = await admin('/moosend/lists');
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({ error: 'moosend_unavailable', message: expect.stringMatching(/Moosend is unavailable/) });
    moosend.down(false);

    const saved = await admin('/settings', { method: 'PUT', body: { rules: { kommo: { stages: {}, fields: {} }, notes: { afterPush: true, opened: false, clicked: true } } } });
    expect(saved.status).toBe(200);
    const disconnected = await admin('/moosend/lists');
    expect(disconnected.status).toBe(409);
    expect(await disconnected.json()).toMatchObject({ error: 'moosend_not_connected' });
  });

  it('creates only the fields a list lacks, with their types; a second request creates nothing twice', async () => {
    const first = await createFields(trial, ['kommo_deal_id', 'plan', 'mrr', 'won_date']);
    expect(first.status).toBe(200);
    expect(CreateMoosendFieldsResponseSchema.parse(await first.json())).toEqual({
      listId: trial,
      fields: ['Plan', 'kommo_deal_id', 'mrr', 'won_date'],
      created: ['kommo_deal_id', 'mrr', 'won_date'],
    });
    const second = CreateMoosendFieldsResponseSchema.parse(await (await createFields(trial, ['kommo_deal_id', 'plan', 'mrr', 'won_date'])).json());
    expect(second.created).toEqual([]);

    expect(creations().map((r) => [r.body, r.query.get('apikey')])).toEqual([
      [{ Name: 'kommo_deal_id', CustomFieldType: 'Number', IsRequired: false, IsHidden: false }, DEFAULT_MOOSEND_API_KEY],
      [{ Name: 'mrr', CustomFieldType: 'Number', IsRequired: false, IsHidden: false }, DEFAULT_MOOSEND_API_KEY],
      [{ Name: 'won_date', CustomFieldType: 'DateTime', IsRequired: false, IsHidden: false }, DEFAULT_MOOSEND_API_KEY],
    ]);
    expect((await createFields(customers, ['plan'])).status).toBe(200);
    expect(creations()).toHaveLength(3);
  });

  it('refuses fields the bridge does not write, and names a list that no longer exists', async () => {
    const foreign = await createFields(trial, ['Company']);
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({ error: 'bad_request', message: expect.stringContaining('kommo_deal_id, plan, mrr, won_date') });

    const gone = await createFields('5c3d0000-dead-4bee-8000-000000000000', ['plan']);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: 'moosend_list_not_found', message: expect.stringContaining('MAILING_LIST_NOT_FOUND') });
    expect(creations()).toHaveLength(0);
  });
});
