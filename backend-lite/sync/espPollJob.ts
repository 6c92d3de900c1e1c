import type { EspName } from '../esp/espAdapter.ts';
import type { EspAdapters } from '../esp/espAdapters.ts';
import type { Job, NewJob } from '../queue/jobQueue.ts';
import type { JobHandler } from '../queue/worker.ts';
import type { Database } from '../store/database.ts';
import { espEventJob } from './espEventJob.ts';

export const ESP_POLL = 'esp.poll';

/** Omnisend and Moosend tell nobody about unsubscribes: the bridge asks every few minutes (SPEC §4.2). */
export const POLL_INTERVAL_MS = 3 * 60_000;

/** One poll per ESP per account per interval slot, however often the scheduler fires. */
export function espPollJob(accountId: number, esp: EspName, now: number, intervalMs = POLL_INTERVAL_MS): Omit<NewJob, 'accountId'> {
  return {
    kind: ESP_POLL,
    target: `${esp}:${accountId}`,
    orderKey: `poll:${accountId}:${esp}`,
    dedupeKey: `poll:${accountId}:${esp}:${Math.floor(now / intervalMs)}`,
    payload: { esp },
    maxAttempts: 3,
  };
}

export function espPollJobHandler({
  database,
  adapters,
  enqueue,
  now = Date.now,
  firstLookBackMs = POLL_INTERVAL_MS,
}: {
  database: Database;
  adapters: EspAdapters;
  enqueue: (job: NewJob) => Promise<void>;
  now?: () => number;
  /** A first poll does not replay the ESP's whole history into Kommo: it starts this far back. */
  firstLookBackMs?: number;
}): JobHandler {
  const db = () => database.db();

  return async function espPoll(job: Job) {
    const { esp } = job.payload as { esp: EspName };
    const adapter = adapters.adapter(job.accountId, esp);
    if (!adapter.statusChangesSince) return;
    const polled = await db().selectFrom('poll_state').select('watermark').where('account_id', '=', job.accountId).where('esp', '=', esp).executeTakeFirst();
    const since = polled?.watermark ?? now() - firstLookBackMs;
    const { changes, watermark } = await adapter.statusChangesSince(since);
    // Events first, watermark second, in one commit: a crash in between repeats the poll, and the
    // events' dedupe keys make the repeat harmless.
    await database.transaction(async () => {
      for (const change of changes) {
        await enqueue({ accountId: job.accountId, ...espEventJob(job.accountId, { esp, ...change, subject: null, link: null, detail: null, messageId: null }) });
      }
      await db()
        .insertInto('poll_state')
        .values({ account_id: job.accountId, esp, watermark, polled_at: now() })
        .onConflict((oc) => oc.columns(['account_id', 'esp']).doUpdateSet((eb) => ({ watermark: eb.ref('excluded.watermark'), polled_at: eb.ref('excluded.polled_at') })))
        .execute();
    });
  };
}
