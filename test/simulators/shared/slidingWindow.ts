/**
 * A sliding-window request limit, as the ESPs document theirs ("10 requests per 10 seconds",
 * "400 per minute"). Every request counts, refused ones too: a client that hammers keeps the
 * window full, as the real services behave.
 */
export class SlidingWindow {
  private times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Records the request; true when it is within the limit. */
  admit(at: number): boolean {
    this.times.push(at);
    while (this.times.length > 0 && at - (this.times[0] ?? at) >= this.windowMs) this.times.shift();
    return this.times.length <= this.limit;
  }

  /** Seconds until the oldest request in the window leaves it (for Retry-After). */
  retryAfterSeconds(at: number): number {
    const oldest = this.times[0] ?? at;
    return Math.max(1, Math.ceil((oldest + this.windowMs - at) / 1000));
  }

  reset(): void {
    this.times = [];
  }
}
