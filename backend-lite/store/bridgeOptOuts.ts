import type { EspName } from '../esp/espAdapter.ts';
import type { Database } from './database.ts';

export type BridgeOptOuts = ReturnType<typeof createBridgeOptOuts>;

/** How long an ESP's "unsubscribed" report is taken for the echo of the bridge's own write. */
export const ECHO_WINDOW_MS = 15 * 60_000;

/** Unsubscribes the bridge caused at an ESP, so their reports back are not taken for the person's choice. */
export function createBridgeOptOuts({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const db = () => database.db();
  return {
    async record(accountId: number, esp: EspName, email: string): Promise<void> {
      await db()
        .insertInto('bridge_opt_outs')
        .values({ account_id: accountId, esp, email, at: now() })
        .onConflict((oc) => oc.columns(['account_id', 'esp', 'email']).doUpdateSet((eb) => ({ at: eb.ref('excluded.at') })))
        .execute();
    },
    /** True when the bridge unsubscribed this person at this ESP within the echo window. */
    async isEcho(accountId: number, esp: EspName, email: string, reportedAt: number): Promise<boolean> {
      const row = await db().selectFrom('bridge_opt_outs').select('at').where('account_id', '=', accountId).where('esp', '=', esp).where('email', '=', email).executeTakeFirst();
      // A minute of slack before the write: the ESP's clock and ours are not the same clock.
      return row !== undefined && reportedAt >= row.at - 60_000 && reportedAt <= row.at + ECHO_WINDOW_MS;
    },
  };
}
