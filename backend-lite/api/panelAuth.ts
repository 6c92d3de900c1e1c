import { createMiddleware } from 'hono/factory';
import type { AccountRepository, Account } from '../store/accounts.ts';
import { accountOfToken, verifiedClaims } from './tokenAccount.ts';
import type { PersonalTokens } from '../store/personalTokens.ts';
import { KOMMO_TOKEN_HEADER } from './panelContract.ts';
import { HttpError } from './httpErrors.ts';

export type PanelEnv = { Variables: { account: Account; userId: number } };

export type PanelAuthOptions = {
  accounts: AccountRepository;
  personalTokens: PersonalTokens;
  /** KOMMO_CLIENT_SECRET: undefined leaves the panel API closed, with a message saying why. */
  clientSecret: string | undefined;
  clientId: string | undefined;
  /** PUBLIC_URL's origin: Kommo puts the redirect URI's origin in `aud`. */
  audience: string;
  now?: () => number;
};

const personalTokenProblems = {
  unknown: ['token_unknown', 'This personal token is not known to the bridge: copy it again from the admin, or ask for a new one.'],
  revoked: ['token_revoked', 'This personal token was revoked by an admin: ask for a new one and paste it in the extension’s options.'],
} as const;

/**
 * Panel calls carry Kommo's disposable token from the widget, or a personal token from the
 * browser extension (SPEC §4.4). Either names the Kommo account and user; every query below is
 * scoped to that account, never to an id in the URL alone.
 */
export function panelAuth({ accounts, personalTokens, clientSecret, clientId, audience, now = Date.now }: PanelAuthOptions) {
  return createMiddleware<PanelEnv>(async function panelAuth(c, next) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (bearer) {
      const check = await personalTokens.check(bearer);
      if (!check.ok) {
        const [code, message] = personalTokenProblems[check.problem];
        throw new HttpError(401, code, message);
      }
      const account = await accounts.get(check.token.accountId);
      if (!account || account.status !== 'active') throw new HttpError(403, 'account_not_connected', 'The Kommo account of this token is no longer connected to the bridge (its access was revoked or the widget was uninstalled): an admin must reinstall the widget in Kommo → Settings → Integrations to reconnect it.');
      c.set('account', account);
      c.set('userId', check.token.kommoUserId);
      return next();
    }
    if (!clientSecret) {
      throw new HttpError(503, 'panel_not_configured', 'The deal-card panel needs KOMMO_CLIENT_SECRET (the Kommo integration’s secret key) to check who is calling.');
    }
    const claims = verifiedClaims(c.req.header(KOMMO_TOKEN_HEADER), { secret: clientSecret, clientId, audience, now });
    const account = await accountOfToken(accounts, claims.account_id, claims.subdomain);
    if (!account || account.status !== 'active') {
      throw new HttpError(403, 'account_not_connected', `The Kommo account ${claims.subdomain} is not connected to this bridge (never installed, or its access was revoked): an admin must reinstall the widget in Kommo → Settings → Integrations to reconnect it.`);
    }
    c.set('account', account);
    c.set('userId', claims.user_id);
    await next();
  });
}
