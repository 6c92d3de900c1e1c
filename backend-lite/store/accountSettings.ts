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
export function createAccountSettings({ db, box, now = Date.now }: { db: Database; box: SecretBox; now?: () => number }) {
  const upsert = db.prepare(`
    INSERT INTO account_settings (account_id, sealed, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (account_id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`);
  const get = db.prepare('SELECT sealed FROM account_settings WHERE account_id = ?');
  const dropRoutes = db.prepare('DELETE FROM esp_webhook_routes WHERE account_id = ?');
  const addRoute = db.prepare('INSERT INTO esp_webhook_routes (secret_hash, account_id, esp) VALUES (?, ?, ?)');
  const route = db.prepare('SELECT account_id FROM esp_webhook_routes WHERE secret_hash = ? AND esp = ?');
  const ids = db.prepare('SELECT account_id FROM account_settings ORDER BY account_id');
  const context = (accountId: number) => `account_settings.sealed:${accountId}`;
  const cache = new Map<number, Rules | null>();

  return {
    get(accountId: number): Rules | undefined {
      if (!cache.has(accountId)) {
        const row = get.get(accountId) as { sealed: Buffer } | undefined;
        cache.set(accountId, row ? rulesSchema.parse(JSON.parse(box.open(row.sealed, context(accountId)))) : null);
      }
      return cache.get(accountId) ?? undefined;
    },
    save(accountId: number, rules: Rules): void {
      db.transaction(() => {
        upsert.run(accountId, box.seal(JSON.stringify(rules), context(accountId)), now());
        dropRoutes.run(accountId);
        for (const esp of esps) {
          const secret = rules[esp]?.webhookSecret;
          if (secret) addRoute.run(sha256(secret), accountId, esp);
        }
      })();
      cache.set(accountId, rules);
    },
    accountIds(): number[] {
      return ids.all().map((row) => (row as { account_id: number }).account_id);
    },
    /** The account whose saved settings give this ESP this webhook path secret. */
    accountForWebhook(esp: EspName, secret: string): number | undefined {
      return (route.get(sha256(secret), esp) as { account_id: number } | undefined)?.account_id;
    },
  };
}
