import { describe, expect, it } from 'vitest';
import { derivedUlid } from './derivedUlid.ts';

describe('derivedUlid', () => {
  it('is a ULID: 26 Crockford characters, time first', () => {
    const id = derivedUlid(1_726_572_758_000, 'acme', 15318175, 'won');
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    // The time part sorts with the change time.
    expect(id.slice(0, 10) < derivedUlid(1_726_572_759_000, 'x').slice(0, 10)).toBe(true);
    expect(derivedUlid(0, 'x').slice(0, 10)).toBe('0000000000');
  });

  it('is the same for the same change and differs for another', () => {
    expect(derivedUlid(1000, 'acme', 1, 'won')).toBe(derivedUlid(1000, 'acme', 1, 'won'));
    expect(derivedUlid(1000, 'acme', 1, 'won')).not.toBe(derivedUlid(1000, 'acme', 1, 'lost'));
  });
});
