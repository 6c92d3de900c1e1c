import { createHash } from 'node:crypto';
import type { Database } from './database.ts';

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

export type IdempotencyKeys = ReturnType<typeof createIdempotencyKeys>;

const KEEP_MS = 24 * 60 * 60_000;

/**
 * Panel actions (resync, opt-out) carry a key per click: a repeat — a double click, a retry after
 * a dropped connection — returns the first outcome and does nothing again. A key is bound to the
 * request it first came with, so reusing it for another request is refused rather than replayed.
 */
export function createIdempotencyKeys({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const insert = db.prepare('INSERT INTO idempotency_keys (account_id, key, request, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const get = db.prepare('SELECT request, status, response FROM idempotency_keys WHERE account_id = ? AND key = ?');
  const complete = db.prepare('UPDATE idempotency_keys SET status = ?, response = ? WHERE account_id = ? AND key = ?');
  const release = db.prepare('DELETE FROM idempotency_keys WHERE account_id = ? AND key = ? AND status IS NULL');
  const expire = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');

  return {
    claim(accountId: number, key: string, request: string): IdempotencyClaim {
      const fingerprint = createHash('sha256').update(request).digest('hex');
      return db.transaction((): IdempotencyClaim => {
        expire.run(now() - KEEP_MS);
        if (insert.run(accountId, key, fingerprint, now()).changes === 1) return { kind: 'new' };
        const row = get.get(accountId, key) as { request: string; status: number | null; response: string | null };
        if (row.request !== fingerprint) return { kind: 'mismatch' };
        if (row.status === null) return { kind: 'in-progress' };
        return { kind: 'replay', status: row.status, body: JSON.parse(row.response ?? 'null') as unknown };
      })();
    },
    complete(accountId: number, key: string, status: number, body: unknown): void {
      complete.run(status, JSON.stringify(body), accountId, key);
    },
    /** The action failed before it did anything: the same key may try again. */
    release(accountId: number, key: string): void {
      release.run(accountId, key);
    },
  };
}
