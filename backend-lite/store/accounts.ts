import type { Database } from './database.ts';

export type Account = {
  id: number;
  subdomain: string;
  kommoAccountId: number | null;
  status: 'active' | 'disconnected';
};

type AccountRow = { id: number; subdomain: string; kommo_account_id: number | null; status: Account['status'] };
const toAccount = (row: AccountRow): Account => ({
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
export function createAccountRepository({ db, now = Date.now }: { db: Database; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO accounts (subdomain, webhook_secret_hash, created_at, updated_at)
    VALUES (@subdomain, @hash, @now, @now)
    ON CONFLICT (subdomain) DO UPDATE SET webhook_secret_hash = excluded.webhook_secret_hash, updated_at = excluded.updated_at
    RETURNING *`);
  const bySecretHash = db.prepare('SELECT * FROM accounts WHERE webhook_secret_hash = ?');
  const byId = db.prepare('SELECT * FROM accounts WHERE id = ?');
  const byKommoId = db.prepare('SELECT * FROM accounts WHERE kommo_account_id = ?');
  const bySubdomain = db.prepare('SELECT * FROM accounts WHERE subdomain = ?');
  const setKommoId = db.prepare('UPDATE accounts SET kommo_account_id = ?, updated_at = ? WHERE id = ? AND kommo_account_id IS NULL');
  const insertConnected = db.prepare(`
    INSERT INTO accounts (subdomain, kommo_account_id, webhook_secret_hash, status, created_at, updated_at)
    VALUES (@subdomain, @kommoAccountId, @hash, 'active', @now, @now)
    RETURNING *`);
  const reconnect = db.prepare(`
    UPDATE accounts SET subdomain = @subdomain, kommo_account_id = @kommoAccountId, webhook_secret_hash = @hash,
      status = 'active', updated_at = @now
    WHERE id = @id
    RETURNING *`);
  const setStatus = db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?');
  const clearSecretHash = db.prepare('UPDATE accounts SET webhook_secret_hash = NULL, updated_at = ? WHERE id = ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM accounts');

  return {
    ensure(subdomain: string, webhookSecretHash: string | null): Account {
      return toAccount(upsert.get({ subdomain, hash: webhookSecretHash, now: now() }) as AccountRow);
    },
    findByWebhookSecretHash(hash: string): Account | undefined {
      const row = bySecretHash.get(hash) as AccountRow | undefined;
      return row && toAccount(row);
    },
    get(id: number): Account | undefined {
      const row = byId.get(id) as AccountRow | undefined;
      return row && toAccount(row);
    },
    findByKommoId(kommoAccountId: number): Account | undefined {
      const row = byKommoId.get(kommoAccountId) as AccountRow | undefined;
      return row && toAccount(row);
    },
    findBySubdomain(subdomain: string): Account | undefined {
      const row = bySubdomain.get(subdomain.toLowerCase()) as AccountRow | undefined;
      return row && toAccount(row);
    },
    /** Self-hosted accounts learn their Kommo id from the first webhook's `account[id]`. */
    learnKommoId(id: number, kommoAccountId: number): void {
      setKommoId.run(kommoAccountId, now(), id);
    },
    /**
     * A marketplace install: the account (found by its Kommo id, else by subdomain) becomes active
     * with a fresh webhook secret, so an address handed out before an uninstall stops working.
     */
    connect({ subdomain, kommoAccountId, webhookSecretHash }: { subdomain: string; kommoAccountId: number; webhookSecretHash: string }): Account {
      const params = { subdomain: subdomain.toLowerCase(), kommoAccountId, hash: webhookSecretHash, now: now() };
      const existing = (byKommoId.get(kommoAccountId) ?? bySubdomain.get(params.subdomain)) as AccountRow | undefined;
      const row = existing ? reconnect.get({ ...params, id: existing.id }) : insertConnected.get(params);
      return toAccount(row as AccountRow);
    },
    /** Kommo no longer accepts the account's tokens: its Kommo jobs wait and the panel says to reconnect. */
    markDisconnected(id: number): void {
      setStatus.run('disconnected', now(), id);
    },
    /** After an uninstall nothing more is accepted at the old webhook address. */
    forgetWebhookSecret(id: number): void {
      clearSecretHash.run(now(), id);
    },
    count: () => (count.get() as { n: number }).n,
  };
}
