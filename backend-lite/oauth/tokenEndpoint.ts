import { z } from 'zod';
import type { KommoTokenPair } from '../store/kommoGrants.ts';
import { KommoGrantRefused, KommoOAuthUnavailable } from './oauthErrors.ts';

export type TokenEndpointOptions = {
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL + /oauth/kommo/callback: Kommo checks it against the integration's Redirect URI. */
  redirectUri: string;
  fetch?: typeof fetch;
  now?: () => number;
};

const tokenResponse = z.object({
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
});

const problem = z.object({ hint: z.string().optional(), detail: z.string().optional(), title: z.string().optional() }).catch({});

export type TokenEndpoint = ReturnType<typeof kommoTokenEndpoint>;

/** `POST {origin}/oauth2/access_token` (reference kommo.md §5.3): both grants, one parser. */
export function kommoTokenEndpoint({ clientId, clientSecret, redirectUri, fetch: fetchImpl = fetch, now = Date.now }: TokenEndpointOptions) {
  async function grant(
    origin: string,
    body: { grant_type: 'authorization_code'; code: string } | { grant_type: 'refresh_token'; refresh_token: string },
    timeoutMs: number,
  ): Promise<KommoTokenPair> {
    const label = `POST ${origin}/oauth2/access_token (${body.grant_type})`;
    let response: Response;
    try {
      response = await fetchImpl(`${origin}/oauth2/access_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri, ...body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      throw new KommoOAuthUnavailable(label, name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (error as Error).message);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = tokenResponse.safeParse(json);
      if (!parsed.success) throw new KommoOAuthUnavailable(label, `unexpected body: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const { access_token, refresh_token, expires_in } = parsed.data;
      return { accessToken: access_token, refreshToken: refresh_token, expiresAt: now() + expires_in * 1000 };
    }
    const { hint, detail, title } = problem.parse(json ?? {});
    const reason = hint ?? detail ?? title ?? response.statusText;
    // 4xx: this code or refresh token will never work again; anything else may pass later.
    if (response.status >= 400 && response.status < 500 && response.status !== 429) throw new KommoGrantRefused(body.grant_type, response.status, reason);
    throw new KommoOAuthUnavailable(label, `HTTP ${response.status} ${reason}`);
  }

  return {
    exchangeCode: (origin: string, code: string, timeoutMs = 2_000) => grant(origin, { grant_type: 'authorization_code', code }, timeoutMs),
    refresh: (origin: string, refreshToken: string, timeoutMs = 10_000) =>
      grant(origin, { grant_type: 'refresh_token', refresh_token: refreshToken }, timeoutMs),
  };
}
