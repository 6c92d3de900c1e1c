import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptOutResponseSchema, PanelResponseSchema, ResyncResponseSchema } from '../../backend-lite/api/panelContract.ts';
import { emailClicked, sendReportingWebhook, startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { mintDisposableToken } from '../support/disposableToken.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { contactUpdate, won } from '../support/kommoPayloads.ts';

/** The panel API (SPEC §5.3, §4.4) through HTTP, against the Kommo and ESP simulators. */
const CLIENT_SECRET = 'integration-client-secret-0123456789abcdef';
const CLIENT_ID = '0b0123f4-d123-4123-9123-e09f123456c0';
const PUBLIC_URL = 'https://bridge.example.com';
const OPT_IN = 512003;
const cioPathSecret = 'cio-path-secret-0123456789abcdef';

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let moosend: MoosendSimulator;
let cio: CustomerioSimulator;
let bridge: InProcessBridge;
let jane: number;
let listId: string;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  cio = await startCustomerioSimulator();
  listId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'kommo_deal_id'] }).id;
  jane = kommo.addContact({ name: 'Jane Doe', email: 'Jane.Doe@Example.com', custom_fields_values: [{ field_id: OPT_IN, values: [{ value: true }] }] }).id;
  kommo.addLead({ id: 900, status_id: 142, price: 990, contacts: [jane], custom_fields_values: [{ field_id: 512001, values: [{ enum_id: 908107 }] }] });
  omnisend.seedContact({ email: 'jane.doe@example.com', emailStatus: 'subscribed', emailStatusChangedAt: '2026-01-05T10:00:00Z', tags: ['customer', 'plan_pro'] });
  moosend.seedSubscriber(listId, { email: 'jane.doe@example.com', name: 'Jane', customFields: { plan: 'Pro' } });
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { plan: { entity: 'lead', id: 512001 }, emailOptIn: { entity: 'contact', id: OPT_IN } } },
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: 'omnisend-path-secret-0123456789', on: { won: { addTags: ['customer', 'plan_{plan}'], removeTags: [] } } },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: 'moosend-path-secret-0123456789ab', on: { won: { list: listId } } },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: cioPathSecret, webhookSigningKey, on: { won: { event: 'deal_won' } } },
      notes: { afterPush: false, opened: false, clicked: false },
    },
    env: {
      KOMMO_CLIENT_ID: CLIENT_ID,
      KOMMO_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL,
      OMNISEND_API_URL: omnisend.origin,
      MOOSEND_API_URL: moosend.origin,
      CUSTOMERIO_TRACK_URL: cio.trackOrigin,
      CUSTOMERIO_APP_URL: cio.appOrigin,
    },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
});

const token = (over: Partial<Parameters<typeof mintDisposableToken>[0]> = {}) =>
  mintDisposableToken({ clientSecret: CLIENT_SECRET, subdomain: kommo.subdomain, audience: PUBLIC_URL, accountId: kommo.accountId, userId: CURRENT_USER_ID, clientUuid: CLIENT_ID, ...over });

