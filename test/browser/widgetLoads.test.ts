import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PanelResponseSchema, ResyncResponseSchema, panelPaths, type PanelResponse } from '../../backend-lite/api/panelContract.ts';
import { launchChromium } from '../support/chromium.ts';
import { startKommoCardPage, type KommoCardPage, type KommoPageHooks } from '../support/kommoCardPage.ts';

const widgetDir = fileURLToPath(new URL('../../dist/widget', import.meta.url));
const CLIENT_SECRET = 'integration-secret-for-the-widget-smoke-test';
const ACCOUNT_ID = 31_000_001;
const USER_ID = 9_001;
const LEAD_ID = 4_242;
const CONTACT = { id: 501, name: 'Ana Souza', emails: ['ana@example.com'], phones: ['+5511988887777'] };

const panelResponse: PanelResponse = PanelResponseSchema.parse({
  leadId: LEAD_ID,
  connected: ['omnisend'],
  contacts: [
    {
      kommoContactId: CONTACT.id,
      name: CONTACT.name,
      email: 'ana@example.com',
      phone: '+5511988887777',
      lastSyncedAt: Date.now() - 60_000,
      esps: [
        {
          esp: 'omnisend',
          state: 'found',
          fetchedAt: Date.now() - 5_000,
          profile: {
            channels: { email: { status: 'subscribed', since: Date.now() - 86_400_000 } },
            tags: ['customer'],
            fields: { plan: 'pro' },
            lists: [],
            deepLink: 'https://app.omnisend.com/audience/contact/1',
          },
        },
      ],
    },
  ],
  timeline: [],
  failedSyncs: [],
  generatedAt: Date.now(),
});

const resyncResponse = ResyncResponseSchema.parse({
  leadId: LEAD_ID,
  outcomes: [{ esp: 'omnisend', kommoContactId: CONTACT.id, outcome: 'updated', summary: 'Tags customer and plan_pro set.' }],
});

type Claims = { aud: string; exp: number; nbf: number; account_id: number; user_id: number };

/** What the real backend checks (SPEC §4.4): HS256 with the client secret, audience, time window. */
function verifiedClaims(token: string | undefined, audience: string): Claims | null {
  const [header, payload, signature] = (token ?? '').split('.');
  if (!header || !payload || !signature) return null;
  const expected = createHmac('sha256', CLIENT_SECRET).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
  const now = Date.now() / 1000;
  return claims.aud === audience && claims.nbf <= now && claims.exp > now ? claims : null;
}

