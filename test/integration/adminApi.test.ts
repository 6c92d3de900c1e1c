import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncLogResponseSchema } from '../../backend-lite/api/adminContract.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { mintDisposableToken } from '../support/disposableToken.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

/** The admin API (SPEC §5.3): sync log, retry of a dead job, personal tokens — admins of the account only. */
const CLIENT_SECRET = 'integration-client-secret-0123456789abcdef';
const PUBLIC_URL = 'https://bridge.example.com';

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let bridge: InProcessBridge;
let jane: number;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  jane = kommo.addContact({ name: 'Jane Doe', email: 'jane.doe@example.com' }).id;
  kommo.addLead({ id: 910, status_id: 142, contacts: [jane] });
  bridge = await startInProcessBridge(kommo, {
    rules: {
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: 'omnisend-path-secret-0123456789', on: { won: { addTags: ['customer'], removeTags: [] } } },
      notes: { afterPush: false, opened: false, clicked: true },
    },
    env: { KOMMO_CLIENT_ID: 'client-uuid', KOMMO_CLIENT_SECRET: CLIENT_SECRET, PUBLIC_URL, OMNISEND_API_URL: omnisend.origin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), omnisend.close()]);
});

const token = (over: Partial<Parameters<typeof mintDisposableToken>[0]> = {}) =>
  mintDisposableToken({ clientSecret: CLIENT_SECRET, subdomain: kommo.subdomain, audience: PUBLIC_URL, accountId: kommo.accountId, userId: CURRENT_USER_ID, clientUuid: 'client-uuid', isAdmin: true, ...over });
const admin = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
  fetch(`${bridge.origin}/api/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { 'X-Auth-Token': init.token ?? token(), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });

describe('admin API', () => {
  it('is for the account’s admins only', async () => {
    const manager = await admin('/sync-log', { token: token({ isAdmin: false }) });
    expect(manager.status).toBe(403);
    expect(await manager.json()).toMatchObject({ error: 'admin_only' });
    const { token: personal } = await bridge.personalTokens.issue({ accountId: bridge.selfHosted!.id, userId: CURRENT_USER_ID, label: 'x' });
    const withPersonal = await fetch(`${bridge.origin}/api/admin/sync-log`, { headers: { Authorization: `Bearer ${personal}` } });
    expect(withPersonal.status).toBe(401);
    expect((await admin('/sync-log', { token: token({ clientSecret: 'forged-secret-0123456789abcdef' }) })).status).toBe(401);
  });

  it('lists a dead push with its reason, and Retry delivers it', async () => {
    omnisend.failNext({ status: 400, times: 1, path: /^\/api\/contacts$/, body: { error: 'invalid email domain' } });
    await bridge.postKommoWebhook(won(910));
    await queueDrained(bridge);
    expect(omnisend.contacts.byEmail('jane.doe@example.com')).toBeUndefined();

    const log = SyncLogResponseSchema.parse(await (await admin(`/sync-log?status=dead&contact=${jane}`)).json());
    expect(log.entries).toEqual([
      expect.objectContaining({
        kind: 'esp.push',
        target: 'omnisend',
        action: 'sent',
        esp: 'omnisend',
        kommoContactId: jane,
        contact: { name: 'Jane Doe', email: 'jane.doe@example.com' },
        leadId: 910,
        status: 'dead',
        lastError: expect.stringMatching(/Omnisend rejected/),
        failure: { kind: 'rejected', by: 'omnisend' },
      }),
    ]);

    const [dead] = log.entries;
    const retry = await admin(`/jobs/${dead!.jobId}/retry`, { method: 'POST' });
    expect(retry.status).toBe(200);
    await queueDrained(bridge);
    await omnisend.settled();
    expect(omnisend.contacts.byEmail('jane.doe@example.com')).toMatchObject({ tags: ['customer'] });
    const again = await admin(`/jobs/${dead!.jobId}/retry`, { method: 'POST' });
    expect(again.status).toBe(404);

    const all = SyncLogResponseSchema.parse(await (await admin('/sync-log')).json());
    expect(all.entries.find((e) => e.jobId === dead!.jobId)).toMatchObject({ status: 'done' });
    expect((await admin('/sync-log?status=exploded')).status).toBe(400);
  });

  it('never shows or retries another account’s jobs', async () => {
    omnisend.failNext({ status: 400, times: 1, path: /^\/api\/contacts$/ });
    await bridge.postKommoWebhook(won(910));
    await queueDrained(bridge);
    const other = await bridge.accounts.ensure('globex', null);
    await bridge.accounts.learnKommoId(other.id, 32000002);
    const globexAdmin = token({ subdomain: 'globex', accountId: 32000002 });
    const theirs = SyncLogResponseSchema.parse(await (await admin('/sync-log', { token: globexAdmin })).json());
    expect(theirs.entries).toEqual([]);
    const dead = bridge.db.prepare("SELECT id FROM jobs WHERE status = 'dead'").get() as { id: number };
    expect((await admin(`/jobs/${dead.id}/retry`, { method: 'POST', token: globexAdmin })).status).toBe(404);
    expect(bridge.db.prepare('SELECT status FROM jobs WHERE id = ?').get(dead.id)).toEqual({ status: 'dead' });
  });

  it('issues personal tokens that the panel API accepts, and revokes them', async () => {
    const created = await admin('/tokens', { method: 'POST', body: { userId: CURRENT_USER_ID, label: 'Maria laptop' } });
    expect(created.status).toBe(201);
    const { id, token: personal } = (await created.json()) as { id: number; token: string };
    const me = () => fetch(`${bridge.origin}/api/me`, { headers: { Authorization: `Bearer ${personal}` } });
    expect((await me()).status).toBe(200);
    const listed = (await (await admin('/tokens')).json()) as { tokens: { id: number; label: string }[] };
    expect(listed.tokens).toEqual([expect.objectContaining({ id, label: 'Maria laptop' })]);
    expect(JSON.stringify(listed)).not.toContain(personal);
    expect((await admin(`/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await me()).status).toBe(401);
    expect((await admin('/tokens', { method: 'POST', body: { userId: 'maria' } })).status).toBe(400);
  });
});
