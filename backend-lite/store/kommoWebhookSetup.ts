import type { SecretBox } from '../crypto/secretBox.ts';
import type { Database } from './database.ts';

/** `subscribed`: the bridge added its webhook through the API. `manual`: Kommo refused; the admin adds the URL. */
export type KommoWebhookSetup = { accountId: number; destination: string; state: 'subscribed' | 'manual'; detail: string | null; updatedAt: number };

type SetupRow = { account_id: number; destination: Buffer; state: KommoWebhookSetup['state']; detail: string | null; updated_at: number };

export type KommoWebhookSetups = ReturnType<typeof createKommoWebhookSetups>;

/** The URL holds the path secret, so it is sealed like a token; the settings page opens it to show it. */
export function createKommoWebhookSetups({ db, box, now = Date.now }: { db: Database; box: SecretBox; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO kommo_webhook_setup (account_id, destination, state, detail, updated_at)
    VALUES (@accountId, @destination, @state, @detail, @now)
    ON CONFLICT (account_id) DO UPDATE SET destination = excluded.destination, state = excluded.state,
      detail = excluded.detail, updated_at = excluded.updated_at`);
  const byAccount = db.prepare('SELECT * FROM kommo_webhook_setup WHERE account_id = ?');
  const context = (accountId: number) => `kommo_webhook_setup.destination:${accountId}`;

  return {
    record(accountId: number, destination: string, state: KommoWebhookSetup['state'], detail: string | null): void {
      upsert.run({ accountId, destination: box.seal(destination, context(accountId)), state, detail, now: now() });
    },
    get(accountId: number): KommoWebhookSetup | undefined {
      const row = byAccount.get(accountId) as SetupRow | undefined;
      if (!row) return undefined;
      return {
        accountId,
        destination: box.open(row.destination, context(accountId)),
        state: row.state,
        detail: row.detail,
        updatedAt: row.updated_at,
      };
    },
  };
}
