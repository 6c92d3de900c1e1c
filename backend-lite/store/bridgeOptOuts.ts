import type { EspName } from '../esp/espAdapter.ts';
import type { Database } from './database.ts';

export type BridgeOptOuts = ReturnType<typeof createBridgeOptOuts>;

/** How long an ESP's "unsubscribed" report is taken for the echo of the bridge's own write. */
export const ECHO_WINDOW_MS = 15 * 60_000;

/** Unsubscribes the bridge caused at an ESP, so their reports back are not taken for the person's choice. */
export function createBridgeOptOuts({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO bridge_opt_outs (account_id, esp, email, at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, esp, email) DO UPDATE SET at = excluded.at`);
  const get = db.prepare('SELECT at FROM bridge_opt_outs WHERE account_id = ? AND esp = ? AND email = ?');

  return {
    record(accountId: number, esp: EspName, email: string): void {
      upsert.run(accountId, esp, email, now());
    },
    /** True when the bridge unsubscribed this person at this ESP within the echo window. */
    isEcho(accountId: number, esp: EspName, email: string, reportedAt: number): boolean {
      const row = get.get(accountId, esp, email) as { at: number } | undefined;
      // A minute of slack before the write: the ESP's clock and ours are not the same clock.
      return row !== undefined && reportedAt >= row.at - 60_000 && reportedAt <= row.at + ECHO_WINDOW_MS;
    },
  };
}