/** A stand-in for backend-lite's panel API, with the CORS answers the page's other origin needs. */
async function startBackendStub() {
  const received: { method: string; path: string; claims: Claims | null; idempotencyKey?: string }[] = [];
  let pageOrigin = '';
  const cors = (request: IncomingMessage, response: ServerResponse) => {
    if (request.headers.origin === pageOrigin) response.setHeader('Access-Control-Allow-Origin', pageOrigin);
    response.setHeader('Vary', 'Origin');
  };
  const server = createServer((request, response) => {
    cors(request, response);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'X-Auth-Token, Content-Type, Idempotency-Key',
        'Access-Control-Max-Age': '600',
      });
      return response.end();
    }
    const path = new URL(request.url ?? '/', 'http://backend.invalid').pathname;
    const claims = verifiedClaims(request.headers['x-auth-token'] as string | undefined, origin);
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    received.push({ method: request.method ?? '', path, claims, ...(idempotencyKey ? { idempotencyKey } : {}) });
    response.setHeader('Content-Type', 'application/json');
    if (!claims) {
      response.writeHead(401);
      return response.end(JSON.stringify({ error: { code: 'bad_token', message: 'The disposable token did not verify.' } }));
    }
    if (request.method === 'GET' && path === panelPaths.panel(LEAD_ID)) {
      response.writeHead(200);
      return response.end(JSON.stringify(panelResponse));
    }
    if (request.method === 'POST' && path === panelPaths.resync(LEAD_ID)) {
      response.writeHead(200);
      return response.end(JSON.stringify(resyncResponse));
    }
    response.writeHead(404);
    response.end(JSON.stringify({ error: { code: 'not_found', message: `Nothing at ${request.method} ${path}.` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    allowOrigin: (value: string) => void (pageOrigin = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the built widget in a Kommo-like card', () => {
  let browser: Browser;
  let backend: Awaited<ReturnType<typeof startBackendStub>>;
  let card: KommoCardPage | undefined;

  beforeAll(async () => {
    backend = await startBackendStub();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await card?.close();
    card = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });

  async function openCard(area: 'lcard' | 'ccard'): Promise<Page> {
    card = await startKommoCardPage({
      widgetDir,
      backendUrl: backend.origin,
      clientSecret: CLIENT_SECRET,
      audience: backend.origin,
      accountId: ACCOUNT_ID,
      userId: USER_ID,
      leadId: LEAD_ID,
      language: 'en',
      contacts: [CONTACT],
      area,
    });
    backend.allowOrigin(card.origin);
    const page = await browser.newPage();
    await page.goto(card.url);
    await page.waitForFunction(() => '__kommo' in window);
    const hooks = await page.evaluate(() => {
      const { lifecycleCompleted, loadError } = (window as unknown as { __kommo: KommoPageHooks }).__kommo;
      return { lifecycleCompleted, loadError };
    });
    expect(hooks).toEqual({ lifecycleCompleted: true, loadError: undefined });
    return page;
  }

  const panel = (page: Page) => page.locator('#widgets_block [data-testid="keb-panel"]');
  const hooks = (page: Page, action: 'destroy' | 'pageChanged' | 'rerender') =>
    page.evaluate((name) => void (window as unknown as { __kommo: KommoPageHooks }).__kommo[name](), action);

  it('shows the deal panel in the right column, fetched with a verifiable disposable token', async () => {
    const page = await openCard('lcard');
    await panel(page).getByText(CONTACT.name).first().waitFor();

    const panelCalls = backend.received.filter((call) => call.path === panelPaths.panel(LEAD_ID));
    expect(panelCalls.length).toBeGreaterThan(0);
    expect(panelCalls[0]).toMatchObject({ method: 'GET', claims: { account_id: ACCOUNT_ID, user_id: USER_ID, aud: backend.origin } });
    expect(backend.received.every((call) => call.claims !== null)).toBe(true);

    await hooks(page, 'destroy');
    await panel(page).waitFor({ state: 'detached' });
  });

  it('posts a resync with an idempotency key through the CORS preflight', async () => {
    const page = await openCard('lcard');
    await panel(page).getByText(CONTACT.name).first().waitFor();
    await page.locator('[data-testid="keb-resync"]').click();
    await page.locator('[data-testid="keb-outcome"]').first().waitFor();

    const resync = backend.received.find((call) => call.method === 'POST' && call.path === panelPaths.resync(LEAD_ID));
    expect(resync?.claims).toMatchObject({ account_id: ACCOUNT_ID });
    expect(resync?.idempotencyKey).toMatch(/\S{8,}/);
  });

  it('leaves the card when Kommo changes page, and comes back on the next render', async () => {
    const page = await openCard('lcard');
    await panel(page).waitFor();
    await hooks(page, 'pageChanged');
    await panel(page).waitFor({ state: 'detached' });
    await hooks(page, 'rerender');
    await panel(page).getByText(CONTACT.name).first().waitFor();
  });

  it('points to the deal from a contact card', async () => {
    const before = backend.received.length;
    const page = await openCard('ccard');
    await page.locator('#widgets_block').getByText("Open a deal to see its contacts' ESP data.").waitFor();
    expect(await panel(page).count()).toBe(0);
    expect(backend.received.length).toBe(before);
  });
});
