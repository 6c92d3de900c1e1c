import type { SecretBox } from '../crypto/secretBox.ts';
import type { Database } from './database.ts';

/** An account's OAuth token pair, as Kommo issued it (reference kommo.md §5.3). */
export type KommoTokenPair = { accessToken: string; refreshToken: string; expiresAt: number };
export type KommoGrant = KommoTokenPair & { accountId: number; apiHost: string };

export type KommoGrants = ReturnType<typeof createKommoGrants>;

/**
 * Token pairs sealed at rest. Each value is bound to its row and column, so a ciphertext copied
 * elsewhere does not open. A pair is always written whole, in one statement: Kommo rotates the
 * refresh token on every refresh, and a new access token stored beside a spent refresh token
 * would strand the account at the next refresh.
 */
export function createKommoGrants({ database, box, now = Date.now }: { database: Database; box: SecretBox; now?: () => number }) {
  const db = () => database.db();
  const sealed = (accountId: number, pair: KommoTokenPair) => ({
    access_token: box.seal(pair.accessToken, `kommo_grants.access_token:${accountId}`),
    refresh_token: box.seal(pair.refreshToken, `kommo_grants.refresh_token:${accountId}`),
    expires_at: pair.expiresAt,
    updated_at: now(),
  });

  return {
    async save(accountId: number, apiHost: string, pair: KommoTokenPair): Promise<void> {
      await db()
        .insertInto('kommo_grants')
        .values({ account_id: accountId, api_host: apiHost, ...sealed(accountId, pair) })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet((eb) => ({
            api_host: eb.ref('excluded.api_host'),
            access_token: eb.ref('excluded.access_token'),
            refresh_token: eb.ref('excluded.refresh_token'),
            expires_at: eb.ref('excluded.expires_at'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    /** false: the grant was deleted meanwhile (uninstall), and the new pair is dropped with it. */
    async replaceTokens(accountId: number, pair: KommoTokenPair): Promise<boolean> {
      const result = await db().updateTable('kommo_grants').set(sealed(accountId, pair)).where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async get(accountId: number): Promise<KommoGrant | undefined> {
      const row = await db().selectFrom('kommo_grants').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      if (!row) return undefined;
      return {
        accountId,
        apiHost: row.api_host,
        accessToken: box.open(row.access_token, `kommo_grants.access_token:${accountId}`),
        refreshToken: box.open(row.refresh_token, `kommo_grants.refresh_token:${accountId}`),
        expiresAt: row.expires_at,
      };
    },
    async has(accountId: number): Promise<boolean> {
      return (await db().selectFrom('kommo_grants').select('account_id').where('account_id', '=', accountId).executeTakeFirst()) !== undefined;
    },
    async delete(accountId: number): Promise<boolean> {
      const result = await db().deleteFrom('kommo_grants').where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}
