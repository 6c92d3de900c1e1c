import type { EspName, EspProfile } from '../esp/espAdapter.ts';
import type { Database } from './database.ts';

export type CachedProfile = { profile: EspProfile; fetchedAt: number };

export type EspProfileCache = ReturnType<typeof createEspProfileCache>;

/** Each ESP's last answer about a person: what the panel shows, with its age, when the ESP fails now. */
export function createEspProfileCache({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const db = () => database.db();
  return {
    async remember(accountId: number, esp: EspName, email: string, profile: EspProfile): Promise<number> {
      const at = now();
      await db()
        .insertInto('esp_profiles')
        .values({ account_id: accountId, esp, email, profile: JSON.stringify(profile), fetched_at: at })
        .onConflict((oc) => oc.columns(['account_id', 'esp', 'email']).doUpdateSet((eb) => ({ profile: eb.ref('excluded.profile'), fetched_at: eb.ref('excluded.fetched_at') })))
        .execute();
      return at;
    },
    async lastKnown(accountId: number, esp: EspName, email: string): Promise<CachedProfile | undefined> {
      const row = await db().selectFrom('esp_profiles').select(['profile', 'fetched_at']).where('account_id', '=', accountId).where('esp', '=', esp).where('email', '=', email).executeTakeFirst();
      return row && { profile: JSON.parse(row.profile ?? 'null') as EspProfile, fetchedAt: row.fetched_at };
    },
  };
}
