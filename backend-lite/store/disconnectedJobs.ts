import type { Database } from './database.ts';

/**
 * Jobs put back because their account was disconnected wait a long while between looks; once the
 * account is reconnected they are due at once, in their original order.
 */
export function createDisconnectedJobs({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const resume = db.prepare(`
    UPDATE jobs SET run_at = @now, updated_at = @now
    WHERE account_id = @accountId AND status = 'pending' AND run_at > @now AND last_error LIKE 'KommoAccountDisconnected:%'`);
  return {
    resume(accountId: number): number {
      return resume.run({ accountId, now: now() }).changes;
    },
  };
}
