import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCustomerioSimulator } from '../test/simulators/customerio/index.ts';
import { CURRENT_USER_ID, startKommoSimulator } from '../test/simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator } from '../test/simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator } from '../test/simulators/omnisend/index.ts';
import type { RecordedRequest } from '../test/simulators/shared/recordedRequest.ts';
import { spawnBridge } from '../test/support/childBridge.ts';
import { mintDisposableToken } from '../test/support/disposableToken.ts';

const OPT_IN = 512003;
const CLIENT_ID = '0b0123f4-d123-4123-9123-e09f123456c0';
const PUBLIC_URL = 'https://bridge.example.com';

export const emailOf = (leadId: number) => `bench.${leadId}@example.com`;

/**
 * The real `npm start` process connected to the Kommo simulator (at Kommo's 7 requests/s) and
 * the three ESP simulators at their documented limits, with `deals` won-ready deals seeded from
 * `firstLead` on (one opted-in contact each, `bench.{leadId}@example.com`).
 */
export async function startConnectedWorld({ firstLead, deals }: { firstLead: number; deals: number }) {
  const token = randomBytes(24).toString('hex');
  const secret = randomBytes(16).toString('hex');
  const clientSecret = randomBytes(24).toString('hex');
  const kommo = await startKommoSimulator({ accessToken: token });
  const omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  const moosend = await startMoosendSimulator();
  const cio = await startCustomerioSimulator();
  const listId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'mrr', 'kommo_deal_id', 'won_date'] }).id;
  for (let leadId = firstLead; leadId < firstLead + deals; leadId++) {
    const contact = kommo.addContact({ name: `Bench ${leadId}`, email: emailOf(leadId), custom_fields_values: [{ field_id: OPT_IN, values: [{ value: true }] }] });
    kommo.addLead({ id: leadId, status_id: 142, price: 100, contacts: [contact.id], responsible_user_id: CURRENT_USER_ID });
  }
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-world-'));
  const rules = join(dir, 'bridge.config.json');
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  writeFileSync(
    rules,
    JSON.stringify({
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailOptIn: { entity: 'contact', id: OPT_IN } } },
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: randomBytes(16).toString('hex'), on: { won: { addTags: ['customer'], removeTags: [] } } },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: randomBytes(16).toString('hex'), on: { won: { list: listId } } },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: randomBytes(16).toString('hex'), webhookSigningKey, on: { won: { event: 'deal_won' } } },
      notes: { afterPush: false, opened: false, clicked: false },
    }),
  );
  const bridge = spawnBridge({
    KOMMO_SUBDOMAIN: kommo.subdomain,
    KOMMO_ACCESS_TOKEN: token,
    KOMMO_API_ORIGIN: kommo.origin,
    KOMMO_WEBHOOK_SECRET: secret,
    KOMMO_CLIENT_ID: CLIENT_ID,
    KOMMO_CLIENT_SECRET: clientSecret,
    PUBLIC_URL,
    BRIDGE_CONFIG: rules,
    DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
    OMNISEND_API_URL: omnisend.origin,
    MOOSEND_API_URL: moosend.origin,
    CUSTOMERIO_TRACK_URL: cio.trackOrigin,
    CUSTOMERIO_APP_URL: cio.appOrigin,
  });
  const port = await bridge.listening;
  const origin = `http://127.0.0.1:${port}`;
  const esps = { omnisend, moosend, cio };
  const espRequests = (): RecordedRequest[] => [...omnisend.requests, ...moosend.requests, ...cio.trackRequests, ...cio.appRequests];

  return {
    kommo,
    esps,
    listId,
    origin,
    webhookUrl: new URL(`${origin}/webhooks/kommo/${secret}`),
    espRequests,
    setEspLatency(ms: number) {
      for (const esp of Object.values(esps)) esp.setLatency(ms);
    },
    panelToken: () => mintDisposableToken({ clientSecret, subdomain: kommo.subdomain, audience: PUBLIC_URL, accountId: kommo.accountId, userId: CURRENT_USER_ID, clientUuid: CLIENT_ID }),
    async close() {
      bridge.child.kill('SIGTERM');
      await bridge.exited;
      await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ConnectedWorld = Awaited<ReturnType<typeof startConnectedWorld>>;
