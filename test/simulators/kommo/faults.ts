import type { ServerResponse } from 'node:http';
import { defaultFaultBody } from './problems.ts';
import type { Reply } from './types.ts';

export interface FailNextOptions {
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Replaces the default body (problem+json for the status; Kommo's 429 body for 429). */
  body?: unknown;
  /**
   * For 429: retry_after in the body and the Retry-After header; default: the simulator's retryAfterSeconds.
   * An injected 429 also starts that penalty in the rate limiter, exactly like a real one.
   */
  retryAfterSeconds?: number;
  /** Only requests whose pathname matches count (and consume the fault). */
  path?: RegExp;
  /** Only requests with this method (e.g. 'PATCH') count. */
  method?: string;
}

interface PendingFault extends FailNextOptions {
  remaining: number;
}

/** Injected failures, latency and hangs. Faults are consumed in the order they were added. */
export class Faults {
  private queue: PendingFault[] = [];
  latencyMs = 0;
  hanging = false;
  private readonly held = new Set<ServerResponse>();

  constructor(private readonly defaultRetryAfterSeconds: number) {}

  failNext(options: FailNextOptions): void {
    this.queue.push({ ...options, remaining: options.times ?? 1 });
  }

  /** The injected reply for this request, if a queued fault matches it; penaltySeconds is set for a 429. */
  take(method: string, path: string): { reply: Reply; penaltySeconds: number | null } | null {
    const matches = (f: PendingFault): boolean => {
      if (f.method && f.method.toUpperCase() !== method) return false;
      if (!f.path) return true;
      f.path.lastIndex = 0; // a /g or /y RegExp would otherwise remember the previous match
      return f.path.test(path);
    };
    const fault = this.queue.find(matches);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(this.queue.indexOf(fault), 1);
    const retryAfter = fault.retryAfterSeconds ?? this.defaultRetryAfterSeconds;
    const reply = defaultFaultBody(fault.status, retryAfter);
    if (fault.body !== undefined) reply.body = fault.body;
    return { reply, penaltySeconds: fault.status === 429 ? retryAfter : null };
  }

  /** Hung responses are never answered; turning hang off or closing resets their connections. */
  hold(res: ServerResponse): void {
    this.held.add(res);
    res.on('close', () => this.held.delete(res));
  }

  release(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  reset(): void {
    this.queue = [];
    this.latencyMs = 0;
    this.hanging = false;
    this.release();
  }
}
