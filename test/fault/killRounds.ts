import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { spawnBridge, type ChildBridge } from '../support/childBridge.ts';
import { eventually, KOMMO_TOKEN, KOMMO_WEBHOOK_SECRET } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

export type KillRoundsOptions = {
  rounds: number;
  /** Webhooks each round sends at most before it is killed anyway. */
  webhooksPerRound?: number;
  /** Webhooks in flight at once: more than one, so the kill lands between commit and answer too. */
  concurrency?: number;
  /** The kill lands at a random moment this long after the process listens. */
  killWithinMs?: number;
  onRound?: (round: RoundReport) => void;
  random?: () => number;
};

export type RoundReport = { round: number; sent: number; acknowledged: number; killedAfterMs: number };

export type KillRoundsReport = {
  rounds: number;
  sent: number;
  acknowledged: number;
  /** Acknowledged webhooks whose deal_won never reached Customer.io. */
  missing: number[];
  /** Contacts with the deal_won event stored more than once. */
  duplicated: string[];
  /** Events sent again after a kill and dropped by Customer.io's ULID dedupe: at-least-once at work. */
  resentAndDeduped: number;
  /** Jobs that did not end done (dead letters, say). */
  notDone: Record<string, number>;
};

const emailOf = (leadId: number) => `killed.${leadId}@example.com`;

/**
 * SPEC §4.3 "a crash (kill -9) at any moment loses nothing that was acknowledged": the real
 * `npm start` process takes Kommo webhooks (each a deal moved to Won → one Customer.io event),
 * is SIGKILLed at a random moment, and restarted on the same SQLite file, round after round.
 * At the end one process drains the queue and every acknowledged webhook's event must be at
 * Customer.io exactly once.
 */
export async function runKillRounds({
  rounds,
  webhooksPerRound = 100,
  concurrency = 4,
  killWithinMs = 700,
  onRound = () => {},
  random = Math.random,
}: KillRoundsOptions): Promise<KillRoundsReport> {
  const kommo: KommoSimulator = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  const cio: CustomerioSimulator = await startCustomerioSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'bridge-kill-'));
  const children: ChildBridge[] = [];
  try {
    const firstLead = 10_000;
    for (let i = 0; i < rounds * webhooksPerRound; i++) {
      const contact = kommo.addContact({ name: `Killed ${i}`, email: emailOf(firstLead + i) });
      kommo.addLead({ id: firstLead + i, status_id: 142, contacts: [contact.id] });
    }
    const rules = join(dir, 'bridge.config.json');
    const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
    writeFileSync(
      rules,
      JSON.stringify({
        kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET' },
        customerio: { siteId, trackApiKey, appApiKey, webhookSecret: 'cio-path-secret-0123456789abcdef', webhookSigningKey, on: { won: { event: 'deal_won' } } },
        notes: { afterPush: false, opened: false, clicked: false },
      }),
    );
    const dbPath = join(dir, 'bridge.db');
    const env = {
      KOMMO_SUBDOMAIN: kommo.subdomain,
      KOMMO_ACCESS_TOKEN: KOMMO_TOKEN,
      KOMMO_API_ORIGIN: kommo.origin,
      KOMMO_WEBHOOK_SECRET,
      BRIDGE_CONFIG: rules,
      DATABASE_URL: `sqlite:${dbPath}`,
      CUSTOMERIO_TRACK_URL: cio.trackOrigin,
      CUSTOMERIO_APP_URL: cio.appOrigin,
    };

    const acknowledged: number[] = [];
    let sent = 0;
    let nextLead = firstLead;
    for (let round = 1; round <= rounds; round++) {
      const child = spawnBridge(env);
      children.push(child);
      const port = await child.listening;
      const url = `http://127.0.0.1:${port}/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`;
      const lastLead = nextLead + webhooksPerRound;
      let killed = false;
      let roundSent = 0;
      let roundAcked = 0;
      const sender = async () => {
        while (!killed && nextLead < lastLead) {
          const leadId = nextLead++;
          roundSent += 1;
          try {
            const answer = await fetch(url, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: kommo.webhookForm(won(leadId)),
            });
            if (answer.status === 200) {
              acknowledged.push(leadId);
              roundAcked += 1;
            }
          } catch {
            // The connection died with the process: not acknowledged, Kommo would send it again.
          }
        }
      };
      const killedAfterMs = Math.floor(random() * killWithinMs);
      const load = Promise.all(Array.from({ length: concurrency }, sender));
      await new Promise((resolve) => setTimeout(resolve, killedAfterMs));
      killed = true;
      child.child.kill('SIGKILL');
      await child.exited;
      await load;
      sent += roundSent;
      onRound({ round, sent: roundSent, acknowledged: roundAcked, killedAfterMs });
    }

    const last = spawnBridge(env);
    children.push(last);
    await last.listening;
    const open = () => {
      const db = new BetterSqlite3(dbPath, { readonly: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('pending', 'leased')").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    await eventually(() => open() === 0, 60_000, 'the restarted bridge to drain the queue');
    const db = new BetterSqlite3(dbPath, { readonly: true });
    let notDone: Record<string, number>;
    try {
      const rows = db.prepare("SELECT status, COUNT(*) AS n FROM jobs WHERE status != 'done' GROUP BY status").all() as { status: string; n: number }[];
      notDone = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    } finally {
      db.close();
    }
    last.child.kill('SIGTERM');
    await last.exited;

    // The simulator knows no person for a deal that never reached it.
    const wonEvents = (leadId: number) => (cio.person(emailOf(leadId)) ? cio.events(emailOf(leadId)).filter((e) => e.name === 'deal_won').length : 0);
    const missing = acknowledged.filter((leadId) => wonEvents(leadId) === 0);
    const duplicated: string[] = [];
    for (let leadId = firstLead; leadId < nextLead; leadId++) {
      if (wonEvents(leadId) > 1) duplicated.push(emailOf(leadId));
    }
    return { rounds, sent, acknowledged: acknowledged.length, missing, duplicated, resentAndDeduped: cio.duplicateEvents.length, notDone };
  } finally {
    for (const c of children) {
      if (c.child.exitCode === null && c.child.signalCode === null) {
        c.child.kill('SIGKILL');
        await c.exited;
      }
    }
    await Promise.all([kommo.close(), cio.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
