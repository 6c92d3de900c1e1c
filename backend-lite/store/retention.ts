import type { Database } from './database.ts';

const DAY = 24 * 60 * 60_000;

export type RetentionPolicy = {
  /** Finished jobs: the sync log shows recent history; the outcome lives on in the ESP and in Kommo. */
  doneJobsMs: number;
  /** Dead letters stay longer: an admin may still retry them. */
  deadJobsMs: number;
  /**
   * Raw webhook bodies and their dedupe keys: longer than any sender retries (Customer.io retries
   * for up to 7 days), so a late re-delivery is still recognised.
   */
  webhooksMs: number;
  /** The panel's activity timeline. */
  activityMs: number;
};

export const defaultRetention: RetentionPolicy = { doneJobsMs: 14 * DAY, deadJobsMs: 90 * DAY, webhooksMs: 14 * DAY, activityMs: 365 * DAY };

export type PruneResult = { jobs: number; webhooks: number; activity: number };

/**
 * Deletes what the bridge no longer needs, in small batches so no delete holds SQLite's write lock
 * long enough to delay a webhook's answer. A webhook row goes only once no job points at it.
 */
export function createRetention({ database, now = Date.now, policy = defaultRetention, batch = 2_000 }: { database: Database; now?: () => number; policy?: RetentionPolicy; batch?: number }) {
  const db = () => database.db();
  const jobs = (done: number, dead: number) =>
    db()
      .deleteFrom('jobs')
      .where('id', 'in', (qb) =>
        qb
          .selectFrom('jobs')
          .select('id')
          .where((eb) => eb.or([eb.and([eb('status', '=', 'done'), eb('finished_at', '<', done)]), eb.and([eb('status', '=', 'dead'), eb('finished_at', '<', dead)])]))
          .limit(batch),
      )
      .executeTakeFirst();
  const webhooks = (before: number) =>
    db()
      .deleteFrom('webhooks')
      .where('id', 'in', (qb) =>
        qb
          .selectFrom('webhooks as w')
          .select('w.id')
          .where('w.received_at', '<', before)
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('jobs as j').select('j.id').whereRef('j.webhook_id', '=', 'w.id'))))
          .limit(batch),
      )
      .executeTakeFirst();
  const activity = (before: number) =>
    db()
      .deleteFrom('activity')
      .where('id', 'in', (qb) => qb.selectFrom('activity').select('id').where('created_at', '<', before).limit(batch))
      .executeTakeFirst();

  async function drain(deleteBatch: () => Promise<{ numDeletedRows: bigint }>): Promise<number> {
    let total = 0;
    for (;;) {
      const changes = Number((await deleteBatch()).numDeletedRows);
      total += changes;
      if (changes < batch) return total;
    }
  }

  return {
    async prune(): Promise<PruneResult> {
      const at = now();
      return {
        jobs: await drain(() => jobs(at - policy.doneJobsMs, at - policy.deadJobsMs)),
        webhooks: await drain(() => webhooks(at - policy.webhooksMs)),
        activity: await drain(() => activity(at - policy.activityMs)),
      };
    },
  };
}
