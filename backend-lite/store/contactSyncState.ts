import type { Database } from './database.ts';

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

type Row = {
  account_id: number;
  kommo_contact_id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  lead_ids: string;
  kommo_snapshot: string | null;
  kommo_read_at: number | null;
  last_synced_at: number | null;
  bridge_writes: string;
};

export type ContactSyncStateRepository = ReturnType<typeof createContactSyncStateRepository>;

/** What the bridge last read from Kommo for each contact, and when it last synced it. */
export function createContactSyncStateRepository({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO contact_sync_state (account_id, kommo_contact_id, name, email, phone, lead_ids, kommo_snapshot, kommo_read_at)
    VALUES (@accountId, @kommoContactId, @name, @email, @phone, @leadIds, @kommo, @now)
    ON CONFLICT (account_id, kommo_contact_id) DO UPDATE SET
      name = excluded.name, email = excluded.email, phone = excluded.phone, lead_ids = excluded.lead_ids,
      kommo_snapshot = excluded.kommo_snapshot, kommo_read_at = excluded.kommo_read_at`);
  const get = db.prepare('SELECT * FROM contact_sync_state WHERE account_id = ? AND kommo_contact_id = ?');
  const setBridgeWrites = db.prepare(`
    INSERT INTO contact_sync_state (account_id, kommo_contact_id, bridge_writes) VALUES (?, ?, ?)
    ON CONFLICT (account_id, kommo_contact_id) DO UPDATE SET bridge_writes = excluded.bridge_writes`);
  const markSynced = db.prepare(`
    INSERT INTO contact_sync_state (account_id, kommo_contact_id, last_synced_at) VALUES (?, ?, ?)
    ON CONFLICT (account_id, kommo_contact_id) DO UPDATE SET last_synced_at = excluded.last_synced_at`);
  const owners = db.prepare('SELECT DISTINCT account_id FROM contact_sync_state WHERE kommo_contact_id = ?');
  const byEmail = db.prepare('SELECT * FROM contact_sync_state WHERE account_id = ? AND email = ? ORDER BY kommo_read_at DESC LIMIT 1');

  return {
    recordKommoRead(snapshot: ContactSnapshot): void {
      upsert.run({
        ...snapshot,
        leadIds: JSON.stringify(snapshot.leadIds),
        kommo: JSON.stringify(snapshot.kommo),
        now: now(),
      });
    },
    get(accountId: number, kommoContactId: number): ContactSyncState | undefined {
      const row = get.get(accountId, kommoContactId) as Row | undefined;
      return row && toState(row);
    },
    /**
     * Called before the bridge writes these fields, so the contact-update webhook the write causes
     * is recognised as the bridge's own (sync/contactTriggers.ts) however soon it arrives.
     */
    recordBridgeWrite(accountId: number, kommoContactId: number, values: BridgeWrites): void {
      db.transaction(() => {
        const current = get.get(accountId, kommoContactId) as Row | undefined;
        const writes = { ...(current ? (JSON.parse(current.bridge_writes) as BridgeWrites) : {}), ...values };
        setBridgeWrites.run(accountId, kommoContactId, JSON.stringify(writes));
      })();
    },
    /** Once Kommo shows a written value (or the write failed) it no longer explains a change. */
    forgetBridgeWrites(accountId: number, kommoContactId: number, fieldIds: readonly string[]): void {
      if (fieldIds.length === 0) return;
      db.transaction(() => {
        const current = get.get(accountId, kommoContactId) as Row | undefined;
        if (!current) return;
        const writes = JSON.parse(current.bridge_writes) as BridgeWrites;
        for (const id of fieldIds) delete writes[id];
        setBridgeWrites.run(accountId, kommoContactId, JSON.stringify(writes));
      })();
    },
    accountsHolding(kommoContactId: number): number[] {
      return owners.all(kommoContactId).map((row) => (row as { account_id: number }).account_id);
    },
    markSynced(accountId: number, kommoContactId: number): void {
      markSynced.run(accountId, kommoContactId, now());
    },
    /** The Kommo contact the bridge last read with this (normalised) email. */
    findByEmail(accountId: number, email: string): ContactSyncState | undefined {
      const row = byEmail.get(accountId, email) as Row | undefined;
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
