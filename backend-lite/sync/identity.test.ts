import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone } from './identity.ts';

describe('identity', () => {
  it('trims and lower-cases emails, and refuses what is not one', () => {
    expect(normaliseEmail(' Jane.Doe@Example.com ')).toBe('jane.doe@example.com');
    expect(normaliseEmail('no-at-sign')).toBeNull();
    expect(normaliseEmail('')).toBeNull();
    expect(normaliseEmail(undefined)).toBeNull();
  });

  it('writes phones in E.164, using the default country only when the number has none', () => {
    expect(normalisePhone('+44 7700 900123')).toBe('+447700900123');
    expect(normalisePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalisePhone('(415) 555-2671')).toBeNull();
    expect(normalisePhone('12')).toBeNull();
  });
});
