import { randomUUID } from 'node:crypto';
import type { Logger } from '../log/logger.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import type { Job, JobQueue } from './jobQueue.ts';
import { describeError, retryHintOf } from './retryHint.ts';

export type JobHandler = (job: Job) => Promise<void>;

/** `paused`: the target asked to slow down, so the job was put back without calling it. */
export type JobOutcome = 'done' | 'retry' | 'dead' | 'paused';
export type JobSettled = { kind: string; target: string; outcome: JobOutcome; durationMs: number };

export type WorkerOptions = {
  queue: JobQueue;
  handlers: Readonly<Record<string, JobHandler>>;
  log: Logger;
  now?: () => number;
  /** Jobs in flight at once. Kommo reads are batched across them, so more in flight = fewer requests. */
  concurrency?: number;
  /** How often an idle worker looks for due jobs (retries, takeovers); new jobs wake it at once. */
  pollMs?: number;
  leaseMs?: number;
  backoff?: BackoffOptions;
  owner?: string;
  /** Told of each run's outcome once it is written to the queue (metrics); a run whose write failed is not told. */
  onSettled?: (settled: JobSettled) => void;
};

export type Worker = ReturnType<typeof createWorker>;

export function createWorker({
  queue,
  handlers,
  log,
  now = Date.now,
  concurrency = 200,
  pollMs = 200,
  leaseMs = 60_000,
  backoff = {},
  owner = `worker-${randomUUID()}`,
  onSettled = () => {},
}: WorkerOptions) {
  const inFlight = new Map<number, Promise<void>>();
  // Outcomes of jobs that finished in this turn of the event loop, committed together: one commit
  // per batch instead of one per job keeps the webhook answers (same process, same file) fast.
  let unsettled: { write: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let filling: Promise<void> | undefined;
  let fillAgain = false;

  async function run(job: Job): Promise<void> {
    const handler = handlers[job.kind];
    const started = now();
    const settled = (outcome: JobOutcome) => onSettled({ kind: job.kind, target: job.target, outcome, durationMs: now() - started });
    try {
      if (!handler) throw Object.assign(new Error(`no handler for job kind "${job.kind}"`), { retryable: false });
      await handler(job);
      await settle(() => queue.complete(job.id, owner));
      settled('done');
    } catch (error) {
      await settle(() => settleFailure(job, error)).then(settled, (settleError: unknown) => {
        // Not recorded: the job stays leased and runs again once the lease expires.
        log.error('queue.settle_failed', { jobId: job.id, error: describeError(settleError) });
      });
    }
  }

  /** Resolves once the write is committed with the rest of its batch; rejects when the batch rolled back. */
  function settle<T>(write: () => Promise<T>): Promise<T> {
    if (unsettled.length === 0) setImmediate(() => void flush());
    return new Promise<T>((resolve, reject) => {
      unsettled.push({ write, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  async function flush(): Promise<void> {
    const batch = unsettled;
    unsettled = [];
    let results: unknown[];
    try {
      results = await queue.transaction(async () => {
        const out: unknown[] = [];
        for (const { write } of batch) out.push(await write());
        return out;
      });
    } catch (error) {
      // The batch rolled back: its jobs stay leased and are taken over when the lease expires.
      log.error('queue.settle_failed', { jobs: batch.length, error: describeError(error) });
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve }, i) => resolve(results[i]));
  }

  async function settleFailure(job: Job, error: unknown): Promise<JobOutcome> {
    const reason = describeError(error);
    const hint = retryHintOf(error);
    if (hint.notAttempted) {
      await queue.retryAt(job.id, owner, now() + (hint.retryAfterMs ?? 1_000), reason, false);
      return 'paused';
    }
    if (!hint.retryable || job.attempts >= job.maxAttempts) {
      const why = hint.retryable ? `gave up after ${job.attempts} attempts: ${reason}` : reason;
      await queue.bury(job.id, owner, why);
      log.warn('job.dead', { jobId: job.id, kind: job.kind, target: job.target, reason: why });
      return 'dead';
    }
    const delay = Math.max(hint.retryAfterMs ?? 0, backoffDelay(job.attempts, backoff));
    await queue.retryAt(job.id, owner, now() + delay, reason);
    log.info('job.retry', { jobId: job.id, kind: job.kind, attempt: job.attempts, inMs: delay, reason });
    return 'retry';
  }

  /** One lease at a time: a wake-up during a lease looks again right after it. */
  function fill(): Promise<void> {
    scheduled = false;
    if (filling) {
      fillAgain = true;
      return filling;
    }
    filling = leaseAndRun().finally(() => {
      filling = undefined;
      if (fillAgain) {
        fillAgain = false;
        wake();
      }
    });
    return filling;
  }

  async function leaseAndRun(): Promise<void> {
    if (!running) return;
    const free = concurrency - inFlight.size;
    if (free > 0) {
      let jobs: Job[] = [];
      try {
        jobs = await queue.lease(owner, free, leaseMs);
      } catch (error) {
        log.error('queue.lease_failed', { error: describeError(error) });
      }
      for (const job of jobs) {
        const done = run(job).finally(() => {
          inFlight.delete(job.id);
          wake();
        });
        inFlight.set(job.id, done);
      }
    }
    clearTimeout(timer);
    if (running) timer = setTimeout(() => void fill(), pollMs);
  }

  /** Look for work on the next turn of the event loop; many wake-ups in one turn lease once. */
  function wake(): void {
    if (!running || scheduled) return;
    scheduled = true;
    setImmediate(() => void fill());
  }

  return {
    owner,
    start(): void {
      if (running) return;
      running = true;
      wake();
    },
    wake,
    inFlight: () => inFlight.size,
    /** Stops leasing, lets in-flight jobs finish for up to `graceMs`, then hands the rest back. */
    async stop({ graceMs = 10_000 }: { graceMs?: number } = {}): Promise<void> {
      running = false;
      clearTimeout(timer);
      // A lease under way still starts its jobs; they are waited for like the others.
      await filling;
      const all = Promise.allSettled([...inFlight.values()]);
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        graceTimer = setTimeout(resolve, graceMs);
      });
      await Promise.race([all, grace]);
      clearTimeout(graceTimer);
      const released = await queue.releaseLeases(owner);
      if (released > 0) log.info('queue.released', { jobs: released });
    },
  };
}
