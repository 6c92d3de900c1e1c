import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { queueDrained } from '../support/inProcessBridge.ts';
import { leadStatus } from '../support/kommoPayloads.ts';
import { PUBLIC_URL, REDIRECT_URI, startMarketplaceBridge, type MarketplaceBridge } from '../support/marketplaceBridge.ts';

/** Marketplace install (SPEC §3.3, §4.3, §4.4; reference kommo.md §4.4, §5.3) against the Kommo simulator. */
let acme: KommoSimulator;
let bridge: MarketplaceBridge;

beforeEach(async () => {
  // A real install's own three calls are not followed by jobs in the same second; here they are,
  // so the simulator's 7 rps would turn the test into one about pacing.
  acme = await startKommoSimulator({ subdomain: 'acme', accountId: 31000001, requestsPerSecond: 50, oauth: { redirectUri: REDIRECT_URI } });
  const jane = acme.addContact({ name: 'Jane Doe', email: 'jane@example.com' }).id;
  acme.addLead({ id: 800, name: 'Acme renewal', status_id: 142, contacts: [jane] });
  bridge = await startMarketplaceBridge([acme]);
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await acme.close();
});

const oauthCalls = (sim: KommoSimulator) => sim.requests.filter((r) => r.path === '/oauth2/access_token');
const bearerOf = (sim: KommoSimulator, path: RegExp) =>
  sim.requests.filter((r) => path.test(r.path)).map((r) => r.headers['authorization']?.replace(/^Bearer /, ''));
const count = (sql: string, ...params: unknown[]) => (bridge.db.prepare(sql).get(...params) as { n: number }).n;
const jobsOf = (accountId: number) =>
  bridge.db.prepare('SELECT status, attempts, last_error FROM jobs WHERE account_id = ?').all(accountId) as { status: string; attempts: number; last_error: string | null }[];

