export type BatchLoaderOptions<V> = {
  maxBatch: number;
  /** Loads up to maxBatch keys in one call; keys missing from the result resolve to undefined. */
  loadMany: (keys: number[]) => Promise<Map<number, V>>;
  /** Resolves when the next request may go out (the target's pacer). */
  ready: () => Promise<void>;
};

/**
 * Coalesces single-key reads from many concurrent jobs into batch requests. Keys asked for while
 * the previous request waits for its pacing slot ride along in the next one, so a burst of events
 * for many deals costs a few requests instead of one or two per deal.
 */
export function createBatchLoader<V>({ maxBatch, loadMany, ready }: BatchLoaderOptions<V>) {
  type Waiter = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };
  const pending = new Map<number, Waiter[]>();
  let pumping = false;

  async function pump(): Promise<void> {
    try {
      await drain();
    } finally {
      pumping = false;
    }
  }

  async function drain(): Promise<void> {
    while (pending.size > 0) {
      await ready();
      const keys = [...pending.keys()].slice(0, maxBatch);
      const waiters = keys.map((key) => [key, pending.get(key) ?? []] as const);
      for (const key of keys) pending.delete(key);
      void loadMany(keys).then(
        (found) => {
          for (const [key, list] of waiters) for (const w of list) w.resolve(found.get(key));
        },
        (error: unknown) => {
          for (const [, list] of waiters) for (const w of list) w.reject(error);
        },
      );
    }
  }

  return {
    load(key: number): Promise<V | undefined> {
      return new Promise((resolve, reject) => {
        const list = pending.get(key);
        if (list) list.push({ resolve, reject });
        else pending.set(key, [{ resolve, reject }]);
        if (!pumping) {
          pumping = true;
          // Let every job started in this turn of the event loop add its key first.
          setImmediate(() => void pump());
        }
      });
    },
  };
}
