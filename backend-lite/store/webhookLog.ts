import { createHash } from 'node:crypto';
import type { JobQueue, NewJob } from '../queue/jobQueue.ts';
import type { Database } from './database.ts';
import { isStorageFailure } from './storageFailure.ts';

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
export function createWebhookLog({ database, queue, now = Date.now }: { database: Database; queue: JobQueue; now?: () => number }) {
  async function store(webhook: ReceivedWebhook): Promise<AcceptResult> {
    const row = await database
      .db()
      .insertInto('webhooks')
      .values({
        account_id: webhook.accountId,
        source: webhook.source,
        dedupe_key: `${webhook.accountId}:${webhook.source}:${sha256(webhook.rawBody)}`,
        content_type: webhook.contentType,
        raw_body: Buffer.from(webhook.rawBody),
        outcome: webhook.outcome,
        received_at: now(),
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { duplicate: true, jobsQueued: 0, webhookId: undefined };
    let jobsQueued = 0;
    for (const job of webhook.jobs) {
      if ((await queue.enqueue({ ...job, accountId: webhook.accountId, webhookId: row.id })) !== undefined) jobsQueued += 1;
    }
    return { duplicate: false, jobsQueued, webhookId: row.id };
  }

  type Waiting = { webhook: ReceivedWebhook; resolve: (r: AcceptResult) => void; reject: (e: unknown) => void };
  let waiting: Waiting[] = [];

  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    type Outcome = { ok: true; result: AcceptResult } | { ok: false; error: unknown };
    let outcomes: Outcome[];
    try {
      outcomes = await database.transaction(async () => {
        const settled: Outcome[] = [];
        for (const { webhook } of batch) {
          try {
            settled.push({ ok: true, result: await database.savepoint(() => store(webhook)) });
          } catch (error) {
            // A full disk or an I/O error ends the whole transaction, not just this savepoint: the
            // batch is lost, and each of its senders must hear so (503) rather than a failed commit (500).
            if (isStorageFailure(error)) throw error;
            settled.push({ ok: false, error });
          }
        }
        return settled;
      });
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
      if (waiting.length === 0) setImmediate(() => void flush());
      return new Promise((resolve, reject) => waiting.push({ webhook, resolve, reject }));
    },
  };
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
