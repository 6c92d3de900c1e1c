/**
 * What a failed job tells the queue. Outbound error classes (Kommo, ESPs) carry these fields so
 * the queue needs no knowledge of who failed.
 */
export type RetryHint = {
  /** false: retrying cannot help (bad input, missing entity) — the job goes straight to dead. */
  readonly retryable: boolean;
  /** The target said when to come back (429 retry_after, Retry-After). */
  readonly retryAfterMs?: number | undefined;
  /** true: the job never reached its target (paused target), so the attempt is not counted. */
  readonly notAttempted?: boolean;
};

export function retryHintOf(error: unknown): RetryHint {
  if (error !== null && typeof error === 'object' && 'retryable' in error && typeof error.retryable === 'boolean') {
    const hint = error as Partial<RetryHint> & { retryable: boolean };
    return { retryable: hint.retryable, retryAfterMs: hint.retryAfterMs, notAttempted: hint.notAttempted === true };
  }
  // An error nobody classified (a bug, a dropped socket): retrying is the safe default, and the
  // attempt limit still ends it with the reason in the dead letter.
  return { retryable: true };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
