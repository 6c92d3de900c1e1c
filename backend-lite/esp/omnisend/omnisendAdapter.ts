import { realSleep } from '../../queue/pacer.ts';
import type { EspAdapter } from '../espAdapter.ts';
import { anyContactQuery, contactListSchema, OMNISEND_DEFAULT_ORIGIN, omnisendPaths } from './omnisendApiVersion.ts';
import { pushContactsInBatches } from './omnisendBatch.ts';
import { brandOnly, findByEmail, type OmnisendContext } from './omnisendContacts.ts';
import { createOmnisendHttp } from './omnisendHttp.ts';
import { createOmnisendPacers, omnisendBrandOf, type OmnisendLimits, type OmnisendPacers } from './omnisendLimits.ts';
import { optOutContact } from './omnisendOptOut.ts';
import { omnisendStatusChangesSince } from './omnisendPoll.ts';
import { toEspProfile, type ProfileLinks } from './omnisendProfile.ts';
import { pushContact } from './omnisendPush.ts';

export type OmnisendAdapterOptions = {
  /** `<accountID>-<secret>` (reference §A.1). */
  apiKey: string;
  /** Without /api: OMNISEND_API_URL, else https://api.omnisend.com. */
  origin?: string;
  /**
   * Limits are per brand across all keys (§A.7): adapters of one brand must share these. Default:
   * a pair of its own, from `limits`.
   */
  pacers?: OmnisendPacers;
  limits?: Partial<OmnisendLimits>;
  fetch?: typeof fetch;
  now?: () => number;
  /** Waits between batch polls (and pacer waits when the default pacers are built). */
  sleep?: (ms: number) => Promise<void>;
  /** Per request; §A.7 recommends 10 s. */
  timeoutMs?: number;
  /** pushMany: how long to wait for Omnisend to process a batch, and how often to ask. */
  batchWaitMs?: number;
  batchPollMs?: number;
  /** The contact's page in Omnisend's app, when the pattern is known (the reference has none). */
  contactUrl?: ProfileLinks['contactUrl'];
};

export function createOmnisendAdapter({
  apiKey,
  origin = OMNISEND_DEFAULT_ORIGIN,
  pacers,
  limits,
  fetch: fetchImpl,
  now = Date.now,
  sleep = realSleep,
  timeoutMs = 10_000,
  batchWaitMs = 30_000,
  batchPollMs = 1_000,
  contactUrl,
}: OmnisendAdapterOptions): EspAdapter {
  const http = createOmnisendHttp({ origin: origin.replace(/\/+$/, ''), apiKey, timeoutMs, now, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  const ctx: OmnisendContext = {
    http,
    pacers: pacers ?? createOmnisendPacers(`omnisend:${omnisendBrandOf(apiKey)}`, { now, sleep, ...(limits ? { limits } : {}) }),
    now,
  };

  return {
    name: 'omnisend',

    async checkCredentials() {
      // The cheapest call the contacts.read scope allows: one contact, or none.
      await http.send({ method: 'GET', path: omnisendPaths.contacts, pacers: brandOnly(ctx), searchParams: anyContactQuery() }, contactListSchema);
    },

    async readProfile(identity) {
      const contact = await findByEmail(ctx, identity.email);
      return contact ? toEspProfile(contact, { contactUrl }) : { found: false };
    },

    push: (change) => pushContact(ctx, change),

    pushMany: (changes) => pushContactsInBatches(ctx, changes, { waitMs: batchWaitMs, pollMs: batchPollMs, sleep }),

    optOut: (identity, channels) => optOutContact(ctx, identity, channels),
    statusChangesSince: (since) => omnisendStatusChangesSince(ctx, since),
  };
}
