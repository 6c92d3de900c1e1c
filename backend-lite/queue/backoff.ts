export type BackoffOptions = {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
};

/**
 * Exponential backoff with "equal jitter": half the delay is fixed so retries keep spreading out,
 * half is random so a crowd of jobs that failed together does not come back together.
 */
export function backoffDelay(attempt: number, { baseMs = 1_000, capMs = 5 * 60_000, random = Math.random }: BackoffOptions = {}): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
