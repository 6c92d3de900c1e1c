import { createPacer, type Pacer, type PacerOptions } from '../../queue/pacer.ts';

/**
 * Moosend limits are per API key and per endpoint, each a 10 s window (reference §B.6), so each
 * paced endpoint has its own pacer. `read` covers view.json and list details, for which no limit
 * is documented: it is paced at an assumed 200 per 10 s (10/s after a burst) rather than not at all.
 */
export type MoosendEndpoint = 'read' | 'subscribe' | 'subscribe_many' | 'unsubscribe_account';

export type MoosendLimit = { limit: number; windowMs: number };

export const MOOSEND_LIMITS: Readonly<Record<MoosendEndpoint, MoosendLimit>> = {
  read: { limit: 200, windowMs: 10_000 },
  subscribe: { limit: 10, windowMs: 10_000 },
  subscribe_many: { limit: 2, windowMs: 10_000 },
  unsubscribe_account: { limit: 20, windowMs: 10_000 },
};

/** B.4: "Up to 1000 per call". */
export const SUBSCRIBE_MANY_MAX = 1000;

export type MoosendPacers = Record<MoosendEndpoint, Pacer>;

/**
 * Token-bucket settings that keep every sliding window strictly under its limit. A bucket of
 * `burst` with one slot per `interval` lets `burst + ceil(window / interval) - 1` requests into
 * any window; with interval = window / (limit - burst) that is limit - 1 by the client's clock,
 * so arrivals would have to bunch up by a whole interval before Moosend counted one too many.
 * Moosend sends no Retry-After (B.6), so 429s must stay rare.
 */
export function moosendPacerOptions({ limit, windowMs }: MoosendLimit): Pick<PacerOptions, 'ratePerSecond' | 'burst' | 'maxWaitMs'> {
  const burst = Math.max(1, Math.floor(limit / 2));
  const perWindow = Math.max(1, limit - burst);
  const intervalMs = windowMs / perWindow;
  // A batch waits out one slot of its own endpoint (subscribe_many: a whole window) instead of
  // giving the worker back mid-batch; a longer wait (a 429 pause) still throws TargetPaused.
  return { ratePerSecond: 1000 / intervalMs, burst, maxWaitMs: Math.max(2_000, Math.ceil(intervalMs * 1.5)) };
}

export type MoosendPacerDeps = Pick<PacerOptions, 'now' | 'sleep'> & {
  limits?: Partial<Record<MoosendEndpoint, MoosendLimit>>;
};

/** One pacer per endpoint for one API key; share them between every adapter using that key. */
export function createMoosendPacers(name: string, { limits = {}, now, sleep }: MoosendPacerDeps = {}): MoosendPacers {
  const make = (endpoint: MoosendEndpoint) =>
    createPacer(`${name}:${endpoint}`, {
      ...moosendPacerOptions(limits[endpoint] ?? MOOSEND_LIMITS[endpoint]),
      ...(now ? { now } : {}),
      ...(sleep ? { sleep } : {}),
    });
  return { read: make('read'), subscribe: make('subscribe'), subscribe_many: make('subscribe_many'), unsubscribe_account: make('unsubscribe_account') };
}
