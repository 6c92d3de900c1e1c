import type { Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

export type Account = {
  id: number;
  subdomain: string;
  kommoAccountId: number | null;
  status: 'active' | 'disconnected';
};

const toAccount = (row: Selectable<Schema['accounts']>): Account => ({
  id: row.id,
  subdomain: row.subdomain,
  kommoAccountId: row.kommo_account_id,
  status: row.status,
});

export type AccountRepository = ReturnType<typeof createAccountRepository>;

/**
 * Accounts are found by the hash of their webhook path secret: the secret itself is never stored,
 * and a lookup by hash reveals nothing about how close a guess was.
 */
export function createAccountRepository({ database, now = Date.now }: { database: Database; now?: () => number }) {
  const findBy = async (column: 'webhook_secret_hash' | 'id' | 'kommo_account_id' | 'subdomain', value: string | number): Promise<Account | undefined> => {
    const row = await database.db().selectFrom('accounts').selectAll().where(column, '=', value).executeTakeFirst();
    return row && toAccount(row);
  };

  return {
    async ensure(subdomain: string, webhookSecretHash: string | null): Promise<Account> {
      const at = now();
      const row = await database
        .db()
        .insertInto('accounts')
        .values({ subdomain, webhook_secret_hash: webhookSecretHash, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('subdomain').doUpdateSet((eb) => ({ webhook_secret_hash: eb.ref('excluded.webhook_secret_hash'), updated_at: eb.ref('excluded.updated_at') })))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    },
    findByWebhookSecretHash: (hash: string) => findBy('webhook_secret_hash', hash),
    get: (id: number) => findBy('id', id),
    findByKommoId: (kommoAccountId: number) => findBy('kommo_account_id', kommoAccountId),
    findBySubdomain: (subdomain: string) => findBy('subdomain', subdomain.toLowerCase()),
    /** Self-hosted accounts learn their Kommo id from the first webhook's `account[id]`. */
    async learnKommoId(id: number, kommoAccountId: number): Promise<void> {
      await database.db().updateTable('accounts').set({ kommo_account_id: kommoAccountId, updated_at: now() }).where('id', '=', id).where('kommo_account_id', 'is', null).execute();
    },
    /**
     * A marketplace install: the account (found by its Kommo id, else by subdomain) becomes active
     * with a fresh webhook secret, so an address handed out before an uninstall stops working.
     */
    async connect({ subdomain, kommoAccountId, webhookSecretHash }: { subdomain: string; kommoAccountId: number; webhookSecretHash: string }): Promise<Account> {
      const values = { subdomain: subdomain.toLowerCase(), kommo_account_id: kommoAccountId, webhook_secret_hash: webhookSecretHash, status: 'active' as const, updated_at: now() };
      return database.transaction(async () => {
        const existing = (await findBy('kommo_account_id', kommoAccountId)) ?? (await findBy('subdomain', values.subdomain));
        const row = existing
          ? await database.db().updateTable('accounts').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
          : await database.db().insertInto('accounts').values({ ...values, created_at: values.updated_at }).returningAll().executeTakeFirstOrThrow();
        return toAccount(row);
      });
    },
    /** Kommo no longer accepts the account's tokens: its Kommo jobs wait and the panel says to reconnect. */
    async markDisconnected(id: number): Promise<void> {
      await database.db().updateTable('accounts').set({ status: 'disconnected', updated_at: now() }).where('id', '=', id).execute();
    },
    /** After an uninstall nothing more is accepted at the old webhook address. */
    async forgetWebhookSecret(id: number): Promise<void> {
      await database.db().updateTable('accounts').set({ webhook_secret_hash: null, updated_at: now() }).where('id', '=', id).execute();
    },
    async count(): Promise<number> {
      const row = await database.db().selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
