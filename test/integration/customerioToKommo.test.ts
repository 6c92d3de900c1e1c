import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  customerUnsubscribed,
  emailBounced,
  emailClicked,
  emailDrafted,
  emailOpened,
  sendReportingWebhook,
} from '../simulators/customerio/index.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

const signingKey = 'cio-signing-key-0123456789abcdef';
const pathSecret = 'cio-path-secret-0123456789abcdef';
const rules = {
  kommo: {
    webhookSecret: 'env:KOMMO_WEBHOOK_SECRET',
    fields: { emailOptIn: { entity: 'contact', id: 512003 }, emailStatus: { entity: 'contact', id: 512004 } },
  },
  customerio: { siteId: 's', trackApiKey: 't', appApiKey: 'a', webhookSecret: pathSecret, webhookSigningKey: signingKey },
  notes: { afterPush: true, opened: false, clicked: true },
};
const who = { identifiers: { id: '42', email: 'Jane.Doe@Example.com', cio_id: 'd9c106000001' } };

let sim: KommoSimulator;
let bridge: InProcessBridge;
let contactId: number;
beforeEach(async () => {
  sim = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  const contact = sim.addContact({ name: 'Jane Doe', email: 'jane.doe@example.com' });
  contactId = contact.id;
  sim.addLead({ id: 300, status_id: 67548607, contacts: [contact.id], responsible_user_id: CURRENT_USER_ID });
  sim.addLead({ id: 301, status_id: 142, contacts: [contact.id] });
  bridge = await startInProcessBridge(sim, { rules, worker: { pollMs: 20 } });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await sim.close();
});

const url = () => `${bridge.origin}/webhooks/customerio/${pathSecret}`;
const stored = () => bridge.db.prepare('SELECT outcome FROM webhooks').all() as { outcome: string }[];
const drained = () => queueDrained(bridge);

describe('POST /webhooks/customerio/{secret}', () => {
  it('refuses forged, stale and unsigned events with 401 and writes nothing', async () => {
    for (const forge of ['bad-signature', 'stale', 'future', 'missing-signature', 'tampered-body'] as const) {
      const delivery = await sendReportingWebhook({ url: url(), signingKey, body: customerUnsubscribed(who), forge });
      expect(delivery.status, forge).toBe(401);
      expect(JSON.parse(delivery.responseBody).error).toBe('bad_signature');
    }
    const unknown = await sendReportingWebhook({ url: `${bridge.origin}/webhooks/customerio/wrong-secret-0123456789abcdef`, signingKey, body: customerUnsubscribed(who) });
    expect(unknown.status).toBe(404);
    expect(stored()).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it('turns an unsubscribe into the opt-out field, a note on the open deal and a task for its manager', async () => {
    const delivery = await sendReportingWebhook({ url: url(), signingKey, body: customerUnsubscribed(who) });
    expect(delivery.status).toBe(200);
    await drained();
    const patch = sim.requests.find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe(`/api/v4/contacts/${contactId}`);
    expect(patch?.body).toEqual({
      custom_fields_values: [
        { field_id: 512003, values: [{ value: false }] },
        { field_id: 512004, values: [{ value: 'unsubscribed' }] },
      ],
    });
    expect(sim.notes).toEqual([expect.objectContaining({ entity_id: 300, params: { text: 'Customer.io: jane.doe@example.com unsubscribed from email.' } })]);
    expect(sim.tasks).toEqual([
      expect.objectContaining({ entity_id: 300, entity_type: 'leads', text: 'Client unsubscribed — clarify preferences', responsible_user_id: CURRENT_USER_ID }),
    ]);
    const activity = bridge.db.prepare('SELECT esp, event, email, kommo_contact_id AS contact FROM activity').all();
    expect(activity).toEqual([{ esp: 'customerio', event: 'unsubscribed', email: 'jane.doe@example.com', contact: contactId }]);
  });

  it('has one effect for an event delivered twice', async () => {
    const event = customerUnsubscribed(who);
    await sendReportingWebhook({ url: url(), signingKey, body: event });
    await sendReportingWebhook({ url: url(), signingKey, body: event, timestamp: Math.floor(Date.now() / 1000) - 5 });
    await drained();
    expect(sim.notes).toHaveLength(1);
    expect(sim.tasks).toHaveLength(1);
  });

  it('notes a bounce with its type, sets the email status and asks to verify the address', async () => {
    await sendReportingWebhook({ url: url(), signingKey, body: emailBounced({ ...who, bounceType: 'hard', subject: 'Your invoice' }) });
    await drained();
    expect(sim.contacts.get(contactId)?.custom_fields_values).toEqual(
      expect.arrayContaining([expect.objectContaining({ field_id: 512004, values: [{ value: 'bounced_hard' }] })]),
    );
    expect(sim.notes[0]?.params).toEqual({ text: expect.stringMatching(/^Customer\.io: email “Your invoice” to jane\.doe@example\.com bounced \(hard/) });
    expect(sim.tasks[0]?.text).toBe('Verify the email address');
  });

  it('notes a click with its link', async () => {
    await sendReportingWebhook({ url: url(), signingKey, body: emailClicked({ ...who, href: 'https://example.com/pricing', subject: 'Welcome to Pro' }) });
    await drained();
    expect(sim.notes[0]?.params).toEqual({ text: 'Customer.io: jane.doe@example.com clicked https://example.com/pricing in “Welcome to Pro”.' });
    expect(sim.tasks).toEqual([]);
  });

  it('logs an open without spending Kommo requests when opens make no note', async () => {
    await sendReportingWebhook({ url: url(), signingKey, body: emailOpened({ ...who, subject: 'Welcome to Pro' }) });
    await drained();
    expect(sim.requests).toEqual([]);
    expect(bridge.db.prepare('SELECT event, subject FROM activity').all()).toEqual([{ event: 'opened', subject: 'Welcome to Pro' }]);
  });

  it('answers 2xx to a validly signed event it cannot use, and parks it', async () => {
    const delivery = await sendReportingWebhook({ url: url(), signingKey, body: emailDrafted(who) });
    expect(delivery.status).toBe(200);
    expect(JSON.parse(delivery.responseBody)).toEqual({ parked: 'email/drafted is not used by the bridge' });
    const garbage = await sendReportingWebhook({ url: url(), signingKey, body: 'not json at all' });
    expect(garbage.status).toBe(200);
    expect(stored().map((s) => s.outcome)).toEqual([
      'parked: email/drafted is not used by the bridge',
      expect.stringMatching(/^parked: not a Reporting Webhook event/),
    ]);
    expect(bridge.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });
});
