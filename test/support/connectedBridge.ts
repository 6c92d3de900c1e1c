import { startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { mintDisposableToken } from './disposableToken.ts';
import { KOMMO_TOKEN, KOMMO_WEBHOOK_SECRET, startInProcessBridge, type InProcessBridge } from './inProcessBridge.ts';
import type { BridgeOptions } from '../../backend-lite/bridge.ts';

export const CLIENT_SECRET = 'integration-client-secret-0123456789abcdef';
export const CLIENT_ID = '0b0123f4-d123-4123-9123-e09f123456c0';
export const PUBLIC_URL = 'https://bridge.example.com';
export const OMNISEND_PATH_SECRET = 'omnisend-path-secret-0123456789';
export const OMNISEND_HEADER_SECRET = 'omnisend-header-secret-0123456789';
export const MOOSEND_PATH_SECRET = 'moosend-path-secret-0123456789ab';
export const CIO_PATH_SECRET = 'cio-path-secret-0123456789abcdef';
const OPT_IN = 512003;

export type ConnectedBridge = {
  kommo: KommoSimulator;
  omnisend: OmnisendSimulator;
  moosend: MoosendSimulator;
  cio: CustomerioSimulator;
  bridge: InProcessBridge;
  listId: string;
  /** Every secret the bridge was configured with, as the operator typed it. */
  secrets: Record<string, string>;
  /** A disposable token as Kommo's widget host would send it (a secret too, for 30 minutes). */
  token(over?: Partial<Parameters<typeof mintDisposableToken>[0]>): string;
  close(): Promise<void>;
};

/**
 * backend-lite connected to Kommo and all three ESPs (their simulators), with every secret of
 * SPEC §5.2 set, and `deals` won deals (ids 5000…) each with one opted-in contact
 * (`buyer.{i}@example.com`).
 */
export async function startConnectedBridge({
  deals = 1,
  moosendWindowScale = 0.02,
  worker = { pollMs: 20 },
  now,
}: { deals?: number; moosendWindowScale?: number; worker?: BridgeOptions['worker']; now?: () => number } = {}): Promise<ConnectedBridge> {
  const kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  const omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  const moosend = await startMoosendSimulator({ rateWindowScale: moosendWindowScale });
  const cio = await startCustomerioSimulator();
  const listId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'mrr', 'kommo_deal_id', 'won_date'] }).id;
  for (let i = 0; i < deals; i++) {
    const contact = kommo.addContact({ name: `Buyer ${i}`, email: `buyer.${i}@example.com`, custom_fields_values: [{ field_id: OPT_IN, values: [{ value: true }] }] });
    kommo.addLead({ id: 5000 + i, status_id: 142, price: 100 + i, contacts: [contact.id], responsible_user_id: CURRENT_USER_ID });
  }
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  const bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailOptIn: { entity: 'contact', id: OPT_IN } } },
      omnisend: {
        apiKey: DEFAULT_OMNISEND_API_KEY,
        webhookSecret: OMNISEND_PATH_SECRET,
        webhookHeaderSecret: OMNISEND_HEADER_SECRET,
        on: { won: { addTags: ['customer'], removeTags: [] } },
      },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: MOOSEND_PATH_SECRET, on: { won: { list: listId } } },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: CIO_PATH_SECRET, webhookSigningKey, on: { won: { event: 'deal_won' } } },
      notes: { afterPush: false, opened: false, clicked: false },
    },
    env: {
      KOMMO_CLIENT_ID: CLIENT_ID,
      KOMMO_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL,
      OMNISEND_API_URL: omnisend.origin,
      MOOSEND_API_URL: moosend.origin,
      CUSTOMERIO_TRACK_URL: cio.trackOrigin,
      CUSTOMERIO_APP_URL: cio.appOrigin,
    },
    worker,
    ...(now ? { now } : {}),
  });
  return {
    kommo,
    omnisend,
    moosend,
    cio,
    bridge,
    listId,
    secrets: {
      KOMMO_ACCESS_TOKEN: KOMMO_TOKEN,
      KOMMO_CLIENT_SECRET: CLIENT_SECRET,
      KOMMO_WEBHOOK_SECRET,
      OMNISEND_API_KEY: DEFAULT_OMNISEND_API_KEY,
      OMNISEND_PATH_SECRET,
      OMNISEND_HEADER_SECRET,
      MOOSEND_API_KEY: DEFAULT_MOOSEND_API_KEY,
      MOOSEND_PATH_SECRET,
      CIO_TRACK_API_KEY: trackApiKey,
      CIO_APP_API_KEY: appApiKey,
      CIO_PATH_SECRET,
      CIO_SIGNING_KEY: webhookSigningKey,
    },
    token: (over = {}) =>
      mintDisposableToken({ clientSecret: CLIENT_SECRET, subdomain: kommo.subdomain, audience: PUBLIC_URL, accountId: kommo.accountId, userId: CURRENT_USER_ID, clientUuid: CLIENT_ID, ...over }),
    async close() {
      await bridge.close();
      await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
    },
  };
}

/** Every email the connected bridge seeded, in order. */
export const buyerEmails = (deals: number) => Array.from({ length: deals }, (_, i) => `buyer.${i}@example.com`);
