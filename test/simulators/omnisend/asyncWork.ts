// Omnisend accepts some writes and applies them later: tagging ("performed asynchronously, so the tags
// may not be visible immediately", reference §A.2), events (202) and batches. The simulator applies
// them after a configurable delay, so a bridge that reads right after a 202 sees the old state — as it would.

interface Pending {
  timer: NodeJS.Timeout;
  done: () => void;
}

export class AsyncWork {
  private readonly pending = new Set<Pending>();
  private idle: Promise<void> = Promise.resolve();

  constructor(public delayMs: number) {}

  schedule(apply: () => void): void {
    let resolve: () => void = () => undefined;
    const finished = new Promise<void>((r) => {
      resolve = r;
    });
    const entry: Pending = {
      timer: setTimeout(() => {
        this.pending.delete(entry);
        try {
          apply();
        } catch (error) {
          // A simulator bug must be loud: nothing answers this work, so print it.
          console.error('[omnisend-simulator] async work failed', error);
        } finally {
          resolve();
        }
      }, this.delayMs),
      done: resolve,
    };
    this.pending.add(entry);
    this.idle = Promise.all([this.idle, finished]).then(() => undefined);
  }

  /** Resolves once every piece of work scheduled so far (and any scheduled meanwhile) is applied. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await this.idle;
    await this.idle;
  }

  /** Drops work not yet applied (close). */
  cancel(): void {
    for (const p of this.pending) {
      clearTimeout(p.timer);
      p.done();
    }
    this.pending.clear();
  }
}
