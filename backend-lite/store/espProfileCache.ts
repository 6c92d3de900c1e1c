import type { EspName, EspProfile } from '../esp/espAdapter.ts';
import type { Database } from './database.ts';

export type CachedProfile = { profile: EspProfile; fetchedAt: number };

export type EspProfileCache = ReturnType<typeof createEspProfileCache>;

/** Each ESP's last answer about a person: what the panel shows, with its age, when the ESP fails now. */
export function createEspProfileCache({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO esp_profiles (account_id, esp, email, profile, fetched_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, esp, email) DO UPDATE SET profile = excluded.profile, fetched_at = excluded.fetched_at`);
  const get = db.prepare('SELECT profile, fetched_at FROM esp_profiles WHERE account_id = ? AND esp = ? AND email = ?');

  return {
    remember(accountId: number, esp: EspName, email: string, profile: EspProfile): number {
      const at = now();
      upsert.run(accountId, esp, email, JSON.stringify(profile), at);
      return at;
    },
    lastKnown(accountId: number, esp: EspName, email: string): CachedProfile | undefined {
      const row = get.get(accountId, esp, email) as { profile: string; fetched_at: number } | undefined;
      return row && { profile: JSON.parse(row.profile) as EspProfile, fetchedAt: row.fetched_at };
    },
  };
}
