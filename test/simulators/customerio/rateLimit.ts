import { SlidingWindow } from '../shared/slidingWindow.ts';

// Request limits (reference C.6, C.7). App API: 10 requests/second, 429 beyond. Track API: 1000/s,
// "not strictly enforced" — [UNCERTAIN] modelled as a hard limit at that rate (configurable, or off with
// null), because a client that exceeds it is the one that "may lead to throttling or dropped data".
// Every request counts, refused and unauthenticated ones too.

export interface LimitConfig {
  /** Requests per window; null = no limit. */
  requests: number | null;
  windowMs: number;
  /** Retry-After sent on 429; 0 = none (neither API documents one). */
  retryAfterSeconds: number;
}

export class ApiLimiter {
  private readonly window: SlidingWindow | null;
  /** 429s answered by the limiter (injected ones not included). */
  throttled = 0;

  constructor(readonly config: LimitConfig) {
    this.window = config.requests === null ? null : new SlidingWindow(config.requests, config.windowMs);
  }

  admit(at: number): boolean {
    if (!this.window || this.window.admit(at)) return true;
    this.throttled += 1;
    return false;
  }

  reset(): void {
    this.window?.reset();
    this.throttled = 0;
  }
}
