import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles per attempt between half and the whole of the exponential delay', () => {
    const low = (attempt: number) => backoffDelay(attempt, { baseMs: 1000, random: () => 0 });
    const high = (attempt: number) => backoffDelay(attempt, { baseMs: 1000, random: () => 1 });
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map(high)).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(40, { baseMs: 1000, capMs: 60_000, random: () => 1 })).toBe(60_000);
  });
});
