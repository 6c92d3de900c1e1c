import { createHmac, randomBytes } from 'node:crypto';

// OAuth 2.0 as Kommo runs it (reference §5.3, §4.4): single-use authorization codes, access tokens
// with a lifetime, refresh tokens rotated on every refresh, a spent refresh token revoked.

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** When set, the exchange must name exactly this redirect_uri (Kommo checks it against the integration's). */
  redirectUri?: string;
}

export const DEFAULT_OAUTH_CLIENT: OAuthClient = {
  clientId: 'sim-client-0b0123f4-d123-4123-9123-e09f123456c0',
  clientSecret: 'sim-client-secret-0123456789abcdef0123456789abcdef',
};

export type TokenGrantBody = Record<string, unknown>;

export type GrantOutcome =
  | { ok: true; body: { token_type: 'Bearer'; expires_in: number; server_time: number; access_token: string; refresh_token: string } }
  | { ok: false; status: number; hint: string };

const token = (kind: string) => `sim-${kind}-${randomBytes(24).toString('hex')}`;

export class OAuthGrants {
  private readonly codes = new Map<string, 'fresh' | 'used'>();
  /** Access token → when it stops working (ms). Revoked tokens are removed. */
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, 'live' | 'spent'>();
  /** Answered refresh_token grants, successful or not. */
  refreshes = 0;
  accessTokenLifetimeSeconds = 86_400;

  constructor(readonly client: OAuthClient) {}

  /** What Kommo appends to the Redirect URI after the admin allows access (valid 20 minutes, once). */
  issueCode(): string {
    const code = token('code');
    this.codes.set(code, 'fresh');
    return code;
  }

  accepts(accessToken: string): boolean {
    const until = this.accessTokens.get(accessToken);
    return until !== undefined && until > Date.now();
  }

  /** Access tokens lapse at once (Kommo answers 401 to them); refresh tokens keep working. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** What an uninstall (or the admin revoking access) does: nothing issued so far works any more. */
  revokeAll(): void {
    this.accessTokens.clear();
    for (const key of this.refreshTokens.keys()) this.refreshTokens.set(key, 'spent');
  }

  grant(body: TokenGrantBody): GrantOutcome {
    const { client_id, client_secret, redirect_uri, grant_type } = body;
    if (client_id !== this.client.clientId || client_secret !== this.client.clientSecret) {
      return { ok: false, status: 401, hint: 'Client authentication failed' };
    }
    if (this.client.redirectUri !== undefined && redirect_uri !== this.client.redirectUri) {
      return { ok: false, status: 400, hint: 'Redirect URI does not match the integration' };
    }
    if (grant_type === 'authorization_code') {
      const code = typeof body['code'] === 'string' ? body['code'] : '';
      if (this.codes.get(code) !== 'fresh') return { ok: false, status: 400, hint: 'Authorization code has been revoked' };
      this.codes.set(code, 'used');
      return this.issuePair();
    }
    if (grant_type === 'refresh_token') {
      this.refreshes += 1;
      const refresh = typeof body['refresh_token'] === 'string' ? body['refresh_token'] : '';
      // reference §5.3: reusing a spent refresh token → 401 "Token has been revoked".
      if (this.refreshTokens.get(refresh) !== 'live') return { ok: false, status: 401, hint: 'Token has been revoked' };
      this.refreshTokens.set(refresh, 'spent');
      return this.issuePair();
    }
    return { ok: false, status: 400, hint: 'The authorization grant type is not supported by the authorization server' };
  }

  private issuePair(): GrantOutcome {
    const access = token('access');
    const refresh = token('refresh');
    this.accessTokens.set(access, Date.now() + this.accessTokenLifetimeSeconds * 1000);
    this.refreshTokens.set(refresh, 'live');
    return {
      ok: true,
      body: {
        token_type: 'Bearer',
        expires_in: this.accessTokenLifetimeSeconds,
        server_time: Math.floor(Date.now() / 1000),
        access_token: access,
        refresh_token: refresh,
      },
    };
  }
}

/** The query of Kommo's "access revoked" hook (reference §4.4), signed with `clientSecret`. */
export function uninstallHookQuery(client: Pick<OAuthClient, 'clientId' | 'clientSecret'>, accountId: number): string {
  const signature = createHmac('sha256', client.clientSecret).update(`${client.clientId}|${accountId}`).digest('hex');
  return new URLSearchParams({ client_uuid: client.clientId, account_id: String(accountId), signature }).toString();
}
