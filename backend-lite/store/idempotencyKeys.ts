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
export function createIdempotencyKeys({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const db = () => database.db();
  const keyOf = (accountId: number, key: string) => db().updateTable('idempotency_keys').where('account_id', '=', accountId).where('key', '=', key);

  return {
    async claim(accountId: number, key: string, request: string): Promise<IdempotencyClaim> {
      const fingerprint = createHash('sha256').update(request).digest('hex');
      return database.transaction(async (): Promise<IdempotencyClaim> => {
        await db().deleteFrom('idempotency_keys').where('created_at', '<', now() - KEEP_MS).execute();
        const inserted = await db()
          .insertInto('idempotency_keys')
          .values({ account_id: accountId, key, request: fingerprint, created_at: now() })
          .onConflict((oc) => oc.doNothing())
          .returning('key')
          .executeTakeFirst();
        if (inserted) return { kind: 'new' };
        const row = await db().selectFrom('idempotency_keys').select(['request', 'status', 'response']).where('account_id', '=', accountId).where('key', '=', key).executeTakeFirstOrThrow();
        if (row.request !== fingerprint) return { kind: 'mismatch' };
        if (row.status === null) return { kind: 'in-progress' };
        return { kind: 'replay', status: row.status, body: JSON.parse(row.response ?? 'null') as unknown };
      });
    },
    async complete(accountId: number, key: string, status: number, body: unknown): Promise<void> {
      await keyOf(accountId, key).set({ status, response: JSON.stringify(body) }).execute();
    },
    /** The action failed before it did anything: the same key may try again. */
    async release(accountId: number, key: string): Promise<void> {
      await db().deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', key).where('status', 'is', null).execute();
    },
  };
}
