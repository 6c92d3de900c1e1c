import { createKommoClient, type KommoClient } from '../kommo/kommoClient.ts';
import { createKommoReader, type KommoReader } from '../kommo/kommoReader.ts';
import type { Pacer } from '../queue/pacer.ts';
import type { Account, AccountRepository } from '../store/accounts.ts';
import type { KommoGrants } from '../store/kommoGrants.ts';
import type { AccountTokens } from './accountTokens.ts';
import { KommoAccountDisconnected } from './oauthErrors.ts';
import { retryUnauthorizedOnce } from './retryUnauthorizedOnce.ts';

export type OAuthKommoAccessOptions = {
  accounts: AccountRepository;
  grants: KommoGrants;
  tokens: AccountTokens;
  /** The account's API origin from its host (acme.kommo.com), e.g. KOMMO_API_ORIGIN in tests. */
  originFor: (apiHost: string) => string;
  /** One pacer per account: Kommo's limit is per account and IP, not per bridge. */
  pacerFor: (accountId: number) => Pacer;
  fetch?: typeof fetch;
  now?: () => number;
};

export type KommoAccess = { reader: KommoReader; client: KommoClient };

/**
 * Kommo clients for marketplace-installed accounts, each with its own tokens and pacer. A
 * disconnected account gets KommoAccountDisconnected, never a request: the queue holds its jobs.
 */
export function oauthKommoAccess({ accounts, grants, tokens, originFor, pacerFor, fetch: fetchImpl = fetch, now = Date.now }: OAuthKommoAccessOptions) {
  // Promises, so callers that arrive while a client is built share it (one pacer, one 429 pause).
  const built = new Map<number, Promise<KommoAccess>>();
  const connected = async (accountId: number) => (await accounts.get(accountId))?.status === 'active' && (await grants.has(accountId));

  async function build(account: Account): Promise<KommoAccess> {
    const grant = await grants.get(account.id);
    if (!grant) throw new KommoAccountDisconnected(account.subdomain);
    const pacer = pacerFor(account.id);
    const client = createKommoClient({
      origin: originFor(grant.apiHost),
      accessToken: () => tokens.accessToken(account.id),
      pacer,
      now,
      fetch: retryUnauthorizedOnce({ fetch: fetchImpl, replaceToken: (rejected) => tokens.refreshAfterRejection(account.id, rejected) }),
    });
    // The client reports a refused refresh as a failed request; what the queue and the panel need
    // to hear is that the account is disconnected.
    const guarded = mapErrors(client, async (error) => ((await connected(account.id)) ? error : new KommoAccountDisconnected(account.subdomain)));
    return { reader: createKommoReader({ client: guarded, pacer }), client: guarded };
  }

  return {
    async kommoFor(account: Account): Promise<KommoAccess> {
      if (account.status !== 'active' || !(await grants.has(account.id))) throw new KommoAccountDisconnected(account.subdomain);
      let access = built.get(account.id);
      if (!access) {
        access = build(account);
        built.set(account.id, access);
        access.catch(() => built.delete(account.id));
      }
      return access;
    },
    /** A reinstall may move the account (another host): the next use builds its client afresh. */
    forget(accountId: number): void {
      built.delete(accountId);
    },
  };
}

function mapErrors(client: KommoClient, map: (error: unknown) => Promise<unknown>): KommoClient {
  const wrapped = Object.entries(client).map(([name, method]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw await map(error);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as KommoClient;
}
