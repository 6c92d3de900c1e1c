import type { EspFailure } from '../api/panelContract.ts';
import { EspBadCredentials, EspRateLimited, EspRejectedInput, EspUnavailable } from '../esp/espErrors.ts';

export class EspTimedOut extends Error {
  override name = 'EspTimedOut';
  constructor(esp: string, ms: number) {
    super(`${esp} did not answer within ${(ms / 1000).toFixed(1)} s`);
  }
}

/** An ESP's error as the panel shows it: a code it translates, and the sentence behind it. */
export function espFailureOf(error: unknown): EspFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EspTimedOut) return { code: 'timeout', message };
  if (error instanceof EspBadCredentials) return { code: 'bad_credentials', message };
  if (error instanceof EspRateLimited) return { code: 'rate_limited', message };
  if (error instanceof EspUnavailable) return { code: 'unavailable', message };
  if (error instanceof EspRejectedInput) return { code: 'rejected', message };
  return { code: 'unknown', message };
}
