import { afterEach, beforeEach, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { queueDrained } from '../support/inProcessBridge.ts';
import { leadStatus } from '../support/kommoPayloads.ts';
import { REDIRECT_URI, startMarketplaceBridge, type MarketplaceBridge } from '../support/marketplaceBridge.ts';

/** Two Kommo accounts installed side by side (SPEC §4.4: nothing from A is ever visible to B). */
let acme: KommoSimulator;
let globex: KommoSimulator;
let bridge: MarketplaceBridge;

beforeEach(async () => {
  acme = await startKommoSimulator({ subdomain: 'acme', accountId: 31000001, oauth: { redirectUri: REDIRECT_URI } });
  globex = await startKommoSimulator({ subdomain: 'globex', accountId: 32000002, oauth: { redirectUri: REDIRECT_URI } });
  acme.addLead({ id: 800, name: 'Acme renewal', status_id: 142 });
  globex.addLead({ id: 900, name: 'Globex secret deal', status_id: 142 });
  bridge = await startMarketplaceBridge([acme, globex]);
  bridge.worker.start();
  for (const sim of [acme, globex]) expect((await bridge.install(sim)).status).toBe(200);
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([acme.close(), globex.close()]);
});

const apiReads = (sim: KommoSimulator) => sim.requests.filter((r) => r.path.startsWith('/api/v4/leads'));

it('gives each account its own tokens, webhook address and Kommo', async () => {
  const [a, g] = [(await bridge.accountOf(acme)), (await bridge.accountOf(globex))];
  expect(a.id).not.toBe(g.id);
  expect((await bridge.marketplace.grants.get(a.id))!.accessToken).not.toBe((await bridge.marketplace.grants.get(g.id))!.accessToken);
  expect((await bridge.webhookPathOf(acme))).not.toBe((await bridge.webhookPathOf(globex)));
  expect(acme.webhooks.map((w) => new URL(w.destination).pathname)).toEqual([(await bridge.webhookPathOf(acme))]);
  expect(globex.webhooks.map((w) => new URL(w.destination).pathname)).toEqual([(await bridge.webhookPathOf(globex))]);
});

it('never lets account A’s widget read B’s deal', async () => {
  const own = await bridge.panel(acme, '/api/leads/800/panel');
  expect(own.status).toBe(200);
  expect(await own.json()).toMatchObject({ leadId: 800 });
  expect(apiReads(acme).map((r) => r.query.getAll('filter[id][]'))).toEqual([['800']]);
  expect(apiReads(globex)).toEqual([]);

  // Globex's deal becomes known to the bridge, then acme's widget asks for it.
  await bridge.postKommoWebhook((await bridge.webhookPathOf(globex)), globex, leadStatus([{ id: 900, statusId: 142 }], 'globex'));
  await queueDrained(bridge as never);
  const readsBefore = apiReads(globex).length;
  const other = await bridge.panel(acme, '/api/leads/900/panel');
  expect(other.status).toBe(403);
  const body = JSON.stringify(await other.json());
  expect(body).toContain('other_account');
  expect(body).not.toContain('Globex secret deal');
  expect(apiReads(globex)).toHaveLength(readsBefore);
});

it('keeps A’s webhooks in A: refused at B’s address, read from A’s Kommo with A’s token', async () => {
  const misdirected = await bridge.postKommoWebhook((await bridge.webhookPathOf(globex)), acme, leadStatus([{ id: 800, statusId: 142 }], 'acme'));
  expect(misdirected.status).toBe(403);
  expect(await misdirected.json()).toMatchObject({ error: 'wrong_account' });

  const res = await bridge.postKommoWebhook((await bridge.webhookPathOf(acme)), acme, leadStatus([{ id: 800, statusId: 142 }], 'acme'));
  expect(res.status).toBe(200);
  await queueDrained(bridge as never);
  const accountIds = (bridge.db.prepare('SELECT DISTINCT account_id AS id FROM jobs').all() as { id: number }[]).map((r) => r.id);
  expect(accountIds).toEqual([(await bridge.accountOf(acme)).id]);
  const acmeToken = (await bridge.marketplace.grants.get((await bridge.accountOf(acme)).id))!.accessToken;
  expect(apiReads(acme).map((r) => r.headers['authorization'])).toEqual([`Bearer ${acmeToken}`]);
  expect(apiReads(globex)).toEqual([]);
});

it('scopes every admin endpoint to the caller’s own account', async () => {
  // Acme's admin saves a mapping and issues a token; acme's deal becomes known to the bridge.
  const saved = await bridge.admin(acme, '/settings', { method: 'PUT', body: { rules: { kommo: { stages: { '67548619': 'demo_scheduled' } } } } });
  expect(saved.status).toBe(200);
  const issued = (await (await bridge.admin(acme, '/tokens', { method: 'POST', body: { userId: 8000001, label: 'acme laptop' } })).json()) as { id: number; token: string };
  await bridge.postKommoWebhook((await bridge.webhookPathOf(acme)), acme, leadStatus([{ id: 800, statusId: 142 }], 'acme'));
  await queueDrained(bridge as never);
  const acmeRequests = acme.requests.length;

  const settings = (await (await bridge.admin(globex, '/settings')).json()) as { rules: { kommo: { stages: object } } };
  expect(settings.rules.kommo.stages).toEqual({});
  expect(((await (await bridge.admin(globex, '/tokens')).json()) as { tokens: unknown[] }).tokens).toEqual([]);
  expect((await bridge.admin(globex, `/tokens/${issued.id}`, { method: 'DELETE' })).status).toBe(404);
  const log = (await (await bridge.admin(globex, '/sync-log')).json()) as { entries: unknown[] };
  expect(log.entries).toEqual([]);
  const acmeJob = bridge.db.prepare('SELECT id FROM jobs ORDER BY id LIMIT 1').get() as { id: number };
  expect((await bridge.admin(globex, `/jobs/${acmeJob.id}/retry`, { method: 'POST' })).status).toBe(404);
  expect((await bridge.admin(globex, '/dry-run', { method: 'POST', body: { leadId: 800 } })).status).toBe(404);
  const schema = (await (await bridge.admin(globex, '/kommo-schema')).json()) as { pipelines: unknown[] };
  expect(schema.pipelines.length).toBeGreaterThan(0);

  // None of that reached acme's Kommo, and acme's token and settings are intact.
  expect(acme.requests).toHaveLength(acmeRequests);
  const me = await fetch(`${bridge.origin}/api/me`, { headers: { Authorization: `Bearer ${issued.token}` } });
  expect(await me.json()).toMatchObject({ accountSubdomain: 'acme' });
  const own = (await (await bridge.admin(acme, '/settings')).json()) as { rules: { kommo: { stages: object } } };
  expect(own.rules.kommo.stages).toEqual({ '67548619': 'demo_scheduled' });

  // Acme's widget cannot act on globex's deal either.
  await bridge.postKommoWebhook((await bridge.webhookPathOf(globex)), globex, leadStatus([{ id: 900, statusId: 142 }], 'globex'));
  await queueDrained(bridge as never);
  const resync = await bridge.panel(acme, '/api/leads/900/resync', { method: 'POST', headers: { 'Idempotency-Key': 'k1' } });
  expect(resync.status).toBe(403);
});
