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
};

export type PushBatcher = ReturnType<typeof createPushBatcher>;

/**
 * Pushes that reach the same ESP account in the same turn of the event loop (a mass move to Won
 * makes dozens of push jobs at once) go out through the ESP's batch endpoint (issue #3: Omnisend
 * batches, Moosend subscribe_many, Customer.io /api/v2/batch); a lone push goes out on its own.
 * Each job still gets its own result, and a failed batch fails each of its jobs, which the queue
 * then retries one by one.
 */
export function createPushBatcher({ adapters, maxBatch = 100 }: PushBatcherOptions) {
  type Waiting = { change: ContactPush; resolve: (result: PushResult) => void; reject: (error: unknown) => void };
  const queued = new Map<string, { accountId: number; esp: EspName; waiting: Waiting[] }>();

  function flush(key: string): void {
    const group = queued.get(key);
    queued.delete(key);
    if (!group) return;
    const adapter = adapters.adapter(group.accountId, group.esp);
    for (let start = 0; start < group.waiting.length; start += maxBatch) {
      const chunk = group.waiting.slice(start, start + maxBatch);
      const only = chunk[0];
      if (chunk.length === 1 && only) {
        adapter.push(only.change).then(only.resolve, only.reject);
        continue;
      }
      adapter.pushMany(chunk.map((w) => w.change)).then(
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
        // Let every push job started in this turn add its change first.
        setImmediate(() => flush(key));
      });
    },
  };
}
