import { createPacer, type Pacer, type PacerOptions } from '../../queue/pacer.ts';

/**
 * C.7: the App API allows 10 requests/s and answers 429 beyond, without Retry-After — so it is
 * paced at 8/s, evenly, leaving room for jitter. C.6: the Track API's ~1000/s is soft ("may lead
 * to throttling or dropped data"), paced at 800/s.
 */
export const CUSTOMERIO_RATES = { app: 8, track: 800 } as const;

/** A 429 without Retry-After waits out one window of the per-second limits. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

/** C.5: a batch is ≤ 500 KB and each operation ≤ 32 KB; the margin covers the `{"batch":[…]}` wrapper. */
export const BATCH_MAX_BYTES = 500 * 1024 - 1024;
export const OPERATION_MAX_BYTES = 32 * 1024;

/** C.7: `POST /v1/customers/attributes` takes at most 100 ids. */
export const ATTRIBUTES_BULK_MAX = 100;

export type CustomerioPacers = { track: Pacer; app: Pacer };

export type CustomerioPacerOptions = Pick<PacerOptions, 'now' | 'sleep' | 'maxWaitMs'> & {
  /** Requests per second; tests raise them together with the simulator's shortened window. */
  rates?: Partial<Record<keyof CustomerioPacers, number>>;
};

/** One pair per workspace (site id); share it between every adapter for that workspace. */
export function createCustomerioPacers(name: string, { rates = {}, now, sleep, maxWaitMs }: CustomerioPacerOptions = {}): CustomerioPacers {
  const make = (api: keyof CustomerioPacers) =>
    createPacer(`${name}:${api}`, {
      ratePerSecond: rates[api] ?? CUSTOMERIO_RATES[api],
      ...(now ? { now } : {}),
      ...(sleep ? { sleep } : {}),
      ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
    });
  return { track: make('track'), app: make('app') };
}
