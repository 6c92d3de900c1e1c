import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { leadStatus } from '../support/kommoPayloads.ts';

/**
 * A manager moves 40 deals to Won at once (issue #3: batch endpoints when many contacts change at
 * once). Each ESP gets the whole move through its batch endpoint instead of 40 single upserts.
 */
const DEALS = 40;

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let moosend: MoosendSimulator;
let cio: CustomerioSimulator;
let bridge: InProcessBridge;
let listId: string;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.02 });
  cio = await startCustomerioSimulator();
  listId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'mrr', 'kommo_deal_id', 'won_date'] }).id;
  for (let i = 0; i < DEALS; i++) {
    const contact = kommo.addContact({ name: `Buyer ${i}`, email: `Buyer.${i}@Example.com`, custom_fields_values: [{ field_id: 512003, values: [{ value: true }] }] });
    kommo.addLead({ id: 2000 + i, status_id: 142, price: 100 + i, contacts: [contact.id] });
  }
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailOptIn: { entity: 'contact', id: 512003 } } },
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: 'omnisend-path-secret-0123456789', on: { won: { addTags: ['customer'], removeTags: [] } } },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: 'moosend-path-secret-0123456789ab', on: { won: { list: listId } } },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: 'cio-path-secret-0123456789abcdef', webhookSigningKey, on: { won: { event: 'deal_won' } } },
      notes: { afterPush: false, opened: false, clicked: true },
    },
    env: { OMNISEND_API_URL: omnisend.origin, MOOSEND_API_URL: moosend.origin, CUSTOMERIO_TRACK_URL: cio.trackOrigin, CUSTOMERIO_APP_URL: cio.appOrigin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
});

describe('a mass move to Won', () => {
  it('reaches every ESP through its batch endpoint, every contact once', async () => {
    const leads = Array.from({ length: DEALS }, (_, i) => ({ id: 2000 + i, statusId: 142 }));
    const response = await bridge.postKommoWebhook(leadStatus(leads));
    expect(response.status).toBe(200);
    await queueDrained(bridge, 30_000);
    await omnisend.settled();

    const emails = Array.from({ length: DEALS }, (_, i) => `buyer.${i}@example.com`);
    const writes = (requests: { method: string }[]) => requests.filter((r) => r.method !== 'GET');

    const omnisendBatches = omnisend.requests.filter((r) => r.method === 'POST' && r.path === '/api/batches');
    expect(omnisendBatches.length).toBeGreaterThan(0);
    expect(omnisend.requests.filter((r) => r.method === 'POST' && r.path === '/api/contacts').length).toBeLessThan(DEALS / 4);
    for (const email of emails) expect(omnisend.contacts.byEmail(email), email).toMatchObject({ tags: ['customer'] });

    expect(moosend.requests.filter((r) => r.path === `/v3/subscribers/${listId}/subscribe_many.json`).length).toBeGreaterThan(0);
    expect(moosend.requests.filter((r) => r.path === `/v3/subscribers/${listId}/subscribe.json`).length).toBeLessThan(DEALS / 4);
    for (const email of emails) expect(moosend.subscriber(listId, email), email).toMatchObject({ SubscribeType: 1 });

    expect(cio.trackRequests.filter((r) => r.path === '/api/v2/batch').length).toBeGreaterThan(0);
    expect(writes(cio.trackRequests).length).toBeLessThan(DEALS / 4);
    for (const email of emails) expect(cio.events(email).map((e) => e.name), email).toEqual(['deal_won']);

    const failed = bridge.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status != 'done'").get() as { n: number };
    expect(failed.n).toBe(0);
  });
});
