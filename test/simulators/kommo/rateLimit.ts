// Kommo's request limit (reference §5.2): ≤ 7 requests/second per IP; beyond it 429 with retry_after;
// "keep violating it → the IP is blocked, and every API request returns 403".
//
// Model: every request counts in a sliding window (throttled ones too — a client that hammers keeps
// the window full). The request that exceeds the limit starts a penalty of retryAfterSeconds; requests
// received while a penalty runs are "ignored penalties" and are answered 429 as well. The ignored count
// is cumulative until reset(): a client that never sends during a penalty never gets closer to a block.
//
// The window itself is the shared kit's SlidingWindow; the penalty and the block are Kommo's own.

import { SlidingWindow } from '../shared/slidingWindow.ts';

export interface RateLimitOptions {
  requestsPerSecond: number;
  retryAfterSeconds: number;
  ignoredRateLimitsBeforeBlock: number;
  windowMs?: number;
}

export type Verdict = { kind: 'pass' } | { kind: 'throttled'; retryAfterSeconds: number } | { kind: 'blocked' };

export class RateLimiter {
  private readonly window: SlidingWindow;
  private penaltyUntil = 0;
  private ignored = 0;
  private blocked = false;
  private throttled = 0;

  constructor(private readonly options: RateLimitOptions) {
    this.window = new SlidingWindow(options.requestsPerSecond, options.windowMs ?? 1000);
  }

  check(at: number): Verdict {
    if (this.blocked) return { kind: 'blocked' };
    const withinLimit = this.window.admit(at);
    const retryAfterSeconds = this.options.retryAfterSeconds;
    if (at < this.penaltyUntil) {
      this.ignored += 1;
      if (this.ignored > this.options.ignoredRateLimitsBeforeBlock) {
        this.blocked = true;
        return { kind: 'blocked' };
      }
      this.throttled += 1;
      return { kind: 'throttled', retryAfterSeconds };
    }
    if (!withinLimit) {
      this.penaltyUntil = at + retryAfterSeconds * 1000;
      this.throttled += 1;
      return { kind: 'throttled', retryAfterSeconds };
    }
    return { kind: 'pass' };
  }

  /**
   * An injected 429 (failNext) behaves like a real one: it starts a penalty, so a client that does not
   * wait out retry_after is throttled again and moves towards the block.
   */
  penalize(at: number, retryAfterSeconds: number): void {
    this.throttled += 1;
    this.penaltyUntil = Math.max(this.penaltyUntil, at + retryAfterSeconds * 1000);
  }

  get stats(): { tooManyRequests: number; ignoredPenaltyRequests: number; blocked: boolean } {
    return { tooManyRequests: this.throttled, ignoredPenaltyRequests: this.ignored, blocked: this.blocked };
  }

  reset(): void {
    this.window.reset();
    this.penaltyUntil = 0;
    this.ignored = 0;
    this.blocked = false;
    this.throttled = 0;
  }
}
