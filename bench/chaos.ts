import { runKillRounds } from '../test/fault/killRounds.ts';

/**
 * `npm run chaos`: 50 rounds of "Kommo webhooks under load, SIGKILL at a random moment, restart
 * on the same database" (SPEC §4.3), then the tally. CHAOS_ROUNDS changes the number of rounds.
 * Exits 1 when an acknowledged webhook's effect is missing or an effect happened twice.
 */
const rounds = Number(process.env['CHAOS_ROUNDS'] ?? 50);
const started = Date.now();
const report = await runKillRounds({
  rounds,
  onRound: ({ round, sent, acknowledged, killedAfterMs }) =>
    process.stdout.write(`round ${String(round).padStart(2)}: killed after ${String(killedAfterMs).padStart(3)} ms, ${sent} sent, ${acknowledged} acknowledged\n`),
});
process.stdout.write(
  `\n${report.rounds} rounds in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.sent} webhooks sent, ${report.acknowledged} acknowledged, ` +
    `${report.missing.length} missing, ${report.duplicated.length} duplicated ` +
    `(${report.resentAndDeduped} events re-sent after a kill and dropped by Customer.io's id dedupe; jobs not done: ${JSON.stringify(report.notDone)})\n`,
);
if (report.missing.length > 0) process.stdout.write(`missing deals: ${report.missing.join(', ')}\n`);
if (report.duplicated.length > 0) process.stdout.write(`duplicated: ${report.duplicated.join(', ')}\n`);
process.exit(report.missing.length === 0 && report.duplicated.length === 0 && Object.keys(report.notDone).length === 0 ? 0 : 1);
