import { createMiddleware } from 'hono/factory';
import type { AccountRepository, Account } from '../store/accounts.ts';
import { KOMMO_TOKEN_HEADER } from './panelContract.ts';
import { HttpError } from './httpErrors.ts';
import { DisposableTokenRejected, verifyDisposableToken } from './kommoDisposableToken.ts';

export type PanelEnv = { Variables: { account: Account; userId: number } };

export type PanelAuthOptions = {
  accounts: AccountRepository;
  /** KOMMO_CLIENT_SECRET: undefined leaves the panel API closed, with a message saying why. */
  clientSecret: string | undefined;
  clientId: string | undefined;
  /** PUBLIC_URL's origin: Kommo puts the redirect URI's origin in `aud`. */
  audience: string;
  now?: () => number;
};

/**
 * Panel calls from the widget carry Kommo's disposable token (SPEC §4.4). It names the Kommo
 * account and user; every query below is scoped to that account, never to an id in the URL alone.
 */
export function panelAuth({ accounts, clientSecret, clientId, audience, now = Date.now }: PanelAuthOptions) {
  return createMiddleware<PanelEnv>(async function panelAuth(c, next) {
    if (!clientSecret) {
      throw new HttpError(503, 'panel_not_configured', 'The deal-card panel needs KOMMO_CLIENT_SECRET (the Kommo integration’s secret key) to check who is calling.');
    }
    let claims;
    try {
      claims = verifyDisposableToken(c.req.header(KOMMO_TOKEN_HEADER), { secret: clientSecret, clientId, audience, now });
    } catch (error) {
      if (error instanceof DisposableTokenRejected) throw new HttpError(401, `token_${error.problem}`, error.message);
      throw error;
    }
    const account = accountOf(accounts, claims.account_id, claims.subdomain);
    if (!account || account.status !== 'active') {
      throw new HttpError(403, 'account_not_connected', `The Kommo account ${claims.subdomain} is not connected to this bridge.`);
    }
    c.set('account', account);
    c.set('userId', claims.user_id);
    await next();
  });
}

/** A self-hosted account may not have learned its Kommo id yet (no webhook so far): the signed subdomain names it. */
function accountOf(accounts: AccountRepository, kommoAccountId: number, subdomain: string): Account | undefined {
  const known = accounts.findByKommoId(kommoAccountId);
  if (known) return known;
  const bySubdomain = accounts.findBySubdomain(subdomain);
  if (!bySubdomain || bySubdomain.kommoAccountId !== null) return undefined;
  accounts.learnKommoId(bySubdomain.id, kommoAccountId);
  return accounts.get(bySubdomain.id);
}
