import { createPacer, type Pacer, type PacerOptions } from '../../queue/pacer.ts';

/**
 * Omnisend 2026 limits are per brand on a sliding window, across every key and integration of
 * the store (reference esps.md §A.7): 400/min overall, and /contacts/tags 60/min on top. A tags
 * request therefore takes both pacers.
 */
export type OmnisendLimit = { limit: number; windowMs: number };
export type OmnisendLimits = { brand: OmnisendLimit; tags: OmnisendLimit };

export const OMNISEND_LIMITS: Readonly<OmnisendLimits> = {
  brand: { limit: 400, windowMs: 60_000 },
  tags: { limit: 60, windowMs: 60_000 },
};

export type OmnisendPacers = { brand: Pacer; tags: Pacer };

/**
 * The store's other integrations (its shop platform, review apps …) spend the same brand budget,
 * so the bridge keeps to 3/4 of each limit. A bucket of `burst` refilled every `interval` admits
 * at most `burst + window / interval` requests in any window; both terms are sized to stay there.
 */
export function omnisendPacerOptions({ limit, windowMs }: OmnisendLimit, share = 0.75): Pick<PacerOptions, 'ratePerSecond' | 'burst' | 'maxWaitMs'> {
  const budget = Math.max(2, Math.floor(limit * share));
  const burst = Math.max(1, Math.floor(budget / 10));
  const perWindow = Math.max(1, budget - burst);
  const intervalMs = windowMs / perWindow;
  return { ratePerSecond: 1000 / intervalMs, burst, maxWaitMs: Math.max(2_000, Math.ceil(intervalMs * 1.5)) };
}

export type OmnisendPacerDeps = Pick<PacerOptions, 'now' | 'sleep'> & { limits?: Partial<OmnisendLimits>; share?: number };

/** One pair per brand (the `<accountID>` part of the key): share it between every adapter of that brand. */
export function createOmnisendPacers(name: string, { limits = {}, share, now, sleep }: OmnisendPacerDeps = {}): OmnisendPacers {
  const make = (which: keyof OmnisendLimits) =>
    createPacer(`${name}:${which}`, {
      ...omnisendPacerOptions(limits[which] ?? OMNISEND_LIMITS[which], share),
      ...(now ? { now } : {}),
      ...(sleep ? { sleep } : {}),
    });
  return { brand: make('brand'), tags: make('tags') };
}

/** §A.1: keys look like `<accountID>-<secret>`; limits follow the account (brand). */
export function omnisendBrandOf(apiKey: string): string {
  const dash = apiKey.indexOf('-');
  return dash > 0 ? apiKey.slice(0, dash) : 'unknown-brand';
}
