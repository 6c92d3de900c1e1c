import { createHash } from 'node:crypto';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID whose time part is the change's time and whose random part is a hash of what changed.
 * Customer.io dedupes events on their ULID `id` (reference/esps.md §C.3), so a retried or
 * re-delivered change produces the same id and is counted once.
 */
export function derivedUlid(timeMs: number, ...parts: readonly (string | number)[]): string {
  const hash = createHash('sha256').update(parts.join('\u001f')).digest();
  let time = '';
  let t = Math.max(0, Math.floor(timeMs));
  for (let i = 0; i < 10; i++) {
    time = crockford[t % 32] + time;
    t = Math.floor(t / 32);
  }
  // 80 bits of the hash as 16 base-32 digits, 5 bits each.
  let random = '';
  let bits = 0;
  let value = 0;
  for (const byte of hash.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      random += crockford[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return time + random;
}
