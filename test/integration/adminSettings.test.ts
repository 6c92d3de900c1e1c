import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DryRunResponseSchema, KommoSchemaResponseSchema, OMNISEND_TRIGGER_PLACEHOLDER, SECRET_MASK, SettingsResponseSchema } from '../../backend-lite/api/adminContract.ts';
import { startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, renderAutomationWebhookBody, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { mintDisposableToken } from '../support/disposableToken.ts';
import { KOMMO_TOKEN, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

/** The settings page's backend (issue #6): settings with masked secrets, credential checks on save, the Kommo schema, dry run. */
const CLIENT_SECRET = 'integration-client-secret-0123456789abcdef';
const PUBLIC_URL = 'https://bridge.example.com';

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let moosend: MoosendSimulator;
let cio: CustomerioSimulator;
let bridge: InProcessBridge;
let listId: string;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  cio = await startCustomerioSimulator();
  listId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'kommo_deal_id', 'mrr', 'won_date'] }).id;
  const jane = kommo.addContact({ name: 'Jane Doe', email: 'Jane.Doe@Example.com', custom_fields_values: [{ field_id: 512003, values: [{ value: true }] }] });
  kommo.addLead({ id: 950, status_id: 142, price: 500, contacts: [jane.id] });
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailOptIn: { entity: 'contact', id: 512003 } } },
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: 'omnisend-path-secret-0123456789', on: { won: { addTags: ['customer'], removeTags: [] } } },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: 'moosend-path-secret-0123456789ab', on: { won: { list: listId } } },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: 'cio-path-secret-0123456789abcdef', webhookSigningKey, on: { won: { event: 'deal_won' } } },
    },
    env: {
      KOMMO_CLIENT_ID: 'client-uuid',
      KOMMO_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL,
      OMNISEND_API_URL: omnisend.origin,
      MOOSEND_API_URL: moosend.origin,
      CUSTOMERIO_TRACK_URL: cio.trackOrigin,
      CUSTOMERIO_APP_URL: cio.appOrigin,
    },
  });
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
});

const adminToken = () =>
  mintDisposableToken({ clientSecret: CLIENT_SECRET, subdomain: kommo.subdomain, audience: PUBLIC_URL, accountId: kommo.accountId, userId: CURRENT_USER_ID, clientUuid: 'client-uuid', isAdmin: true });
