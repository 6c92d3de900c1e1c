import { afterEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../queue/jobQueue.ts';
import { databaseKinds, openTestDatabase } from '../../test/support/testDatabase.ts';
import { createAccountRepository } from './accounts.ts';
import type { Database } from './database.ts';
import { createRetention } from './retention.ts';
import { createWebhookLog } from './webhookLog.ts';

const DAY = 24 * 60 * 60_000;

describe.each(databaseKinds)('retention on %s', (kind) => {
  let database: Database;
  afterEach(() => database.close());

  it('deletes old finished jobs and their webhooks, keeps recent ones, dead letters and pending work', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    database = await openTestDatabase(kind);
    const db = database.db();
    const account = await createAccountRepository({ database, now }).ensure('acme', null);
    const queue = createJobQueue({ database, now });
    const webhooks = createWebhookLog({ database, queue, now });
    const receive = (n: number) =>
      webhooks.accept({ accountId: account.id, source: 'kommo', rawBody: new TextEncoder().encode(`body ${n}`), contentType: null, outcome: 'queued', jobs: [{ kind: 'k', target: 't', orderKey: `o${n}`, payload: {} }] });

    await receive(1);
    await receive(2);
    await receive(3);
    const [done, dead] = await queue.lease('w', 2, 60_000);
    await queue.complete(done!.id, 'w');
    await queue.bury(dead!.id, 'w', 'refused');
    clock += 30 * DAY;
    await receive(4);
    const recent = (await queue.lease('w', 2, 60_000)).find((j) => j.orderKey === 'o4');
    await queue.complete(recent!.id, 'w');

    const activity = (id: string, at: number) => ({ account_id: account.id, email: 'a@b.co', esp: 'customerio', event: 'opened', occurred_at: at, source_event_id: id, created_at: at });
    await db.insertInto('activity').values([activity('old', clock - 400 * DAY), activity('new', clock - DAY)]).execute();

    const pruned = await createRetention({ database, now, batch: 1 }).prune();
    expect(pruned).toEqual({ jobs: 1, webhooks: 1, activity: 1 });
    expect(await db.selectFrom('activity').select('source_event_id as id').execute()).toEqual([{ id: 'new' }]);
    const left = await db.selectFrom('jobs').select(['order_key as key', 'status']).orderBy('id').execute();
    // o1 done 30 days ago: gone. o2 dead: kept for a retry. o3 still running: kept. o4 done today: kept.
    expect(left).toEqual([
      { key: 'o2', status: 'dead' },
      { key: 'o3', status: 'leased' },
      { key: 'o4', status: 'done' },
    ]);
    expect(await db.selectFrom('webhooks').select('id').execute()).toHaveLength(3);
  });
});
