import type { Database } from './database.ts';

/**
 * Jobs put back because their account was disconnected wait a long while between looks; once the
 * account is reconnected they are due at once, in their original order.
 */
export function createDisconnectedJobs({ database, now = Date.now }: { database: Database; now?: () => number }) {
  return {
    async resume(accountId: number): Promise<number> {
      const at = now();
      const result = await database
        .db()
        .updateTable('jobs')
        .set({ run_at: at, updated_at: at })
        .where('account_id', '=', accountId)
        .where('status', '=', 'pending')
        .where('run_at', '>', at)
        .where('last_error', 'like', 'KommoAccountDisconnected:%')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
