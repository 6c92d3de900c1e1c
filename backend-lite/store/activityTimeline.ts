import type { ActivityKind, EspName } from '../esp/espAdapter.ts';
import type { Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

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

type Row = Selectable<Schema['activity']>;

export type ActivityTimeline = ReturnType<typeof createActivityTimeline>;

/** The panel's read of the activity log: what the ESPs told the bridge about these people. */
export function createActivityTimeline({ database }: { database: Database }) {
  // Events that arrived before the bridge knew the Kommo contact are kept by email only.
  const forPerson = (accountId: number, person: { kommoContactId: number; email: string | null }, limit: number): Promise<Row[]> =>
    database
      .db()
      .selectFrom('activity')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) => (person.email === null ? eb('kommo_contact_id', '=', person.kommoContactId) : eb.or([eb('kommo_contact_id', '=', person.kommoContactId), eb('email', '=', person.email)])))
      .orderBy('occurred_at', 'desc')
      .limit(limit)
      .execute();

  return {
    async forPeople(accountId: number, people: readonly { kommoContactId: number; email: string | null }[], limit = 100): Promise<ActivityEntry[]> {
      const seen = new Set<string>();
      const entries: ActivityEntry[] = [];
      const rowsOfPeople = await Promise.all(people.map((person) => forPerson(accountId, person, limit)));
      people.forEach((person, i) => {
        for (const row of rowsOfPeople[i] ?? []) {
          const key = `${row.esp}:${row.source_event_id ?? row.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          entries.push({
            at: row.occurred_at,
            esp: row.esp as EspName,
            kind: row.event as ActivityKind,
            email: row.email ?? person.email ?? '',
            kommoContactId: row.kommo_contact_id ?? person.kommoContactId,
            subject: row.subject,
            link: row.link,
            detail: row.detail,
            sourceId: row.source_event_id,
          });
        }
      });
      return entries.sort((a, b) => b.at - a.at).slice(0, limit);
    },
  };
}
