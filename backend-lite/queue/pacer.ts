export type PacerOptions = {
  /** Requests per second, set below the target's documented limit. */
  ratePerSecond: number;
  /** Requests allowed back to back after a quiet spell. 1 = evenly spaced. */
  burst?: number;
  /** Longer than this to wait (a 429 pause) → TargetPaused instead of holding a worker slot. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

/** Thrown instead of waiting out a long pause; the queue re-runs the job when the pause ends. */
export class TargetPaused extends Error {
  override name = 'TargetPaused';
  readonly retryable = true;
  readonly notAttempted = true;
  readonly retryAfterMs: number;

  constructor(target: string, waitMs: number) {
    super(`${target} is paused for another ${Math.ceil(waitMs / 1000)} s after it asked us to slow down`);
    this.retryAfterMs = waitMs;
  }
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Pacer = ReturnType<typeof createPacer>;

/**
 * A token bucket per target. Waiters are served in arrival order: each reserves the next free
 * slot, so concurrent callers never overshoot the rate.
 */
export function createPacer(
  name: string,
  { ratePerSecond, burst = 1, maxWaitMs = 2_000, now = Date.now, sleep = realSleep }: PacerOptions,
) {
  const intervalMs = 1000 / ratePerSecond;
  // The time at which the bucket is empty again; slots are handed out from here.
  let nextFreeAt = -Infinity;
  let pausedUntil = 0;

  return {
    name,
    async take(): Promise<void> {
      const at = now();
      const earliest = Math.max(at - (burst - 1) * intervalMs, nextFreeAt, pausedUntil);
      const waitMs = earliest - at;
      if (waitMs > maxWaitMs) throw new TargetPaused(name, waitMs);
      nextFreeAt = earliest + intervalMs;
      if (waitMs > 0) await sleep(waitMs);
    },
    /**
     * Waits until take() would go through at once, without reserving the slot. Batching callers
     * use it so that keys arriving during the wait still join the request. A long pause is not
     * waited out here: the take() that follows throws TargetPaused.
     */
    async waitForSlot(): Promise<void> {
      const waitMs = Math.max(nextFreeAt, pausedUntil) - now();
      if (waitMs > 0 && waitMs <= maxWaitMs) await sleep(waitMs);
    },
    /** The target said "slow down until then" (429 + retry_after): nobody calls it before. */
    pauseUntil(time: number): void {
      pausedUntil = Math.max(pausedUntil, time);
    },
    pausedUntil: () => pausedUntil,
  };
}

/** One pacer per target key, created on first use with that target's limits. */
export function createPacers(defaults: Omit<PacerOptions, 'ratePerSecond'> = {}) {
  const pacers = new Map<string, Pacer>();
  return {
    get(target: string, options: Pick<PacerOptions, 'ratePerSecond' | 'burst' | 'maxWaitMs'>): Pacer {
      let pacer = pacers.get(target);
      if (!pacer) {
        pacer = createPacer(target, { ...defaults, ...options });
        pacers.set(target, pacer);
      }
      return pacer;
    },
  };
}
