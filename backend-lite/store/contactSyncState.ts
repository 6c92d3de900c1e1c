import type { Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

export type ContactSnapshot = {
  accountId: number;
  kommoContactId: number;
  name: string | null;
  /** Normalised: trimmed, lower-cased (SPEC §4.1 identity). */
  email: string | null;
  phone: string | null;
  leadIds: number[];
  kommo: unknown;
};

/** Kommo custom field id → the value the bridge wrote, as text (customFieldText's form). */
export type BridgeWrites = Record<string, string>;

export type ContactSyncState = ContactSnapshot & { kommoReadAt: number | null; lastSyncedAt: number | null; bridgeWrites: BridgeWrites };

type Row = Selectable<Schema['contact_sync_state']>;

export type ContactSyncStateRepository = ReturnType<typeof createContactSyncStateRepository>;

/** What the bridge last read from Kommo for each contact, and when it last synced it. */
export function createContactSyncStateRepository({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const db = () => database.db();
  const getRow = (accountId: number, kommoContactId: number) =>
    db().selectFrom('contact_sync_state').selectAll().where('account_id', '=', accountId).where('kommo_contact_id', '=', kommoContactId).executeTakeFirst();
  const setBridgeWrites = (accountId: number, kommoContactId: number, writes: BridgeWrites) =>
    db()
      .insertInto('contact_sync_state')
      .values({ account_id: accountId, kommo_contact_id: kommoContactId, bridge_writes: JSON.stringify(writes) })
      .onConflict((oc) => oc.columns(['account_id', 'kommo_contact_id']).doUpdateSet((eb) => ({ bridge_writes: eb.ref('excluded.bridge_writes') })))
      .execute();

  return {
    async recordKommoRead(snapshot: ContactSnapshot): Promise<void> {
      await db()
        .insertInto('contact_sync_state')
        .values({
          account_id: snapshot.accountId,
          kommo_contact_id: snapshot.kommoContactId,
          name: snapshot.name,
          email: snapshot.email,
          phone: snapshot.phone,
          lead_ids: JSON.stringify(snapshot.leadIds),
          kommo_snapshot: JSON.stringify(snapshot.kommo),
          kommo_read_at: now(),
        })
        .onConflict((oc) =>
          oc.columns(['account_id', 'kommo_contact_id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            email: eb.ref('excluded.email'),
            phone: eb.ref('excluded.phone'),
            lead_ids: eb.ref('excluded.lead_ids'),
            kommo_snapshot: eb.ref('excluded.kommo_snapshot'),
            kommo_read_at: eb.ref('excluded.kommo_read_at'),
          })),
        )
        .execute();
    },
    async get(accountId: number, kommoContactId: number): Promise<ContactSyncState | undefined> {
      const row = await getRow(accountId, kommoContactId);
      return row && toState(row);
    },
    /**
     * Called before the bridge writes these fields, so the contact-update webhook the write causes
     * is recognised as the bridge's own (sync/contactTriggers.ts) however soon it arrives.
     */
    async recordBridgeWrite(accountId: number, kommoContactId: number, values: BridgeWrites): Promise<void> {
      await database.transaction(async () => {
        const current = await getRow(accountId, kommoContactId);
        await setBridgeWrites(accountId, kommoContactId, { ...(current ? (JSON.parse(current.bridge_writes) as BridgeWrites) : {}), ...values });
      });
    },
    /** Once Kommo shows a written value (or the write failed) it no longer explains a change. */
    async forgetBridgeWrites(accountId: number, kommoContactId: number, fieldIds: readonly string[]): Promise<void> {
      if (fieldIds.length === 0) return;
      await database.transaction(async () => {
        const current = await getRow(accountId, kommoContactId);
        if (!current) return;
        const writes = JSON.parse(current.bridge_writes) as BridgeWrites;
        for (const id of fieldIds) delete writes[id];
        await setBridgeWrites(accountId, kommoContactId, writes);
      });
    },
    async accountsHolding(kommoContactId: number): Promise<number[]> {
      const rows = await db().selectFrom('contact_sync_state').select('account_id').distinct().where('kommo_contact_id', '=', kommoContactId).execute();
      return rows.map((row) => row.account_id);
    },
    async markSynced(accountId: number, kommoContactId: number): Promise<void> {
      await db()
        .insertInto('contact_sync_state')
        .values({ account_id: accountId, kommo_contact_id: kommoContactId, last_synced_at: now() })
        .onConflict((oc) => oc.columns(['account_id', 'kommo_contact_id']).doUpdateSet((eb) => ({ last_synced_at: eb.ref('excluded.last_synced_at') })))
        .execute();
    },
    /** The Kommo contact the bridge last read with this (normalised) email. */
    async findByEmail(accountId: number, email: string): Promise<ContactSyncState | undefined> {
      const row = await db()
        .selectFrom('contact_sync_state')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('email', '=', email)
        .orderBy('kommo_read_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toState(row);
    },
  };
}

function toState(row: Row): ContactSyncState {
  return {
    accountId: row.account_id,
    kommoContactId: row.kommo_contact_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    leadIds: JSON.parse(row.lead_ids) as number[],
    kommo: row.kommo_snapshot === null ? null : (JSON.parse(row.kommo_snapshot) as unknown),
    kommoReadAt: row.kommo_read_at,
    lastSyncedAt: row.last_synced_at,
    bridgeWrites: JSON.parse(row.bridge_writes) as BridgeWrites,
  };
}