function call(path: string, init: { method?: string; token?: string | null; key?: string; body?: unknown; origin?: string } = {}) {
  const headers: Record<string, string> = { Origin: init.origin ?? `https://${kommo.subdomain}.kommo.com` };
  if (init.token !== null) headers['X-Auth-Token'] = init.token ?? token();
  if (init.key) headers['Idempotency-Key'] = init.key;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(`${bridge.origin}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
}
const espWrites = () => [...omnisend.requests, ...moosend.requests, ...cio.trackRequests].filter((r) => r.method !== 'GET' && !r.path.endsWith('view.json'));

describe('panel API auth', () => {
  it('refuses missing, forged, expired and wrong-audience tokens with 401, and reads nothing', async () => {
    const cases: [string | null, string][] = [
      [null, 'token_missing'],
      [token({ clientSecret: 'someone-elses-secret-0123456789' }), 'token_bad_signature'],
      [token({ issuedAt: Math.floor(Date.now() / 1000) - 3_600 }), 'token_expired'],
      [token({ audience: 'https://attacker.example.com' }), 'token_wrong_audience'],
      ['a.b.c', 'token_malformed'],
    ];
    for (const [given, code] of cases) {
      const response = await call('/api/leads/900/panel', { token: given });
      expect(response.status, code).toBe(401);
      expect(await response.json()).toEqual({ error: code, message: expect.any(String) });
    }
    expect(kommo.requests).toEqual([]);
  });

  it('refuses a token of one account asking for a deal or contact of another, before reading anything', async () => {
    const other = await bridge.accounts.ensure('globex', null);
    await bridge.accounts.learnKommoId(other.id, 32000002);
    await bridge.leadState.record({ accountId: other.id, leadId: 4242, statusId: 142, pipelineId: 1, plan: null, source: null, price: null, contactIds: [77], kommoUpdatedAt: null });
    await bridge.syncState.recordKommoRead({ accountId: other.id, kommoContactId: 77, name: 'Globex person', email: 'x@globex.example', phone: null, leadIds: [4242], kommo: {} });

    const lead = await call('/api/leads/4242/panel');
    expect(lead.status).toBe(403);
    expect(await lead.json()).toMatchObject({ error: 'other_account' });
    const optOut = await call('/api/contacts/77/opt-out', { method: 'POST', key: 'k-1', body: { channels: ['email'] } });
    expect(optOut.status).toBe(403);
    const stranger = await call('/api/leads/900/panel', { token: token({ subdomain: 'initech', accountId: 33000003 }) });
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ error: 'account_not_connected' });
    expect(kommo.requests).toEqual([]);
    expect(espWrites()).toEqual([]);

    // Once the bridge has synced deal 900 for acme, another connected account cannot open it.
    await bridge.postKommoWebhook(won(900));
    await queueDrained(bridge);
    const seen = kommo.requests.length;
    const fromGlobex = await call('/api/leads/900/panel', { token: token({ subdomain: 'globex', accountId: 32000002 }) });
    expect(fromGlobex.status).toBe(403);
    expect(await fromGlobex.json()).toMatchObject({ error: 'other_account' });
    expect(kommo.requests).toHaveLength(seen);
  });

  it('answers the CORS preflight for Kommo origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${bridge.origin}/api/leads/900/resync`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-auth-token, idempotency-key, content-type' },
      });
    const kommoPage = await preflight('https://acme.kommo.com');
    expect(kommoPage.status).toBe(204);
    expect(kommoPage.headers.get('access-control-allow-origin')).toBe('https://acme.kommo.com');
    expect(kommoPage.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-auth-token');
    const evil = await preflight('https://acme.kommo.com.evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /api/leads/{id}/panel', () => {
  it('shows each ESP’s view of the deal’s contacts and one timeline', async () => {
    const click = await sendReportingWebhook({
      url: `${bridge.origin}/webhooks/customerio/${cioPathSecret}`,
      signingKey: cio.credentials.webhookSigningKey,
      body: emailClicked({ identifiers: { id: 'jane.doe@example.com', email: 'jane.doe@example.com', cio_id: 'd9c106000009' }, subject: 'Your invoice', href: 'https://acme.example/pay' }),
    });
    expect(click.status).toBe(200);
    await queueDrained(bridge);

    const response = await call('/api/leads/900/panel');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(`https://${kommo.subdomain}.kommo.com`);
    const panel = PanelResponseSchema.parse(await response.json());
    expect(panel.connected).toEqual(['omnisend', 'moosend', 'customerio']);
    const [contact] = panel.contacts;
    expect(contact).toMatchObject({ kommoContactId: jane, name: 'Jane Doe', email: 'jane.doe@example.com' });
    const view = Object.fromEntries((contact?.esps ?? []).map((e) => [e.esp, e]));
    expect(view['omnisend']).toMatchObject({ state: 'found', profile: { channels: { email: { status: 'subscribed' } }, tags: ['customer', 'plan_pro'] } });
    expect(view['moosend']).toMatchObject({ state: 'found', profile: { lists: [expect.objectContaining({ id: listId, status: 'subscribed' })] } });
    expect(view['customerio']).toMatchObject({ state: 'not_found' });
    expect(panel.timeline).toEqual([expect.objectContaining({ esp: 'customerio', kind: 'clicked', subject: 'Your invoice', link: 'https://acme.example/pay' })]);
  });

  it('shows an ESP’s failure with its last known answer while the others still answer', async () => {
    expect((await call('/api/leads/900/panel')).status).toBe(200);
    omnisend.failNext({ status: 500, times: 5 });
    const panel = PanelResponseSchema.parse(await (await call('/api/leads/900/panel')).json());
    const views = panel.contacts[0]?.esps ?? [];
    expect(views.find((v) => v.esp === 'omnisend')).toMatchObject({
      state: 'error',
      failure: { code: 'unavailable' },
      lastKnown: { fetchedAt: expect.any(Number), profile: { tags: ['customer', 'plan_pro'] } },
    });
    expect(views.find((v) => v.esp === 'moosend')).toMatchObject({ state: 'found' });
  });

  it('answers 404 for a deal this account does not have', async () => {
    const response = await call('/api/leads/123456/panel');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'lead_not_found' });
  });
});