describe('install', () => {
  it('exchanges the code, stores the token pair sealed, subscribes the webhooks and says so in a page', async () => {
    const res = await bridge.install(acme);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Installed in acme.kommo.com');
    expect(page).toContain('webhooks are set up');

    const account = (await bridge.accountOf(acme));
    expect(account).toMatchObject({ subdomain: 'acme', kommoAccountId: 31000001, status: 'active' });
    expect(oauthCalls(acme)[0]?.body).toMatchObject({ grant_type: 'authorization_code', redirect_uri: REDIRECT_URI });

    expect(acme.webhooks).toHaveLength(1);
    const hook = acme.webhooks[0]!;
    expect(hook.destination).toMatch(new RegExp(`^${PUBLIC_URL}/webhooks/kommo/[A-Za-z0-9_-]{43}$`));
    expect(hook.settings).toEqual(['status_lead', 'update_lead', 'update_contact']);

    const grant = (await bridge.marketplace.grants.get(account.id))!;
    const bytes = bridge.databaseBytes();
    for (const secret of [grant.accessToken, grant.refreshToken, hook.destination.split('/').pop()!]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    // The stored token is the one Kommo issued: the webhook's job reads the deal with it.
    const webhook = await bridge.postKommoWebhook(new URL(hook.destination).pathname, acme, leadStatus([{ id: 800, statusId: 142 }], 'acme'));
    expect(webhook.status).toBe(200);
    await queueDrained(bridge as never);
    expect(bearerOf(acme, /^\/api\/v4\/leads$/)).toEqual([grant.accessToken]);
  });

  it('records a plan that refuses API webhooks, keeps the account connected and the address to show', async () => {
    acme.failNext({ status: 402, method: 'POST', path: /^\/api\/v4\/webhooks$/ });
    const res = await bridge.install(acme);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('open the widget’s settings page for the address and the steps');
    const account = (await bridge.accountOf(acme));
    expect(account.status).toBe('active');
    const setup = (await bridge.marketplace.webhookSetups.get(account.id))!;
    expect(setup.state).toBe('manual');
    expect(setup.destination).toMatch(new RegExp(`^${PUBLIC_URL}/webhooks/kommo/`));
    expect(setup.detail).toMatch(/HTTP 402.*Advanced, Pro or Enterprise plan.*Settings → Integrations → Web hooks/);
    expect(acme.webhooks).toHaveLength(0);
    // The address works once the admin adds it by hand.
    const webhook = await bridge.postKommoWebhook(new URL(setup.destination).pathname, acme, leadStatus([{ id: 800, statusId: 142 }], 'acme'));
    expect(webhook.status).toBe(200);
  });

  it('refuses a referer that is not a Kommo host without sending the code anywhere', async () => {
    const res = await bridge.install(acme, { referer: 'acme.kommo.com.evil.example' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('is not a Kommo account address');
    expect(oauthCalls(acme)).toHaveLength(0);
    expect(await bridge.accounts.count()).toBe(0);
  });

  it('stores nothing when access was denied, or the code was already used', async () => {
    const denied = await fetch(`${bridge.origin}/oauth/kommo/callback?error=access_denied&client_id=x`);
    expect(denied.status).toBe(200);
    expect(await denied.text()).toContain('access was not granted');

    const code = acme.oauth.issueCode();
    expect((await bridge.install(acme, { code })).status).toBe(200);
    acme.webhooks.length = 0;
    const reused = await bridge.install(acme, { code });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('Kommo refused the authorization code');
    expect(acme.webhooks).toHaveLength(0);
    expect(count('SELECT COUNT(*) AS n FROM kommo_grants')).toBe(1);
  });
});

describe('token refresh', () => {
  it('refreshes a token about to expire once, however many jobs need it at the same time', async () => {
    acme.oauth.setAccessTokenLifetime(300); // < the bridge's 10-minute margin
    await bridge.install(acme);
    acme.oauth.setAccessTokenLifetime(86_400);
    acme.setLatency(300); // the refresh is still in flight while other requests want a token
    const path = (await bridge.webhookPathOf(acme));
    const leads = Array.from({ length: 20 }, (_, i) => acme.addLead({ id: 1000 + i, name: `Deal ${i}`, status_id: 142 }).id);
    const answers = await Promise.all(leads.map((id) => bridge.postKommoWebhook(path, acme, leadStatus([{ id, statusId: 142 }], 'acme'))));
    expect(answers.map((r) => r.status)).toEqual(leads.map(() => 200));
    await queueDrained(bridge as never);

    expect(acme.oauth.refreshes).toBe(1);
    const account = (await bridge.accountOf(acme));
    expect(jobsOf(account.id).filter((j) => j.status !== 'done')).toEqual([]);
    expect(account.status).toBe('active');
  });

  it('lets concurrent requests share one refresh, and stores the rotated pair', async () => {
    acme.oauth.setAccessTokenLifetime(300);
    await bridge.install(acme);
    acme.oauth.setAccessTokenLifetime(86_400);
    const account = (await bridge.accountOf(acme));
    const before = (await bridge.marketplace.grants.get(account.id))!;
    acme.setLatency(400);
    const { client } = await bridge.marketplace.kommoFor(account);
    const leads = await Promise.all([800, 800, 800, 800, 800].map((id) => client.getLead(id)));
    expect(leads.map((l) => l.name)).toEqual(Array(5).fill('Acme renewal'));
    expect(acme.oauth.refreshes).toBe(1);
    const after = (await bridge.marketplace.grants.get(account.id))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(before.expiresAt);
  });

  it('refreshes once after a 401 and sends the refused request again', async () => {
    await bridge.install(acme);
    const account = (await bridge.accountOf(acme));
    acme.oauth.expireAccessTokens();
    const lead = await (await bridge.marketplace.kommoFor(account)).client.getLead(800);
    expect(lead.name).toBe('Acme renewal');
    expect(acme.oauth.refreshes).toBe(1);
    expect(acme.requests.filter((r) => r.path === '/api/v4/leads/800').map((r) => r.status)).toEqual([401, 200]);
  });

  it('on a refused refresh marks the account disconnected, keeps its jobs waiting, and tells the panel to reconnect', async () => {
    await bridge.install(acme);
    const account = (await bridge.accountOf(acme));
    const path = (await bridge.webhookPathOf(acme));
    acme.revokeToken();
    for (const id of [800, 801, 802]) {
      expect((await bridge.postKommoWebhook(path, acme, leadStatus([{ id, statusId: 142 }], 'acme'))).status).toBe(200);
    }
    await expect.poll(async () => (await bridge.accountOf(acme)).status).toBe('disconnected');
    await expect.poll(() => jobsOf(account.id).every((j) => j.last_error?.startsWith('KommoAccountDisconnected'))).toBe(true);
    const jobs = jobsOf(account.id);
    expect(jobs).toHaveLength(3);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual(Array(3).fill(['pending', 0]));
    expect(jobs[0]!.last_error).toMatch(/reinstall the widget/);
    expect(acme.oauth.refreshes).toBe(1);

    const panel = await bridge.panel(acme, '/api/leads/800/panel');
    expect(panel.status).toBe(403);
    expect(await panel.json()).toMatchObject({ error: 'account_not_connected', message: expect.stringMatching(/reinstall the widget/) });

    // Reinstalling reconnects the account and the waiting jobs run at once.
    expect((await bridge.install(acme)).status).toBe(200);
    expect((await bridge.accountOf(acme)).status).toBe('active');
    await queueDrained(bridge as never);
    expect(jobsOf(account.id).map((j) => j.status)).toEqual(['done', 'done', 'done']);
  });
});

describe('uninstall hook', () => {
  it('with a bad signature answers 401 and changes nothing; with Kommo’s signature deletes the tokens', async () => {
    await bridge.install(acme);
    const account = (await bridge.accountOf(acme));
    const path = (await bridge.webhookPathOf(acme));
    const signed = new URLSearchParams(acme.oauth.uninstallHookQuery());

    const forged = new URLSearchParams(signed);
    forged.set('signature', signed.get('signature')!.replace(/^./, (ch) => (ch === '0' ? '1' : '0')));
    for (const query of [forged, new URLSearchParams({ ...Object.fromEntries(signed), account_id: '32000002' })]) {
      const res = await fetch(`${bridge.origin}/oauth/kommo/uninstall?${query}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'bad_signature' });
    }
    expect(count('SELECT COUNT(*) AS n FROM kommo_grants WHERE account_id = ?', account.id)).toBe(1);
    expect((await bridge.accountOf(acme)).status).toBe('active');

    const res = await fetch(`${bridge.origin}/oauth/kommo/uninstall?${signed}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ uninstalled: true, account: 'acme' });
    expect(count('SELECT COUNT(*) AS n FROM kommo_grants WHERE account_id = ?', account.id)).toBe(0);
    expect((await bridge.accountOf(acme)).status).toBe('disconnected');
    expect((await bridge.postKommoWebhook(path, acme, leadStatus([{ id: 800, statusId: 142 }], 'acme'))).status).toBe(404);
    expect((await bridge.panel(acme, '/api/leads/800/panel')).status).toBe(403);
  });
});
