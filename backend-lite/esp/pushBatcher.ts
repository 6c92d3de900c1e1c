import type { ContactPush, EspName, PushResult } from './espAdapter.ts';
import type { EspAdapters } from './espAdapters.ts';

export type PushBatcherOptions = {
  adapters: EspAdapters;
  /**
   * Largest batch handed to one pushMany. The worker runs at most its concurrency of jobs at once,
   * so this only has to keep one call well inside a job's lease (Moosend paces subscribe_many at
   * 2 per 10 s, Omnisend processes batches asynchronously).
   */
  maxBatch?: number;
  /**
   * While an earlier push or batch to the same ESP account is still in flight, new pushes wait
   * this long for company before going out (a mass move's jobs finish in a trickle, and each
   * small batch would pay the ESP's pacing, e.g. Moosend's subscribe_many slot). An idle ESP
   * account gets its push on the next turn, as before.
   */
  coalesceMs?: number;
};

export type PushBatcher = ReturnType<typeof createPushBatcher>;

/**
 * Pushes that reach the same ESP account in the same turn of the event loop (a mass move to Won
 * makes dozens of push jobs at once) go out through the ESP's batch endpoint (issue #3: Omnisend
 * batches, Moosend subscribe_many, Customer.io /api/v2/batch); a lone push goes out on its own.
 * Each job still gets its own result, and a failed batch fails each of its jobs, which the queue
 * then retries one by one.
 */
export function createPushBatcher({ adapters, maxBatch = 100, coalesceMs = 250 }: PushBatcherOptions) {
  type Waiting = { change: ContactPush; resolve: (result: PushResult) => void; reject: (error: unknown) => void };
  const queued = new Map<string, { accountId: number; esp: EspName; waiting: Waiting[] }>();
  /** push / pushMany calls in flight per ESP account. */
  const inFlight = new Map<string, number>();

  function track(key: string, call: Promise<unknown>): void {
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    const done = () => {
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left > 0) inFlight.set(key, left);
      else inFlight.delete(key);
    };
    call.then(done, done);
  }

  function flush(key: string): void {
    const group = queued.get(key);
    queued.delete(key);
    if (!group) return;
    const adapter = adapters.adapter(group.accountId, group.esp);
    for (let start = 0; start < group.waiting.length; start += maxBatch) {
      const chunk = group.waiting.slice(start, start + maxBatch);
      const only = chunk[0];
      if (chunk.length === 1 && only) {
        const call = adapter.push(only.change);
        track(key, call);
        call.then(only.resolve, only.reject);
        continue;
      }
      const call = adapter.pushMany(chunk.map((w) => w.change));
      track(key, call);
      call.then(
        (results) =>
          chunk.forEach((w, i) => {
            const result = results[i];
            if (result) w.resolve(result);
            else w.reject(new Error(`${group.esp} answered ${results.length} results for a batch of ${chunk.length}`));
          }),
        (error: unknown) => chunk.forEach((w) => w.reject(error)),
      );
    }
  }

  return {
    push(accountId: number, esp: EspName, change: ContactPush): Promise<PushResult> {
      return new Promise((resolve, reject) => {
        const key = `${accountId}:${esp}`;
        const group = queued.get(key);
        if (group) {
          group.waiting.push({ change, resolve, reject });
          return;
        }
        queued.set(key, { accountId, esp, waiting: [{ change, resolve, reject }] });
        // Let every push job started in this turn add its change first; while the ESP account is
        // busy with earlier pushes, also those finishing in the next few hundred ms.
        if (coalesceMs > 0 && (inFlight.get(key) ?? 0) > 0) setTimeout(() => flush(key), coalesceMs);
        else setImmediate(() => flush(key));
      });
    },
  };
}
