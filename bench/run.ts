import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKommoSimulator } from '../test/simulators/kommo/index.ts';
import { spawnBridge } from '../test/support/childBridge.ts';
import { won } from '../test/support/kommoPayloads.ts';
import { constantRate, percentile, saturate, type LoadResult } from './loadGenerator.ts';

/**
 * `npm run bench`: figures of SPEC §6, printed beside their goals and written to
 * bench/results.json. The load comes from this process; backend-lite runs in its own.
 * BENCH_SECONDS shortens or lengthens each phase (default 10).
 */
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const token = randomBytes(24).toString('hex');
const secret = randomBytes(16).toString('hex');

const kommo = await startKommoSimulator({ accessToken: token });
const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
const rules = join(dir, 'bridge.config.json');
writeFileSync(rules, JSON.stringify({ kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET' } }));
const bridge = spawnBridge({
  KOMMO_SUBDOMAIN: 'acme',
  KOMMO_ACCESS_TOKEN: token,
  KOMMO_API_ORIGIN: kommo.origin,
  KOMMO_WEBHOOK_SECRET: secret,
  BRIDGE_CONFIG: rules,
  DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
});
const port = await bridge.listening;
const url = new URL(`http://127.0.0.1:${port}/webhooks/kommo/${secret}`);

// Every body is a distinct status change, so each one is stored and queued (no dedupe shortcut).
let sequence = 0;
const body = () => {
  sequence += 1;
  return kommo.webhookForm(won(1_000_000 + sequence, 1_700_000_000 + sequence));
};

type Row = { figure: string; value: string; goal: string };
const rows: Row[] = [];
const results: Record<string, unknown> = { machine: { node: process.version, seconds } };
const ms = (n: number) => `${n.toFixed(2)} ms`;

await constantRate(url, 50, 2, body); // warm-up: JIT, SQLite page cache, keep-alive sockets

for (const rate of [100, 500, 1000]) {
  const result: LoadResult = await constantRate(url, rate, seconds, body);
  const p50 = percentile(result.latenciesMs, 50);
  const p99 = percentile(result.latenciesMs, 99);
  results[`ack_${rate}`] = { p50, p99, sent: result.sent, failed: result.failed };
  rows.push({
    figure: `webhook ack at ${rate} req/s for ${seconds} s (p50 / p99)`,
    value: `${ms(p50)} / ${ms(p99)}${result.failed ? ` (${result.failed} failed)` : ''}`,
    goal: rate === 500 ? 'p99 ≤ 10 ms' : '—',
  });
}

const saturation = await saturate(url, 64, Math.max(3, seconds / 2), body);
const acceptsPerSecond = saturation.ok / (saturation.elapsedMs / 1000);
results['saturation'] = { acceptsPerSecond, p99: percentile(saturation.latenciesMs, 99), failed: saturation.failed };
rows.push({ figure: 'durable accepts/s at saturation (64 connections)', value: acceptsPerSecond.toFixed(0), goal: '≥ 3,000/s' });

bridge.child.kill('SIGTERM');
await bridge.exited;
await kommo.close();
rmSync(dir, { recursive: true, force: true });

const width = Math.max(...rows.map((r) => r.figure.length));
process.stdout.write(`\nKommo ESP Bridge — bench (${process.version}, ${seconds} s per phase)\n\n`);
process.stdout.write(`${'figure'.padEnd(width)}  ${'measured'.padEnd(28)}  goal\n`);
for (const row of rows) process.stdout.write(`${row.figure.padEnd(width)}  ${row.value.padEnd(28)}  ${row.goal}\n`);
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
process.stdout.write('\nwritten to bench/results.json\n');