const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${bridge.origin}/api/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { 'X-Auth-Token': adminToken(), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
const settings = async () => SettingsResponseSchema.parse(await (await admin('/settings')).json());
/** The settings as the page sends them when the admin connects Omnisend again: no address yet. */
async function withNewOmnisendAddress() {
  const { rules } = await settings();
  const { webhookSecret: _dropped, ...omnisendBlock } = rules['omnisend'] as Record<string, unknown>;
  return { ...rules, omnisend: omnisendBlock };
}
const espWrites = () => [...omnisend.requests, ...moosend.requests, ...cio.trackRequests].filter((r) => r.method !== 'GET');

describe('admin settings', () => {
  it('shows the rules with every secret masked, and the webhook URLs to paste into each ESP', async () => {
    const shown = await settings();
    expect(shown.source).toBe('file');
    expect(JSON.stringify(shown)).not.toContain(DEFAULT_MOOSEND_API_KEY);
    expect(JSON.stringify(shown)).not.toContain(cio.credentials.trackApiKey);
    expect((shown.rules['moosend'] as { apiKey: string }).apiKey).toBe(SECRET_MASK + DEFAULT_MOOSEND_API_KEY.slice(-4));
    expect(shown.webhookUrls).toMatchObject({ moosend: `${PUBLIC_URL}/webhooks/moosend/moosend-path-secret-0123456789ab`, kommo: expect.stringContaining('/webhooks/kommo/') });
  });

  it('refuses an ESP key the ESP rejects, with the ESP’s reason, and saves nothing', async () => {
    const { rules } = await settings();
    const response = await admin('/settings', { method: 'PUT', body: { rules: { ...rules, moosend: { ...(rules['moosend'] as object), apiKey: 'not-a-moosend-key' } } } });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'esp_rejected', esp: 'moosend', message: expect.stringMatching(/Moosend rejected the API key/) });
    expect((await settings()).source).toBe('file');
  });

  it('names each setting that does not fit the schema', async () => {
    const { rules } = await settings();
    const response = await admin('/settings', { method: 'PUT', body: { rules: { ...rules, kommo: { ...(rules['kommo'] as object), stages: { '67548619': 'Demo Scheduled' } } } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_settings', problems: [expect.objectContaining({ path: 'kommo.stages.67548619' })] });
  });

  it('refuses, before asking any ESP, a Customer.io event that is not lower_snake_case and an Omnisend tag with an unknown placeholder', async () => {
    const { rules } = await settings();
    const cioRules = rules['customerio'] as Record<string, unknown>;
    const omnisendRules = rules['omnisend'] as Record<string, unknown>;
    const response = await admin('/settings', {
      method: 'PUT',
      body: {
        rules: {
          ...rules,
          customerio: { ...cioRules, on: { won: { event: 'Deal won' }, lost: { event: `deal_lost_${'x'.repeat(100)}` } } },
          omnisend: { ...omnisendRules, on: { won: { addTags: ['customer', 'tier_{tier}'], removeTags: [] } } },
        },
      },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_settings',
      problems: [
        { path: 'omnisend.on.won.addTags', message: expect.stringContaining('only {plan} and {source} are filled in') },
        { path: 'customerio.on.won.event', message: expect.stringContaining('lower_snake_case') },
        { path: 'customerio.on.lost.event', message: 'Customer.io takes event names of at most 100 characters; this one has 110.' },
      ],
    });
    expect([...omnisend.requests, ...moosend.requests, ...cio.requests]).toEqual([]);
  });

  it('saves a mapping (masked keys kept, sealed at rest) and uses it from then on', async () => {
    const { rules } = await settings();
    const kommoRules = rules['kommo'] as { stages: Record<string, string> };
    const saved = await admin('/settings', { method: 'PUT', body: { rules: { ...rules, kommo: { ...kommoRules, stages: { '67548619': 'demo_scheduled' } } } } });
    expect(saved.status).toBe(200);
    const after = await settings();
    expect(after.source).toBe('account');
    expect((after.rules['kommo'] as { stages: Record<string, string> }).stages).toEqual({ '67548619': 'demo_scheduled' });
    expect((after.rules['moosend'] as { apiKey: string }).apiKey).toBe(SECRET_MASK + DEFAULT_MOOSEND_API_KEY.slice(-4));
    const file = readFileSync(bridge.dbPath);
    expect(file.includes(DEFAULT_MOOSEND_API_KEY)).toBe(false);
    expect(file.includes(cio.credentials.appApiKey)).toBe(false);
    // The saved keys are the ones the ESPs accepted: the adapters still work.
    const probe = await admin('/dry-run', { method: 'POST', body: { leadId: 950 } });
    expect(probe.status).toBe(200);
  });

  it('lists the account’s pipelines, stages and fields from Kommo', async () => {
    const schema = KommoSchemaResponseSchema.parse(await (await admin('/kommo-schema')).json());
    expect(schema.pipelines[0]?.stages.map((s) => s.id)).toContain(142);
    expect(schema.contactFields.map((f) => f.id)).toContain(512003);
    expect(schema.leadFields.map((f) => f.id)).toContain(512001);
  });

  it('dry-runs a deal: the requests each ESP would get, and nothing sent', async () => {
    const response = await admin('/dry-run', { method: 'POST', body: { leadId: 950 } });
    expect(response.status).toBe(200);
    const dry = DryRunResponseSchema.parse(await response.json());
    const esps = Object.fromEntries((dry.contacts[0]?.esps ?? []).map((e) => [e.esp, e]));
    expect(esps['omnisend']?.requests).toEqual([expect.objectContaining({ method: 'POST', url: `${omnisend.origin}/api/contacts`, body: expect.objectContaining({ tags: ['customer'] }) })]);
    expect(esps['moosend']?.requests).toEqual([expect.objectContaining({ method: 'POST', url: expect.stringContaining(`/v3/subscribers/${listId}/subscribe.json?apikey=`) })]);
    expect(JSON.stringify(esps['moosend'])).not.toContain(DEFAULT_MOOSEND_API_KEY);
    expect(esps['customerio']?.requests).toEqual([expect.objectContaining({ body: expect.objectContaining({ email: 'jane.doe@example.com', kommo_deal_id: 950 }) })]);
    expect(espWrites()).toEqual([]);
    expect(omnisend.contacts.all()).toEqual([]);
  });

  it('publishes the Omnisend step’s body template and secret header, which the Omnisend webhook accepts as the automation’s event', async () => {
    // The rules file set no header secret, and a save keeps it that way for the address in use
    // (live automations would answer 401); connecting Omnisend anew gives a new address and a header.
    expect((await settings()).webhookSetup?.omnisend).toMatchObject({ header: null });
    expect((await admin('/settings', { method: 'PUT', body: { rules: (await settings()).rules } })).status).toBe(200);
    expect((await settings()).webhookSetup?.omnisend).toMatchObject({ header: null });
    const saved = await admin('/settings', { method: 'PUT', body: { rules: await withNewOmnisendAddress() } });
    expect(saved.status).toBe(200);
    const { rules, webhookUrls, webhookSetup } = await settings();
    const header = webhookSetup?.omnisend?.header;
    expect(header?.name).toBe('X-Bridge-Secret');
    expect(header?.value).toMatch(/^[\w-]{32,}$/);
    expect((rules['omnisend'] as { webhookHeaderSecret: string }).webhookHeaderSecret).toBe(SECRET_MASK + header?.value.slice(-4));
    const template = webhookSetup?.omnisend?.bodyTemplate ?? '';
    expect(template).toContain(OMNISEND_TRIGGER_PLACEHOLDER);

    // What Omnisend posts: the admin typed the automation's trigger, Omnisend filled its merge tags.
    const body = renderAutomationWebhookBody(template.replace(OMNISEND_TRIGGER_PLACEHOLDER, 'clicked message'), {
      contact: { email: 'Jane.Doe@Example.com' },
      event: { raw: { campaign_name: 'Welcome to "Pro"', link: 'https://example.com/pricing' } },
    });
    const url = (webhookUrls.omnisend ?? '').replace(PUBLIC_URL, bridge.origin);
    const withoutHeader = await omnisend.sendAutomationWebhook({ url, body });
    expect(withoutHeader.status).toBe(401);
    const accepted = await omnisend.sendAutomationWebhook({ url, headers: [{ key: header?.name ?? '', value: header?.value ?? '' }], body });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ queued: 1, duplicate: false });
    const jobs = bridge.db.prepare("SELECT payload FROM jobs WHERE kind = 'esp.event'").all() as { payload: string }[];
    expect(jobs.map((job) => JSON.parse(job.payload) as unknown)).toEqual([
      expect.objectContaining({ esp: 'omnisend', kind: 'clicked', email: 'jane.doe@example.com', subject: 'Welcome to "Pro"', link: 'https://example.com/pricing' }),
    ]);
  });

  it('parks an Omnisend body whose trigger the admin did not fill in, rather than guessing the event', async () => {
    await admin('/settings', { method: 'PUT', body: { rules: await withNewOmnisendAddress() } });
    const { webhookUrls, webhookSetup } = await settings();
    const header = webhookSetup?.omnisend?.header;
    const body = renderAutomationWebhookBody(webhookSetup?.omnisend?.bodyTemplate ?? '', { contact: { email: 'jane.doe@example.com' } });
    const url = (webhookUrls.omnisend ?? '').replace(PUBLIC_URL, bridge.origin);
    const parked = await omnisend.sendAutomationWebhook({ url, headers: { [header?.name ?? '']: header?.value ?? '' }, body });
    expect(parked.status).toBe(200);
    expect(await parked.json()).toEqual({ parked: `event "${OMNISEND_TRIGGER_PLACEHOLDER}" is not used by the bridge` });
  });

  it('hints at a Moosend body the Moosend webhook reads', async () => {
    const { webhookUrls, webhookSetup } = await settings();
    const hint = webhookSetup?.moosend?.bodyHint ?? '';
    const response = await fetch((webhookUrls.moosend ?? '').replace(PUBLIC_URL, bridge.origin), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: hint });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ queued: 1, duplicate: false });
  });
});
