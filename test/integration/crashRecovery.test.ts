import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { spawnBridge, type ChildBridge } from '../support/childBridge.ts';
import { eventually, KOMMO_TOKEN, KOMMO_WEBHOOK_SECRET } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

let sim: KommoSimulator | undefined;
const children: ChildBridge[] = [];

afterEach(async () => {
  for (const c of children) {
    if (c.child.exitCode === null && c.child.signalCode === null) {
      c.child.kill('SIGKILL');
      await c.exited;
    }
  }
  children.length = 0;
  await sim?.close();
});

function jobCounts(dbPath: string): Record<string, number> {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    db.close();
  }
}

describe('a process killed with SIGKILL', () => {
  it('loses none of the jobs it had leased: the restarted process runs them all', async () => {
    const kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
    sim = kommo;
    const leadIds = Array.from({ length: 30 }, (_, i) => 4_000 + i);
    for (const id of leadIds) {
      const contact = kommo.addContact({ email: `buyer${id}@example.com` });
      kommo.addLead({ id, contacts: [contact.id] });
    }
    const dir = mkdtempSync(join(tmpdir(), 'bridge-crash-'));
    const rules = join(dir, 'bridge.config.json');
    writeFileSync(rules, JSON.stringify({ kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET' } }));
    const dbPath = join(dir, 'bridge.db');
    const env = {
      KOMMO_SUBDOMAIN: 'acme',
      KOMMO_ACCESS_TOKEN: KOMMO_TOKEN,
      KOMMO_API_ORIGIN: kommo.origin,
      KOMMO_WEBHOOK_SECRET,
      BRIDGE_CONFIG: rules,
      DATABASE_URL: `sqlite:${dbPath}`,
    };

    // Kommo hangs, so every job the first process takes stays leased mid-request.
    kommo.hang(true);
    const first = spawnBridge(env);
    children.push(first);
    const port = await first.listening;
    for (const id of leadIds) {
      const answer = await fetch(`http://127.0.0.1:${port}/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: kommo.webhookForm(won(id)),
      });
      expect(answer.status).toBe(200);
    }
    await eventually(() => (jobCounts(dbPath)['leased'] ?? 0) === 30, 10_000, 'all 30 jobs leased');
    expect(kommo.requests.length).toBeGreaterThan(0);

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(jobCounts(dbPath)).toEqual({ leased: 30 });

    kommo.hang(false);
    kommo.reset();
    const second = spawnBridge(env);
    children.push(second);
    await second.listening;
    await eventually(() => jobCounts(dbPath)['done'] === 30, 15_000, 'all 30 jobs done after restart');
    expect(second.stdout()).toMatch(/"event":"queue\.recovered_leases".*"jobs":30/);

    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      const synced = db.prepare('SELECT email FROM contact_sync_state ORDER BY email').all() as { email: string }[];
      expect(synced.map((r) => r.email)).toEqual(leadIds.map((id) => `buyer${id}@example.com`).sort());
      // The kill is not held against the jobs: each ran once more, not to its attempt limit.
      const attempts = db.prepare('SELECT DISTINCT attempts FROM jobs').all() as { attempts: number }[];
      expect(attempts).toEqual([{ attempts: 1 }]);
    } finally {
      db.close();
    }

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
