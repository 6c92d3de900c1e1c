import { createSecretBox } from '../crypto/secretBox.ts';
import type { Logger } from '../log/logger.ts';
import type { Pacer } from '../queue/pacer.ts';
import type { AccountRepository } from '../store/accounts.ts';
import type { Database } from '../store/database.ts';
import { createDisconnectedJobs } from '../store/disconnectedJobs.ts';
import { createKommoGrants } from '../store/kommoGrants.ts';
import { createKommoWebhookSetups } from '../store/kommoWebhookSetup.ts';
import { kommoAccountTokens } from './accountTokens.ts';
import { installApi } from './installApi.ts';
import { oauthKommoAccess } from './oauthKommoAccess.ts';
import type { OAuthRoutesOptions } from './oauthRoutes.ts';
import { kommoTokenEndpoint } from './tokenEndpoint.ts';

export type MarketplaceOptions = {
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** SECRET_KEY: seals the token pairs and webhook addresses at rest. */
  secretKey: string | Buffer;
  database: Database;
  accounts: AccountRepository;
  log: Logger;
  /** An OAuth account's API and OAuth origin, from its host (acme.kommo.com). */
  kommoOrigin: (apiHost: string) => string;
  pacerFor: (accountId: number) => Pacer;
  /** After an install: wake the worker for the jobs that waited. */
  onConnected: (accountId: number) => void;
  now?: () => number;
  fetch?: typeof fetch;
};

export type Marketplace = ReturnType<typeof createMarketplace>;

/** Marketplace mode (SPEC §3.3): many accounts, each installed through Kommo's OAuth. */
export function createMarketplace(options: MarketplaceOptions) {
  const { clientId, clientSecret, publicUrl, database, accounts, log, kommoOrigin, pacerFor, now = Date.now, fetch: fetchImpl = fetch } = options;
  const box = createSecretBox(options.secretKey);
  const grants = createKommoGrants({ database, box, now });
  const webhookSetups = createKommoWebhookSetups({ database, box, now });
  const disconnectedJobs = createDisconnectedJobs({ database, now });
  const tokenEndpoint = kommoTokenEndpoint({ clientId, clientSecret, redirectUri: `${publicUrl}/oauth/kommo/callback`, fetch: fetchImpl, now });
  const tokens = kommoAccountTokens({ grants, accounts, tokenEndpoint, originFor: kommoOrigin, log, now });
  const access = oauthKommoAccess({ accounts, grants, tokens, originFor: kommoOrigin, pacerFor, fetch: fetchImpl, now });
  const transaction = <T>(writes: () => Promise<T>): Promise<T> => database.transaction(writes);

  const routes: OAuthRoutesOptions = {
    install: {
      clientId,
      publicUrl,
      tokenEndpoint,
      api: installApi({ fetch: fetchImpl }),
      originFor: kommoOrigin,
      accounts,
      grants,
      webhookSetups,
      transaction,
      onConnected: async (accountId) => {
        access.forget(accountId);
        const resumed = await disconnectedJobs.resume(accountId);
        if (resumed > 0) log.info('kommo.jobs_resumed', { accountId, jobs: resumed });
        options.onConnected(accountId);
      },
      log,
    },
    uninstall: { clientId, clientSecret, accounts, grants, transaction, onDisconnected: access.forget, log },
  };

  return { kommoFor: access.kommoFor, grants, webhookSetups, tokens, routes };
}
