import { startOmnisendSimulator, type OmnisendSimulator, type OmnisendSimulatorOptions } from '../../../test/simulators/omnisend/index.ts';
import type { RecordedRequest } from '../../../test/simulators/shared/recordedRequest.ts';
import type { ContactIdentity, ContactPush, EspAdapter } from '../espAdapter.ts';
import { createOmnisendAdapter, type OmnisendAdapterOptions } from './omnisendAdapter.ts';
import { createOmnisendPacers, type OmnisendPacers } from './omnisendLimits.ts';

/** Test-only: the real Omnisend simulator over HTTP and an adapter pointed at it. */
export type OmnisendKit = { sim: OmnisendSimulator; adapter: EspAdapter; pacers: OmnisendPacers; close: () => Promise<void> };

export async function startOmnisendKit(
  simOptions: OmnisendSimulatorOptions = {},
  adapterOptions: Partial<OmnisendAdapterOptions> = {},
): Promise<OmnisendKit> {
  const sim = await startOmnisendSimulator({ asyncDelayMs: 5, ...simOptions });
  // Generous limits by default so tests that are not about pacing do not wait on it.
  const pacers = adapterOptions.pacers ?? createOmnisendPacers('omnisend:test', { limits: { brand: { limit: 2000, windowMs: 1000 }, tags: { limit: 1000, windowMs: 1000 } } });
  const adapter = createOmnisendAdapter({ apiKey: sim.apiKey, origin: sim.origin, pacers, batchPollMs: 10, batchWaitMs: 2_000, ...adapterOptions });
  return { sim, adapter, pacers, close: () => sim.close() };
}

let counter = 0;
/** A fresh address per test, so tests sharing one simulator do not meet. */
export const freshEmail = (label = 'person') => `${label}.${++counter}.${Date.now().toString(36)}@example.com`;

export function identity(email: string, phone: string | null = null): ContactIdentity {
  return { email, phone, kommoContactId: 1000 + counter, kommoDealId: 2000 + counter };
}

export function contactPush(email: string, overrides: Partial<ContactPush> = {}): ContactPush {
  return {
    identity: identity(email),
    firstName: 'Jane',
    lastName: 'Doe',
    fields: { kommo_deal_id: 4242, plan: 'pro' },
    addTags: [],
    removeTags: [],
    list: null,
    event: null,
    newContactStatus: { email: 'not_subscribed' },
    ...overrides,
  };
}

/** What the simulator received for one method and path, in order. */
export const received = (sim: OmnisendSimulator, method: string, path: string): RecordedRequest[] =>
  sim.requests.filter((r) => r.method === method && r.path === path);

/** Every `channels` object anywhere in a request body (a status write, whatever its shape). */
export function channelWrites(body: unknown): unknown[] {
  if (Array.isArray(body)) return body.flatMap(channelWrites);
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, value]) => (key === 'channels' ? [value] : channelWrites(value)));
}
