import type { SecretBox } from '../crypto/secretBox.ts';
import type { Database } from './database.ts';

/** An account's OAuth token pair, as Kommo issued it (reference kommo.md §5.3). */
export type KommoTokenPair = { accessToken: string; refreshToken: string; expiresAt: number };
export type KommoGrant = KommoTokenPair & { accountId: number; apiHost: string };

type GrantRow = { account_id: number; api_host: string; access_token: Buffer; refresh_token: Buffer; expires_at: number };

export type KommoGrants = ReturnType<typeof createKommoGrants>;

/**
 * Token pairs sealed at rest. Each value is bound to its row and column, so a ciphertext copied
 * elsewhere does not open. A pair is always written whole, in one statement: Kommo rotates the
 * refresh token on every refresh, and a new access token stored beside a spent refresh token
 * would strand the account at the next refresh.
 */
export function createKommoGrants({ db, box, now = Date.now }: { db: Database; box: SecretBox; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO kommo_grants (account_id, api_host, access_token, refresh_token, expires_at, updated_at)
    VALUES (@accountId, @apiHost, @access, @refresh, @expiresAt, @now)
    ON CONFLICT (account_id) DO UPDATE SET api_host = excluded.api_host, access_token = excluded.access_token,
      refresh_token = excluded.refresh_token, expires_at = excluded.expires_at, updated_at = excluded.updated_at`);
  const replacePair = db.prepare(`
    UPDATE kommo_grants SET access_token = @access, refresh_token = @refresh, expires_at = @expiresAt, updated_at = @now
    WHERE account_id = @accountId`);
  const byAccount = db.prepare('SELECT * FROM kommo_grants WHERE account_id = ?');
  const exists = db.prepare('SELECT 1 FROM kommo_grants WHERE account_id = ?');
  const remove = db.prepare('DELETE FROM kommo_grants WHERE account_id = ?');

  const sealed = (accountId: number, pair: KommoTokenPair) => ({
    accountId,
    access: box.seal(pair.accessToken, `kommo_grants.access_token:${accountId}`),
    refresh: box.seal(pair.refreshToken, `kommo_grants.refresh_token:${accountId}`),
    expiresAt: pair.expiresAt,
    now: now(),
  });

  return {
    save(accountId: number, apiHost: string, pair: KommoTokenPair): void {
      upsert.run({ ...sealed(accountId, pair), apiHost });
    },
    /** false: the grant was deleted meanwhile (uninstall), and the new pair is dropped with it. */
    replaceTokens(accountId: number, pair: KommoTokenPair): boolean {
      return replacePair.run(sealed(accountId, pair)).changes === 1;
    },
    get(accountId: number): KommoGrant | undefined {
      const row = byAccount.get(accountId) as GrantRow | undefined;
      if (!row) return undefined;
      return {
        accountId,
        apiHost: row.api_host,
        accessToken: box.open(row.access_token, `kommo_grants.access_token:${accountId}`),
        refreshToken: box.open(row.refresh_token, `kommo_grants.refresh_token:${accountId}`),
        expiresAt: row.expires_at,
      };
    },
    has: (accountId: number): boolean => exists.get(accountId) !== undefined,
    delete(accountId: number): boolean {
      return remove.run(accountId).changes === 1;
    },
  };
}
