import { describe, expect, it } from 'vitest';
import type { EspView } from '../../backend-lite/api/panelContract.ts';
import { STALE_AFTER_MS, espBlockState } from './espBlockState.ts';

const NOW = 1_700_000_000_000;
const profile = { channels: {}, tags: [], fields: {}, lists: [], deepLink: null };

describe('espBlockState', () => {
  it('is found while the answer is fresh, stale once it is older than the limit', () => {
    const view = (fetchedAt: number): EspView => ({ esp: 'omnisend', state: 'found', fetchedAt, profile });
    expect(espBlockState(view(NOW - STALE_AFTER_MS), NOW)).toBe('found');
    expect(espBlockState(view(NOW - STALE_AFTER_MS - 1), NOW)).toBe('stale');
  });

  it('keeps not_found and error whatever their age', () => {
    expect(espBlockState({ esp: 'moosend', state: 'not_found', fetchedAt: 0 }, NOW)).toBe('not_found');
    expect(
      espBlockState(
        { esp: 'customerio', state: 'error', failure: { code: 'timeout', message: 'slow' }, lastKnown: { fetchedAt: 0, profile } },
        NOW,
      ),
    ).toBe('error');
  });
});
