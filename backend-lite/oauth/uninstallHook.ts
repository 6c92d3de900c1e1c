import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { HttpError } from '../api/httpErrors.ts';
import type { Logger } from '../log/logger.ts';
import type { AccountRepository } from '../store/accounts.ts';
import type { KommoGrants } from '../store/kommoGrants.ts';

export type UninstallHookOptions = {
  clientId: string;
  clientSecret: string;
  accounts: AccountRepository;
  grants: KommoGrants;
  transaction: <T>(writes: () => Promise<T>) => Promise<T>;
  /** The account's clients built with its old tokens are dropped. */
  onDisconnected: (accountId: number) => void;
  log: Logger;
};

const hookQuery = z.object({
  client_uuid: z.string().min(1).max(255),
  account_id: z.string().regex(/^\d{1,18}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/i),
});

/** Kommo's signature (reference §4.4): hex HMAC-SHA256 of `client_uuid|account_id` under the client secret. */
export function uninstallSignature(clientSecret: string, clientUuid: string, accountId: string): string {
  return createHmac('sha256', clientSecret).update(`${clientUuid}|${accountId}`).digest('hex');
}

/**
 * `GET /oauth/kommo/uninstall`, Kommo's "access revoked" hook. A bad signature changes nothing;
 * a good one deletes the account's tokens, marks it disconnected and closes its webhook address.
 */
export function uninstallHook({ clientId, clientSecret, accounts, grants, transaction, onDisconnected, log }: UninstallHookOptions) {
  return async function uninstallHook(c: Context) {
    const query = hookQuery.safeParse(c.req.query());
    if (!query.success) {
      throw new HttpError(400, 'bad_uninstall_hook', 'The uninstall hook needs client_uuid, account_id and a 64-hex-digit signature, as Kommo sends them.');
    }
    const { client_uuid, account_id, signature } = query.data;
    const expected = Buffer.from(uninstallSignature(clientSecret, client_uuid, account_id), 'hex');
    if (client_uuid !== clientId || !timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      throw new HttpError(401, 'bad_signature', 'The uninstall hook’s signature does not match this integration’s client secret (KOMMO_CLIENT_SECRET); nothing was changed.');
    }
    const account = await accounts.findByKommoId(Number(account_id));
    if (!account) return c.json({ uninstalled: false, message: `No account with Kommo id ${account_id} is connected to this bridge.` });
    await transaction(async () => {
      await grants.delete(account.id);
      await accounts.markDisconnected(account.id);
      await accounts.forgetWebhookSecret(account.id);
    });
    onDisconnected(account.id);
    log.info('kommo.uninstalled', { accountId: account.id, subdomain: account.subdomain });
    return c.json({ uninstalled: true, account: account.subdomain });
  };
}
