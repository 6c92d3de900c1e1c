import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNISEND_TRIGGER_PLACEHOLDER, SECRET_MASK, SettingsResponseSchema } from '../../backend-lite/api/adminContract.ts';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, demoDeals, startDemoWorld, type DemoWorld } from '../demo/demoWorld.ts';
import { DEFAULT_MOOSEND_API_KEY } from '../simulators/moosend/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { mintDisposableToken } from '../support/disposableToken.ts';
import { queueDrained } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

/**
 * The built widget's settings page (Kommo → Settings → the widget's page) against backend-lite and
 * the simulators. One world, tests in order: a refused key, a saved mapping, a dry run, a retry.
 * The demo bridge starts with the self-hosted rules file's settings, which the page edits like any
 * other: the first save makes them the account's own.
 */
let world: DemoWorld;
let browser: Browser;
let page: Page;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const STAGE = 67548607; // "Initial contact" in the Kommo simulator's pipeline

async function openSettings(language: 'en' | 'es' = 'en') {
  await page.goto(`${world.page.url}?area=advanced_settings&lang=${language}`);
  await byTestId('keb-settings-save').waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="keb-settings"][aria-busy="false"]').waitFor();
}

// Customer.io's App API reads many customers' attributes with a POST: a read, whatever its verb.
const isRead = ({ method, path }: { method: string; path: string }) => method === 'GET' || method === 'HEAD' || path === '/v1/customers/attributes';
const writesTo = (requests: readonly { method: string; path: string }[]) => requests.filter((request) => !isRead(request)).length;
const espWrites = () => writesTo(world.omnisend.requests) + writesTo(world.moosend.requests) + writesTo(world.cio.requests);

