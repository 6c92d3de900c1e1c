import { startMoosendSimulator, type MoosendSimulator, type MoosendSimulatorOptions } from '../../../test/simulators/moosend/index.ts';
import type { ContactPush } from '../espAdapter.ts';
import { createMoosendAdapter, type MoosendAdapterOptions } from './moosendAdapter.ts';
import { createMoosendPacers, type MoosendEndpoint, type MoosendLimit } from './moosendLimits.ts';

// Test-only helpers: the real simulator over HTTP, with 10 s windows scaled to 100 ms.

export const WON = 'list-won';
export const DEMO = 'list-demo';
export const LOST = 'list-lost';

export async function startSim(options: MoosendSimulatorOptions = {}): Promise<MoosendSimulator> {
  const sim = await startMoosendSimulator({ rateWindowScale: 0.01, ...options });
  sim.seedList({ id: WON, name: 'Won', customFields: ['Plan', 'mrr', 'kommo_deal_id', 'won_date', 'Company'] });
  sim.seedList({ id: DEMO, name: 'Demo booked', customFields: ['plan', 'kommo_deal_id', 'Company'] });
  sim.seedList({ id: LOST, name: 'Lost', customFields: ['kommo_deal_id'] });
  return sim;
}

/** The adapter's limits matched to the simulator's scaled windows; reads paced fast. */
export function limitsOf(sim: MoosendSimulator): Record<MoosendEndpoint, MoosendLimit> {
  return {
    read: { limit: 2_000, windowMs: 100 },
    subscribe: sim.rateLimits.subscribe,
    subscribe_many: sim.rateLimits.subscribe_many,
    unsubscribe_account: sim.rateLimits.unsubscribe_account,
  };
}

export function adapterFor(sim: MoosendSimulator, overrides: Partial<MoosendAdapterOptions> = {}) {
  const limits = limitsOf(sim);
  const pacers = createMoosendPacers('moosend-test', { limits });
  const adapter = createMoosendAdapter({ apiKey: sim.apiKey, lists: [WON, DEMO, LOST], origin: sim.origin, limits, pacers, timeoutMs: 2_000, ...overrides });
  return { adapter, pacers };
}

export function pushOf(overrides: Partial<ContactPush> & { email?: string } = {}): ContactPush {
  const { email = 'ana@example.com', ...rest } = overrides;
  return {
    identity: { email, phone: null, kommoContactId: 7, kommoDealId: 42 },
    firstName: 'Ana',
    lastName: 'Lima',
    fields: { kommo_deal_id: 42, plan: 'Pro' },
    addTags: [],
    removeTags: [],
    list: WON,
    event: null,
    newContactStatus: { email: 'not_subscribed' },
    ...rest,
  };
}

export const consented = { newContactStatus: { email: 'subscribed' as const } };

/** Requests to one kind of path, e.g. `subscribe.json`. */
export const requestsTo = (sim: MoosendSimulator, suffix: string) => sim.requests.filter((r) => r.path.endsWith(`/${suffix}`));
