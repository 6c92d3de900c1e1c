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
export function createRetention({ db, now = Date.now, policy = defaultRetention, batch = 2_000 }: { db: Database; now?: () => number; policy?: RetentionPolicy; batch?: number }) {
  const jobs = db.prepare(`
    DELETE FROM jobs WHERE id IN (
      SELECT id FROM jobs WHERE (status = 'done' AND finished_at < @done) OR (status = 'dead' AND finished_at < @dead) LIMIT @batch)`);
  const webhooks = db.prepare(`
    DELETE FROM webhooks WHERE id IN (
      SELECT w.id FROM webhooks w WHERE w.received_at < @before
        AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.webhook_id = w.id) LIMIT @batch)`);
  const activity = db.prepare(`DELETE FROM activity WHERE id IN (SELECT id FROM activity WHERE created_at < @before LIMIT @batch)`);

  function drain(statement: { run: (params: Record<string, number>) => { changes: number } }, params: Record<string, number>): number {
    let total = 0;
    for (;;) {
      const { changes } = statement.run({ ...params, batch });
      total += changes;
      if (changes < batch) return total;
    }
  }

  return {
    prune(): PruneResult {
      const at = now();
      return {
        jobs: drain(jobs, { done: at - policy.doneJobsMs, dead: at - policy.deadJobsMs }),
        webhooks: drain(webhooks, { before: at - policy.webhooksMs }),
        activity: drain(activity, { before: at - policy.activityMs }),
      };
    },
  };
}
