import { createHash, randomBytes } from 'node:crypto';
import type { Database } from './database.ts';

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

type Row = {
  id: number;
  account_id: number;
  kommo_user_id: number;
  label: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
};

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
export function createPersonalTokens({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const insert = db.prepare('INSERT INTO personal_tokens (account_id, kommo_user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id');
  const byHash = db.prepare('SELECT * FROM personal_tokens WHERE token_hash = ?');
  const touch = db.prepare('UPDATE personal_tokens SET last_used_at = ? WHERE id = ?');
  const revoke = db.prepare('UPDATE personal_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL');
  const list = db.prepare('SELECT * FROM personal_tokens WHERE account_id = ? ORDER BY id');

  return {
    /** The token itself is returned only here. */
    issue({ accountId, userId, label }: { accountId: number; userId: number; label: string }): { id: number; token: string } {
      const token = PREFIX + randomBytes(32).toString('base64url');
      const { id } = insert.get(accountId, userId, label, hashOf(token), now()) as { id: number };
      return { id, token };
    },
    check(token: string): TokenCheck {
      const row = byHash.get(hashOf(token)) as Row | undefined;
      if (!row) return { ok: false, problem: 'unknown' };
      if (row.revoked_at !== null) return { ok: false, problem: 'revoked' };
      touch.run(now(), row.id);
      return { ok: true, token: toToken(row) };
    },
    revoke(id: number, accountId: number): boolean {
      return revoke.run(now(), id, accountId).changes === 1;
    },
    list(accountId: number): PersonalToken[] {
      return (list.all(accountId) as Row[]).map(toToken);
    },
  };
}
