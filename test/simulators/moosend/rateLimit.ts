import { SlidingWindow } from '../shared/slidingWindow.ts';

// Reference B.6 [S-M5]: limits are per API key and per endpoint, each its own sliding window. The
// blueprint repeats the subscribe (10/10 s), subscribe_many (2/10 s) and unsubscribe (20/10 s) ones.
// "delete subscriber / delete many: 40 / 10 s, 8 / 10 s" is read as remove.json and both delete.json
// (one window each) / remove_many.json. Endpoints the table does not name are not limited here.

export type LimitedEndpoint =
  | 'subscribe'
  | 'subscribe_many'
  | 'unsubscribe_account'
  | 'unsubscribe_list'
  | 'unsubscribe_campaign'
  | 'remove'
  | 'remove_many'
  | 'delete_list'
  | 'delete_account';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const MOOSEND_RATE_LIMITS: Record<LimitedEndpoint, RateLimit> = {
  subscribe: { limit: 10, windowMs: 10_000 },
  subscribe_many: { limit: 2, windowMs: 10_000 },
  unsubscribe_account: { limit: 20, windowMs: 10_000 },
  unsubscribe_list: { limit: 20, windowMs: 10_000 },
  unsubscribe_campaign: { limit: 20, windowMs: 10_000 },
  remove: { limit: 40, windowMs: 10_000 },
  delete_list: { limit: 40, windowMs: 10_000 },
  delete_account: { limit: 40, windowMs: 10_000 },
  remove_many: { limit: 8, windowMs: 10_000 },
};

export interface RateLimiterOptions {
  /** Multiplies every window (0.01 → 100 ms windows) so tests need not wait 10 s. Default 1. */
  windowScale?: number;
  /** Replaces single entries of MOOSEND_RATE_LIMITS (windowMs before scaling). */
  overrides?: Partial<Record<LimitedEndpoint, RateLimit>>;
}

export class EndpointRateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  readonly limits: Record<LimitedEndpoint, RateLimit>;
  /** Requests refused with RATE-LIMITING, per endpoint. */
  readonly refused: Partial<Record<LimitedEndpoint, number>> = {};

  constructor({ windowScale = 1, overrides = {} }: RateLimiterOptions = {}) {
    const limits = { ...MOOSEND_RATE_LIMITS, ...overrides };
    this.limits = Object.fromEntries(
      Object.entries(limits).map(([k, v]) => [k, { limit: v.limit, windowMs: v.windowMs * windowScale }]),
    ) as Record<LimitedEndpoint, RateLimit>;
  }

  /** Counts the request (refused ones too, see SlidingWindow); true when it is within the limit. */
  admit(apiKey: string, endpoint: LimitedEndpoint, at: number): boolean {
    const key = `${apiKey}\n${endpoint}`;
    let window = this.windows.get(key);
    if (!window) {
      const { limit, windowMs } = this.limits[endpoint];
      window = new SlidingWindow(limit, windowMs);
      this.windows.set(key, window);
    }
    const ok = window.admit(at);
    if (!ok) this.refused[endpoint] = (this.refused[endpoint] ?? 0) + 1;
    return ok;
  }

  reset(): void {
    this.windows.clear();
    for (const k of Object.keys(this.refused) as LimitedEndpoint[]) delete this.refused[k];
  }
}
