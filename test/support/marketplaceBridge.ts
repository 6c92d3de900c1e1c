import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createBridge, type BridgeOptions } from '../../backend-lite/bridge.ts';
import { parseEnv } from '../../backend-lite/config/env.ts';
import { loadRules } from '../../backend-lite/config/loadRules.ts';
import { createLogger } from '../../backend-lite/log/logger.ts';
import { openDatabase } from '../../backend-lite/store/database.ts';
import { CURRENT_USER_ID, DEFAULT_OAUTH_CLIENT, type KommoSimulator } from '../simulators/kommo/index.ts';
import { mintDisposableToken } from './disposableToken.ts';
import type { LogLine } from './inProcessBridge.ts';

export const PUBLIC_URL = 'https://bridge.example.com';
export const REDIRECT_URI = `${PUBLIC_URL}/oauth/kommo/callback`;
export const SECRET_KEY = 'c0ffee7e5ab1e5ec7e7d1e9f0a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b';

/**
 * backend-lite in marketplace mode (KOMMO_CLIENT_ID/SECRET, no KOMMO_SUBDOMAIN) on a real loopback
 * port and a throw-away SQLite file. Each simulator plays one Kommo account; its host
 * ({subdomain}.kommo.com) is mapped to it, as the real hosts would be by DNS.
 */
export async function startMarketplaceBridge(sims: readonly KommoSimulator[], { worker }: { worker?: BridgeOptions['worker'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-marketplace-'));
  const rawEnv = {
    KOMMO_CLIENT_ID: DEFAULT_OAUTH_CLIENT.clientId,
    KOMMO_CLIENT_SECRET: DEFAULT_OAUTH_CLIENT.clientSecret,
    PUBLIC_URL,
    BRIDGE_CONFIG: join(dir, 'no-rules-in-marketplace-mode.json'),
    DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
  };
  const env = parseEnv(rawEnv);
  const logs: LogLine[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as LogLine) });
  const dbPath = join(dir, 'bridge.db');
  const database = await openDatabase({ url: `sqlite:${dbPath}` });
  // Tests look into the file with plain SQLite reads.
  const db = database.sqlite!;
  const origins = new Map(sims.map((sim) => [`${sim.subdomain}.kommo.com`, sim.origin]));
  const bridge = await createBridge({
    env,
    rules: loadRules(rawEnv.BRIDGE_CONFIG, rawEnv),
    database,
    log,
    secretKey: SECRET_KEY,
    kommoOrigin: (host) => origins.get(host) ?? `https://${host}`,
    worker: { pollMs: 20, ...worker },
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: bridge.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const marketplace = bridge.marketplace;
  if (!marketplace) throw new Error('marketplace mode did not start: check KOMMO_CLIENT_ID/SECRET and the secret key');

  return {
    ...bridge,
    marketplace,
    origin,
    db,
    logs,
    /** What Kommo's redirect after "Allow" looks like (reference §5.3), with a fresh code from `sim`. */
    install(sim: KommoSimulator, extra: Record<string, string> = {}) {
      const query = new URLSearchParams({
        code: sim.oauth.issueCode(),
        referer: `${sim.subdomain}.kommo.com`,
        client_id: DEFAULT_OAUTH_CLIENT.clientId,
        from_widget: '1',
        ...extra,
      });
      return fetch(`${origin}/oauth/kommo/callback?${query}`);
    },
    async accountOf(sim: KommoSimulator) {
      const account = await bridge.accounts.findByKommoId(sim.accountId);
      if (!account) throw new Error(`${sim.subdomain} is not installed`);
      return account;
    },
    /** The webhook address Kommo was given for `sim`'s account, reached at this test server. */
    async webhookPathOf(sim: KommoSimulator) {
      const setup = await marketplace.webhookSetups.get((await this.accountOf(sim)).id);
      if (!setup) throw new Error(`no webhook address for ${sim.subdomain}`);
      return new URL(setup.destination).pathname;
    },
    postKommoWebhook(path: string, sim: KommoSimulator, payload: object) {
      return fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: sim.webhookForm(payload),
      });
    },
    /** The panel API as the widget in `sim`'s account calls it (Kommo's disposable token). */
    panel(sim: KommoSimulator, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
      const token = mintDisposableToken({
        clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
        clientUuid: DEFAULT_OAUTH_CLIENT.clientId,
        subdomain: sim.subdomain,
        audience: PUBLIC_URL,
        accountId: sim.accountId,
        userId: CURRENT_USER_ID,
      });
      return fetch(`${origin}${path}`, { method: init.method ?? 'GET', headers: { 'X-Auth-Token': token, Origin: `https://${sim.subdomain}.kommo.com`, ...init.headers } });
    },
    /** The admin API as an administrator of `sim`'s account calls it from the settings page. */
    admin(sim: KommoSimulator, path: string, init: { method?: string; body?: unknown } = {}) {
      const token = mintDisposableToken({
        clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
        clientUuid: DEFAULT_OAUTH_CLIENT.clientId,
        subdomain: sim.subdomain,
        audience: PUBLIC_URL,
        accountId: sim.accountId,
        userId: CURRENT_USER_ID,
        isAdmin: true,
      });
      const headers: Record<string, string> = { 'X-Auth-Token': token, Origin: `https://${sim.subdomain}.kommo.com` };
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(`${origin}/api/admin${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    },
    /** Every byte SQLite holds for this database: the main file and its write-ahead log. */
    databaseBytes(): Buffer {
      return Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('bridge.db')).map((f) => readFileSync(join(dir, f))));
    },
    async close() {
      await bridge.worker.stop({ graceMs: 1_000 });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type MarketplaceBridge = Awaited<ReturnType<typeof startMarketplaceBridge>>;
