import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../crypto/secretBox.ts';
import { silentLogger } from '../log/logger.ts';
import { createAccountRepository } from '../store/accounts.ts';
import { openDatabase } from '../store/database.ts';
import { createKommoGrants, type KommoTokenPair } from '../store/kommoGrants.ts';
import { kommoAccountTokens } from './accountTokens.ts';
import { KommoAccountDisconnected, KommoGrantRefused, KommoOAuthUnavailable } from './oauthErrors.ts';
import type { TokenEndpoint } from './tokenEndpoint.ts';

const MINUTE = 60_000;

async function setup(refresh: (refreshToken: string) => Promise<KommoTokenPair>) {
  let clock = 1_000_000_000;
  const now = () => clock;
  const database = await openDatabase({ url: 'sqlite::memory:' });
  const accounts = createAccountRepository({ database, now });
  const grants = createKommoGrants({ database, box: createSecretBox('k'.repeat(64)), now });
  const account = await accounts.connect({ subdomain: 'acme', kommoAccountId: 31000001, webhookSecretHash: 'h' });
  await grants.save(account.id, 'acme.kommo.com', { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: clock + 5 * MINUTE });
  let calls = 0;
  const tokenEndpoint = {
    exchangeCode: () => Promise.reject(new Error('not used')),
    refresh: (_origin: string, refreshToken: string) => {
      calls += 1;
      return refresh(refreshToken);
    },
  } satisfies TokenEndpoint;
  const tokens = kommoAccountTokens({ grants, accounts, tokenEndpoint, originFor: (h) => `https://${h}`, log: silentLogger, now });
  return { tokens, accounts, grants, id: account.id, calls: () => calls, advance: (ms: number) => (clock += ms) };
}

describe('kommoAccountTokens', () => {
  it('keeps using a token that has not expired yet when Kommo cannot be reached for the refresh', async () => {
    const t = await setup(() => Promise.reject(new KommoOAuthUnavailable('POST /oauth2/access_token', 'ECONNREFUSED')));
    await expect(t.tokens.accessToken(t.id)).resolves.toBe('access-1');
    t.advance(6 * MINUTE);
    await expect(t.tokens.accessToken(t.id)).rejects.toThrow(KommoOAuthUnavailable);
    expect((await t.accounts.get(t.id))?.status).toBe('active');
  });

  it('after a refused refresh, disconnects the account and asks Kommo no more', async () => {
    const t = await setup(() => Promise.reject(new KommoGrantRefused('refresh_token', 401, 'Token has been revoked')));
    await expect(t.tokens.accessToken(t.id)).rejects.toThrow(KommoAccountDisconnected);
    await expect(t.tokens.refreshAfterRejection(t.id, 'access-1')).rejects.toThrow(/reinstall the widget/);
    expect(t.calls()).toBe(1);
    expect((await t.accounts.get(t.id))?.status).toBe('disconnected');
  });

  it('does not refresh again for a 401 to a token that was already replaced', async () => {
    const t = await setup(() => Promise.resolve({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: 2_000_000_000 }));
    await expect(t.tokens.refreshAfterRejection(t.id, 'access-1')).resolves.toBe('access-2');
    await expect(t.tokens.refreshAfterRejection(t.id, 'access-1')).resolves.toBe('access-2');
    expect(t.calls()).toBe(1);
    expect(await t.grants.get(t.id)).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });
});
