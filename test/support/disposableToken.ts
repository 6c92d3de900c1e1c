import { createHmac, randomUUID } from 'node:crypto';

export type DisposableTokenClaims = {
  clientSecret: string;
  subdomain: string;
  /** The integration's redirect_uri origin, e.g. `https://bridge.example.com` (no path, no trailing slash). */
  audience: string;
  accountId: number;
  userId: number;
  clientUuid: string;
  /** Unix seconds; defaults to now. */
  issuedAt?: number;
  /** Kommo's tokens live 30 minutes (reference kommo.md §3). */
  ttlSeconds?: number;
  /** The `is_admin` claim Kommo's PHP library reads; omitted when undefined. */
  isAdmin?: boolean;
};

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A disposable token exactly as Kommo's `$authorizedAjax` sends it in `X-Auth-Token`: an HS256 JWT
 * signed with the integration's client secret, claims as in reference kommo.md §3.
 */
export function mintDisposableToken({
  clientSecret,
  subdomain,
  audience,
  accountId,
  userId,
  clientUuid,
  issuedAt = Math.floor(Date.now() / 1000),
  ttlSeconds = 30 * 60,
  isAdmin,
}: DisposableTokenClaims): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${subdomain}.kommo.com`,
      aud: audience,
      jti: randomUUID(),
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + ttlSeconds,
      account_id: accountId,
      user_id: userId,
      subdomain,
      client_uuid: clientUuid,
      ...(isAdmin === undefined ? {} : { is_admin: isAdmin }),
    }),
  );
  const signature = createHmac('sha256', clientSecret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
