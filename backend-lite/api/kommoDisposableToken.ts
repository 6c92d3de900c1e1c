import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The claims of Kommo's disposable token (reference/kommo.md §3) that the bridge relies on. */
const claimsSchema = z.looseObject({
  iss: z.string().optional(),
  aud: z.string(),
  jti: z.string().optional(),
  iat: z.number().optional(),
  nbf: z.number().optional(),
  exp: z.number(),
  account_id: z.coerce.number().int().positive(),
  user_id: z.coerce.number().int().nonnegative(),
  subdomain: z.string().min(1),
  client_uuid: z.string().optional(),
  is_admin: z.boolean().optional(),
});
export type DisposableTokenClaims = z.infer<typeof claimsSchema>;

export type TokenProblem = 'missing' | 'malformed' | 'bad_signature' | 'wrong_audience' | 'expired' | 'not_yet_valid' | 'wrong_integration';

const explanations: Record<TokenProblem, string> = {
  missing: 'The request carries no X-Auth-Token: the widget must call the backend through $authorizedAjax.',
  malformed: 'The X-Auth-Token is not a Kommo disposable token (three base64url parts, HS256).',
  bad_signature: 'The X-Auth-Token was not signed with this integration’s secret key: check KOMMO_CLIENT_SECRET.',
  wrong_audience: 'The X-Auth-Token was issued for another address: the integration’s redirect URI must be on PUBLIC_URL.',
  expired: 'The X-Auth-Token has expired: reload the Kommo page.',
  not_yet_valid: 'The X-Auth-Token is not valid yet: check this server’s clock.',
  wrong_integration: 'The X-Auth-Token belongs to another Kommo integration (client_uuid): check KOMMO_CLIENT_ID.',
};

export class DisposableTokenRejected extends Error {
  override name = 'DisposableTokenRejected';
  constructor(readonly problem: TokenProblem) {
    super(explanations[problem]);
  }
}

export type VerifyOptions = {
  /** The integration's client secret: Kommo signs the token with it (HS256). */
  secret: string;
  /** scheme://host[:port] of PUBLIC_URL, which Kommo derives from the redirect URI. */
  audience: string;
  /** When set, the token's client_uuid must match. */
  clientId?: string | undefined;
  now?: () => number;
  /** Seconds of clock difference tolerated between Kommo and this server. */
  leewaySeconds?: number;
};

/**
 * Verifies a disposable token the way Kommo's own PHP library does: HMAC-SHA256 signature over the
 * raw header.payload bytes (compared in constant time), audience, and exp/nbf.
 */
export function verifyDisposableToken(token: string | undefined, { secret, audience, clientId, now = Date.now, leewaySeconds = 60 }: VerifyOptions): DisposableTokenClaims {
  if (!token) throw new DisposableTokenRejected('missing');
  const parts = token.split('.');
  if (parts.length !== 3) throw new DisposableTokenRejected('malformed');
  const [header, payload, signature] = parts as [string, string, string];
  const algorithm = decodeJson(header);
  if (!algorithm || typeof algorithm !== 'object' || (algorithm as { alg?: unknown }).alg !== 'HS256') throw new DisposableTokenRejected('malformed');

  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new DisposableTokenRejected('bad_signature');

  const claims = claimsSchema.safeParse(decodeJson(payload));
  if (!claims.success) throw new DisposableTokenRejected('malformed');
  const { aud, exp, nbf, client_uuid: clientUuid } = claims.data;
  if (aud.replace(/\/+$/, '') !== audience.replace(/\/+$/, '')) throw new DisposableTokenRejected('wrong_audience');
  const seconds = now() / 1000;
  if (exp + leewaySeconds < seconds) throw new DisposableTokenRejected('expired');
  if (nbf !== undefined && nbf - leewaySeconds > seconds) throw new DisposableTokenRejected('not_yet_valid');
  if (clientId && clientUuid !== undefined && clientUuid !== clientId) throw new DisposableTokenRejected('wrong_integration');
  return claims.data;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
