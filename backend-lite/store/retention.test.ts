import { describe, expect, it } from 'vitest';
import { createJobQueue } from '../queue/jobQueue.ts';
import { createAccountRepository } from './accounts.ts';
import { openDatabase } from './database.ts';
import { createRetention } from './retention.ts';
import { createWebhookLog } from './webhookLog.ts';

const DAY = 24 * 60 * 60_000;

describe('retention', () => {
  it('deletes old finished jobs and their webhooks, keeps recent ones, dead letters and pending work', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    const db = openDatabase({ path: ':memory:' });
    const account = createAccountRepository({ db, now }).ensure('acme', null);
    const queue = createJobQueue({ db, now });
    const webhooks = createWebhookLog({ db, queue, now });
    const receive = (n: number) =>
      webhooks.accept({ accountId: account.id, source: 'kommo', rawBody: new TextEncoder().encode(`body ${n}`), contentType: null, outcome: 'queued', jobs: [{ kind: 'k', target: 't', orderKey: `o${n}`, payload: {} }] });

    await receive(1);
    await receive(2);
    await receive(3);
    const [done, dead] = queue.lease('w', 2, 60_000);
    queue.complete(done!.id, 'w');
    queue.bury(dead!.id, 'w', 'refused');
    clock += 30 * DAY;
    await receive(4);
    const recent = queue.lease('w', 2, 60_000).find((j) => j.orderKey === 'o4');
    queue.complete(recent!.id, 'w');

    const addActivity = db.prepare(`INSERT INTO activity (account_id, email, esp, event, occurred_at, source_event_id, created_at) VALUES (?, 'a@b.co', 'customerio', 'opened', ?, ?, ?)`);
    addActivity.run(account.id, clock - 400 * DAY, 'old', clock - 400 * DAY);
    addActivity.run(account.id, clock - DAY, 'new', clock - DAY);

    const pruned = createRetention({ db, now, batch: 1 }).prune();
    expect(pruned).toEqual({ jobs: 1, webhooks: 1, activity: 1 });
    expect(db.prepare('SELECT source_event_id AS id FROM activity').all()).toEqual([{ id: 'new' }]);
    const left = db.prepare('SELECT order_key AS key, status FROM jobs ORDER BY id').all();
    // o1 done 30 days ago: gone. o2 dead: kept for a retry. o3 still running: kept. o4 done today: kept.
    expect(left).toEqual([
      { key: 'o2', status: 'dead' },
      { key: 'o3', status: 'leased' },
      { key: 'o4', status: 'done' },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM webhooks').get()).toEqual({ n: 3 });
  });
});
