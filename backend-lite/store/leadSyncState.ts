import type { Database } from './database.ts';

export type LeadState = {
  accountId: number;
  leadId: number;
  statusId: number;
  pipelineId: number;
  plan: string | null;
  source: string | null;
  price: number | null;
  contactIds: number[];
  kommoUpdatedAt: number | null;
};

type Row = {
  account_id: number;
  lead_id: number;
  status_id: number;
  pipeline_id: number;
  plan: string | null;
  source: string | null;
  price: number | null;
  contact_ids: string;
  kommo_updated_at: number | null;
};

export type LeadSyncStateRepository = ReturnType<typeof createLeadSyncStateRepository>;

export function createLeadSyncStateRepository({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO lead_sync_state (account_id, lead_id, status_id, pipeline_id, plan, source, price, contact_ids, kommo_updated_at, read_at)
    VALUES (@accountId, @leadId, @statusId, @pipelineId, @plan, @source, @price, @contactIds, @kommoUpdatedAt, @now)
    ON CONFLICT (account_id, lead_id) DO UPDATE SET
      status_id = excluded.status_id, pipeline_id = excluded.pipeline_id, plan = excluded.plan, source = excluded.source,
      price = excluded.price, contact_ids = excluded.contact_ids, kommo_updated_at = excluded.kommo_updated_at,
      read_at = excluded.read_at`);
  const get = db.prepare('SELECT * FROM lead_sync_state WHERE account_id = ? AND lead_id = ?');

  const owners = db.prepare('SELECT DISTINCT account_id FROM lead_sync_state WHERE lead_id = ?');

  return {
    /** Accounts whose deals the bridge has seen with this id: a panel call for another account's deal is refused before any read. */
    accountsHolding(leadId: number): number[] {
      return owners.all(leadId).map((row) => (row as { account_id: number }).account_id);
    },
    record(state: LeadState): void {
      upsert.run({ ...state, contactIds: JSON.stringify(state.contactIds), now: now() });
    },
    get(accountId: number, leadId: number): LeadState | undefined {
      const row = get.get(accountId, leadId) as Row | undefined;
      if (!row) return undefined;
      return {
        accountId: row.account_id,
        leadId: row.lead_id,
        statusId: row.status_id,
        pipelineId: row.pipeline_id,
        plan: row.plan,
        source: row.source,
        price: row.price,
        contactIds: JSON.parse(row.contact_ids) as number[],
        kommoUpdatedAt: row.kommo_updated_at,
      };
    },
  };
}
