import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

/** Kommo → Moosend and Customer.io through the real adapters against their simulators (SPEC §4.1). */
let kommo: KommoSimulator;
let moosend: MoosendSimulator;
let cio: CustomerioSimulator;
let bridge: InProcessBridge;
let listId: string;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  cio = await startCustomerioSimulator();
  listId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'mrr', 'kommo_deal_id', 'won_date', 'favorite_color'] }).id;
  const contact = kommo.addContact({ name: 'Jane Doe', first_name: 'Jane', last_name: 'Doe', email: ' Jane.Doe@Example.COM', custom_fields_values: [{ field_id: 512003, values: [{ value: true }] }] });
  kommo.addLead({ id: 600, status_id: 142, price: 990, contacts: [contact.id], custom_fields_values: [{ field_id: 512001, values: [{ enum_id: 908107 }] }] });
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  const rules = {
    kommo: {
      webhookSecret: 'env:KOMMO_WEBHOOK_SECRET',
      fields: { plan: { entity: 'lead', id: 512001 }, emailOptIn: { entity: 'contact', id: 512003 } },
    },
    moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: 'moosend-path-secret-0123456789ab', on: { won: { list: listId } } },
    customerio: { siteId, trackApiKey, appApiKey, webhookSecret: 'cio-path-secret-0123456789abcdef', webhookSigningKey, on: { won: { event: 'deal_won' } } },
  };
  bridge = await startInProcessBridge(kommo, {
    rules,
    env: { MOOSEND_API_URL: moosend.origin, CUSTOMERIO_TRACK_URL: cio.trackOrigin, CUSTOMERIO_APP_URL: cio.appOrigin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), moosend.close(), cio.close()]);
});

const drained = () => queueDrained(bridge);

describe('deal Won → Moosend', () => {
  it('keeps the custom fields the bridge does not manage', async () => {
    moosend.seedSubscriber(listId, { email: 'jane.doe@example.com', name: 'Jane', customFields: { favorite_color: 'blue' } });
    await bridge.postKommoWebhook(won(600));
    await drained();
    const subscribe = moosend.requests.find((r) => r.path === `/v3/subscribers/${listId}/subscribe.json`);
    expect(subscribe?.query.get('apikey')).toBe(DEFAULT_MOOSEND_API_KEY);
    expect(moosend.customFields(listId, 'jane.doe@example.com')).toMatchObject({ favorite_color: 'blue', plan: 'Pro', kommo_deal_id: '600' });
    expect(moosend.resubscriptions()).toEqual([]);
  });

  it('does not re-subscribe an unsubscribed subscriber', async () => {
    moosend.seedSubscriber(listId, { email: 'jane.doe@example.com', status: 'Unsubscribed' });
    await bridge.postKommoWebhook(won(600));
    await drained();
    expect(moosend.requests.filter((r) => r.path.endsWith('/subscribe.json'))).toEqual([]);
    expect(moosend.resubscriptions()).toEqual([]);
    expect(moosend.subscriber(listId, 'jane.doe@example.com')).toMatchObject({ SubscribeType: 2 });
  });
});

describe('deal Won → Customer.io', () => {
  it('identifies by normalised email with the deal, then sends deal_won once', async () => {
    await bridge.postKommoWebhook(won(600));
    await drained();
    await bridge.postKommoWebhook(won(600, 1_800_000_000));
    await drained();
    const identify = cio.trackRequests.find((r) => r.method === 'PUT');
    expect(identify?.path).toBe('/api/v1/customers/jane.doe%40example.com');
    expect(identify?.headers['authorization']).toBe(cio.trackAuthorization());
    expect(identify?.body).toMatchObject({ email: 'jane.doe@example.com', plan: 'Pro', kommo_deal_id: 600, deal_amount: 990 });
    expect(cio.events('jane.doe@example.com')).toEqual([expect.objectContaining({ name: 'deal_won', data: { plan: 'Pro', deal_id: 600 } })]);
    expect(cio.unsubscribedFalseWrites()).toEqual([]);
  });
});
