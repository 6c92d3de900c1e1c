import { SlidingWindow } from '../shared/slidingWindow.ts';

// 2026-03-15 limits (reference §A.7): per brand, on a sliding window, across all keys and integrations:
// 400 requests/min by default; /contacts/tags 60/min on top. Every request counts, refused ones too
// (the shared window's rule). Requests refused before reaching a brand (401, bad version) do not count:
// without a valid key there is no brand to charge [UNCERTAIN].

export interface RateLimitOptions {
  requestsPerMinute: number;
  tagRequestsPerMinute: number;
  /** 60 000 ms = the documented minute. Shrink only to keep tests fast. */
  windowMs: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; detail: string };

interface BrandWindows {
  all: SlidingWindow;
  tags: SlidingWindow;
}

export class BrandRateLimiter {
  private readonly brands = new Map<string, BrandWindows>();

  constructor(private readonly options: RateLimitOptions) {}

  private windows(brand: string): BrandWindows {
    let w = this.brands.get(brand);
    if (!w) {
      w = {
        all: new SlidingWindow(this.options.requestsPerMinute, this.options.windowMs),
        tags: new SlidingWindow(this.options.tagRequestsPerMinute, this.options.windowMs),
      };
      this.brands.set(brand, w);
    }
    return w;
  }

  check(brand: string, at: number, bucket: 'tags' | undefined): RateVerdict {
    const w = this.windows(brand);
    if (!w.all.admit(at)) {
      return { ok: false, retryAfterSeconds: w.all.retryAfterSeconds(at), detail: `Rate limit of ${this.options.requestsPerMinute} requests per minute exceeded` };
    }
    if (bucket === 'tags' && !w.tags.admit(at)) {
      return { ok: false, retryAfterSeconds: w.tags.retryAfterSeconds(at), detail: `Rate limit of ${this.options.tagRequestsPerMinute} requests per minute exceeded for /contacts/tags` };
    }
    return { ok: true };
  }

  reset(): void {
    this.brands.clear();
  }
}
