import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

/** Moosend sends no unsubscribe or bounce event: the bridge reads the mapped lists (SPEC §4.2). */
let kommo: KommoSimulator;
let moosend: MoosendSimulator;
let bridge: InProcessBridge;
let listId: string;
let otherListId: string;
let contactId: number;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  listId = moosend.seedList({ name: 'Customers' }).id;
  otherListId = moosend.seedList({ name: 'Newsletter' }).id;
  for (const list of [listId, otherListId]) moosend.seedSubscriber(list, { email: 'jane.doe@example.com' });
  moosend.seedSubscriber(listId, { email: 'bounce.me@example.com' });
  const contact = kommo.addContact({ name: 'Jane Doe', email: 'jane.doe@example.com' });
  contactId = contact.id;
  kommo.addLead({ id: 710, status_id: 67548607, contacts: [contact.id], responsible_user_id: CURRENT_USER_ID });
  const bouncer = kommo.addContact({ name: 'Bo Unce', email: 'bounce.me@example.com' });
  kommo.addLead({ id: 711, status_id: 67548607, contacts: [bouncer.id] });
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailStatus: { entity: 'contact', id: 512004 } } },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: 'moosend-path-secret-0123456789ab', on: { won: { list: listId }, lost: { list: otherListId } } },
    },
    env: { MOOSEND_API_URL: moosend.origin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await kommo.close();
  await moosend.close();
});

describe('Moosend poll', () => {
  it('finds an unsubscribe (once, though it shows in two lists) and a bounce, and tells Kommo', async () => {
    const at = Date.now();
    moosend.unsubscribeInApp(listId, 'jane.doe@example.com', { at });
    moosend.unsubscribeInApp(otherListId, 'jane.doe@example.com', { at });
    moosend.bounce(listId, 'bounce.me@example.com', { at });
    await bridge.schedulePolls();
    await queueDrained(bridge);

    expect(moosend.requests.filter((r) => /\/subscribers\/(Unsubscribed|Bounced)\.json$/.test(r.path)).length).toBeGreaterThanOrEqual(4);
    expect(kommo.tasks.map((t) => [t.entity_id, t.text]).sort()).toEqual([
      [710, 'Client unsubscribed — clarify preferences'],
      [711, 'Verify the email address'],
    ]);
    expect(kommo.contacts.get(contactId)?.custom_fields_values).toEqual(
      expect.arrayContaining([expect.objectContaining({ field_id: 512004, values: [{ value: 'unsubscribed' }] })]),
    );
    expect(kommo.notes.filter((n) => n.entity_id === 710)).toHaveLength(1);
  });
});