describe('POST /api/leads/{id}/resync', () => {
  it('pushes the deal to every ESP and reports each; the same Idempotency-Key does it once', async () => {
    const first = await call('/api/leads/900/resync', { method: 'POST', key: 'click-1' });
    expect(first.status).toBe(200);
    const body = ResyncResponseSchema.parse(await first.json());
    expect(body.outcomes.map((o) => [o.esp, o.outcome]).sort()).toEqual([
      ['customerio', 'created'],
      ['moosend', 'updated'],
      ['omnisend', 'updated'],
    ]);
    const writes = espWrites().length;
    const again = await call('/api/leads/900/resync', { method: 'POST', key: 'click-1' });
    expect(await again.json()).toEqual(body);
    expect(espWrites()).toHaveLength(writes);
    expect(omnisend.wasResubscribed('jane.doe@example.com')).toBe(false);

    const withoutKey = await call('/api/leads/900/resync', { method: 'POST' });
    expect(withoutKey.status).toBe(400);
    expect(await withoutKey.json()).toMatchObject({ error: 'idempotency_key_required' });
  });
});

describe('POST /api/contacts/{id}/opt-out', () => {
  it('unsubscribes in every ESP, writes the Kommo field and a note naming the manager, and does not echo', async () => {
    const response = await call(`/api/contacts/${jane}/opt-out`, { method: 'POST', key: 'click-9', body: { channels: ['email'] } });
    expect(response.status).toBe(200);
    const body = OptOutResponseSchema.parse(await response.json());
    expect(body.kommo).toEqual({ field: 'written', note: 'written' });
    expect(body.outcomes.every((o) => o.outcome !== 'failed')).toBe(true);
    await omnisend.settled();
    expect(omnisend.contacts.byEmail('jane.doe@example.com')).toMatchObject({ status: 'unsubscribed' });
    expect(moosend.subscriber(listId, 'jane.doe@example.com')).toMatchObject({ SubscribeType: 2 });
    expect(body.outcomes.find((o) => o.esp === 'customerio')).toMatchObject({ outcome: 'skipped' });
    expect(cio.person('jane.doe@example.com')).toBeUndefined();
    const patch = kommo.requests.find((r) => r.method === 'PATCH' && r.path === `/api/v4/contacts/${jane}`);
    expect(patch?.body).toEqual({ custom_fields_values: [{ field_id: OPT_IN, values: [{ value: false }] }] });
    expect(kommo.notes).toEqual([expect.objectContaining({ entity_id: jane, params: { text: expect.stringContaining('Maria Manager opted Jane Doe out of email everywhere') } })]);

    const writes = espWrites().length;
    await bridge.postKommoWebhook(contactUpdate(jane, 1_900_000_000));
    await queueDrained(bridge);
    expect(espWrites()).toHaveLength(writes);

    const invalid = await call(`/api/contacts/${jane}/opt-out`, { method: 'POST', key: 'click-10', body: { channels: [] } });
    expect(invalid.status).toBe(400);
  });
});

describe('personal tokens (the browser extension)', () => {
  it('are accepted as Authorization: Bearer, scoped to their account, and refused once revoked', async () => {
    const accountId = bridge.selfHosted!.id;
    const { id, token: personal } = await bridge.personalTokens.issue({ accountId, userId: CURRENT_USER_ID, label: 'test' });
    const withBearer = (path: string, bearer: string) => fetch(`${bridge.origin}${path}`, { headers: { Authorization: `Bearer ${bearer}` } });

    const me = await withBearer('/api/me', personal);
    expect(await me.json()).toEqual({ accountSubdomain: kommo.subdomain, userId: CURRENT_USER_ID });
    const panel = await withBearer('/api/leads/900/panel', personal);
    expect(panel.status).toBe(200);
    expect(PanelResponseSchema.parse(await panel.json()).contacts[0]?.name).toBe('Jane Doe');

    const unknown = await withBearer('/api/leads/900/panel', 'keb_not-a-real-token');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'token_unknown' });

    expect(await bridge.personalTokens.revoke(id, accountId)).toBe(true);
    const reads = kommo.requests.length;
    const revoked = await withBearer('/api/leads/900/panel', personal);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: 'token_revoked', message: expect.stringMatching(/revoked by an admin/) });
    expect(kommo.requests).toHaveLength(reads);
  });
});
