import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureShapedTemplate, mergeContextFor, renderAutomationWebhookBody, renderFixtureWebhookBody, sendAutomationWebhook, startOmnisendSimulator } from './index.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/omnisend/omnisend-automation-webhook-body.json', import.meta.url), 'utf8')) as Record<string, unknown>;

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('omnisend simulator: automation sendWebhook (reference §A.8)', () => {
  const received: Received[] = [];
  let url = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/omnisend/secret-path`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('renders the fixture body from the fixture-shaped template', () => {
    const { note: _note, ...shape } = fixture;
    const body = renderFixtureWebhookBody({ event: 'clicked message', contactEmail: 'jane.doe@example.com', campaign: 'Welcome to Pro', link: 'https://example.com/pricing' });
    expect(JSON.parse(body)).toEqual(shape);
    expect(fixtureShapedTemplate('clicked message')).toContain('[[contact.email]]');
  });

  it('POSTs the rendered string byte for byte with application/json and the block headers ({key,value}[])', async () => {
    const body = renderFixtureWebhookBody({ event: 'opened message', contactEmail: 'jane.doe@example.com', campaign: 'Spring', link: '' });
    const res = await sendAutomationWebhook({ url, headers: [{ key: 'X-Webhook-Secret', value: 'my-shared-secret' }], body });
    expect(res.status).toBe(204);
    const got = received.at(-1);
    expect(got).toMatchObject({ method: 'POST', url: '/webhooks/omnisend/secret-path', body });
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['x-webhook-secret']).toBe('my-shared-secret');
    // Unsigned: nothing but what the admin configured.
    expect(Object.keys(got?.headers ?? {}).filter((h) => /signature|hmac/i.test(h))).toEqual([]);
  });

  it('also takes a header record and an object body; the simulator exposes the same sender', async () => {
    const sim = await startOmnisendSimulator();
    try {
      await sim.sendAutomationWebhook({ url, headers: { 'X-Webhook-Secret': 's2' }, body: { event: 'subscribed', contactEmail: 'a@b.co' } });
      expect(received.at(-1)).toMatchObject({ body: '{"event":"subscribed","contactEmail":"a@b.co"}' });
      expect(received.at(-1)?.headers['x-webhook-secret']).toBe('s2');
    } finally {
      await sim.close();
    }
  });

  it('fills merge tags from a contact as the API returns it, JSON-escaping values and leaving unknown tags empty', async () => {
    const sim = await startOmnisendSimulator();
    try {
      const contact = sim.seedContact({ email: 'quote@example.com', firstName: 'Jo "JJ"' });
      const template = '{"contactEmail": "[[contact.email]]", "contactName": "[[contact.first_name]]", "plan": "[[event.raw.plan]]", "x": "[[contact.unknown]]"}';
      const body = renderAutomationWebhookBody(template, mergeContextFor(contact, { plan: 'pro' }));
      expect(JSON.parse(body)).toEqual({ contactEmail: 'quote@example.com', contactName: 'Jo "JJ"', plan: 'pro', x: '' });
      expect(renderAutomationWebhookBody('[[contact.first_name]]', mergeContextFor(contact), 'none')).toBe('Jo "JJ"');
    } finally {
      await sim.close();
    }
  });
});
