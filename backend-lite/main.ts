import { dirname, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createBridge, setupProblems } from './bridge.ts';
import { ConfigError } from './config/configError.ts';
import { parseEnv, type Env } from './config/env.ts';
import { loadRules } from './config/loadRules.ts';
import { createLogger } from './log/logger.ts';
import { loadOrCreateSecretKey } from './secretKey.ts';
import { POLL_INTERVAL_MS } from './sync/espPollJob.ts';
import { databaseUrl, isPostgresUrl, openDatabase, sqlitePathFromUrl, type Database } from './store/database.ts';
import { DatabaseFromNewerVersion, DatabaseUnreachable } from './store/databaseErrors.ts';
import { AnotherInstanceRunning, claimSoleInstance } from './store/soleInstance.ts';
import { describeError } from './queue/retryHint.ts';
import { createRetention } from './store/retention.ts';

/** `npm start`: backend-lite for one account on a SQLite file (SPEC §3.4, §5.1). */
async function main(): Promise<void> {
  let env: Env;
  let rules: ReturnType<typeof loadRules>;
  try {
    env = parseEnv(process.env);
    rules = loadRules(env.BRIDGE_CONFIG, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Kommo ESP Bridge cannot start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const url = databaseUrl(env.DATABASE_URL);
  // With PostgreSQL every instance must share SECRET_KEY; a generated one lives beside the working directory's data.
  const secretKey = loadOrCreateSecretKey(isPostgresUrl(url) ? resolve('data') : dirname(sqlitePathFromUrl(url)), env.SECRET_KEY);
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
  let database: Database;
  try {
    database = await openDatabase({ url, onIdleError: (error) => log.warn('database.connection_lost', { error: error.message }) });
  } catch (error) {
    if (error instanceof DatabaseUnreachable || error instanceof DatabaseFromNewerVersion) {
      process.stderr.write(`Kommo ESP Bridge cannot start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let soleInstance: { release: () => Promise<void> } | undefined;
  if (database.kind === 'postgres') {
    try {
      soleInstance = await claimSoleInstance(url, database.location, (error) => log.warn('database.instance_lock_lost', { error: error.message }));
    } catch (error) {
      if (!(error instanceof AnotherInstanceRunning)) throw error;
      process.stderr.write(`Kommo ESP Bridge cannot start.\n${error.message}\n`);
      await database.close();
      process.exit(1);
    }
  }
  const bridge = await createBridge({ env, rules, database, log, secretKey: secretKey.key });

  // One SQLite file belongs to one process: leases still held here were held by a process that
  // died (kill -9, power cut). Give them back so those jobs run again. On a shared PostgreSQL
  // database other instances hold leases too: a dead instance's leases expire and are taken over.
  if (database.kind === 'sqlite') {
    const recovered = await bridge.queue.releaseLeases();
    if (recovered > 0) log.warn('queue.recovered_leases', { jobs: recovered });
  }

  const server = serve({ fetch: bridge.app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const publicUrl = env.PUBLIC_URL ?? `http://${env.HOST}:${info.port}`;
    log.info('server.listening', { host: env.HOST, port: info.port, publicUrl, database: `${database.kind}:${database.location}` });
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
  const schedulePolls = () =>
    bridge.schedulePolls().catch((error: unknown) => log.error('poll.schedule_failed', { error: describeError(error) }));
  void schedulePolls();
  const polls = setInterval(() => void schedulePolls(), POLL_INTERVAL_MS / 3);
  const retention = createRetention({ database });
  const prune = () =>
    retention.prune().then(
      (pruned) => {
        if (pruned.jobs + pruned.webhooks + pruned.activity > 0) log.info('store.pruned', pruned);
      },
      (error: unknown) => log.error('store.prune_failed', { error: describeError(error) }),
    );
  void prune();
  const pruning = setInterval(() => void prune(), 60 * 60_000);

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
      .then(() => database.close())
      .then(() => soleInstance?.release())
      .then(() => {
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
