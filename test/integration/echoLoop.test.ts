import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerUnsubscribed, sendReportingWebhook, startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { contactUpdate, won } from '../support/kommoPayloads.ts';

/**
 * SPEC §4.2 "No echo loops": the opt-out the bridge writes into Kommo comes back as Kommo's
 * contact-update webhook and must not be pushed to the ESPs — while the same change made by a
 * manager must be, or the guard would be indistinguishable from doing nothing.
 */
const OPT_IN = 512003;
const cioPathSecret = 'cio-path-secret-0123456789abcdef';

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let cio: CustomerioSimulator;
let bridge: InProcessBridge;
let jane: number;
let john: number;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  cio = await startCustomerioSimulator();
  const consented = [{ field_id: OPT_IN, values: [{ value: true }] }];
  jane = kommo.addContact({ name: 'Jane Doe', email: 'jane.doe@example.com', custom_fields_values: consented }).id;
  john = kommo.addContact({ name: 'John Roe', email: 'john.roe@example.com', custom_fields_values: consented }).id;
  kommo.addLead({ id: 700, status_id: 67548607, contacts: [jane] });
  kommo.addLead({ id: 701, status_id: 67548607, contacts: [john] });
  for (const email of ['jane.doe@example.com', 'john.roe@example.com']) {
    omnisend.seedContact({ email, emailStatus: 'subscribed', emailStatusChangedAt: '2026-01-05T10:00:00Z' });
    cio.seedPerson({ id: email, email, attributes: {} });
  }
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailOptIn: { entity: 'contact', id: OPT_IN }, emailStatus: { entity: 'contact', id: 512004 } } },
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: 'omnisend-path-secret-0123456789' },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: cioPathSecret, webhookSigningKey, on: { won: { event: 'deal_won' } } },
    },
    env: { OMNISEND_API_URL: omnisend.origin, CUSTOMERIO_TRACK_URL: cio.trackOrigin, CUSTOMERIO_APP_URL: cio.appOrigin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
  // The bridge has read both contacts once (a contact update, say), so it knows they consented.
  await bridge.postKommoWebhook(contactUpdate(jane, 1_726_000_000));
  await bridge.postKommoWebhook(contactUpdate(john, 1_726_000_000));
  await drained();
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), omnisend.close(), cio.close()]);
});

const drained = async () => {
  await queueDrained(bridge);
  await omnisend.settled();
};
const espWrites = () => [
  ...omnisend.requests.filter((r) => r.method !== 'GET'),
  ...cio.trackRequests.filter((r) => r.method !== 'GET'),
];
const optInOf = (contactId: number) => kommo.contacts.get(contactId)?.custom_fields_values?.find((f) => f.field_id === OPT_IN)?.values?.[0]?.value;

describe('an opt-out written into Kommo', () => {
  it('by the bridge (a Customer.io unsubscribe) is not pushed back to the ESPs', async () => {
    const delivery = await sendReportingWebhook({
      url: `${bridge.origin}/webhooks/customerio/${cioPathSecret}`,
      signingKey: cio.credentials.webhookSigningKey,
      body: customerUnsubscribed({ identifiers: { id: 'jane.doe@example.com', email: 'jane.doe@example.com', cio_id: 'd9c106000002' } }),
    });
    expect(delivery.status).toBe(200);
    await drained();
    expect(optInOf(jane)).toBe(false);
    const before = espWrites().length;

    // Kommo reports the bridge's own PATCH as a contact update, as it does for any edit.
    await bridge.postKommoWebhook(contactUpdate(jane, 1_726_000_100));
    await drained();

    expect(espWrites().slice(before)).toEqual([]);
    expect(omnisend.contacts.byEmail('jane.doe@example.com')).toMatchObject({ status: 'subscribed' });
    const contactReads = kommo.requests.filter((r) => r.method === 'GET' && r.path === `/api/v4/contacts`);
    expect(contactReads.length).toBeGreaterThan(0);
  });

  it('by a manager (consent unticked in Kommo) opts the person out in every ESP, once', async () => {
    const contact = kommo.contacts.get(john);
    if (!contact) throw new Error('seeded contact missing');
    contact.custom_fields_values = [...(contact.custom_fields_values ?? []).filter((f) => f.field_id !== OPT_IN), { field_id: OPT_IN, field_name: 'Email opt-in', field_code: null, field_type: 'checkbox', values: [{ value: false }] }];
    contact.updated_at = 1_726_000_200;

    await bridge.postKommoWebhook(contactUpdate(john, 1_726_000_200));
    await bridge.postKommoWebhook(contactUpdate(john, 1_726_000_200));
    await drained();

    const omnisendOptOuts = omnisend.requests.filter((r) => r.method !== 'GET');
    expect(omnisendOptOuts.length).toBeGreaterThan(0);
    expect(omnisend.contacts.byEmail('john.roe@example.com')).toMatchObject({ status: 'unsubscribed' });
    const identifies = cio.trackRequests.filter((r) => r.method === 'PUT' && r.path.startsWith('/api/v1/customers/'));
    expect(identifies).toHaveLength(1);
    expect(identifies[0]?.body).toMatchObject({ unsubscribed: true });
    expect(cio.person('john.roe@example.com')).toMatchObject({ unsubscribed: true });
    // Jane was not touched.
    expect(omnisend.contacts.byEmail('jane.doe@example.com')).toMatchObject({ status: 'subscribed' });
  });
});

describe('an unsubscribe the ESP reports back', () => {
  it('is the bridge’s own when it created the person without consent: logged, no field, note or task', async () => {
    const newbie = kommo.addContact({ name: 'Nina New', email: 'nina.new@example.com' }).id;
    kommo.addLead({ id: 703, status_id: 142, contacts: [newbie] });
    await bridge.postKommoWebhook(won(703));
    await drained();
    expect(cio.person('nina.new@example.com')).toMatchObject({ unsubscribed: true });
    const kommoWrites = () => kommo.requests.filter((r) => r.method !== 'GET');

    const before = kommoWrites().length;
    await sendReportingWebhook({
      url: `${bridge.origin}/webhooks/customerio/${cioPathSecret}`,
      signingKey: cio.credentials.webhookSigningKey,
      body: customerUnsubscribed({ identifiers: { id: 'nina.new@example.com', email: 'nina.new@example.com', cio_id: 'd9c106000007' } }),
    });
    await drained();
    expect(kommoWrites().slice(before)).toEqual([]);
    expect(kommo.tasks).toEqual([]);
    const logged = bridge.db.prepare("SELECT event FROM activity WHERE email = 'nina.new@example.com'").all();
    expect(logged).toEqual([{ event: 'unsubscribed' }]);
  });

  it('is the person’s own when the bridge made no unsubscribe there: the manager hears of it', async () => {
    await sendReportingWebhook({
      url: `${bridge.origin}/webhooks/customerio/${cioPathSecret}`,
      signingKey: cio.credentials.webhookSigningKey,
      body: customerUnsubscribed({ identifiers: { id: 'john.roe@example.com', email: 'john.roe@example.com', cio_id: 'd9c106000008' } }),
    });
    await drained();
    expect(kommo.tasks).toEqual([expect.objectContaining({ entity_id: 701, text: 'Client unsubscribed — clarify preferences' })]);
  });
});
