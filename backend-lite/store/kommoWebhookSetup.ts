import type { SecretBox } from '../crypto/secretBox.ts';
import type { Database } from './database.ts';

/** `subscribed`: the bridge added its webhook through the API. `manual`: Kommo refused; the admin adds the URL. */
export type KommoWebhookSetup = { accountId: number; destination: string; state: 'subscribed' | 'manual'; detail: string | null; updatedAt: number };

export type KommoWebhookSetups = ReturnType<typeof createKommoWebhookSetups>;

/** The URL holds the path secret, so it is sealed like a token; the settings page opens it to show it. */
export function createKommoWebhookSetups({ database, box, now = Date.now }: { database: Database; box: SecretBox; now?: () => number }) {
  const context = (accountId: number) => `kommo_webhook_setup.destination:${accountId}`;

  return {
    async record(accountId: number, destination: string, state: KommoWebhookSetup['state'], detail: string | null): Promise<void> {
      await database
        .db()
        .insertInto('kommo_webhook_setup')
        .values({ account_id: accountId, destination: box.seal(destination, context(accountId)), state, detail, updated_at: now() })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet((eb) => ({
            destination: eb.ref('excluded.destination'),
            state: eb.ref('excluded.state'),
            detail: eb.ref('excluded.detail'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    async get(accountId: number): Promise<KommoWebhookSetup | undefined> {
      const row = await database.db().selectFrom('kommo_webhook_setup').selectAll().where('account_id', '=', accountId).executeTakeFirst();
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
