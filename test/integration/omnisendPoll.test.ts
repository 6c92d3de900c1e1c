import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

/** Omnisend sends no unsubscribe event: the bridge's poll finds it (SPEC §4.2). */
let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let bridge: InProcessBridge;
let contactId: number;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  const contact = kommo.addContact({ name: 'Jane Doe', email: 'jane.doe@example.com' });
  contactId = contact.id;
  kommo.addLead({ id: 700, status_id: 67548607, contacts: [contact.id], responsible_user_id: CURRENT_USER_ID });
  omnisend.seedContact({ email: 'jane.doe@example.com', emailStatus: 'subscribed', emailStatusChangedAt: '2026-01-01T00:00:00Z' });
  omnisend.seedContact({ email: 'someone.else@example.com', emailStatus: 'subscribed', emailStatusChangedAt: '2026-01-01T00:00:00Z' });
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailOptIn: { entity: 'contact', id: 512003 } } },
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: 'omnisend-path-secret-0123456789' },
    },
    env: { OMNISEND_API_URL: omnisend.origin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await kommo.close();
  await omnisend.close();
});

describe('Omnisend poll', () => {
  it('turns an unsubscribe made in Omnisend into the Kommo field, a note and a task', async () => {
    omnisend.setUnsubscribedInApp('jane.doe@example.com', new Date());
    await bridge.schedulePolls();
    await queueDrained(bridge);

    const poll = omnisend.requests.find((r) => r.query.has('updatedAtFrom'));
    expect(poll?.query.get('sort')).toBe('updatedAt');
    expect(kommo.contacts.get(contactId)?.custom_fields_values).toEqual(
      expect.arrayContaining([expect.objectContaining({ field_id: 512003, values: [{ value: false }] })]),
    );
    expect(kommo.notes).toEqual([expect.objectContaining({ entity_id: 700, params: { text: 'Omnisend: jane.doe@example.com unsubscribed from email.' } })]);
    expect(kommo.tasks).toEqual([expect.objectContaining({ entity_id: 700, text: 'Client unsubscribed — clarify preferences' })]);
    expect(bridge.db.prepare('SELECT esp, watermark > 0 AS moved FROM poll_state').all()).toEqual([{ esp: 'omnisend', moved: 1 }]);
  });

  it('polls once per interval however often it is asked, and leaves old unsubscribes alone', async () => {
    omnisend.setUnsubscribedInApp('someone.else@example.com', new Date('2026-01-02T00:00:00Z'));
    await bridge.schedulePolls();
    await bridge.schedulePolls();
    await queueDrained(bridge);
    expect(omnisend.requests.filter((r) => r.query.has('updatedAtFrom'))).toHaveLength(1);
    expect(kommo.notes).toEqual([]);
  });
});
