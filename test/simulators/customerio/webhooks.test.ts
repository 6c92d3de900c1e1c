import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulatorServer, type SimulatorServer } from '../shared/simulatorServer.ts';
import {
  customerSubscriptionPreferencesChanged,
  customerUnsubscribed,
  DEMO_SIGNING_KEY,
  emailBounced,
  emailClicked,
  emailConverted,
  emailDrafted,
  emailOpened,
  emailSpammed,
  emailUnsubscribed,
  isUlid,
  sendReportingWebhook,
  signReportingWebhook,
  startCustomerioSimulator,
  type CustomerioSimulator,
  type ReportingIdentifiers,
} from './index.ts';

const FIXTURES = new URL('../../fixtures/customerio/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const signatures = JSON.parse(fixture('customerio-signatures.json')) as { signingKey: string; timestamp: number; signatures: Record<string, string> };
const FILES = Object.keys(signatures.signatures);

/** What a bridge must do: HMAC over "v0:" + timestamp + ":" + raw body, compared with the header. */
function verifies(headers: Record<string, string>, rawBody: string, key = DEMO_SIGNING_KEY): boolean {
  const ts = headers['x-cio-timestamp'];
  const sig = headers['x-cio-signature'];
  if (ts === undefined || sig === undefined) return false;
  return createHmac('sha256', key).update(`v0:${ts}:${rawBody}`).digest('hex') === sig;
}

describe('customerio simulator: Reporting Webhooks sender (reference C.8)', () => {
  let receiver: SimulatorServer;
  let sim: CustomerioSimulator;
  const url = (): string => `${receiver.origin}/webhooks/customerio/s3cret`;
  const jane: ReportingIdentifiers = { id: '42', email: 'jane.doe@example.com', cio_id: 'd9c106000001' };
  const campaign = { identifiers: jane, campaignId: 12, actionId: 96, deliveryId: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY', subject: 'Welcome to Pro', timestamp: 1767225600 };

  beforeAll(async () => {
    receiver = await startSimulatorServer({ handle: () => ({ status: 200, body: {} }), faultReply: (status) => ({ status, body: { error: status } }) });
    sim = await startCustomerioSimulator();
  });
  afterAll(async () => {
    await receiver.close();
    await sim.close();
  });
  beforeEach(() => receiver.reset());

  it('the demo key in the fixtures is the default signing key', () => {
    expect(signatures.signingKey).toBe(DEMO_SIGNING_KEY);
    expect(sim.credentials.webhookSigningKey).toBe(DEMO_SIGNING_KEY);
  });

  it.each(FILES)('signReportingWebhook reproduces the signature of %s over its exact bytes', (file) => {
    expect(signReportingWebhook(signatures.signingKey, signatures.timestamp, fixture(file))).toBe(signatures.signatures[file]);
  });

  it('sends the fixture bytes unchanged with X-CIO-Timestamp and the fixture X-CIO-Signature', async () => {
    for (const file of FILES) {
      const raw = fixture(file);
      const delivery = await sim.sendReportingWebhook({ url: url(), body: raw, timestamp: signatures.timestamp });
      expect(delivery).toMatchObject({ status: 200, ok: true, timedOut: false });
      const rec = receiver.requests.at(-1);
      expect(rec?.method).toBe('POST');
      expect(rec?.rawBody).toBe(raw);
      expect(rec?.headers['content-type']).toBe('application/json');
      expect(rec?.headers['x-cio-timestamp']).toBe(String(signatures.timestamp));
      expect(rec?.headers['x-cio-signature']).toBe(signatures.signatures[file]);
    }
  });

  it('builders produce the fixtures byte for byte from the same values (object_type + metric, one event per body)', () => {
    const cases: Array<[string, string]> = [
      ['customerio-email-opened.json', JSON.stringify(emailOpened({ ...campaign, eventId: '01HZX3K6Y5W8E2Q4M7N9P0R1AA', recipient: 'jane.doe@example.com' }))],
      ['customerio-email-clicked.json', JSON.stringify(emailClicked({ ...campaign, eventId: '01HZX3K6Y5W8E2Q4M7N9P0R1AB', href: 'https://example.com/pricing', linkId: 3 }))],
      [
        'customerio-email-bounced.json',
        JSON.stringify(emailBounced({ identifiers: jane, broadcastId: 9, actionId: 42, deliveryId: 'RPILAgUBcRhIBqSfeiIwdIYJKxTZ', subject: 'Your invoice', timestamp: 1767225600, eventId: '01HZX3K6Y5W8E2Q4M7N9P0R1AC', bounceType: 'hard' })),
      ],
      ['customerio-email-converted.json', JSON.stringify(emailConverted({ ...campaign, eventId: '01HZX3K6Y5W8E2Q4M7N9P0R1AE' }))],
      ['customerio-customer-unsubscribed.json', JSON.stringify(customerUnsubscribed({ identifiers: jane, timestamp: 1767225600, eventId: '01HZX3K6Y5W8E2Q4M7N9P0R1AD' }))],
    ];
    for (const [file, built] of cases) expect(built, file).toBe(fixture(file));
  });

  it('every built event gets a fresh ULID event_id and the current time', () => {
    const a = emailOpened({ identifiers: jane });
    const b = emailOpened({ identifiers: jane });
    expect(isUlid(a.event_id)).toBe(true);
    expect(a.event_id).not.toBe(b.event_id);
    expect(Math.abs(a.timestamp - Date.now() / 1000)).toBeLessThan(5);
    expect(emailUnsubscribed({ identifiers: jane })).toMatchObject({ object_type: 'email', metric: 'unsubscribed' });
    expect(emailSpammed({ identifiers: jane })).toMatchObject({ object_type: 'email', metric: 'spammed' });
    expect(emailDrafted({ identifiers: jane })).toMatchObject({ object_type: 'email', metric: 'drafted' });
    expect(emailBounced({ identifiers: jane, bounceType: 'soft' }).data['failure_message']).toBe('452 4.2.2 mailbox full');
    expect(customerUnsubscribed({ identifiers: jane, objectType: 'email' })).toMatchObject({ object_type: 'email', metric: 'unsubscribed', data: { email_address: 'jane.doe@example.com' } });
    expect(customerSubscriptionPreferencesChanged({ identifiers: jane, topics: { topic_1: false } }).data['content']).toBe('{"topics":{"topic_1":false}}');
  });

  it('builds from the workspace: identifiers() gives what Customer.io would put in the event', async () => {
    sim.seedPerson({ id: '7', email: 'lead@example.com', cioId: 'd9c1000000ff' });
    const event = emailClicked({ identifiers: sim.identifiers('lead@example.com'), href: 'https://example.com/demo' });
    expect(event.data).toMatchObject({ customer_id: '7', identifiers: { id: '7', email: 'lead@example.com', cio_id: 'd9c1000000ff' }, recipient: 'lead@example.com', href: 'https://example.com/demo' });
    const delivery = await sim.sendReportingWebhook({ url: url(), body: event });
    expect(delivery.ok).toBe(true);
    const rec = receiver.requests.at(-1);
    expect(rec?.body).toEqual(event);
    expect(verifies(rec?.headers ?? {}, rec?.rawBody ?? '')).toBe(true);
    expect(Math.abs(Number(rec?.headers['x-cio-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('forgeries: each one fails a correct verification (signature or the ±5 min window)', async () => {
    const body = emailOpened({ identifiers: jane });
    const now = Math.floor(Date.now() / 1000);
    const sent: Record<string, Record<string, string>> = {};
    for (const forge of ['bad-signature', 'stale', 'future', 'missing-signature', 'missing-timestamp', 'tampered-body'] as const) {
      await sendReportingWebhook({ url: url(), signingKey: DEMO_SIGNING_KEY, body, forge });
      const rec = receiver.requests.at(-1);
      sent[forge] = rec?.headers ?? {};
      const fresh = Math.abs(Number(rec?.headers['x-cio-timestamp']) - now) <= 300;
      expect(verifies(rec?.headers ?? {}, rec?.rawBody ?? '') && fresh, forge).toBe(false);
    }
    // stale and future are correctly signed: only the timestamp check catches them.
    expect(Number(sent['stale']?.['x-cio-timestamp'])).toBeLessThanOrEqual(now - 600);
    expect(Number(sent['future']?.['x-cio-timestamp'])).toBeGreaterThanOrEqual(now + 600);
    expect(sent['missing-signature']?.['x-cio-signature']).toBeUndefined();
    expect(sent['missing-timestamp']?.['x-cio-timestamp']).toBeUndefined();
  });

  it('gives up after Customer.io\'s timeout (4 s by default; shortened here) and reports it', async () => {
    receiver.hang(true);
    const delivery = await sim.sendReportingWebhook({ url: url(), body: emailOpened({ identifiers: jane }), timeoutMs: 150 });
    expect(delivery).toMatchObject({ status: 0, ok: false, timedOut: true });
    receiver.hang(false);
  });

  it('a webhook stream holds every later event back until the failed one succeeds', async () => {
    const stream = sim.webhookStream(url());
    const events = [emailOpened({ identifiers: jane }), emailClicked({ identifiers: jane, href: 'https://example.com' }), customerUnsubscribed({ identifiers: jane })];
    stream.enqueue(...events);
    receiver.failNext({ status: 500 });
    const first = await stream.flush();
    expect(first).toMatchObject({ delivered: 0, blockedBy: { status: 500 } });
    expect(stream.pending).toBe(3);
    const second = await stream.flush();
    expect(second).toEqual({ delivered: 3, blockedBy: null });
    expect(receiver.requests.map((r) => (r.body as { event_id: string }).event_id)).toEqual([events[0]?.event_id, ...events.map((e) => e.event_id)]);
  });
});
