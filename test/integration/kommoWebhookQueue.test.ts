import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { eventually, KOMMO_TOKEN, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { leadStatus, won } from '../support/kommoPayloads.ts';

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

const fastRetries = { backoff: { baseMs: 40, capMs: 200 }, pollMs: 20 };

function seedDeal(leadId: number, email = `client${leadId}@example.com`, phone?: string) {
  const contact = sim.addContact({ name: `Client ${leadId}`, email, ...(phone ? { phone } : {}) });
  sim.addLead({ id: leadId, contacts: [contact.id] });
  return contact;
}

const leadReads = () => sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v4/leads'));
const jobRows = (b: InProcessBridge) =>
  b.db.prepare('SELECT id, kind, status, attempts, last_error AS lastError FROM jobs ORDER BY id').all() as {
    id: number;
    kind: string;
    status: string;
    attempts: number;
    lastError: string | null;
  }[];

describe('POST /webhooks/kommo/{secret}', () => {
  it('answers 2xx only once the webhook and its job are on disk', async () => {
    bridge = await startInProcessBridge(sim);
    const body = readFileSync(new URL('../fixtures/kommo/kommo-lead-status-won.form', import.meta.url));
    const response = await fetch(bridge.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 1, queued: 1, duplicate: false });

    // A second connection sees the commit: it is in the file, not in this process's memory.
    const reader = new BetterSqlite3(bridge.dbPath, { readonly: true });
    try {
      const webhook = reader.prepare('SELECT source, raw_body, outcome FROM webhooks').get() as {
        source: string;
        raw_body: Buffer;
        outcome: string;
      };
      expect(webhook.source).toBe('kommo');
      expect(webhook.raw_body.equals(body)).toBe(true);
      expect(webhook.outcome).toBe('queued');
      const job = reader.prepare('SELECT kind, status, payload FROM jobs').get() as { kind: string; status: string; payload: string };
      expect(job.kind).toBe('kommo.lead-changed');
      expect(job.status).toBe('pending');
      expect(JSON.parse(job.payload)).toMatchObject({ leadId: 15318175, event: { statusId: 142, action: 'status' } });
    } finally {
      reader.close();
    }
    // Nothing was read from Kommo on the answer path.
    expect(sim.requests).toEqual([]);
  });

  it('makes one job of the same webhook delivered twice, or of the same event in another POST', async () => {
    bridge = await startInProcessBridge(sim);
    const first = await bridge.postKommoWebhook(won(501));
    const second = await bridge.postKommoWebhook(won(501));
    expect(await first.json()).toMatchObject({ queued: 1, duplicate: false });
    expect(await second.json()).toMatchObject({ queued: 0, duplicate: true });
    const combined = await bridge.postKommoWebhook(leadStatus([{ id: 501, statusId: 142 }, { id: 502, statusId: 143 }]));
    expect(await combined.json()).toMatchObject({ received: 2, queued: 1, duplicate: false });
    expect(jobRows(bridge)).toHaveLength(2);
  });

  it('stores and ignores event kinds it does not act on', async () => {
    bridge = await startInProcessBridge(sim);
    const body = readFileSync(new URL('../fixtures/kommo/kommo-lead-note-add.form', import.meta.url));
    const response = await fetch(bridge.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ queued: 0, ignored: [{ entity: 'leads', action: 'note', count: 1 }] });
    expect(bridge.db.prepare('SELECT outcome FROM webhooks').get()).toEqual({ outcome: 'ignored: leads.note×1' });
    expect(jobRows(bridge)).toEqual([]);
  });

  it('refuses unknown secrets, other accounts, malformed and oversized bodies, writing nothing', async () => {
    bridge = await startInProcessBridge(sim);
    const post = (url: string, body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });
    const unknown = await post(`${bridge.origin}/webhooks/kommo/not-the-secret-0123456789abcdef`, sim.webhookForm(won(1)));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'unknown_webhook', message: 'No webhook is registered at this address.' });

    const other = await post(bridge.webhookUrl, sim.webhookForm(leadStatus([{ id: 1, statusId: 142 }], 'globex')));
    expect(other.status).toBe(403);
    expect((await other.json()).message).toMatch(/belongs to the Kommo account "acme", but the body comes from "globex"/);

    const malformed = await post(bridge.webhookUrl, 'leads[status][0][id]=abc&account[subdomain]=acme');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).message).toMatch(/leads\[status\]\[0\]\[id\]/);

    const json = await post(bridge.webhookUrl, JSON.stringify(won(1)), 'application/json');
    expect(json.status).toBe(400);

    const huge = await post(bridge.webhookUrl, `account[subdomain]=acme&x=${'a'.repeat(1024 * 1024 + 10)}`);
    expect(huge.status).toBe(413);

    expect(bridge.db.prepare('SELECT COUNT(*) AS n FROM webhooks').get()).toEqual({ n: 0 });
    expect(jobRows(bridge)).toEqual([]);
  });
});

