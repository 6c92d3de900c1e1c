import { createHash } from 'node:crypto';
import type { JobQueue, NewJob } from '../queue/jobQueue.ts';
import type { Database } from './database.ts';

export type WebhookSource = 'kommo' | 'omnisend' | 'moosend' | 'customerio';

export type ReceivedWebhook = {
  accountId: number;
  source: WebhookSource;
  rawBody: Uint8Array;
  contentType: string | null;
  /** What came of it: 'queued', or why nothing was queued ('ignored: note'). */
  outcome: string;
  jobs: Omit<NewJob, 'webhookId' | 'accountId'>[];
};

export type AcceptResult = { duplicate: boolean; jobsQueued: number; webhookId: number | undefined };

export type WebhookLog = ReturnType<typeof createWebhookLog>;

/**
 * Stores the raw webhook and enqueues its jobs in one transaction, before the 2xx answer
 * (SPEC §4.3): if the process dies after the commit, the work is on disk; before it, the sender
 * gets no 2xx and sends again.
 *
 * Webhooks that arrive in the same turn of the event loop share one commit (group commit), each
 * in its own savepoint: under load the cost of a commit is paid once per batch, and one bad
 * webhook rolls back alone.
 */
export function createWebhookLog({ db, queue, now = Date.now }: { db: Database; queue: JobQueue; now?: () => number }) {
  const insert = db.prepare(`
    INSERT INTO webhooks (account_id, source, dedupe_key, content_type, raw_body, outcome, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (dedupe_key) DO NOTHING`);

  const accept = db.transaction((webhook: ReceivedWebhook): AcceptResult => {
    const dedupeKey = `${webhook.accountId}:${webhook.source}:${sha256(webhook.rawBody)}`;
    const row = insert.run(
      webhook.accountId,
      webhook.source,
      dedupeKey,
      webhook.contentType,
      Buffer.from(webhook.rawBody),
      webhook.outcome,
      now(),
    );
    if (row.changes === 0) return { duplicate: true, jobsQueued: 0, webhookId: undefined };
    const webhookId = Number(row.lastInsertRowid);
    let jobsQueued = 0;
    for (const job of webhook.jobs) {
      if (queue.enqueue({ ...job, accountId: webhook.accountId, webhookId }) !== undefined) jobsQueued += 1;
    }
    return { duplicate: false, jobsQueued, webhookId };
  });

  type Waiting = { webhook: ReceivedWebhook; resolve: (r: AcceptResult) => void; reject: (e: unknown) => void };
  let waiting: Waiting[] = [];

  const commitBatch = db.transaction((batch: Waiting[]) =>
    batch.map(({ webhook }) => {
      try {
        return { ok: true as const, result: accept(webhook) };
      } catch (error) {
        // A full disk or an I/O error rolls back the whole transaction, not just this savepoint:
        // the batch is lost, and each of its senders must hear so (503) rather than a failed commit (500).
        if (!db.inTransaction) throw error;
        return { ok: false as const, error };
      }
    }),
  );

  function flush(): void {
    const batch = waiting;
    waiting = [];
    let outcomes: ReturnType<typeof commitBatch>;
    try {
      outcomes = commitBatch.immediate(batch);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const w = batch[i];
      if (!w) return;
      if (outcome.ok) w.resolve(outcome.result);
      else w.reject(outcome.error);
    });
  }

  return {
    /** Resolves once the webhook and its jobs are committed; rejects when they could not be. */
    accept(webhook: ReceivedWebhook): Promise<AcceptResult> {
      if (waiting.length === 0) setImmediate(flush);
      return new Promise((resolve, reject) => waiting.push({ webhook, resolve, reject }));
    },
  };
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