beforeAll(async () => {
  [world, browser] = await Promise.all([startDemoWorld(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

describe('the widget’s settings page', () => {
  it('rejects a Moosend key the ESP refuses, with Moosend’s reason, and keeps the stored key', async () => {
    await openSettings();
    expect(await byTestId('keb-settings-file-source').textContent()).toMatch(/rules file.*saving here stores this account’s own copy/is);
    const key = byTestId('keb-input-moosend.apiKey');
    expect(await key.inputValue()).toBe(SECRET_MASK + DEFAULT_MOOSEND_API_KEY.slice(-4));

    await key.fill('not-the-moosend-key');
    await byTestId('keb-settings-save').click();
    const refusal = page.locator('[data-testid="keb-esp-settings-moosend"] [data-testid="keb-settings-error"][data-esp="moosend"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Moosend/);
    expect(await byTestId('keb-settings-saved').count()).toBe(0);

    await openSettings();
    expect(await byTestId('keb-input-moosend.apiKey').inputValue()).toBe(SECRET_MASK + DEFAULT_MOOSEND_API_KEY.slice(-4));
  });

  it('saves a stage mapping over the rules file’s settings, and shows it again after a reload', async () => {
    await openSettings();
    expect(await byTestId('keb-settings-file-source').count()).toBe(1);
    await byTestId('keb-new-stage').fill('qualified');
    await byTestId('keb-add-stage').click();
    await byTestId(`keb-stage-${STAGE}`).selectOption('qualified');
    await byTestId('keb-input-customerio.on.qualified.event').fill('deal_qualified');
    await byTestId('keb-input-omnisend.on.qualified.addTags').fill('prospect, plan_{plan}');
    await byTestId('keb-settings-save').click();
    await byTestId('keb-settings-saved').waitFor({ timeout: 15_000 });

    await page.reload();
    await openSettings();
    expect(await byTestId('keb-settings-file-source').count()).toBe(0);
    expect(await byTestId(`keb-stage-${STAGE}`).inputValue()).toBe('qualified');
    expect(await byTestId('keb-input-customerio.on.qualified.event').inputValue()).toBe('deal_qualified');
    expect(await byTestId('keb-input-omnisend.on.qualified.addTags').inputValue()).toBe('prospect, plan_{plan}');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/settings-page.png', fullPage: true });
  });

  it('shows what to paste into the Omnisend webhook step, each with a copy button', async () => {
    await openSettings();
    const template = byTestId('keb-webhook-template-omnisend');
    expect(JSON.parse(await template.inputValue())).toEqual({
      event: OMNISEND_TRIGGER_PLACEHOLDER,
      contactEmail: '[[contact.email]]',
      campaign: '[[event.raw.campaign_name]]',
      link: '[[event.raw.link]]',
    });
    const header = byTestId('keb-webhook-header-omnisend');
    expect(await page.locator('label[for="keb-webhook-header-omnisend"]').textContent()).toContain('X-Bridge-Secret');
    const headerValue = (await header.textContent()) ?? '';
    expect(headerValue).toMatch(/^[\w-]{32,}$/);
    expect(await byTestId('keb-webhook-hint-moosend').textContent()).toContain('"email"');

    await byTestId('keb-copy-template-omnisend').click();
    await expect.poll(() => byTestId('keb-copy-template-omnisend-outcome').textContent()).toMatch(/Copied|copy it by hand/);
    await byTestId('keb-copy-header-omnisend').click();
    await expect.poll(() => byTestId('keb-copy-header-omnisend-outcome').textContent()).toMatch(/Copied|copy it by hand/);
  });

  it('dry-runs a deal: shows the requests each ESP would get, and the ESPs receive no writes', async () => {
    await openSettings();
    const writesBefore = espWrites();
    await byTestId('keb-dryrun-lead').fill(String(demoDeals.customer.id));
    await byTestId('keb-dryrun-run').click();
    const result = byTestId('keb-dryrun-result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toContain('nothing was sent');
    const requests = result.locator('[data-testid="keb-dryrun-request"]');
    expect(await requests.count()).toBeGreaterThan(0);
    expect(await requests.first().textContent()).toMatch(/^(POST|PUT|PATCH|DELETE) http/);
    expect(espWrites()).toBe(writesBefore);
  });

  it('lists a dead job in the sync log, and Retry delivers it', async () => {
    // A deal won for the first time, so the bridge pushes it; Omnisend refuses that one push.
    const upsell = world.kommo.addLead({ id: 1005, name: 'Acme Corp — upsell', status_id: 142, price: 400, contacts: [world.contacts.customer.id] });
    world.omnisend.failNext({ status: 400, method: 'POST', path: /contacts/ });
    await world.bridge.postKommoWebhook(won(upsell.id, Math.floor(Date.now() / 1000)));
    await queueDrained(world.bridge);

    await openSettings();
    await byTestId('keb-synclog-status').selectOption('dead');
    const dead = page.locator('[data-testid="keb-synclog-row"][data-status="dead"]').first();
    await dead.waitFor();
    const jobId = await dead.getAttribute('data-job-id');
    expect(await dead.locator('[data-testid="keb-synclog-what"]').textContent()).toBe('Sent to Omnisend');
    expect(await dead.locator('[data-testid="keb-synclog-problem"]').textContent()).toMatch(/^Omnisend refused what the bridge sent\.EspRejectedInput: Omnisend rejected/);

    await dead.locator('[data-testid="keb-synclog-retry"]').click();
    await byTestId('keb-synclog-status').selectOption('all');
    const retried = page.locator(`[data-testid="keb-synclog-row"][data-job-id="${jobId}"]`);
    await expect
      .poll(
        async () => {
          await byTestId('keb-synclog-show').click();
          await page.locator('section[aria-labelledby="keb-synclog-title"][aria-busy="false"]').waitFor();
          return retried.getAttribute('data-status');
        },
        { timeout: 10_000 },
      )
      .toBe('done');
  });

  it('shows the manual Kommo webhook address whole, wrapped to the page’s width', async () => {
    await page.setViewportSize({ width: 460, height: 900 });
    try {
      await openSettings();
      const address = byTestId('keb-webhook-url-kommo');
      expect(await address.textContent()).toBe(`${world.bridge.origin}/webhooks/kommo/kommo-hook-secret-0123456789abcdef`);
      const box = await address.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth, lines: element.getClientRects().length, height: element.clientHeight }));
      expect(box.scroll).toBeLessThanOrEqual(box.client);
      // Wider than the column at this width: it takes more than one line instead of being cut.
      expect(box.height).toBeGreaterThan(30);
      expect(await page.locator('label[for="keb-webhook-kommo"]').textContent()).toBe('Kommo webhook address');
    } finally {
      await page.setViewportSize({ width: 1200, height: 1000 });
    }
  });

  it('checks Customer.io event names and Omnisend tags as they are typed, saying why', async () => {
    await openSettings();
    const event = byTestId('keb-input-customerio.on.won.event');
    const eventProblem = page.locator('[data-testid="keb-field-problem"][data-path="customerio.on.won.event"]');
    await event.fill('Deal Won');
    expect(await eventProblem.textContent()).toMatch(/lower_snake_case/);
    expect(await event.getAttribute('aria-invalid')).toBe('true');
    await event.fill(`deal_won_${'x'.repeat(92)}`);
    expect(await eventProblem.textContent()).toBe('Customer.io takes event names of at most 100 characters; this one has 101.');
    await event.fill('deal_won');
    expect(await eventProblem.count()).toBe(0);

    const tags = byTestId('keb-input-omnisend.on.won.addTags');
    await tags.fill('customer, tier_{tier}');
    expect(await page.locator('[data-testid="keb-field-problem"][data-path="omnisend.on.won.addTags"]').textContent()).toBe(
      '{tier} would reach Omnisend as typed: only {plan} and {source} are filled in.',
    );
    await tags.fill('customer, plan_{plan}');
    expect(await page.locator('[data-testid="keb-field-problem"][data-path="omnisend.on.won.addTags"]').count()).toBe(0);
  });

  describe('Moosend lists', () => {
    let payingId: string;
    const wonList = () => byTestId('keb-input-moosend.on.won.list');
    const fieldsOf = (listId: string) => page.locator(`[data-testid="keb-moosend-fields-list"][data-list-id="${listId}"]`);
    const creations = (listId: string) => world.moosend.requests.filter((r) => r.method === 'POST' && r.path === `/v3/lists/${listId}/customfields/create.json`);

    beforeAll(() => {
      const paying = world.moosend.seedList({ name: 'Paying customers', customFields: ['Plan'] });
      payingId = paying.id;
      world.moosend.seedSubscriber(payingId, { email: 'first@acme.example' });
      world.moosend.seedSubscriber(payingId, { email: 'second@acme.example' });
      world.moosend.seedSubscriber(payingId, { email: 'left@acme.example', status: 'Unsubscribed' });
    });

    it('picks a stage’s list by name and active members; saved, it is shown after a reload', async () => {
      await openSettings();
      await page.locator(`[data-testid="keb-input-moosend.on.won.list"] option[value="${payingId}"]`).waitFor({ state: 'attached' });
      expect(await byTestId('keb-moosend-lists-error').count()).toBe(0);
      await wonList().selectOption({ label: 'Paying customers · 2 active' });
      await byTestId('keb-settings-save').click();
      await byTestId('keb-settings-saved').waitFor({ timeout: 15_000 });

      await page.reload();
      await openSettings();
      await page.locator(`[data-testid="keb-input-moosend.on.won.list"] option[value="${payingId}"]`).waitFor({ state: 'attached' });
      expect(await wonList().inputValue()).toBe(payingId);
      expect(await wonList().locator('option:checked').textContent()).toBe('Paying customers · 2 active');
    });

    it('shows a saved list Moosend no longer has as “list not found”, with its ID', async () => {
      const gone = '5c3d0000-dead-4bee-8000-000000000000';
      const token = mintDisposableToken({
        clientSecret: DEMO_CLIENT_SECRET,
        clientUuid: DEMO_CLIENT_ID,
        subdomain: world.kommo.subdomain,
        audience: world.bridge.origin,
        accountId: world.kommo.accountId,
        userId: 1,
        isAdmin: true,
      });
      const call = (init: RequestInit = {}) => fetch(`${world.bridge.origin}/api/admin/settings`, { ...init, headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' } });
      const { rules } = SettingsResponseSchema.parse(await (await call()).json());
      const moosend = rules['moosend'] as { on: Record<string, unknown> };
      const saved = await call({ method: 'PUT', body: JSON.stringify({ rules: { ...rules, moosend: { ...moosend, on: { ...moosend.on, lost: { list: gone, addTags: [] } } } } }) });
      expect(saved.status).toBe(200);

      await openSettings();
      const lost = byTestId('keb-input-moosend.on.lost.list');
      await page.locator('[data-testid="keb-input-moosend.on.lost.list"] option[value=""]').waitFor({ state: 'attached' });
      await expect.poll(() => lost.locator('option:checked').textContent()).toBe(`List not found (ID ${gone})`);
      expect(await page.locator('[data-testid="keb-field-problem"][data-path="moosend.on.lost.list"]').textContent()).toContain(gone);
      expect(await fieldsOf(gone).textContent()).toBe(`List not found (ID ${gone})`);

      // The admin picks none instead, and the bridge stops sending there.
      await lost.selectOption('');
      await byTestId('keb-settings-save').click();
      await byTestId('keb-settings-saved').waitFor({ timeout: 15_000 });
      expect(await fieldsOf(gone).count()).toBe(0);
    });

    it('creates exactly the missing fields once, however often clicked; a Won afterwards writes them', async () => {
      await openSettings();
      const list = fieldsOf(payingId);
      await list.waitFor();
      expect(await list.getAttribute('data-missing')).toBe('kommo_deal_id mrr won_date');
      expect(await list.locator('[data-testid="keb-moosend-fields-missing"]').textContent()).toBe('Missing: kommo_deal_id (number), mrr (number), and won_date (date).');

      mkdirSync('test-results', { recursive: true });
      await byTestId(`keb-stage-${STAGE}`).waitFor();
      await page.locator('section[aria-labelledby="keb-mapping-title"]').screenshot({ path: 'test-results/settings-moosend-lists.png' });
      await list.locator('[data-testid="keb-moosend-create-fields"]').dblclick();
      await list.locator('[data-testid="keb-moosend-fields-complete"]').waitFor({ timeout: 10_000 });
      expect(await list.locator('[data-testid="keb-moosend-fields-created"]').textContent()).toBe('Created in Moosend: kommo_deal_id, mrr, and won_date.');
      expect(creations(payingId).map((r) => r.body)).toEqual([
        { Name: 'kommo_deal_id', CustomFieldType: 'Number', IsRequired: false, IsHidden: false },
        { Name: 'mrr', CustomFieldType: 'Number', IsRequired: false, IsHidden: false },
        { Name: 'won_date', CustomFieldType: 'DateTime', IsRequired: false, IsHidden: false },
      ]);
      await page.reload();
      await openSettings();
      await fieldsOf(payingId).locator('[data-testid="keb-moosend-fields-complete"]').waitFor();
      expect(await fieldsOf(payingId).locator('[data-testid="keb-moosend-create-fields"]').count()).toBe(0);
      expect(creations(payingId)).toHaveLength(3);

      const ana = world.kommo.addContact({
        name: 'Ana Lima',
        first_name: 'Ana',
        last_name: 'Lima',
        email: 'ana.lima@acme.example',
        custom_fields_values: [{ field_id: 512003, values: [{ value: true }] }],
      });
      const deal = world.kommo.addLead({
        id: 1006,
        name: 'Acme Corp — second seat',
        status_id: 142,
        price: 1200,
        contacts: [ana.id],
        custom_fields_values: [{ field_id: 512001, values: [{ enum_id: 908107 }] }],
      });
      await world.bridge.postKommoWebhook(won(deal.id, Math.floor(Date.now() / 1000)));
      await queueDrained(world.bridge);

      expect(world.moosend.customFields(payingId, 'ana.lima@acme.example')).toEqual({
        Plan: expect.any(String),
        kommo_deal_id: '1006',
        mrr: '1200',
        won_date: new Date().toISOString().slice(0, 10),
      });
      const notes = world.kommo.notes.filter((note) => note.entity_id === deal.id).map((note) => JSON.stringify(note.params));
      expect(notes.some((text) => text.includes('moosend') && text.includes('Paying customers'))).toBe(true);
      expect(notes.join('\n')).not.toContain('has no custom field');
    });

    it('lists what the bridge did in words, with the person and links to the Kommo cards, in English and Spanish', async () => {
      mkdirSync('test-results', { recursive: true });
      const log = page.locator('section[aria-labelledby="keb-synclog-title"]');
      const row = (action: string, what: string, who = '') =>
        page.locator(`[data-testid="keb-synclog-row"][data-action="${action}"]`).filter({ hasText: what }).filter({ hasText: who }).first();
      const ana = [...world.kommo.contacts.values()].find((contact) => contact.name === 'Ana Lima');

      await openSettings('en');
      const sent = row('sent', 'Sent to Moosend', 'Ana Lima');
      await sent.waitFor();
      expect(await sent.locator('[data-testid="keb-synclog-contact"]').textContent()).toBe('Ana Lima (opens the Kommo card in a new tab)ana.lima@acme.example');
      expect(await sent.locator('[data-testid="keb-synclog-contact"] a').getAttribute('href')).toBe(`/contacts/detail/${ana?.id}`);
      expect(await sent.locator('[data-testid="keb-synclog-deal"] a').getAttribute('href')).toBe('/leads/detail/1006');
      expect(await sent.locator('td').nth(4).textContent()).toBe('Done');
      expect(await row('note', 'Note in Kommo').count()).toBe(1);
      expect(await row('esp-event', 'Event from Customer.io', 'jane.doe@acme.example').locator('[data-testid="keb-synclog-contact"] a').textContent()).toMatch(/^Jane Doe/);
      expect(await log.textContent()).not.toMatch(/esp\.push|kommo\.note|esp\.event/);
      await log.screenshot({ path: 'test-results/settings-sync-log-en.png' });

      await openSettings('es');
      const enviado = row('sent', 'Enviado a Moosend', 'Ana Lima');
      await enviado.waitFor();
      expect(await enviado.locator('td').nth(4).textContent()).toBe('Hecho');
      expect(await row('note', 'Nota en Kommo').count()).toBe(1);
      expect(await row('esp-event', 'Evento de Customer.io').count()).toBe(1);
      expect(await page.locator('[data-testid="keb-synclog"] thead').textContent()).toBe('CuándoQuéContactoNegocioEstadoIntentosProblemaReintentar');
      await log.screenshot({ path: 'test-results/settings-sync-log-es.png' });
    });
  });
});
