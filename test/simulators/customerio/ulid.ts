import { randomBytes } from 'node:crypto';

// ULIDs (https://github.com/ulid/spec): Customer.io event `id`s (C.3) and webhook `event_id`s (C.8).

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 Crockford base-32 characters, case-insensitive; the first ≤ 7 (48-bit time). */
export function isUlid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i.test(value);
}

/** A fresh ULID for `timeMs` (default now); random part from the OS. */
export function newUlid(timeMs: number = Date.now()): string {
  let time = '';
  let t = Math.floor(timeMs);
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[t % 32] ?? '0') + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(bytes[i] ?? 0) % 32];
  return time + random;
}

/** A delivery id shaped like Customer.io's (`RPILAgUBcRhIBqSfeiIwdIYJKxTY`: 28 base64url characters). */
export function newDeliveryId(): string {
  return randomBytes(21).toString('base64url');
}
