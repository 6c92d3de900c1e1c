import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDeals, startDemoWorld, type DemoWorld } from '../demo/demoWorld.ts';
import { launchChromium } from '../support/chromium.ts';
import { queueDrained } from '../support/inProcessBridge.ts';

/**
 * The built widget in the Kommo-like card page, talking to backend-lite, which talks to the Kommo
 * and ESP simulators (issue #4's browser checks). The tests share one seeded world and run in order:
 * the reads first, then Resync, then the opt-out that changes the customer for good.
 */
let world: DemoWorld;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [world, browser] = await Promise.all([startDemoWorld(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
async function openDeal(deal: keyof typeof demoDeals, language: 'en' | 'es' = 'en') {
  await page.goto(world.urlFor(deal, language));
  await byTestId('keb-panel').waitFor();
  await page.locator('[data-testid="keb-panel"][aria-busy="false"]').waitFor({ timeout: 10_000 });
}

describe('the deal-card panel in the built widget', () => {
  it('shows each ESP’s status, tags and the activity timeline of the seeded customer', async () => {
    await openDeal('customer');
    const contact = byTestId(`keb-contact-${world.contacts.customer.id}`);
    const omnisend = contact.locator('[data-testid="keb-esp-omnisend"]');
    await expect.poll(() => omnisend.getAttribute('data-state')).toBe('found');
    expect(await omnisend.locator('[data-testid="keb-status-email"]').getAttribute('data-status')).toBe('subscribed');
    expect(await omnisend.locator('[data-testid="keb-tag"]').allTextContents()).toEqual(['customer', 'plan_pro', 'active']);
    expect(await contact.locator('[data-testid="keb-esp-customerio"] [data-testid="keb-status-email"]').getAttribute('data-status')).toBe('subscribed');
    const timeline = byTestId('keb-timeline');
    await expect.poll(() => timeline.locator('[data-testid="keb-timeline-entry"][data-kind="clicked"]').count()).toBeGreaterThanOrEqual(2);
    expect(await timeline.textContent()).toContain('Spring webinar invitation');
    expect(await timeline.textContent()).toContain('https://acme.example/billing');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/panel-deal-card.png', fullPage: true });
  });

  it('shows the unsubscribed, bounced and no-email cases as such', async () => {
    await openDeal('unsubscribed');
    const tom = byTestId(`keb-contact-${world.contacts.unsubscribed.id}`);
    expect(await tom.locator('[data-testid="keb-esp-omnisend"] [data-testid="keb-status-email"]').getAttribute('data-status')).toBe('unsubscribed');
    expect(await tom.locator('[data-testid="keb-esp-moosend"] [data-testid="keb-status-email"]').getAttribute('data-status')).toBe('unsubscribed');
    expect(await tom.locator('[data-testid="keb-esp-customerio"]').getAttribute('data-state')).toBe('not_found');

    await openDeal('bounced');
    const entry = byTestId('keb-timeline').locator('[data-testid="keb-timeline-entry"][data-kind="bounced"]');
    expect(await entry.textContent()).toContain('Your demo is confirmed');

    await openDeal('noEmail');
    const walkIn = byTestId(`keb-contact-${world.contacts.noEmail.id}`);
    expect(await walkIn.textContent()).toContain('No email');
    expect(await walkIn.locator('[data-testid^="keb-esp-"]').count()).toBe(0);
  });

  it('shows an ESP that answers 500 with its error while the others still show data', async () => {
    world.omnisend.failNext({ status: 500, times: 10, path: /^\/api\/contacts/ });
    await openDeal('customer');
    const contact = byTestId(`keb-contact-${world.contacts.customer.id}`);
    expect(await contact.locator('[data-testid="keb-esp-omnisend"]').getAttribute('data-state')).toBe('error');
    expect(await contact.locator('[data-testid="keb-esp-omnisend"]').textContent()).toMatch(/cannot be reached|unavailable/i);
    expect(await contact.locator('[data-testid="keb-esp-moosend"]').getAttribute('data-state')).toBe('found');
    expect(await contact.locator('[data-testid="keb-esp-customerio"]').getAttribute('data-state')).toBe('found');
    world.omnisend.reset();
  });

  it('follows the Kommo user’s language', async () => {
    await openDeal('customer', 'es');
    expect(await byTestId('keb-resync').textContent()).toBe('Resincronizar');
    expect(await byTestId('keb-panel').textContent()).toContain('Suscrito');
  });

  it('Resync pushes the deal to every ESP and shows each outcome', async () => {
    await openDeal('customer');
    const before = {
      omnisend: world.omnisend.requests.filter((r) => r.method === 'POST' && r.path === '/api/contacts').length,
      moosendReads: world.moosend.requests.filter((r) => r.path.endsWith('/view.json')).length,
      cio: world.cio.trackRequests.filter((r) => r.method === 'PUT').length,
    };
    await byTestId('keb-resync').click();
    const outcomes = byTestId('keb-outcomes').locator('[data-testid="keb-outcome"]');
    await expect.poll(() => outcomes.count(), { timeout: 10_000 }).toBe(3);
    expect((await outcomes.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-esp')))).sort()).toEqual(['customerio', 'moosend', 'omnisend']);
    expect(await outcomes.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')))).not.toContain('failed');
    expect(world.omnisend.requests.filter((r) => r.method === 'POST' && r.path === '/api/contacts').length).toBe(before.omnisend + 1);
    // Moosend already holds exactly this (read before write), so it is read and left alone.
    expect(world.moosend.requests.filter((r) => r.path.endsWith('/view.json')).length).toBeGreaterThan(before.moosendReads);
    expect(await outcomes.evaluateAll((rows) => rows.find((r) => r.getAttribute('data-esp') === 'moosend')?.getAttribute('data-outcome'))).toBe('skipped');
    expect(world.cio.trackRequests.filter((r) => r.method === 'PUT').length).toBe(before.cio + 1);
    expect(world.omnisend.wasResubscribed('jane.doe@acme.example')).toBe(false);
  });

  it('Opt out everywhere asks first, then unsubscribes in every ESP and tells Kommo', async () => {
    await openDeal('customer');
    const id = world.contacts.customer.id;
    await byTestId(`keb-optout-${id}`).click();
    await byTestId('keb-optout-confirm').waitFor();
    expect(world.omnisend.contacts.byEmail('jane.doe@acme.example')).toMatchObject({ status: 'subscribed' });
    await byTestId('keb-optout-confirm').click();
    const outcomes = byTestId('keb-outcomes').locator('[data-testid="keb-outcome"]');
    await expect.poll(() => outcomes.count(), { timeout: 10_000 }).toBe(3);
    await world.omnisend.settled();

    expect(world.omnisend.contacts.byEmail('jane.doe@acme.example')).toMatchObject({ status: 'unsubscribed' });
    expect(world.moosend.subscriber(world.wonListId, 'jane.doe@acme.example')).toMatchObject({ SubscribeType: 2 });
    expect(world.cio.person('jane.doe@acme.example')).toMatchObject({ unsubscribed: true });
    const patch = world.kommo.requests.find((r) => r.method === 'PATCH' && r.path === `/api/v4/contacts/${id}`);
    expect(patch?.body).toEqual({ custom_fields_values: [{ field_id: 512003, values: [{ value: false }] }] });
    expect(world.kommo.notes.some((n) => n.entity_id === id && String(n.params['text']).includes('Maria Manager opted Jane Doe out of email everywhere'))).toBe(true);
    await queueDrained(world.bridge);
    await page.locator(`[data-testid="keb-contact-${id}"] [data-testid="keb-esp-omnisend"] [data-testid="keb-status-email"][data-status="unsubscribed"]`).waitFor({ timeout: 10_000 });
  });
});
