import { startCustomerioSimulator, type CustomerioSimulator, type CustomerioSimulatorOptions } from '../../../test/simulators/customerio/index.ts';
import { derivedUlid } from '../../sync/derivedUlid.ts';
import type { ContactIdentity, ContactPush } from '../espAdapter.ts';
import { createCustomerioAdapter, type CustomerioAdapterOptions } from './customerioAdapter.ts';
import { createCustomerioPacers, type CustomerioPacers } from './customerioLimits.ts';

// Tests only: the real simulator over HTTP with its rate window shrunk tenfold (100 ms) and the
// adapter's pacers raised tenfold, so the ratios of the real limits hold and the tests stay fast.

export const WINDOW_MS = 100;
export const SCALE = 1000 / WINDOW_MS;

export type Kit = { sim: CustomerioSimulator; adapter: ReturnType<typeof createCustomerioAdapter>; pacers: CustomerioPacers };

export async function startKit(simOptions: CustomerioSimulatorOptions = {}, adapterOptions: Partial<CustomerioAdapterOptions> = {}): Promise<Kit> {
  const sim = await startCustomerioSimulator({ rateWindowMs: WINDOW_MS, ...simOptions });
  const pacers = createCustomerioPacers('test', { rates: { app: 8 * SCALE, track: 800 * SCALE } });
  const adapter = createCustomerioAdapter({
    ...sim.credentials,
    trackOrigin: sim.trackOrigin,
    appOrigin: sim.appOrigin,
    env: {},
    pacers,
    timeoutMs: 1_000,
    ...adapterOptions,
  });
  return { sim, adapter, pacers };
}

export const identity = (email = 'jane@example.com', over: Partial<ContactIdentity> = {}): ContactIdentity => ({
  email,
  phone: null,
  kommoContactId: 501,
  kommoDealId: 9001,
  ...over,
});

/** A change's event as pushPlan makes it: a ULID derived from the change, timed at the change. */
export const wonEvent = (changedAt: number, leadId = 9001) => ({
  name: 'deal_won',
  id: derivedUlid(changedAt, 'acct', leadId, 501, 'deal_won'),
  data: { plan: 'Pro', deal_id: leadId },
});

export const change = (over: Partial<ContactPush> = {}): ContactPush => ({
  identity: identity(),
  firstName: 'Jane',
  lastName: 'Doe',
  fields: { plan: 'Pro', kommo_deal_id: 9001 },
  addTags: [],
  removeTags: [],
  list: null,
  event: null,
  newContactStatus: { email: 'not_subscribed' },
  ...over,
});
