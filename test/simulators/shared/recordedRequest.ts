/** One request as a simulator received it: what tests assert on ("the request the ESP received"). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when there was no body or it was not valid JSON (see rawBody). */
  body: unknown;
  rawBody: string;
  /** Status answered; 0 while unanswered (hung or still in latency). */
  status: number;
  /** Arrival time in epoch milliseconds (fractional). */
  at: number;
}

/**
 * Largest number of arrival times inside any window of `ms` — a half-open window (a request exactly
 * `ms` after another no longer shares its window), the same one the simulators' limiters use.
 */
export function maxInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= ms) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
