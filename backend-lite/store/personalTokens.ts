import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

export type PersonalToken = {
  id: number;
  accountId: number;
  kommoUserId: number;
  label: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
};

export type TokenCheck = { ok: true; token: PersonalToken } | { ok: false; problem: 'unknown' | 'revoked' };

type Row = Selectable<Schema['personal_tokens']>;

const toToken = (row: Row): PersonalToken => ({
  id: row.id,
  accountId: row.account_id,
  kommoUserId: row.kommo_user_id,
  label: row.label,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

/** The prefix makes a leaked token recognisable to secret scanners and to a person reading a log. */
const PREFIX = 'keb_';
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export type PersonalTokens = ReturnType<typeof createPersonalTokens>;

/**
 * Personal tokens for the browser extension (issue #5): bound to one account and one Kommo user,
 * stored as a SHA-256 hash (256 random bits need no slow hash), revocable. A lookup by hash
 * reveals nothing about how close a guess was.
 */
export function createPersonalTokens({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const db = () => database.db();
  return {
    /** The token itself is returned only here. */
    async issue({ accountId, userId, label }: { accountId: number; userId: number; label: string }): Promise<{ id: number; token: string }> {
      const token = PREFIX + randomBytes(32).toString('base64url');
      const { id } = await db()
        .insertInto('personal_tokens')
        .values({ account_id: accountId, kommo_user_id: userId, label, token_hash: hashOf(token), created_at: now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id, token };
    },
    async check(token: string): Promise<TokenCheck> {
      const row = await db().selectFrom('personal_tokens').selectAll().where('token_hash', '=', hashOf(token)).executeTakeFirst();
      if (!row) return { ok: false, problem: 'unknown' };
      if (row.revoked_at !== null) return { ok: false, problem: 'revoked' };
      await db().updateTable('personal_tokens').set({ last_used_at: now() }).where('id', '=', row.id).execute();
      return { ok: true, token: toToken(row) };
    },
    async revoke(id: number, accountId: number): Promise<boolean> {
      const result = await db().updateTable('personal_tokens').set({ revoked_at: now() }).where('id', '=', id).where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async list(accountId: number): Promise<PersonalToken[]> {
      return (await db().selectFrom('personal_tokens').selectAll().where('account_id', '=', accountId).orderBy('id').execute()).map(toToken);
    },
  };
}
