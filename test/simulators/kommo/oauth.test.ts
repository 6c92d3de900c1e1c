import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from './index.ts';
import { call, json } from './testClient.ts';

const REDIRECT_URI = 'https://bridge.example.com/oauth/kommo/callback';

describe('kommo simulator: OAuth 2.0 (reference §5.3)', () => {
  let sim: KommoSimulator;
  beforeAll(async () => {
    sim = await startKommoSimulator({ requestsPerSecond: 1000, oauth: { redirectUri: REDIRECT_URI } });
  });
  afterAll(() => sim.close());

  const grant = (body: Record<string, unknown>) =>
    call(sim, '/oauth2/access_token', {
      method: 'POST',
      token: null,
      body: { client_id: sim.oauth.client.clientId, client_secret: sim.oauth.client.clientSecret, redirect_uri: REDIRECT_URI, ...body },
    });
  const pairFrom = async (res: Response) => (await json(res)) as { access_token: string; refresh_token: string; expires_in: number };

  it('exchanges a code once for a pair whose access token opens /api/v4', async () => {
    const code = sim.oauth.issueCode();
    const first = await grant({ grant_type: 'authorization_code', code });
    expect(first.status).toBe(200);
    const pair = await pairFrom(first);
    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 86_400 });
    expect((await call(sim, '/api/v4/account', { token: pair.access_token })).status).toBe(200);

    const again = await grant({ grant_type: 'authorization_code', code });
    expect(again.status).toBe(400);
    expect(await json(again)).toMatchObject({ hint: 'Authorization code has been revoked' });
  });

  it('refuses a wrong client secret and a redirect_uri other than the integration’s', async () => {
    const wrongSecret = await grant({ grant_type: 'authorization_code', code: sim.oauth.issueCode(), client_secret: 'guess' });
    expect(wrongSecret.status).toBe(401);
    const wrongRedirect = await grant({ grant_type: 'authorization_code', code: sim.oauth.issueCode(), redirect_uri: 'https://evil.example' });
    expect(wrongRedirect.status).toBe(400);
  });

  it('rotates the refresh token: the spent one is refused with "Token has been revoked", and refreshes are counted', async () => {
    const pair = await pairFrom(await grant({ grant_type: 'authorization_code', code: sim.oauth.issueCode() }));
    const before = sim.oauth.refreshes;
    const next = await pairFrom(await grant({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }));
    expect(next.refresh_token).not.toBe(pair.refresh_token);
    const reused = await grant({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(reused.status).toBe(401);
    expect(await json(reused)).toMatchObject({ hint: 'Token has been revoked' });
    expect(sim.oauth.refreshes - before).toBe(2);
    expect((await call(sim, '/api/v4/account', { token: next.access_token })).status).toBe(200);
  });

  it('issues tokens with the lifetime set, and expireAccessTokens / revokeToken shut them out', async () => {
    sim.oauth.setAccessTokenLifetime(120);
    const pair = await pairFrom(await grant({ grant_type: 'authorization_code', code: sim.oauth.issueCode() }));
    expect(pair.expires_in).toBe(120);
    sim.oauth.expireAccessTokens();
    expect((await call(sim, '/api/v4/account', { token: pair.access_token })).status).toBe(401);
    const next = await pairFrom(await grant({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }));
    sim.revokeToken();
    expect((await call(sim, '/api/v4/account', { token: next.access_token })).status).toBe(401);
    expect((await grant({ grant_type: 'refresh_token', refresh_token: next.refresh_token })).status).toBe(401);
  });

  it('signs the uninstall hook as reference §4.4 describes', () => {
    const query = new URLSearchParams(sim.oauth.uninstallHookQuery());
    const expected = createHmac('sha256', sim.oauth.client.clientSecret).update(`${sim.oauth.client.clientId}|${sim.accountId}`).digest('hex');
    expect(Object.fromEntries(query)).toEqual({ client_uuid: sim.oauth.client.clientId, account_id: String(sim.accountId), signature: expected });
  });
});
