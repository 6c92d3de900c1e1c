import type { EspView } from '../../backend-lite/api/panelContract.ts';

/**
 * An answer older than this is shown with its age: the backend serves cached views so the card
 * paints fast, and a manager about to call someone must know when the status may have moved on.
 */
export const STALE_AFTER_MS = 10 * 60_000;

export type EspBlockState = 'found' | 'not_found' | 'error' | 'stale';

export function espBlockState(view: EspView, now: number): EspBlockState {
  if (view.state === 'found' && now - view.fetchedAt > STALE_AFTER_MS) return 'stale';
  return view.state;
}
