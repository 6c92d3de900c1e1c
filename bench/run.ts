import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKommoSimulator } from '../test/simulators/kommo/index.ts';
import { spawnBridge } from '../test/support/childBridge.ts';
import { won } from '../test/support/kommoPayloads.ts';
import { gzippedKb } from './bundleSizes.ts';
import { startConnectedWorld } from './connectedWorld.ts';
import { massMove, panelLatency, statusChangeToFirstEspRequest, statusChangeUnderLoad } from './endToEnd.ts';
import { constantRate, percentile, saturate, type LoadResult } from './loadGenerator.ts';

/**
 * `npm run bench`: figures of SPEC §6, printed beside their goals and written to
 * bench/results.json. The load comes from this process; backend-lite runs in its own.
 * BENCH_SECONDS shortens or lengthens each webhook-ack phase (default 20, issue #7).
 */
const seconds = Number(process.env['BENCH_SECONDS'] ?? 20);
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

// A second process, connected to the three ESPs, on a database without the ack phases' backlog.
const SAMPLES = 20;
const MASS = 300;
const idleLeads = Array.from({ length: SAMPLES }, (_, i) => 1_000 + i);
const loadedLeads = Array.from({ length: SAMPLES }, (_, i) => 2_000 + i);
const massLeads = Array.from({ length: MASS }, (_, i) => 10_000 + i);
const world = await startConnectedWorld({ firstLead: 1_000, deals: 0 });
for (const leadId of [...idleLeads, ...loadedLeads, ...massLeads]) {
  const contact = world.kommo.addContact({ name: `Bench ${leadId}`, email: `bench.${leadId}@example.com`, custom_fields_values: [{ field_id: 512003, values: [{ value: true }] }] });
  world.kommo.addLead({ id: leadId, status_id: 142, price: 100, contacts: [contact.id] });
}
try {
  const idle = await statusChangeToFirstEspRequest(world, idleLeads);
  const LOAD_RATE = 100;
  const loaded = await statusChangeUnderLoad(world, loadedLeads, LOAD_RATE);
  results['status_to_first_esp_request'] = { idle: { p50: percentile(idle, 50), p99: percentile(idle, 99) }, underLoad: { rate: LOAD_RATE, p50: percentile(loaded.latencies, 50), p99: percentile(loaded.latencies, 99) } };
  rows.push({ figure: `status change → first ESP request, idle (p50 / p99, ${SAMPLES} deals)`, value: `${ms(percentile(idle, 50))} / ${ms(percentile(idle, 99))}`, goal: 'p50 ≤ 200 ms' });
  rows.push({ figure: `status change → first ESP request, ${LOAD_RATE} webhooks/s besides (p50 / p99)`, value: `${ms(percentile(loaded.latencies, 50))} / ${ms(percentile(loaded.latencies, 99))}`, goal: '—' });

  const mass = await massMove(world, massLeads, 300);
  results['mass_move'] = { deals: MASS, espLatencyMs: 300, ...mass };
  rows.push({ figure: `mass move: ${MASS} deals to Won, ESPs at 300 ms, until every ESP has all`, value: `${mass.seconds.toFixed(1)} s`, goal: '≤ 60 s' });
  rows.push({ figure: 'mass move: Kommo requests used / 429s from Kommo / 429s from ESPs', value: `${mass.kommoRequests} / ${mass.kommoTooMany} / ${mass.esp429s}`, goal: 'zero 429s' });

  const panel: Record<string, { p50: number; p99: number }> = {};
  for (const latency of [100, 300, 1000]) {
    const samples = await panelLatency(world, idleLeads[0]!, latency, 15);
    panel[`esp_${latency}ms`] = { p50: percentile(samples, 50), p99: percentile(samples, 99) };
    rows.push({ figure: `panel GET /api/leads/{id}/panel, ESPs answer in ${latency} ms (p50 / p99)`, value: `${ms(percentile(samples, 50))} / ${ms(percentile(samples, 99))}`, goal: 'one round trip, ESPs in parallel' });
  }
  results['panel'] = panel;
} finally {
  await world.close();
}

const sizes = {
  widget: gzippedKb(new URL('../dist/widget/script.js', import.meta.url)),
  extensionContent: gzippedKb(new URL('../dist/extension/chrome-mv3/content-scripts/content.js', import.meta.url)),
};
results['gzipped_kb'] = sizes;
const kb = (n: number | undefined) => (n === undefined ? 'not built' : `${n.toFixed(1)} KB`);
rows.push({ figure: 'widget script.js, gzipped', value: kb(sizes.widget), goal: '≤ 30 KB' });
rows.push({ figure: 'extension content script (chrome-mv3), gzipped', value: kb(sizes.extensionContent), goal: '≤ 40 KB' });

const width = Math.max(...rows.map((r) => r.figure.length));
process.stdout.write(`\nKommo ESP Bridge — bench (${process.version}, ${seconds} s per phase)\n\n`);
process.stdout.write(`${'figure'.padEnd(width)}  ${'measured'.padEnd(28)}  goal\n`);
for (const row of rows) process.stdout.write(`${row.figure.padEnd(width)}  ${row.value.padEnd(28)}  ${row.goal}\n`);
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
process.stdout.write('\nwritten to bench/results.json\n');
