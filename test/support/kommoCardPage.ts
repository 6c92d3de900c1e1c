/**
 * A local page that imitates a Kommo deal (or contact) card and loads the BUILT widget
 * (dist/widget/script.js, and settings.js when the widget asks for it) the way Kommo does: RequireJS-style AMD, a fake `APP`, a widget object
 * with the documented host methods, and `$authorizedAjax` carrying a real disposable token signed
 * with the integration's client secret. Used by the browser tests and by `npm run demo`.
 *
 * With `area: 'advanced_settings'` (or `?area=advanced_settings` on any page) it imitates the
 * widget's own page under Settings instead: an empty `#work-area-<widget code>` and the
 * `advancedSettings` callback after the lifecycle, with admin tokens by default.
 *
 * In the page, `window.__kommo` offers `destroy()`, `pageChanged()`, `rerender()`, and the
 * recorded `requests` and `notifications`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintDisposableToken } from './disposableToken.ts';
import { cardPageHtml } from './kommoCardPage/cardPageHtml.ts';

export { mintDisposableToken } from './disposableToken.ts';

/** A contact of the card, as `get_current_card_contacts_data()` returns it. */
export type CardContact = { id: number; name: string; first_name?: string; last_name?: string; phones?: string[]; emails?: string[] };

export type KommoCardPageOptions = {
  /** The unpacked build: dist/widget (manifest.json, script.js, settings.js, i18n/, images/). */
  widgetDir: string;
  /** What the admin typed as the widget's `backend_url` setting. */
  backendUrl: string;
  /** The integration's secret key; the disposable tokens are signed with it. */
  clientSecret: string;
  /** The tokens' `aud`: the integration's redirect_uri origin. */
  audience: string;
  accountId: number;
  userId: number;
  leadId: number;
  /** Kommo's `APP.lang_id`. */
  language?: 'en' | 'es' | 'pt';
  /** The deal's contacts, main contact first. */
  contacts?: CardContact[];
  /** `lcard` (deal card, default), `ccard` (the first contact's card) or `advanced_settings` (the widget's settings page). */
  area?: KommoArea;
  /**
   * The tokens' `is_admin` claim (the admin API needs true). Default: true on the settings page,
   * left out elsewhere, as before this option existed.
   */
  isAdmin?: boolean;
  subdomain?: string;
  clientUuid?: string;
  leadName?: string;
  /** More deals the same page can show with `?lead={id}` (the demo's deal switcher); `?lang=` picks the language. */
  otherDeals?: { id: number; name: string; contacts: CardContact[] }[];
  port?: number;
};

export type KommoArea = 'lcard' | 'ccard' | 'advanced_settings';
const areas: readonly string[] = ['lcard', 'ccard', 'advanced_settings'] satisfies KommoArea[];
const isArea = (value: string | null): value is KommoArea => value !== null && areas.includes(value);

export type KommoCardPage = { url: string; origin: string; close(): Promise<void> };

/** `window.__kommo` in the page, for `page.evaluate` in tests. */
export type KommoPageHooks = {
  /** False when render, init or bind_actions did not return true. */
  lifecycleCompleted: boolean;
  destroy(): void;
  pageChanged(): void;
  rerender(): boolean;
  requests: { method: string; url: string }[];
  notifications: { header: string; text: string }[];
  /** Set instead of the rest when script.js could not be loaded. */
  loadError?: string;
};

export class WidgetBuildMissing extends Error {
  override name = 'WidgetBuildMissing';
}

const ASSETS_DIR = fileURLToPath(new URL('./kommoCardPage/', import.meta.url));
const ASSETS = ['amdLoader.js', 'jqueryShim.js', 'fakeKommoHost.js'];
const WIDGET_CODE = 'kommo_esp_bridge';
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
};

function send(response: ServerResponse, status: number, body: string | Buffer, contentType = 'text/plain; charset=utf-8') {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  response.end(body);
}

/** A file under `root`, or null for anything that would climb out of it. */
function fileUnder(root: string, relativePath: string): string | null {
  const path = normalize(join(root, decodeURIComponent(relativePath)));
  return path.startsWith(normalize(root + sep)) && existsSync(path) ? path : null;
}

export async function startKommoCardPage({
  widgetDir,
  backendUrl,
  clientSecret,
  audience,
  accountId,
  userId,
  leadId,
  language = 'en',
  contacts = [],
  area = 'lcard',
  isAdmin,
  subdomain = 'demo',
  clientUuid = randomUUID(),
  leadName = `Deal #${leadId}`,
  otherDeals = [],
  port = 0,
}: KommoCardPageOptions): Promise<KommoCardPage> {
  for (const built of ['script.js', 'settings.js']) {
    const path = join(widgetDir, built);
    if (!existsSync(path)) throw new WidgetBuildMissing(`${path} does not exist: run \`npm run build\` first.`);
  }
  const manifest = JSON.parse(readFileSync(join(widgetDir, 'manifest.json'), 'utf8')) as { widget: { version: string } };
  const configFor = (query: URLSearchParams) => {
    const asked = Number(query.get('lead'));
    const deal = otherDeals.find((d) => d.id === asked) ?? { id: leadId, name: leadName, contacts };
    const askedLanguage = query.get('lang');
    const lang = askedLanguage === 'en' || askedLanguage === 'es' || askedLanguage === 'pt' ? askedLanguage : language;
    const firstContact = deal.contacts[0];
    const askedArea = query.get('area');
    const pageArea = isArea(askedArea) ? askedArea : area;
    return {
      area: pageArea,
      cardId: pageArea === 'ccard' ? (firstContact?.id ?? 0) : pageArea === 'lcard' ? deal.id : 0,
      cardName: pageArea === 'ccard' ? (firstContact?.name ?? '') : deal.name,
      leadName: deal.name,
      contacts: deal.contacts,
      language: lang,
      langs: JSON.parse(readFileSync(join(widgetDir, 'i18n', `${lang}.json`), 'utf8')) as unknown,
      accountId,
      userId,
      subdomain,
      backendUrl,
      widgetCode: WIDGET_CODE,
      widgetPath: '/widget',
      scriptUrl: `/widget/script.js?v=${manifest.widget.version}`,
      version: manifest.widget.version,
    };
  };
  const server = createServer((request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://page.invalid');
    if (request.method !== 'GET') return send(response, 405, 'GET only');
    if (pathname === '/') return send(response, 200, cardPageHtml(configFor(searchParams), ASSETS.map((name) => `/__kommo/${name}`)), CONTENT_TYPES['.html']);
    if (pathname === '/__token') {
      const askedArea = searchParams.get('area');
      const tokenArea = isArea(askedArea) ? askedArea : area;
      const admin = isAdmin ?? (tokenArea === 'advanced_settings' ? true : undefined);
      const token = mintDisposableToken({ clientSecret, subdomain, audience, accountId, userId, clientUuid, ...(admin === undefined ? {} : { isAdmin: admin }) });
      return send(response, 200, JSON.stringify({ token }), CONTENT_TYPES['.json']);
    }
    const asset = pathname.startsWith('/__kommo/') ? pathname.slice('/__kommo/'.length) : null;
    const file = asset
      ? ASSETS.includes(asset) ? join(ASSETS_DIR, asset) : null
      : pathname.startsWith('/widget/') ? fileUnder(widgetDir, pathname.slice('/widget/'.length)) : null;
    if (!file) return send(response, 404, `Nothing at ${pathname}`);
    send(response, 200, readFileSync(file), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