describe('when the database cannot write', () => {
  it('answers 503 instead of acknowledging what it did not store, and accepts again once it can', async () => {
    bridge = await startInProcessBridge(sim);
    // query_only makes every write fail with SQLITE_READONLY, as a read-only mount or file would.
    bridge.db.pragma('query_only = ON');
    const refused = await bridge.postKommoWebhook(won(801));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({
      error: 'storage_unavailable',
      message: 'The bridge cannot store this request right now; send it again later.',
    });
    expect(bridge.logs.find((l) => l.event === 'storage.unavailable')).toMatchObject({ code: 'SQLITE_READONLY' });

    bridge.db.pragma('query_only = OFF');
    expect(jobRows(bridge)).toEqual([]);
    const accepted = await bridge.postKommoWebhook(won(801));
    expect(accepted.status).toBe(200);
    expect(jobRows(bridge)).toHaveLength(1);
  });
});

describe('the job queue against Kommo', () => {
  it('re-reads the deal and its contacts, and records the contact', async () => {
    const contact = seedDeal(700, '  Jane.Doe@Example.COM ', '+44 7700 900123');
    bridge = await startInProcessBridge(sim, { worker: fastRetries });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(700));
    const state = await eventually(() => bridge!.syncState.get(bridge!.selfHosted!.id, contact.id), 5_000, 'contact state');
    expect(state).toMatchObject({ email: 'jane.doe@example.com', phone: '+447700900123', leadIds: [700], name: 'Client 700' });
    const [leadRead] = leadReads();
    expect(leadRead?.headers['authorization']).toBe(`Bearer ${KOMMO_TOKEN}`);
    expect(leadRead?.query.getAll('filter[id][]')).toEqual(['700']);
    expect(leadRead?.query.get('with')).toBe('contacts');
  });

  it('retries a job whose target answered 500, and does it once', async () => {
    const contact = seedDeal(701);
    sim.failNext({ status: 500, times: 1, path: /^\/api\/v4\/leads/ });
    bridge = await startInProcessBridge(sim, { worker: fastRetries });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(701));
    await eventually(() => jobRows(bridge!)[0]?.status === 'done', 5_000, 'job done');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(leadReads().map((r) => r.status)).toEqual([500, 200]);
    expect(sim.requests.filter((r) => r.path === '/api/v4/contacts')).toHaveLength(1);
    expect(jobRows(bridge)).toEqual([expect.objectContaining({ status: 'done', attempts: 2 })]);
    expect((await bridge.syncState.get(bridge.selfHosted!.id, contact.id))?.email).toBe('client701@example.com');
  });

  it('waits out 429 retry_after before calling Kommo again', async () => {
    seedDeal(702);
    sim.failNext({ status: 429, times: 1, retryAfterSeconds: 1, path: /^\/api\/v4\/leads/ });
    bridge = await startInProcessBridge(sim, { worker: fastRetries });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(702));
    await eventually(() => jobRows(bridge!)[0]?.status === 'done', 5_000, 'job done');
    const [throttled, next] = sim.requests;
    expect(throttled?.status).toBe(429);
    expect(next?.status).toBe(200);
    expect(next!.at - throttled!.at).toBeGreaterThanOrEqual(1_000);
    expect(sim.stats.ignoredPenaltyRequests).toBe(0);
  });

  it('moves a job to dead after its last attempt, with the reason', async () => {
    seedDeal(703);
    sim.failNext({ status: 500, times: 100, path: /^\/api\/v4\/leads/ });
    bridge = await startInProcessBridge(sim, { worker: { ...fastRetries, maxAttempts: 3 } });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(703));
    const job = await eventually(() => jobRows(bridge!).find((j) => j.status === 'dead'), 5_000, 'dead job');
    expect(job.attempts).toBe(3);
    expect(job.lastError).toMatch(/^gave up after 3 attempts: KommoUnavailable: Kommo is unavailable for GET \/api\/v4\/leads \(HTTP 500/);
    expect(leadReads()).toHaveLength(3);
    expect(bridge.logs.find((l) => l.event === 'job.dead')).toMatchObject({ jobId: job.id, target: 'kommo:1' });
  });

  it('buries at once what retrying cannot fix: a revoked token', async () => {
    seedDeal(704);
    sim.revokeToken();
    bridge = await startInProcessBridge(sim, { worker: fastRetries });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(704));
    const job = await eventually(() => jobRows(bridge!).find((j) => j.status === 'dead'), 5_000, 'dead job');
    expect(job.attempts).toBe(1);
    expect(job.lastError).toMatch(/KommoUnauthorized: Kommo refused the access token .* renew KOMMO_ACCESS_TOKEN/);
  });

  it('reads 120 deals changed at once in at most 10 requests, never above 7 per second', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => 9_000 + i);
    for (const id of ids) seedDeal(id);
    bridge = await startInProcessBridge(sim, { worker: { pollMs: 20 } });
    bridge.worker.start();
    const answers = await Promise.all(ids.map((id) => bridge!.postKommoWebhook(won(id))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await eventually(() => jobRows(bridge!).every((j) => j.status === 'done') && jobRows(bridge!).length === 120, 20_000, 'all jobs');
    const reads = sim.requests.filter((r) => r.method === 'GET');
    expect(reads.length).toBeLessThanOrEqual(10);
    expect(sim.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(7);
    expect(sim.stats.tooManyRequests).toBe(0);
    const recorded = bridge.db.prepare('SELECT COUNT(*) AS n FROM contact_sync_state').get() as { n: number };
    expect(recorded.n).toBe(120);
  });
});
