import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { eventually, KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

/** Kommo → Omnisend through the real adapter against the Omnisend simulator (SPEC §4.1). */
const rules = {
  kommo: {
    webhookSecret: 'env:KOMMO_WEBHOOK_SECRET',
    fields: { plan: { entity: 'lead', id: 512001 }, source: { entity: 'lead', id: 512002 } },
  },
  omnisend: {
    apiKey: DEFAULT_OMNISEND_API_KEY,
    webhookSecret: 'omnisend-path-secret-0123456789',
    on: {
      won: { addTags: ['customer', 'plan_{plan}', 'source_{source}', 'active'], removeTags: ['churned'] },
      lost: { addTags: ['churned'], removeTags: ['active'] },
    },
  },
};

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let bridge: InProcessBridge;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  const contact = kommo.addContact({ name: 'Jane Doe', first_name: 'Jane', last_name: 'Doe', email: '  Jane.Doe@Example.COM ' });
  kommo.addLead({
    id: 500,
    status_id: 142,
    price: 1500,
    contacts: [contact.id],
    custom_fields_values: [
      { field_id: 512001, values: [{ enum_id: 908107 }] },
      { field_id: 512002, values: [{ enum_id: 908201 }] },
    ],
  });
  bridge = await startInProcessBridge(kommo, {
    rules,
    env: { OMNISEND_API_URL: omnisend.origin },
    worker: { pollMs: 20, backoff: { baseMs: 100, capMs: 400 } },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await kommo.close();
  await omnisend.close();
});

const drained = async () => {
  await queueDrained(bridge);
  await omnisend.settled();
};
const contactUpserts = () => omnisend.requests.filter((r) => r.method === 'POST' && r.path === '/api/contacts');

describe('deal Won → Omnisend', () => {
  it('upserts the contact by normalised email with tags and properties, no status, welcome off; notes the deal', async () => {
    await bridge.postKommoWebhook(won(500));
    await drained();
    const [upsert] = contactUpserts();
    expect(upsert?.headers['authorization']).toBe(`Omnisend-API-Key ${DEFAULT_OMNISEND_API_KEY}`);
    expect(upsert?.headers['omnisend-version']).toBe('2026-03-15');
    expect(upsert?.body).toMatchObject({
      identifiers: [{ type: 'email', id: 'jane.doe@example.com', sendWelcomeMessage: false }],
      firstName: 'Jane',
      lastName: 'Doe',
      tags: ['customer', 'plan_pro', 'source_website', 'active'],
      customProperties: { plan: 'Pro', mrr: 1500, kommo_deal_id: 500 },
    });
    expect(JSON.stringify(upsert?.body)).not.toMatch(/"status"/);
    expect(omnisend.contacts.allByEmailIgnoringCase('jane.doe@example.com')).toHaveLength(1);
    expect(omnisend.welcomeMessages).toEqual([]);
    expect(omnisend.unknownFields).toEqual([]);
    await eventually(() => kommo.notes.length === 1, 5_000, 'after-push note');
    expect(kommo.notes[0]).toMatchObject({ entity_id: 500, params: { text: expect.stringMatching(/^Kommo ESP Bridge → omnisend: /) } });
  });

  it('leaves Omnisend as once when the same Won arrives twice', async () => {
    await bridge.postKommoWebhook(won(500));
    await drained();
    await bridge.postKommoWebhook(won(500, 1_800_000_000));
    await drained();
    expect(contactUpserts()).toHaveLength(1);
  });

  it('keeps an unsubscribed contact unsubscribed through a Won, a plan change and a Resync', async () => {
    omnisend.seedContact({ email: 'jane.doe@example.com', emailStatus: 'unsubscribed', emailStatusChangedAt: '2026-01-01T00:00:00Z' });
    await bridge.postKommoWebhook(won(500));
    await drained();
    kommo.leads.get(500)!.custom_fields_values = kommo.leads.get(500)!.custom_fields_values.map((f) =>
      f.field_id === 512001 ? { ...f, values: [{ value: 'Enterprise', enum_id: 908108 }] } : f,
    );
    await bridge.postKommoWebhook({ leads: { update: [{ id: '500', status_id: '142', updated_at: '1800000100' }] }, account: { subdomain: 'acme', id: '31000001' } });
    await drained();
    const outcomes = await bridge.resync(bridge.selfHosted!.id, 500);
    expect(outcomes).toEqual([expect.objectContaining({ esp: 'omnisend', outcome: 'updated' })]);
    await drained();
    expect(contactUpserts().length).toBeGreaterThanOrEqual(3);
    for (const upsert of contactUpserts()) expect(JSON.stringify(upsert.body)).not.toMatch(/"status"/);
    expect(omnisend.wasResubscribed('jane.doe@example.com')).toBe(false);
    expect(omnisend.contacts.byEmail('jane.doe@example.com')).toMatchObject({ identifiers: [expect.objectContaining({ channels: { email: expect.objectContaining({ status: 'unsubscribed' }) } })] });
    const tags = omnisend.contacts.byEmail('jane.doe@example.com')?.['tags'];
    expect(tags).toEqual(expect.arrayContaining(['plan_enterprise', 'upgraded']));
    expect(tags).not.toContain('plan_pro');
  });

  it('delivers once after Omnisend answered 500 for a while', async () => {
    omnisend.failNext({ status: 500, times: 3, path: /^\/api\/contacts$/ });
    await bridge.postKommoWebhook(won(500));
    await drained();
    expect(contactUpserts().map((r) => r.status)).toEqual([500, 500, 500, 201]);
    expect(omnisend.contacts.allByEmailIgnoringCase('jane.doe@example.com')).toHaveLength(1);
    expect(bridge.db.prepare("SELECT status, attempts FROM jobs WHERE kind = 'esp.push'").all()).toEqual([{ status: 'done', attempts: 4 }]);
  });
});
