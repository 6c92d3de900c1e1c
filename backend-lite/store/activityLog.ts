import type { EspEvent } from '../inbound/espEvent.ts';
import type { Database } from './database.ts';

export type ActivityLog = ReturnType<typeof createActivityLog>;

/** Every ESP event, whether or not it made a note: the panel's timeline (SPEC §4.2). */
export function createActivityLog({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const db = () => database.db();
  return {
    /** false when the event was already recorded (a re-delivery). */
    async record(accountId: number, event: EspEvent, kommoContactId: number | null): Promise<boolean> {
      const row = await db()
        .insertInto('activity')
        .values({
          account_id: accountId,
          kommo_contact_id: kommoContactId,
          email: event.email,
          esp: event.esp,
          event: event.kind,
          occurred_at: event.at,
          subject: event.subject,
          link: event.link,
          detail: event.detail,
          source_event_id: event.sourceId,
          // Events queued before messageId existed carry none.
          message_id: event.messageId ?? null,
          created_at: now(),
        })
        .onConflict((oc) => oc.columns(['account_id', 'esp', 'source_event_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Whether another event of this kind about the same message to the same person was recorded (a second open, say). */
    async repeatsMessage(accountId: number, event: EspEvent): Promise<boolean> {
      if (!event.messageId) return false;
      const row = await db()
        .selectFrom('activity')
        .select('id')
        .where('account_id', '=', accountId)
        .where('esp', '=', event.esp)
        .where('email', '=', event.email)
        .where('message_id', '=', event.messageId)
        .where('event', '=', event.kind)
        .where('source_event_id', '<>', event.sourceId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
