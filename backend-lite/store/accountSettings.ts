import { rulesSchema, type Rules } from '../config/rules.ts';
import type { SecretBox } from '../crypto/secretBox.ts';
import type { EspName } from '../esp/espAdapter.ts';
import type { Database } from './database.ts';
import { sha256 } from './webhookLog.ts';

export type AccountSettings = ReturnType<typeof createAccountSettings>;

const esps: EspName[] = ['omnisend', 'moosend', 'customerio'];

/**
 * Per-account rules saved from the settings page, sealed at rest (they hold ESP API keys). The
 * ESP webhook secrets are indexed by hash in the same transaction, so an ESP's webhook finds its
 * account and a changed secret stops working at once.
 */
export function createAccountSettings({ database, box, now = Date.now }: { database: Database; box: SecretBox; now?: () => number }) {
  const db = () => database.db();
  const context = (accountId: number) => `account_settings.sealed:${accountId}`;
  // Every account's rules are held in memory (the ESP adapters and webhook routes ask on every
  // request); load() fills the copy at start, and again on a timer when other instances share the database.
  const loaded = new Map<number, Rules>();

  return {
    async load(): Promise<void> {
      const rows = await db().selectFrom('account_settings').select(['account_id', 'sealed']).execute();
      loaded.clear();
      for (const row of rows) loaded.set(row.account_id, rulesSchema.parse(JSON.parse(box.open(row.sealed, context(row.account_id)))));
    },
    get(accountId: number): Rules | undefined {
      return loaded.get(accountId);
    },
    async save(accountId: number, rules: Rules): Promise<void> {
      await database.transaction(async () => {
        const sealed = box.seal(JSON.stringify(rules), context(accountId));
        await db()
          .insertInto('account_settings')
          .values({ account_id: accountId, sealed, updated_at: now() })
          .onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({ sealed: eb.ref('excluded.sealed'), updated_at: eb.ref('excluded.updated_at') })))
          .execute();
        await db().deleteFrom('esp_webhook_routes').where('account_id', '=', accountId).execute();
        for (const esp of esps) {
          const secret = rules[esp]?.webhookSecret;
          if (secret) await db().insertInto('esp_webhook_routes').values({ secret_hash: sha256(secret), account_id: accountId, esp }).execute();
        }
      });
      loaded.set(accountId, rules);
    },
    accountIds(): number[] {
      return [...loaded.keys()].sort((a, b) => a - b);
    },
    /** The account whose saved settings give this ESP this webhook path secret. */
    async accountForWebhook(esp: EspName, secret: string): Promise<number | undefined> {
      const row = await db().selectFrom('esp_webhook_routes').select('account_id').where('secret_hash', '=', sha256(secret)).where('esp', '=', esp).executeTakeFirst();
      return row?.account_id;
    },
  };
}
