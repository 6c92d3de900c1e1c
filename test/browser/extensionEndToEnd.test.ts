import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDeals, startDemoWorld, type DemoWorld } from '../demo/demoWorld.ts';
import { CURRENT_USER_ID } from '../simulators/kommo/index.ts';
import { launchExtensionBrowser, type ExtensionBrowser } from '../support/extensionBrowser.ts';
import { queueDrained } from '../support/inProcessBridge.ts';
import { startKommoHttpsPage, type KommoHttpsPage } from '../support/kommoHttpsPage.ts';

/**
 * The BUILT extension in Chromium on a Kommo-like page at https://{subdomain}.kommo.com, talking
 * through its service worker to backend-lite and the simulators (issue #5's browser checks). The
 * tests share one world and run in order: set-up, reads, navigation, opt-out, then revocation.
 */
let world: DemoWorld;
let kommo: KommoHttpsPage;
let browser: ExtensionBrowser;
let page: Page;
let token: { id: number; token: string };

beforeAll(async () => {
  world = await startDemoWorld();
  const deals = Object.fromEntries(Object.values(demoDeals).map((deal) => [deal.id, deal.name]));
  kommo = await startKommoHttpsPage({ subdomain: world.kommo.subdomain, deals });
  browser = await launchExtensionBrowser({ hostResolverRules: `MAP *.kommo.com:443 127.0.0.1:${kommo.port}` });
  const selfHosted = world.bridge.selfHosted;
  if (!selfHosted) throw new Error('The demo world has no self-hosted account to issue a token for.');
  token = await world.bridge.personalTokens.issue({ accountId: selfHosted.id, userId: CURRENT_USER_ID, label: 'extension browser test' });
  page = await browser.context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await kommo?.close();
  await world?.close();
});

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const status = () => byTestId('keb-options-status');

async function panelSettled() {
  await page.locator('[data-testid="keb-panel"][aria-busy="false"]').waitFor({ timeout: 10_000 });
}

describe('the browser extension in a Kommo card', () => {
  it('the options page says in words what is wrong, then saves a working connection', async () => {
    await browser.allowHost(`${world.bridge.origin}/*`);
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await byTestId('keb-options-url').fill(world.bridge.origin);
    await byTestId('keb-options-token').fill('keb_not-a-real-token');
    await byTestId('keb-options-test').click();
    await expect.poll(() => status().getAttribute('data-tone')).toBe('error');
    expect(await status().textContent()).toContain('does not know this personal token');

    await byTestId('keb-options-token').fill(token.token);
    await byTestId('keb-options-save').click();
    await expect.poll(() => status().getAttribute('data-tone')).toBe('ok');
    expect(await status().textContent()).toContain(`Saved. Connected to the Kommo account “${world.kommo.subdomain}”`);
  });

  it('shows the panel with the simulators’ data in the card’s right column', async () => {
    await page.goto(`${kommo.origin}/leads/detail/${demoDeals.customer.id}`);
    await panelSettled();
    const contact = byTestId(`keb-contact-${world.contacts.customer.id}`);
    const omnisend = contact.locator('[data-testid="keb-esp-omnisend"]');
    await expect.poll(() => omnisend.getAttribute('data-state')).toBe('found');
    expect(await omnisend.locator('[data-testid="keb-status-email"]').getAttribute('data-status')).toBe('subscribed');
    expect(await omnisend.locator('[data-testid="keb-tag"]').allTextContents()).toEqual(['customer', 'plan_pro', 'active']);
    expect(await page.locator('#widgets_block kommo-esp-bridge').count()).toBe(1);
    expect(await byTestId('keb-drawer').count()).toBe(0);
  });

  it('follows pushState navigation to another deal, with only ever one panel', async () => {
    await page.evaluate((id) => (window as unknown as { __kommoSpa: { open(path: string): void } }).__kommoSpa.open(`/leads/detail/${id}`), demoDeals.unsubscribed.id);
    await byTestId(`keb-contact-${world.contacts.unsubscribed.id}`).waitFor({ timeout: 10_000 });
    await panelSettled();
    expect(await byTestId('keb-panel').count()).toBe(1);
    expect(await byTestId(`keb-contact-${world.contacts.customer.id}`).count()).toBe(0);
    expect(await byTestId(`keb-contact-${world.contacts.unsubscribed.id}`).locator('[data-testid="keb-esp-omnisend"] [data-testid="keb-status-email"]').getAttribute('data-status')).toBe('unsubscribed');

    // The usual way in: the pipeline first (no card, no panel), then a click into a deal.
    await page.goto(`${kommo.origin}/leads/pipeline/1`);
    await page.waitForTimeout(300);
    expect(await byTestId('keb-panel').count()).toBe(0);
    await page.evaluate((id) => (window as unknown as { __kommoSpa: { open(path: string): void } }).__kommoSpa.open(`/leads/detail/${id}`), demoDeals.bounced.id);
    await byTestId(`keb-contact-${world.contacts.bounced.id}`).waitFor({ timeout: 10_000 });
    expect(await byTestId('keb-panel').count()).toBe(1);
  });

  it('opens the panel in a drawer where the card has no right column', async () => {
    await page.goto(`${kommo.origin}/leads/detail/${demoDeals.customer.id}?layout=bare`);
    await byTestId('keb-drawer').locator('[data-testid="keb-panel"]').waitFor({ timeout: 10_000 });
    await byTestId('keb-drawer-toggle').click();
    expect(await byTestId('keb-drawer').getAttribute('data-open')).toBe('false');
    expect(await byTestId('keb-panel').isVisible()).toBe(false);
  });

  it('Opt out everywhere works end to end through the service worker', async () => {
    await page.goto(`${kommo.origin}/leads/detail/${demoDeals.customer.id}`);
    await panelSettled();
    const id = world.contacts.customer.id;
    await byTestId(`keb-optout-${id}`).click();
    await byTestId('keb-optout-confirm').click();
    const outcomes = byTestId('keb-outcomes').locator('[data-testid="keb-outcome"]');
    await expect.poll(() => outcomes.count(), { timeout: 10_000 }).toBe(3);
    await world.omnisend.settled();
    expect(world.omnisend.contacts.byEmail('jane.doe@acme.example')).toMatchObject({ status: 'unsubscribed' });
    expect(world.cio.person('jane.doe@acme.example')).toMatchObject({ unsubscribed: true });
    expect(world.kommo.notes.some((n) => n.entity_id === id && String(n.params['text']).includes('opted Jane Doe out of email everywhere'))).toBe(true);
    await queueDrained(world.bridge);
    await page.locator(`[data-testid="keb-contact-${id}"] [data-testid="keb-esp-omnisend"] [data-testid="keb-status-email"][data-status="unsubscribed"]`).waitFor({ timeout: 10_000 });
  });

  it('a revoked token replaces the panel with a sentence saying so', async () => {
    expect(await world.bridge.personalTokens.revoke(token.id, world.bridge.selfHosted!.id)).toBe(true);
    await page.evaluate((id) => (window as unknown as { __kommoSpa: { open(path: string): void } }).__kommoSpa.open(`/leads/detail/${id}`), demoDeals.noEmail.id);
    const notice = byTestId('keb-extension-notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.getAttribute('data-reason')).toBe('token_revoked');
    expect(await notice.textContent()).toContain('Your personal token was revoked');
    expect(await byTestId('keb-panel').count()).toBe(0);

    // A fresh page load checks the token first and says the same.
    await page.reload();
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.getAttribute('data-reason')).toBe('token_revoked');
  });
});
