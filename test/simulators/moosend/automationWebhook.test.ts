import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationWebhookBodies, sendAutomationWebhook, type AutomationWebhookSpelling } from './index.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

describe('moosend simulator: automation "post a webhook" sender (reference B.9 — bodies are guesses)', () => {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202, { 'content-type': 'text/plain' }).end('queued');
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const facts = { email: 'ann@example.com', event: 'Unsubscribed', name: 'Ann', listId: 'won', listName: 'Won', at: Date.UTC(2025, 0, 2) };

  it('offers several spellings of "an email and an event"', () => {
    expect(automationWebhookBodies.pascalCase(facts)).toMatchObject({ Event: 'Unsubscribed', Email: 'ann@example.com', MailingListID: 'won', Timestamp: '2025-01-02T00:00:00.000Z' });
    expect(automationWebhookBodies.lowerCase(facts)).toMatchObject({ event: 'unsubscribed', email: 'ann@example.com', list_id: 'won', timestamp: 1735776000 });
    expect(automationWebhookBodies.nestedSubscriber(facts)).toMatchObject({
      EventType: 'Unsubscribed',
      Subscriber: { Email: 'ann@example.com', Name: 'Ann' },
      MailingList: { ID: 'won', Name: 'Won' },
      CreatedOn: '/Date(1735776000000)/',
    });
    expect(automationWebhookBodies.memberEnvelope(facts)).toMatchObject({ Type: 'Unsubscribed', Member: { Email: 'ann@example.com' } });
    // Absent facts are left out, not sent as null.
    expect(automationWebhookBodies.pascalCase({ email: 'a@b.co', event: 'Opened' })).not.toHaveProperty('CampaignID');
  });

  it('POSTs each body as JSON to the given URL and returns the answer', async () => {
    const spellings = Object.keys(automationWebhookBodies) as AutomationWebhookSpelling[];
    for (const spelling of spellings) {
      const body = automationWebhookBodies[spelling](facts);
      const result = await sendAutomationWebhook({ url: `${base}/webhooks/moosend/secret123?x=1`, body });
      expect(result).toEqual({ status: 202, text: 'queued' });
      const last = received.at(-1);
      expect(last).toMatchObject({ method: 'POST', url: '/webhooks/moosend/secret123?x=1' });
      expect(last?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(last?.raw ?? '')).toEqual(body);
    }
  });

  it('sends a string body byte for byte, with extra headers', async () => {
    await sendAutomationWebhook({ url: `${base}/hook`, body: 'Email=ann%40example.com&Event=Opened', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-extra': '1' } });
    expect(received.at(-1)).toMatchObject({ raw: 'Email=ann%40example.com&Event=Opened' });
    expect(received.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received.at(-1)?.headers['x-extra']).toBe('1');
  });
});
