import type { Logger } from '../log/logger.ts';
import { describeError } from '../queue/retryHint.ts';
import type { AccountRepository } from '../store/accounts.ts';
import type { KommoGrants } from '../store/kommoGrants.ts';
import { KommoAccountDisconnected, KommoGrantRefused } from './oauthErrors.ts';
import type { TokenEndpoint } from './tokenEndpoint.ts';

export type AccountTokensOptions = {
  grants: KommoGrants;
  accounts: AccountRepository;
  tokenEndpoint: TokenEndpoint;
  /** Where the account's OAuth endpoint lives, from its host (acme.kommo.com). */
  originFor: (apiHost: string) => string;
  log: Logger;
  now?: () => number;
  /** Refresh when less than this is left, so a job never starts with a token about to lapse. */
  refreshMarginMs?: number;
};

export type AccountTokens = ReturnType<typeof kommoAccountTokens>;

/**
 * Each OAuth account's current access token, refreshed before it expires. Kommo rotates the
 * refresh token on every use and revokes a spent one (reference §5.3), so there is at most one
 * refresh per account in flight: every caller meanwhile awaits that same refresh.
 */
export function kommoAccountTokens({
  grants,
  accounts,
  tokenEndpoint,
  originFor,
  log,
  now = Date.now,
  refreshMarginMs = 10 * 60_000,
}: AccountTokensOptions) {
  const inFlight = new Map<number, Promise<string>>();

  const disconnected = async (accountId: number) => new KommoAccountDisconnected((await accounts.get(accountId))?.subdomain ?? `#${accountId}`);
  // A refused refresh token stays refused: callers already past kommoFor must not spend another try.
  const usableGrant = async (accountId: number) => ((await accounts.get(accountId))?.status === 'active' ? grants.get(accountId) : undefined);

  async function refresh(accountId: number): Promise<string> {
    const grant = await grants.get(accountId);
    if (!grant) throw await disconnected(accountId);
    try {
      const pair = await tokenEndpoint.refresh(originFor(grant.apiHost), grant.refreshToken);
      if (!(await grants.replaceTokens(accountId, pair))) throw await disconnected(accountId);
      log.info('kommo.token_refreshed', { accountId, expiresAt: pair.expiresAt });
      return pair.accessToken;
    } catch (error) {
      if (error instanceof KommoGrantRefused) {
        await accounts.markDisconnected(accountId);
        log.warn('kommo.account_disconnected', { accountId, reason: error.message });
        throw await disconnected(accountId);
      }
      throw error;
    }
  }

  function refreshOnce(accountId: number): Promise<string> {
    let pending = inFlight.get(accountId);
    if (!pending) {
      pending = refresh(accountId).finally(() => inFlight.delete(accountId));
      inFlight.set(accountId, pending);
    }
    return pending;
  }

  return {
    async accessToken(accountId: number): Promise<string> {
      const pending = inFlight.get(accountId);
      if (pending) return pending;
      const grant = await usableGrant(accountId);
      if (!grant) throw await disconnected(accountId);
      if (grant.expiresAt - now() > refreshMarginMs) return grant.accessToken;
      try {
        return await refreshOnce(accountId);
      } catch (error) {
        // Kommo briefly unreachable: the old token still works until it actually expires.
        if (!(error instanceof KommoAccountDisconnected) && grant.expiresAt > now()) {
          log.warn('kommo.token_refresh_deferred', { accountId, error: describeError(error) });
          return grant.accessToken;
        }
        throw error;
      }
    },

    /** Kommo answered 401 to `rejected`: refresh once, unless another caller already has. */
    async refreshAfterRejection(accountId: number, rejected: string): Promise<string> {
      const pending = inFlight.get(accountId);
      if (pending) return pending;
      const grant = await usableGrant(accountId);
      if (!grant) throw await disconnected(accountId);
      if (grant.accessToken !== rejected) return grant.accessToken;
      return refreshOnce(accountId);
    },
  };
}
