import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { runBridgeCli, spawnBridge, type ChildBridge } from '../support/childBridge.ts';
import { KOMMO_TOKEN, KOMMO_WEBHOOK_SECRET } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

const WEBHOOKS = 500;
const firstLead = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('npm run bridge -- backup while the running backend-lite takes Kommo webhooks', () => {
  it('copies a database that passes integrity_check and holds every webhook acknowledged before the backup began', async () => {
    const kommo: KommoSimulator = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
    cleanup.push(() => kommo.close());
    const dir = mkdtempSync(join(tmpdir(), 'bridge-backup-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    for (let i = 0; i < WEBHOOKS; i++) {
      const contact = kommo.addContact({ name: `Backed up ${i}`, email: `backup.${i}@example.com` });
      kommo.addLead({ id: firstLead + i, status_id: 142, contacts: [contact.id] });
    }
    const rules = join(dir, 'bridge.config.json');
    writeFileSync(rules, JSON.stringify({ kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET' } }));
    const databaseUrl = `sqlite:${join(dir, 'bridge.db')}`;
    const bridge: ChildBridge = spawnBridge({
      KOMMO_SUBDOMAIN: kommo.subdomain,
      KOMMO_ACCESS_TOKEN: KOMMO_TOKEN,
      KOMMO_API_ORIGIN: kommo.origin,
      KOMMO_WEBHOOK_SECRET,
      BRIDGE_CONFIG: rules,
      DATABASE_URL: databaseUrl,
    });
    cleanup.push(async () => {
      bridge.child.kill('SIGKILL');
      await bridge.exited;
    });
    const url = `http://127.0.0.1:${await bridge.listening}/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`;

    // Paced (two senders, 10 ms apart) so the stream of writes outlasts the backup process.
    const answers: Array<{ body: string; status: number; at: number }> = [];
    let next = 0;
    const sender = async () => {
      while (next < WEBHOOKS) {
        const body = kommo.webhookForm(won(firstLead + next++));
        const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
        answers.push({ body, status: answer.status, at: Date.now() });
        await sleep(10);
      }
    };
    const load = Promise.all([sender(), sender()]);
    while (answers.length < 100) await sleep(5);

    const target = join(dir, 'backup.db');
    const backupStarted = Date.now();
    const backup = await runBridgeCli(['backup', target], { DATABASE_URL: databaseUrl });
    const backupEnded = Date.now();
    await load;

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .*bridge\.db to .*backup\.db: \d+\.\d MB \(\d+ pages\) in \d+\.\d\d s; SQLite's quick_check says ok\.\n/);
    expect(answers.map((a) => a.status)).toEqual(Array(WEBHOOKS).fill(200));
    const ackedBefore = answers.filter((a) => a.at < backupStarted);
    const ackedDuring = answers.filter((a) => a.at >= backupStarted && a.at <= backupEnded);

    const copy = new BetterSqlite3(target, { readonly: true });
    cleanup.push(() => void copy.close());
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const copied = new Set(
      (copy.prepare("SELECT raw_body FROM webhooks WHERE source = 'kommo'").pluck().all() as Buffer[]).map((raw) => raw.toString('utf8')),
    );
    expect(ackedBefore.filter((a) => !copied.has(a.body))).toEqual([]);
    // Online: the bridge kept acknowledging webhooks while the copy was taken.
    expect(ackedDuring.length).toBeGreaterThan(0);
    console.info(
      `backup under load: ${ackedBefore.length} webhooks acknowledged before the backup began, ${ackedDuring.length} while it ran, ` +
        `${copied.size} in the copy; the command took ${backupEnded - backupStarted} ms (${/in (\S+ s)/.exec(backup.stdout)?.[1]} copying)`,
    );
  }, 60_000);
});
