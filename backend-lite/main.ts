import { dirname, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createBridge, setupProblems } from './bridge.ts';
import { ConfigError } from './config/configError.ts';
import { parseEnv, type Env } from './config/env.ts';
import { loadRules } from './config/loadRules.ts';
import { createLogger } from './log/logger.ts';
import { loadOrCreateSecretKey } from './secretKey.ts';
import { POLL_INTERVAL_MS } from './sync/espPollJob.ts';
import { openDatabase, sqlitePathFromUrl } from './store/database.ts';
import { createRetention } from './store/retention.ts';

/** `npm start`: backend-lite for one account on a SQLite file (SPEC §3.4, §5.1). */
async function main(): Promise<void> {
  let env: Env;
  let rules: ReturnType<typeof loadRules>;
  try {
    env = parseEnv(process.env);
    if (!env.DATABASE_URL.startsWith('sqlite:')) {
      throw new ConfigError(['DATABASE_URL: PostgreSQL is not supported by this version yet; use sqlite:./data/bridge.db'], 'The environment');
    }
    rules = loadRules(env.BRIDGE_CONFIG, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Kommo ESP Bridge cannot start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const dbPath = resolve(sqlitePathFromUrl(env.DATABASE_URL));
  const secretKey = loadOrCreateSecretKey(dirname(dbPath), env.SECRET_KEY);
  // Redaction is the second line: nothing should log these in the first place (test/integration/observability).
  const { omnisend, moosend, customerio } = rules.rules;
  const secrets = [
    secretKey.key,
    env.KOMMO_ACCESS_TOKEN,
    env.KOMMO_CLIENT_SECRET,
    rules.rules.kommo.webhookSecret,
    omnisend?.apiKey,
    omnisend?.webhookSecret,
    omnisend?.webhookHeaderSecret,
    moosend?.apiKey,
    moosend?.webhookSecret,
    customerio?.trackApiKey,
    customerio?.appApiKey,
    customerio?.webhookSecret,
    customerio?.webhookSigningKey,
  ].filter((s): s is string => Boolean(s));
  const log = createLogger({ level: env.LOG_LEVEL, secrets: () => secrets });
  const db = openDatabase({ path: dbPath });
  const bridge = createBridge({ env, rules, db, log, secretKey: secretKey.key });

  // One SQLite file belongs to one process: leases still held here were held by a process that
  // died (kill -9, power cut). Give them back so those jobs run again.
  const recovered = bridge.queue.releaseLeases();
  if (recovered > 0) log.warn('queue.recovered_leases', { jobs: recovered });

  const server = serve({ fetch: bridge.app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const publicUrl = env.PUBLIC_URL ?? `http://${env.HOST}:${info.port}`;
    log.info('server.listening', { host: env.HOST, port: info.port, publicUrl, database: dbPath });
    const problems = setupProblems(env, rules);
    if (problems.length > 0) {
      process.stdout.write(`\nKommo ESP Bridge is running at ${publicUrl} (health: ${publicUrl}/healthz), but before it can sync:\n`);
      for (const problem of problems) process.stdout.write(`  • ${problem}\n`);
      process.stdout.write('\n');
    } else {
      process.stdout.write(
        `\nKommo ESP Bridge is running at ${publicUrl}. Kommo webhook URL: ${publicUrl}/webhooks/kommo/<kommo.webhookSecret>\n\n`,
      );
    }
  });
  bridge.worker.start();
  bridge.schedulePolls();
  const polls = setInterval(() => bridge.schedulePolls(), POLL_INTERVAL_MS / 3);
  const retention = createRetention({ db });
  const prune = () => {
    const pruned = retention.prune();
    if (pruned.jobs + pruned.webhooks + pruned.activity > 0) log.info('store.pruned', pruned);
  };
  prune();
  const pruning = setInterval(prune, 60 * 60_000);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    // Stop taking requests first, so nothing is acknowledged that the closing database cannot keep.
    clearInterval(polls);
    clearInterval(pruning);
    server.close();
    void bridge.worker
      .stop({ graceMs: 10_000 })
      .then(() => {
        db.close();
        log.info('server.stopped', {});
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error('server.stop_failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
