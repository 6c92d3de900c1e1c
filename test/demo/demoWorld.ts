import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { emailBounced, emailClicked, sendReportingWebhook, startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { startKommoCardPage, type CardContact, type KommoCardPage } from '../support/kommoCardPage.ts';
import { won } from '../support/kommoPayloads.ts';

/**
 * `npm run demo` and the browser tests: backend-lite with the Kommo and ESP simulators seeded
 * with a few realistic deals, and a Kommo-like card page that loads the built widget.
 */
export const DEMO_CLIENT_SECRET = 'demo-integration-secret-0123456789abcdef';
export const DEMO_CLIENT_ID = '0b0123f4-d123-4123-9123-e09f12345678';
const CIO_PATH_SECRET = 'demo-cio-path-secret-0123456789';
const OPT_IN = 512003;
const EMAIL_STATUS = 512004;
const PLAN = 512001;
const DAY = 86_400;

export const demoDeals = {
  customer: { id: 1001, name: 'Acme Corp — Pro plan' },
  unsubscribed: { id: 1002, name: 'Globex — renewal' },
  bounced: { id: 1003, name: 'Initech — demo' },
  noEmail: { id: 1004, name: 'Umbrella — walk-in' },
} as const;

export type DemoWorld = {
  kommo: KommoSimulator;
  omnisend: OmnisendSimulator;
  moosend: MoosendSimulator;
  cio: CustomerioSimulator;
  bridge: InProcessBridge;
  page: KommoCardPage;
  wonListId: string;
  contacts: Record<keyof typeof demoDeals, CardContact>;
  /** The card page showing one of the demo deals, in a language. */
  urlFor(deal: keyof typeof demoDeals, language?: 'en' | 'es' | 'pt'): string;
  close(): Promise<void>;
};

export async function startDemoWorld({ bridgePort = 0, pagePort = 0 }: { bridgePort?: number; pagePort?: number } = {}): Promise<DemoWorld> {
  const kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  const omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  const moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  const cio = await startCustomerioSimulator();
  const now = Math.floor(Date.now() / 1000);

  const seeded = seedKommo(kommo);
  const wonListId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'mrr', 'kommo_deal_id', 'won_date'] }).id;
  const demoListId = moosend.seedList({ name: 'Demo scheduled', customFields: ['plan', 'kommo_deal_id'] }).id;

  omnisend.seedContact({
    email: 'jane.doe@acme.example',
    firstName: 'Jane',
    lastName: 'Doe',
    emailStatus: 'subscribed',
    emailStatusChangedAt: new Date((now - 90 * DAY) * 1000),
    tags: ['customer', 'plan_pro', 'active'],
    customProperties: { plan: 'Pro', mrr: 990, kommo_deal_id: 1001 },
  });
  cio.seedPerson({ id: 'jane.doe@acme.example', email: 'jane.doe@acme.example', attributes: { plan: 'Pro', kommo_deal_id: 1001 }, createdAt: now - 90 * DAY });
  cio.seedMessages('jane.doe@acme.example', [
    { subject: 'Welcome to Acme Pro', sent: now - 30 * DAY, delivered: now - 30 * DAY + 5, opened: now - 30 * DAY + 3_600 },
    { subject: 'Your March invoice', sent: now - 3 * DAY, delivered: now - 3 * DAY + 4, opened: now - 3 * DAY + 600, clicked: { at: now - 3 * DAY + 700, href: 'https://acme.example/billing' } },
  ]);

  omnisend.seedContact({ email: 'tom.lee@globex.example', firstName: 'Tom', lastName: 'Lee', emailStatus: 'unsubscribed', emailStatusChangedAt: new Date((now - 5 * DAY) * 1000), tags: ['lead'] });
  moosend.seedSubscriber(demoListId, { email: 'tom.lee@globex.example', name: 'Tom Lee', status: 'Unsubscribed', customFields: { plan: 'Basic' } });
  moosend.seedSubscriber(wonListId, { email: 'bea.ruiz@initech.example', name: 'Bea Ruiz', customFields: { plan: 'Basic' } });

  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  const [reservedBridge, reservedPage] = await Promise.all([bridgePort || freePort(), pagePort || freePort()]);
  const bridgeOrigin = `http://127.0.0.1:${reservedBridge}`;
  const pageOrigin = `http://127.0.0.1:${reservedPage}`;
  const bridge = await startInProcessBridge(kommo, {
    port: reservedBridge,
    rules: {
      kommo: {
        webhookSecret: 'env:KOMMO_WEBHOOK_SECRET',
        stages: { '67548619': 'demo_scheduled' },
        fields: { plan: { entity: 'lead', id: PLAN }, emailOptIn: { entity: 'contact', id: OPT_IN }, emailStatus: { entity: 'contact', id: EMAIL_STATUS } },
      },
      omnisend: {
        apiKey: DEFAULT_OMNISEND_API_KEY,
        webhookSecret: 'demo-omnisend-path-secret-012345',
        webhookHeaderSecret: 'demo-omnisend-header-secret-0123456789',
        on: { won: { addTags: ['customer', 'plan_{plan}', 'active'], removeTags: ['churned'] }, lost: { addTags: ['churned'], removeTags: ['active'] } },
      },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: 'demo-moosend-path-secret-0123456', on: { won: { list: wonListId }, demo_scheduled: { list: demoListId } } },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: CIO_PATH_SECRET, webhookSigningKey, on: { won: { event: 'deal_won' }, lost: { event: 'deal_lost' } } },
      notes: { afterPush: true, opened: false, clicked: true },
    },
    env: {
      PUBLIC_URL: bridgeOrigin,
      KOMMO_CLIENT_ID: DEMO_CLIENT_ID,
      KOMMO_CLIENT_SECRET: DEMO_CLIENT_SECRET,
      PANEL_ORIGINS: pageOrigin,
      OMNISEND_API_URL: omnisend.origin,
      MOOSEND_API_URL: moosend.origin,
      CUSTOMERIO_TRACK_URL: cio.trackOrigin,
      CUSTOMERIO_APP_URL: cio.appOrigin,
    },
    worker: { pollMs: 50 },
  });
  bridge.worker.start();

  // History the bridge heard about: the Won it synced, a click and a bounce reported by Customer.io.
  await bridge.postKommoWebhook(won(demoDeals.customer.id, now - 60 * DAY));
  const cioHook = `${bridge.origin}/webhooks/customerio/${CIO_PATH_SECRET}`;
  await sendReportingWebhook({
    url: cioHook,
    signingKey: webhookSigningKey,
    body: emailClicked({ identifiers: { id: 'jane.doe@acme.example', email: 'jane.doe@acme.example', cio_id: 'a1b2c3000001' }, subject: 'Spring webinar invitation', href: 'https://acme.example/webinar' }),
  });
  await sendReportingWebhook({
    url: cioHook,
    signingKey: webhookSigningKey,
    body: emailBounced({ identifiers: { id: 'bea.ruiz@initech.example', email: 'bea.ruiz@initech.example', cio_id: 'a1b2c3000003' }, subject: 'Your demo is confirmed', bounceType: 'hard' }),
  });
  await queueDrained(bridge);

  const widgetDir = fileURLToPath(new URL('../../dist/widget', import.meta.url));
  const deal = (key: keyof typeof demoDeals) => ({ ...demoDeals[key], contacts: [seeded[key]] });
  const page = await startKommoCardPage({
    widgetDir,
    backendUrl: bridgeOrigin,
    clientSecret: DEMO_CLIENT_SECRET,
    clientUuid: DEMO_CLIENT_ID,
    audience: bridgeOrigin,
    accountId: kommo.accountId,
    userId: CURRENT_USER_ID,
    subdomain: kommo.subdomain,
    leadId: demoDeals.customer.id,
    leadName: demoDeals.customer.name,
    contacts: [seeded.customer],
    otherDeals: [deal('unsubscribed'), deal('bounced'), deal('noEmail')],
    port: reservedPage,
  });

  return {
    kommo,
    omnisend,
    moosend,
    cio,
    bridge,
    page,
    wonListId,
    contacts: seeded,
    urlFor: (key, language = 'en') => `${page.url}?lead=${demoDeals[key].id}&lang=${language}`,
    async close() {
      await page.close();
      await bridge.close();
      await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
    },
  };
}

