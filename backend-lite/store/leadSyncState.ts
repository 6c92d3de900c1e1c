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

export type LeadSyncStateRepository = ReturnType<typeof createLeadSyncStateRepository>;

export function createLeadSyncStateRepository({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const db = () => database.db();
  return {
    /** Accounts whose deals the bridge has seen with this id: a panel call for another account's deal is refused before any read. */
    async accountsHolding(leadId: number): Promise<number[]> {
      const rows = await db().selectFrom('lead_sync_state').select('account_id').distinct().where('lead_id', '=', leadId).execute();
      return rows.map((row) => row.account_id);
    },
    async record(state: LeadState): Promise<void> {
      await db()
        .insertInto('lead_sync_state')
        .values({
          account_id: state.accountId,
          lead_id: state.leadId,
          status_id: state.statusId,
          pipeline_id: state.pipelineId,
          plan: state.plan,
          source: state.source,
          price: state.price,
          contact_ids: JSON.stringify(state.contactIds),
          kommo_updated_at: state.kommoUpdatedAt,
          read_at: now(),
        })
        .onConflict((oc) =>
          oc.columns(['account_id', 'lead_id']).doUpdateSet((eb) => ({
            status_id: eb.ref('excluded.status_id'),
            pipeline_id: eb.ref('excluded.pipeline_id'),
            plan: eb.ref('excluded.plan'),
            source: eb.ref('excluded.source'),
            price: eb.ref('excluded.price'),
            contact_ids: eb.ref('excluded.contact_ids'),
            kommo_updated_at: eb.ref('excluded.kommo_updated_at'),
            read_at: eb.ref('excluded.read_at'),
          })),
        )
        .execute();
    },
    async get(accountId: number, leadId: number): Promise<LeadState | undefined> {
      const row = await db().selectFrom('lead_sync_state').selectAll().where('account_id', '=', accountId).where('lead_id', '=', leadId).executeTakeFirst();
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
