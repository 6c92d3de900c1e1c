import type { Env } from '../config/env.ts';
import type { Rules } from '../config/rules.ts';
import type { EspAdapter, EspName } from './espAdapter.ts';
import type { EspAdapters } from './espAdapters.ts';
import { createCustomerioAdapter } from './customerio/customerioAdapter.ts';
import { createMoosendAdapter } from './moosend/moosendAdapter.ts';
import { createOmnisendAdapter } from './omnisend/omnisendAdapter.ts';

export type EspAdaptersFromRulesOptions = {
  env: Env;
  rules: Rules;
  /** The one account of self-hosted mode. */
  accountId: number;
  fetch?: typeof fetch;
  now?: () => number;
};

/**
 * The ESPs the rules file connects (an absent block means not connected, SPEC §5.2), built once
 * so each keeps its own pacing across jobs. Origins come from the environment (tests, demo).
 */
export function espAdaptersFromRules({ env, rules, accountId, fetch: fetchImpl, now }: EspAdaptersFromRulesOptions): EspAdapters {
  const shared = { ...(fetchImpl ? { fetch: fetchImpl } : {}), ...(now ? { now } : {}) };
  const adapters = new Map<EspName, EspAdapter>();
  if (rules.omnisend) {
    adapters.set(
      'omnisend',
      createOmnisendAdapter({ apiKey: rules.omnisend.apiKey, ...(env.OMNISEND_API_URL ? { origin: env.OMNISEND_API_URL } : {}), ...shared }),
    );
  }
  if (rules.moosend) {
    const lists = [...new Set(Object.values(rules.moosend.on).map((action) => action.list))];
    adapters.set(
      'moosend',
      createMoosendAdapter({ apiKey: rules.moosend.apiKey, lists, ...(env.MOOSEND_API_URL ? { origin: env.MOOSEND_API_URL } : {}), ...shared }),
    );
  }
  if (rules.customerio) {
    const { siteId, trackApiKey, appApiKey, region } = rules.customerio;
    adapters.set(
      'customerio',
      createCustomerioAdapter({
        siteId,
        trackApiKey,
        appApiKey,
        region,
        ...(env.CUSTOMERIO_TRACK_URL ? { trackOrigin: env.CUSTOMERIO_TRACK_URL } : {}),
        ...(env.CUSTOMERIO_APP_URL ? { appOrigin: env.CUSTOMERIO_APP_URL } : {}),
        ...shared,
      }),
    );
  }
  return {
    connected: (id) => (id === accountId ? [...adapters.keys()] : []),
    adapter: (id, esp) => {
      const adapter = id === accountId ? adapters.get(esp) : undefined;
      if (!adapter) throw Object.assign(new Error(`${esp} is not connected for account ${id}`), { retryable: false });
      return adapter;
    },
  };
}