function seedKommo(kommo: KommoSimulator): Record<keyof typeof demoDeals, CardContact> {
  const person = (name: string, email: string | null, optIn: boolean, extra: { first: string; last: string }) => {
    const contact = kommo.addContact({
      name,
      first_name: extra.first,
      last_name: extra.last,
      ...(email ? { email } : {}),
      custom_fields_values: [{ field_id: OPT_IN, values: [{ value: optIn }] }],
    });
    return { id: contact.id, name, first_name: extra.first, last_name: extra.last, emails: email ? [email] : [], phones: [] } satisfies CardContact;
  };
  const customer = person('Jane Doe', 'Jane.Doe@Acme.example', true, { first: 'Jane', last: 'Doe' });
  const unsubscribed = person('Tom Lee', 'tom.lee@globex.example', false, { first: 'Tom', last: 'Lee' });
  const bounced = person('Bea Ruiz', 'bea.ruiz@initech.example', true, { first: 'Bea', last: 'Ruiz' });
  const noEmail = person('Walk-in visitor', null, false, { first: 'Walk-in', last: 'visitor' });
  kommo.addLead({ id: demoDeals.customer.id, name: demoDeals.customer.name, status_id: 142, price: 990, contacts: [customer.id], custom_fields_values: [{ field_id: PLAN, values: [{ enum_id: 908107 }] }] });
  kommo.addLead({ id: demoDeals.unsubscribed.id, name: demoDeals.unsubscribed.name, status_id: 67548619, price: 300, contacts: [unsubscribed.id] });
  kommo.addLead({ id: demoDeals.bounced.id, name: demoDeals.bounced.name, status_id: 67548607, price: 0, contacts: [bounced.id] });
  kommo.addLead({ id: demoDeals.noEmail.id, name: demoDeals.noEmail.name, status_id: 67548607, price: 120, contacts: [noEmail.id] });
  return { customer, unsubscribed, bounced, noEmail };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
