import { createHash } from 'node:crypto';
import type { Env } from '../config/env.ts';
import type { Rules } from '../config/rules.ts';
import type { EspAdapters } from './espAdapters.ts';
import { espAdaptersFromRules } from './espAdaptersFromRules.ts';

export type AccountEspAdaptersOptions = {
  env: Env;
  /** The account's current rules (its saved settings, or the self-hosted rules file); undefined: nothing connected. */
  rulesFor: (accountId: number) => Rules | undefined;
  fetch?: typeof fetch;
  now?: () => number;
};

/**
 * Each account's ESPs, built from its own rules and kept between jobs so each keeps its pacing.
 * A settings change (other keys, lists) rebuilds that account's adapters on next use.
 */
export function createAccountEspAdapters({ env, rulesFor, fetch: fetchImpl, now }: AccountEspAdaptersOptions): EspAdapters {
  const built = new Map<number, { fingerprint: string; adapters: EspAdapters }>();

  function adaptersOf(accountId: number): EspAdapters | undefined {
    const rules = rulesFor(accountId);
    if (!rules) return undefined;
    const fingerprint = createHash('sha256').update(JSON.stringify([rules.omnisend, rules.moosend, rules.customerio])).digest('hex');
    const known = built.get(accountId);
    if (known?.fingerprint === fingerprint) return known.adapters;
    const adapters = espAdaptersFromRules({ env, rules, accountId, ...(fetchImpl ? { fetch: fetchImpl } : {}), ...(now ? { now } : {}) });
    built.set(accountId, { fingerprint, adapters });
    return adapters;
  }

  return {
    connected: (accountId) => adaptersOf(accountId)?.connected(accountId) ?? [],
    adapter: (accountId, esp) => {
      const adapters = adaptersOf(accountId);
      if (!adapters) throw Object.assign(new Error(`${esp} is not connected for account ${accountId}`), { retryable: false });
      return adapters.adapter(accountId, esp);
    },
  };
}
