import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createBridge, type BridgeOptions } from '../../backend-lite/bridge.ts';
import { parseEnv } from '../../backend-lite/config/env.ts';
import { loadRules } from '../../backend-lite/config/loadRules.ts';
import { createLogger, type LogFields } from '../../backend-lite/log/logger.ts';
import { openDatabase } from '../../backend-lite/store/database.ts';
import { createPostgresDatabase } from './testDatabase.ts';
import type { KommoSimulator } from '../simulators/kommo/index.ts';

export const KOMMO_TOKEN = 'sim-long-lived-token-0123456789abcdef';
export const KOMMO_WEBHOOK_SECRET = 'kommo-hook-secret-0123456789abcdef';

export type LogLine = LogFields & { event: string; level: string };

/**
 * backend-lite in this process, listening on a real loopback port, configured for `sim` exactly
 * as an operator would configure it (environment + rules file), on a throw-away SQLite file.
 */
export async function startInProcessBridge(
  sim: KommoSimulator,
  {
    worker,
    rules = {},
    adapters,
    env: extraEnv = {},
    now,
    port = 0,
  }: { worker?: BridgeOptions['worker']; rules?: object; adapters?: BridgeOptions['adapters']; env?: Record<string, string>; now?: () => number; port?: number } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-'));
  const rulesPath = join(dir, 'bridge.config.json');
  writeFileSync(rulesPath, JSON.stringify({ kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET' }, ...rules }));
  const rawEnv = {
    KOMMO_SUBDOMAIN: sim.subdomain,
    KOMMO_ACCESS_TOKEN: KOMMO_TOKEN,
    KOMMO_API_ORIGIN: sim.origin,
    KOMMO_WEBHOOK_SECRET,
    BRIDGE_CONFIG: rulesPath,
    DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
    ...extraEnv,
  };
  const env = parseEnv(rawEnv);
  const logs: LogLine[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as LogLine) });
  const dbPath = join(dir, 'bridge.db');
  // BRIDGE_TEST_DATABASE=postgres (the vitest project "postgres") runs the same suites on a fresh PostgreSQL database.
  const postgres = process.env['BRIDGE_TEST_DATABASE'] === 'postgres' ? await createPostgresDatabase() : undefined;
  const database = await openDatabase({ url: postgres?.url ?? `sqlite:${dbPath}` });
  // Suites that run on SQLite only look into the file with plain SQLite reads.
  const db = database.sqlite!;
  const bridge = await createBridge({
    env,
    rules: loadRules(rulesPath, rawEnv),
    database,
    log,
    ...(worker ? { worker } : {}),
    ...(adapters ? { adapters } : {}),
    ...(now ? { now } : {}),
  });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: bridge.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ...bridge,
    origin,
    db,
    dbPath,
    logs,
    webhookUrl: `${origin}/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`,
    postKommoWebhook(payload: object) {
      return fetch(`${origin}/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: sim.webhookForm(payload),
      });
    },
    async close() {
      await bridge.worker.stop({ graceMs: 1_000 });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type InProcessBridge = Awaited<ReturnType<typeof startInProcessBridge>>;

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once no job is pending or leased: every effect of what was sent so far has happened. */
export function queueDrained(bridge: Pick<InProcessBridge, 'queue'>, timeoutMs = 15_000): Promise<true> {
  return eventually(async () => {
    const { pending, leased } = await bridge.queue.stats();
    return pending + leased === 0;
  }, timeoutMs, 'queue drained');
}
