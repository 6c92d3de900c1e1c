import type { EspEvent } from '../inbound/espEvent.ts';
import type { Database } from './database.ts';

export type ActivityLog = ReturnType<typeof createActivityLog>;

/** Every ESP event, whether or not it made a note: the panel's timeline (SPEC §4.2). */
export function createActivityLog({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const insert = db.prepare(`
    INSERT INTO activity (account_id, kommo_contact_id, email, esp, event, occurred_at, subject, link, detail, source_event_id, message_id, created_at)
    VALUES (@accountId, @kommoContactId, @email, @esp, @kind, @at, @subject, @link, @detail, @sourceId, @messageId, @now)
    ON CONFLICT (account_id, esp, source_event_id) DO NOTHING`);
  const sameMessage = db.prepare(`
    SELECT 1 FROM activity
    WHERE account_id = @accountId AND esp = @esp AND email = @email AND message_id = @messageId AND event = @kind AND source_event_id <> @sourceId
    LIMIT 1`);

  return {
    /** false when the event was already recorded (a re-delivery). */
    record(accountId: number, event: EspEvent, kommoContactId: number | null): boolean {
      // Events queued before messageId existed carry none, and a missing named parameter throws.
      return insert.run({ accountId, kommoContactId, ...event, messageId: event.messageId ?? null, now: now() }).changes === 1;
    },

    /** Whether another event of this kind about the same message to the same person was recorded (a second open, say). */
    repeatsMessage(accountId: number, event: EspEvent): boolean {
      if (!event.messageId) return false;
      return sameMessage.get({ accountId, esp: event.esp, email: event.email, messageId: event.messageId, kind: event.kind, sourceId: event.sourceId }) !== undefined;
    },
  };
}
