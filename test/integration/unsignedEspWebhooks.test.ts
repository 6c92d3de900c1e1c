import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { automationWebhookBodies, sendAutomationWebhook as sendMoosend } from '../simulators/moosend/index.ts';
import { renderFixtureWebhookBody, sendAutomationWebhook as sendOmnisend } from '../simulators/omnisend/index.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

const omnisendSecret = 'omnisend-path-secret-0123456789';
const headerSecret = 'omnisend-header-secret-0123456789';
const moosendSecret = 'moosend-path-secret-0123456789ab';
const rules = {
  kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailStatus: { entity: 'contact', id: 512004 } } },
  omnisend: { apiKey: 'k-1', webhookSecret: omnisendSecret, webhookHeaderSecret: headerSecret },
  moosend: { apiKey: 'k', webhookSecret: moosendSecret },
};

let sim: KommoSimulator;
let bridge: InProcessBridge;
beforeEach(async () => {
  sim = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  const contact = sim.addContact({ name: 'Jane Doe', email: 'jane.doe@example.com' });
  sim.addLead({ id: 310, status_id: 67548607, contacts: [contact.id] });
  bridge = await startInProcessBridge(sim, { rules, worker: { pollMs: 20 } });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await sim.close();
});

const drained = () => queueDrained(bridge);
const webhookCount = () => (bridge.db.prepare('SELECT COUNT(*) AS n FROM webhooks').get() as { n: number }).n;

describe('Omnisend automation webhooks', () => {
  it('needs the path secret and the header secret; writes nothing otherwise', async () => {
    const body = renderFixtureWebhookBody({ event: 'clicked message', contactEmail: 'jane.doe@example.com', campaign: 'Welcome to Pro', link: 'https://example.com/pricing' });
    const noHeader = await sendOmnisend({ url: `${bridge.origin}/webhooks/omnisend/${omnisendSecret}`, headers: {}, body });
    expect(noHeader.status).toBe(401);
    const wrongPath = await sendOmnisend({ url: `${bridge.origin}/webhooks/omnisend/${moosendSecret}`, headers: { 'X-Bridge-Secret': headerSecret }, body });
    expect(wrongPath.status).toBe(404);
    expect(webhookCount()).toBe(0);

    const ok = await sendOmnisend({ url: `${bridge.origin}/webhooks/omnisend/${omnisendSecret}`, headers: [{ key: 'X-Bridge-Secret', value: headerSecret }], body });
    expect(ok.status).toBe(200);
    await drained();
    expect(sim.notes.map((n) => n.params)).toEqual([{ text: 'Omnisend: jane.doe@example.com clicked https://example.com/pricing in “Welcome to Pro”.' }]);
  });
});

describe('Moosend automation webhooks', () => {
  it('takes an unsubscribe in any of the usual spellings, and parks what it cannot read', async () => {
    const url = `${bridge.origin}/webhooks/moosend/${moosendSecret}`;
    const sent = await sendMoosend({ url, body: automationWebhookBodies.nestedSubscriber({ email: 'Jane.Doe@Example.com', event: 'Unsubscribed' }) });
    expect(sent.status).toBe(200);
    await drained();
    expect(sim.tasks.map((t) => t.text)).toEqual(['Client unsubscribed — clarify preferences']);
    expect(sim.contacts.get([...sim.contacts.keys()][0]!)?.custom_fields_values).toEqual(
      expect.arrayContaining([expect.objectContaining({ field_id: 512004, values: [{ value: 'unsubscribed' }] })]),
    );

    const odd = await sendMoosend({ url, body: { Something: 'else' } });
    expect(odd.status).toBe(200);
    expect(JSON.parse(odd.text)).toEqual({ parked: 'no email address found in the body' });
  });
});
