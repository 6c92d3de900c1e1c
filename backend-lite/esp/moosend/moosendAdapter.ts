import type { Channel, ContactIdentity, EspAdapter, PushResult } from '../espAdapter.ts';
import { createMoosendClient } from './moosendClient.ts';
import { moosendStatusChangesSince } from './moosendPoll.ts';
import { createMoosendPacers, type MoosendEndpoint, type MoosendLimit, type MoosendPacers } from './moosendLimits.ts';
import { createListCatalog } from './moosendListCatalog.ts';
import { MOOSEND_DEFAULT_ORIGIN } from './moosendPaths.ts';
import { profileFromMemberships, type Membership } from './moosendProfile.ts';
import { createMoosendPusher } from './moosendPush.ts';

export type MoosendAdapterOptions = {
  apiKey: string;
  /** The list ids the rules map stages to (`rules.moosend.on[stage].list`). */
  lists: readonly string[];
  /** MOOSEND_API_URL, else https://api.moosend.com; the code appends `/v3/…`. */
  origin?: string;
  /**
   * Pacers for this API key, one per endpoint. Limits are per key (B.6): give every adapter of
   * one key the same pacers. Default: new ones from `limits`.
   */
  pacers?: MoosendPacers;
  /** The documented limits (moosendLimits.ts); tests pass the simulator's scaled windows. */
  limits?: Partial<Record<MoosendEndpoint, MoosendLimit>>;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  /** How long list names and custom field names are reused before being read again. */
  listCacheMs?: number;
  /** People per subscribe_many.json request (B.4: at most 1,000, the default). */
  batchSize?: number;
  /** view.json reads in flight at once during a batch. */
  readConcurrency?: number;
};

export function createMoosendAdapter({
  apiKey,
  lists,
  origin = MOOSEND_DEFAULT_ORIGIN,
  limits = {},
  pacers,
  fetch: fetchImpl,
  now = Date.now,
  sleep,
  timeoutMs = 20_000,
  listCacheMs = 10 * 60_000,
  batchSize,
  readConcurrency,
}: MoosendAdapterOptions): EspAdapter {
  const client = createMoosendClient({
    origin: origin.replace(/\/+$/, ''),
    apiKey,
    pacers: pacers ?? createMoosendPacers('moosend', { limits, now, ...(sleep ? { sleep } : {}) }),
    limits,
    timeoutMs,
    now,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const catalog = createListCatalog(client, { ttlMs: listCacheMs, now });
  const mapped = [...new Set(lists)];
  const pusher = createMoosendPusher({
    client,
    catalog,
    mappedLists: mapped,
    ...(batchSize ? { batchSize } : {}),
    ...(readConcurrency ? { readConcurrency } : {}),
  });

  return {
    name: 'moosend',

    checkCredentials: () => client.checkKey(),

    async readProfile(identity: ContactIdentity) {
      const memberships: Membership[] = [];
      for (const listId of mapped) {
        const subscriber = await client.view(listId, identity.email);
        if (subscriber) memberships.push({ list: await catalog.get(listId), subscriber });
      }
      return profileFromMemberships(memberships);
    },

    push: (change) => pusher.push(change),
    pushMany: (changes) => pusher.pushMany(changes),

    async optOut(identity: ContactIdentity, channels: readonly Channel[]): Promise<PushResult> {
      const parts: string[] = [];
      let outcome: PushResult['outcome'] = 'skipped';
      if (channels.includes('email')) {
        // Account-wide (B.5): an opt-out is about the person, not one list; the suppression stays.
        if (await client.unsubscribeAccount(identity.email)) {
          outcome = 'updated';
          parts.push('unsubscribed from email in every Moosend list');
        } else {
          parts.push('not in any Moosend list, so there was no email subscription to end');
        }
      }
      if (channels.includes('sms')) parts.push('Moosend has no SMS channel, so the SMS opt-out was not sent there');
      return { outcome, summary: parts.length > 0 ? parts.join('; ') : 'no channel to opt out of' };
    },

    statusChangesSince: (since) => moosendStatusChangesSince(client, mapped, since),
  };
}
