import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPush, EspAdapter, EspName } from '../../backend-lite/esp/espAdapter.ts';
import type { EspAdapters } from '../../backend-lite/esp/espAdapters.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { eventually, KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { leadStatus, won } from '../support/kommoPayloads.ts';

/**
 * From a Kommo change to the pushes the ESP adapters are asked for. The adapters here only
 * record what they were asked (the real ones are tested against their ESP simulators); what is
 * under test is the deciding: which contacts, which ESPs, how often, and the notes in Kommo.
 */
const secret = 's'.repeat(32);
const rules = {
  kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { plan: { entity: 'lead', id: 512001 } } },
  omnisend: { apiKey: 'k', webhookSecret: secret, on: { won: { addTags: ['customer', 'plan_{plan}'] } } },
  customerio: { siteId: 's', trackApiKey: 't', appApiKey: 'a', webhookSecret: secret, webhookSigningKey: 'k', on: { won: { event: 'deal_won' } } },
};

function recordingAdapters(names: EspName[]) {
  const pushes: { esp: EspName; push: ContactPush }[] = [];
  const adapter = (name: EspName): EspAdapter => ({
    name,
    checkCredentials: async () => {},
    readProfile: async () => ({ found: false }),
    push: async (push) => {
      pushes.push({ esp: name, push });
      return { outcome: 'updated', summary: `tags ${push.addTags.join(', ')}` };
    },
    pushMany: async () => [],
    optOut: async () => ({ outcome: 'updated', summary: 'unsubscribed' }),
  });
  const adapters: EspAdapters = { connected: () => names, adapter: (_, esp) => adapter(esp) };
  return { adapters, pushes };
}

let sim: KommoSimulator;
let bridge: InProcessBridge | undefined;
beforeEach(async () => {
  sim = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
});
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
  await sim.close();
});

const settled = (b: InProcessBridge) => queueDrained(b);

describe('Kommo change → ESP pushes', () => {
  it('pushes a Won deal to every connected ESP once, normalised, and notes it on the deal', async () => {
    const contact = sim.addContact({ name: 'Jane Doe', email: ' Jane.Doe@Example.COM ' });
    sim.addLead({ id: 900, status_id: 142, contacts: [contact.id], custom_fields_values: [{ field_id: 512001, values: [{ enum_id: 908107 }] }] });
    const { adapters, pushes } = recordingAdapters(['omnisend', 'customerio']);
    bridge = await startInProcessBridge(sim, { rules, adapters, worker: { pollMs: 20 } });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(900));
    await settled(bridge);
    await bridge.postKommoWebhook(won(900, 1_800_000_000));
    await settled(bridge);

    expect(pushes.map((p) => p.esp).sort()).toEqual(['customerio', 'omnisend']);
    const omnisend = pushes.find((p) => p.esp === 'omnisend')?.push;
    expect(omnisend).toMatchObject({
      identity: { email: 'jane.doe@example.com', kommoContactId: contact.id, kommoDealId: 900 },
      addTags: ['customer', 'plan_pro'],
      newContactStatus: { email: 'not_subscribed' },
    });
    expect(pushes.find((p) => p.esp === 'customerio')?.push.event?.name).toBe('deal_won');
    await eventually(() => sim.notes.length === 2, 5_000, 'after-push notes');
    expect(sim.notes.map((n) => n.params)).toEqual(
      expect.arrayContaining([{ text: 'Kommo ESP Bridge → omnisend: tags customer, plan_pro' }]),
    );
  });

  it('leaves one note, not endless retries, for a contact without email', async () => {
    const contact = sim.addContact({ name: 'No Mail' });
    sim.addLead({ id: 901, status_id: 142, contacts: [contact.id] });
    const { adapters, pushes } = recordingAdapters(['omnisend']);
    bridge = await startInProcessBridge(sim, { rules, adapters, worker: { pollMs: 20 } });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(901));
    await settled(bridge);
    sim.leads.get(901)!.status_id = 143;
    await bridge.postKommoWebhook(leadStatus([{ id: 901, statusId: 143 }]));
    await settled(bridge);
    sim.leads.get(901)!.status_id = 142;
    await bridge.postKommoWebhook(won(901, 1_800_000_001));
    await settled(bridge);
    expect(pushes).toEqual([]);
    expect(sim.notes.map((n) => n.params)).toEqual([
      { text: 'Kommo ESP Bridge: No Mail has no email address, so this deal was not sent to omnisend.' },
    ]);
    expect(bridge.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'dead'").get()).toEqual({ n: 0 });
  });
});
