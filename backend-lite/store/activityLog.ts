import type { EspEvent } from '../inbound/espEvent.ts';
import type { Database } from './database.ts';

export type ActivityLog = ReturnType<typeof createActivityLog>;

/** Every ESP event, whether or not it made a note: the panel's timeline (SPEC §4.2). */
export function createActivityLog({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const insert = db.prepare(`
    INSERT INTO activity (account_id, kommo_contact_id, email, esp, event, occurred_at, subject, link, detail, source_event_id, created_at)
    VALUES (@accountId, @kommoContactId, @email, @esp, @kind, @at, @subject, @link, @detail, @sourceId, @now)
    ON CONFLICT (account_id, esp, source_event_id) DO NOTHING`);

  return {
    /** false when the event was already recorded (a re-delivery). */
    record(accountId: number, event: EspEvent, kommoContactId: number | null): boolean {
      return insert.run({ accountId, kommoContactId, ...event, now: now() }).changes === 1;
    },
  };
}
