import type { ActivityKind, EspName } from '../esp/espAdapter.ts';
import type { Database } from './database.ts';

export type ActivityEntry = {
  at: number;
  esp: EspName;
  kind: ActivityKind;
  email: string;
  kommoContactId: number | null;
  subject: string | null;
  link: string | null;
  detail: string | null;
  sourceId: string | null;
};

type Row = {
  occurred_at: number;
  esp: EspName;
  event: ActivityKind;
  email: string | null;
  kommo_contact_id: number | null;
  subject: string | null;
  link: string | null;
  detail: string | null;
  source_event_id: string | null;
};

export type ActivityTimeline = ReturnType<typeof createActivityTimeline>;

/** The panel's read of the activity log: what the ESPs told the bridge about these people. */
export function createActivityTimeline({ db }: { db: Database }) {
  // Events that arrived before the bridge knew the Kommo contact are kept by email only.
  const forPerson = db.prepare(`
    SELECT * FROM activity WHERE account_id = @accountId AND (kommo_contact_id = @contactId OR email = @email)
    ORDER BY occurred_at DESC LIMIT @limit`);

  return {
    forPeople(accountId: number, people: readonly { kommoContactId: number; email: string | null }[], limit = 100): ActivityEntry[] {
      const seen = new Set<string>();
      const entries: ActivityEntry[] = [];
      for (const person of people) {
        for (const row of forPerson.all({ accountId, contactId: person.kommoContactId, email: person.email, limit }) as (Row & { id: number })[]) {
          const key = `${row.esp}:${row.source_event_id ?? row.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          entries.push({
            at: row.occurred_at,
            esp: row.esp,
            kind: row.event,
            email: row.email ?? person.email ?? '',
            kommoContactId: row.kommo_contact_id ?? person.kommoContactId,
            subject: row.subject,
            link: row.link,
            detail: row.detail,
            sourceId: row.source_event_id,
          });
        }
      }
      return entries.sort((a, b) => b.at - a.at).slice(0, limit);
    },
  };
}
