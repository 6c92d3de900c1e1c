import type { EspAdapter, EspName } from './espAdapter.ts';

/** The ESPs connected for an account; an ESP missing here gets no jobs. */
export type EspAdapters = {
  connected(accountId: number): EspName[];
  adapter(accountId: number, esp: EspName): EspAdapter;
};

export const noEspAdapters: EspAdapters = {
  connected: () => [],
  adapter: (accountId, esp) => {
    throw Object.assign(new Error(`${esp} is not connected for account ${accountId}`), { retryable: false });
  },
};
