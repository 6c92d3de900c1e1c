import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNISEND_TRIGGER_PLACEHOLDER, SECRET_MASK } from '../../backend-lite/api/adminContract.ts';
import { demoDeals, startDemoWorld, type DemoWorld } from '../demo/demoWorld.ts';
import { DEFAULT_MOOSEND_API_KEY } from '../simulators/moosend/index.ts';
import { launchChromium } from '../support/chromium.ts';
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

async function openSettings() {
  await page.goto(`${world.page.url}?area=advanced_settings`);
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
    const headerValue = await header.inputValue();
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
    expect(await dead.textContent()).toContain('omnisend');

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
});
