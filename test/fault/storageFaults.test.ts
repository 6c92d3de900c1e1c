import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailClicked, signReportingWebhook } from '../simulators/customerio/index.ts';
import { encodeKommoWebhookForm } from '../simulators/kommo/index.ts';
import { renderFixtureWebhookBody } from '../simulators/omnisend/index.ts';
import { CIO_PATH_SECRET, MOOSEND_PATH_SECRET, OMNISEND_HEADER_SECRET, OMNISEND_PATH_SECRET, startConnectedBridge, type ConnectedBridge } from '../support/connectedBridge.ts';
import { KOMMO_WEBHOOK_SECRET } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

/**
 * SPEC §4.3: a webhook is acknowledged only once it is stored. When the disk is full or the
 * database read-only, every webhook route answers 503 with Retry-After (the sender tries again)
 * instead of a 2xx for something that is not on disk.
 */
let world: ConnectedBridge;
beforeEach(async () => {
  world = await startConnectedBridge();
});
afterEach(() => world.close());

/** One webhook per route; each a few hundred KB, so storing it needs pages the database may not grow. */
function webhooks(tag: string): { route: string; init: RequestInit }[] {
  const pad = `${tag}-${'x'.repeat(300 * 1024)}`;
  const cioBody = JSON.stringify({ ...emailClicked({ identifiers: { id: 'buyer.0@example.com', email: 'buyer.0@example.com', cio_id: 'd9c106000001' }, href: `https://e.example/${tag}` }), pad });
  const timestamp = Math.floor(Date.now() / 1000);
  return [
    {
      route: `/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`,
      init: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `${encodeKommoWebhookForm(won(5000, 1_700_000_000 + tag.length))}&pad=${pad}` },
    },
    {
      route: `/webhooks/customerio/${CIO_PATH_SECRET}`,
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CIO-Timestamp': String(timestamp), 'X-CIO-Signature': signReportingWebhook(world.cio.credentials.webhookSigningKey, timestamp, cioBody) },
        body: cioBody,
      },
    },
    {
      route: `/webhooks/omnisend/${OMNISEND_PATH_SECRET}`,
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Bridge-Secret': OMNISEND_HEADER_SECRET },
        body: renderFixtureWebhookBody({ event: 'clicked message', contactEmail: 'buyer.0@example.com', campaign: pad, link: 'https://e.example' }),
      },
    },
    { route: `/webhooks/moosend/${MOOSEND_PATH_SECRET}`, init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ Event: 'Opened', Email: 'buyer.0@example.com', Subject: pad }) } },
  ];
}

const rows = () => world.bridge.db.prepare('SELECT (SELECT COUNT(*) FROM webhooks) AS webhooks, (SELECT COUNT(*) FROM jobs) AS jobs').get();

async function expectEveryRouteRefusesThenAccepts(fault: () => void, heal: () => void, code: string): Promise<void> {
  const before = rows();
  fault();
  for (const { route, init } of webhooks('refused')) {
    const answer = await world.bridge.app.request(route, init);
    expect(answer.status, route).toBe(503);
    expect(answer.headers.get('retry-after'), route).toBe('30');
    expect(await answer.json(), route).toEqual({ error: 'storage_unavailable', message: 'The bridge cannot store this request right now; send it again later.' });
  }
  expect(world.bridge.logs.filter((l) => l.event === 'storage.unavailable').map((l) => l.code)).toEqual([code, code, code, code]);
  heal();
  expect(rows()).toEqual(before);
  for (const { route, init } of webhooks('accepted')) {
    expect((await world.bridge.app.request(route, init)).status, route).toBe(200);
  }
}

describe('when the database cannot grow (disk full)', () => {
  it('answers 503 on every webhook route, stores nothing, and accepts again once there is room', async () => {
    const pages = () => Number(world.bridge.db.pragma('page_count', { simple: true }));
    await expectEveryRouteRefusesThenAccepts(
      // max_page_count caps the file where it is now: the next page SQLite needs fails with SQLITE_FULL, as on a full disk.
      () => world.bridge.db.pragma(`max_page_count = ${pages()}`),
      () => world.bridge.db.pragma('max_page_count = 1073741823'),
      'SQLITE_FULL',
    );
  });
});

describe('when the database is read-only', () => {
  it('answers 503 on every webhook route, stores nothing, and accepts again once it is writable', async () => {
    await expectEveryRouteRefusesThenAccepts(
      () => world.bridge.db.pragma('query_only = ON'),
      () => world.bridge.db.pragma('query_only = OFF'),
      'SQLITE_READONLY',
    );
  });
});
