import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../queue/retryHint.ts';
import type { AccountRepository } from '../store/accounts.ts';
import type { KommoGrants } from '../store/kommoGrants.ts';
import type { KommoWebhookSetups } from '../store/kommoWebhookSetup.ts';
import { sha256 } from '../store/webhookLog.ts';
import { manualWebhookReason, type installApi } from './installApi.ts';
import { installPage } from './installPage.ts';
import { KommoGrantRefused, KommoOAuthUnavailable } from './oauthErrors.ts';
import type { TokenEndpoint } from './tokenEndpoint.ts';

export type InstallCallbackOptions = {
  clientId: string;
  /** PUBLIC_URL: the webhook address Kommo is given starts here. */
  publicUrl: string;
  tokenEndpoint: TokenEndpoint;
  api: ReturnType<typeof installApi>;
  originFor: (apiHost: string) => string;
  accounts: AccountRepository;
  grants: KommoGrants;
  webhookSetups: KommoWebhookSetups;
  transaction: <T>(writes: () => Promise<T>) => Promise<T>;
  /** The account is (again) connected: its waiting jobs may run. */
  onConnected: (accountId: number) => Promise<void>;
  log: Logger;
  /** Kommo's install hook waits 3 s and never resends (reference §4.4): all three calls fit in this. */
  budgetMs?: number;
};

/** Only Kommo's own account hosts: the code is sent to this host along with the client secret. */
const kommoHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]*\.(kommo\.com|amocrm\.com|amocrm\.ru)$/);

const callbackQuery = z.object({
  code: z.string().min(1).max(4096).optional(),
  referer: z.string().max(255).optional(),
  state: z.string().max(1024).optional(),
  from_widget: z.string().max(16).optional(),
  client_id: z.string().max(255).optional(),
  error: z.string().max(255).optional(),
});

/**
 * `GET /oauth/kommo/callback` (reference §5.3, §4.4): exchange the code at the account's host,
 * learn the account's id, store the token pair sealed, and subscribe the account's webhooks at a
 * fresh secret address. Answers a page in words; nothing is stored unless the install completes.
 */
export function installCallback(options: InstallCallbackOptions) {
  const { clientId, publicUrl, tokenEndpoint, api, originFor, accounts, grants, webhookSetups, transaction, onConnected, log } = options;
  const budgetMs = options.budgetMs ?? 2_500;

  return async function installCallback(c: Context) {
    const page = (status: 200 | 400 | 502, title: string, ...lines: string[]) => c.html(installPage(title, lines), status);
    const query = callbackQuery.safeParse(c.req.query());
    if (!query.success) return page(400, 'Not installed', 'Kommo’s redirect did not carry the expected parameters. Start the install again from Kommo.');
    const { code, referer, error, client_id } = query.data;
    if (error) {
      return page(200, 'Not installed', `Kommo reports "${error}": access was not granted, so nothing was connected. Install the widget again and allow access to connect the account.`);
    }
    if (client_id !== undefined && client_id !== clientId) {
      return page(400, 'Not installed', 'This install was for another Kommo integration than the one this bridge is configured with (KOMMO_CLIENT_ID).');
    }
    const host = kommoHost.safeParse(referer ?? '');
    if (!host.success) {
      return page(400, 'Not installed', `"${referer ?? ''}" is not a Kommo account address (expected e.g. acme.kommo.com). Start the install again from your Kommo account.`);
    }
    if (!code) return page(400, 'Not installed', 'Kommo’s redirect carried no authorization code. Start the install again from Kommo.');

    const apiHost = host.data;
    const subdomain = apiHost.split('.')[0] ?? apiHost;
    const origin = originFor(apiHost);
    const deadline = performance.now() + budgetMs;
    const left = () => Math.max(200, Math.round(deadline - performance.now()));

    try {
      const pair = await tokenEndpoint.exchangeCode(origin, code, left());
      const kommoAccountId = await api.accountId(origin, pair.accessToken, left());
      const secret = randomBytes(32).toString('base64url');
      const destination = `${publicUrl}/webhooks/kommo/${secret}`;
      // The address is kept with the tokens, so the settings page can show it whatever happens next.
      const accountId = await transaction(async () => {
        const account = await accounts.connect({ subdomain, kommoAccountId, webhookSecretHash: sha256(secret) });
        await grants.save(account.id, apiHost, pair);
        await webhookSetups.record(account.id, destination, 'manual', 'The install stopped before the bridge could subscribe its webhook.');
        return account.id;
      });
      const subscription = await api.subscribeWebhook(origin, pair.accessToken, destination, left());
      const manual = subscription.subscribed ? null : manualWebhookReason(subscription);
      await webhookSetups.record(accountId, destination, subscription.subscribed ? 'subscribed' : 'manual', manual);
      await onConnected(accountId);
      log.info('kommo.installed', { accountId, subdomain, webhook: subscription.subscribed ? 'subscribed' : 'manual' });
      return page(
        200,
        `Installed in ${apiHost}`,
        `Kommo ESP Bridge is connected to the Kommo account ${apiHost}.`,
        subscription.subscribed
          ? 'Its Kommo webhooks are set up: deal and contact changes now reach the bridge.'
          : 'Kommo did not let the bridge add its webhook itself (API webhooks need the Advanced plan or above): open the widget’s settings page for the address and the steps to add it under Settings → Integrations → Web hooks.',
        'You can close this window.',
      );
    } catch (failure) {
      log.warn('kommo.install_failed', { subdomain, error: describeError(failure) });
      if (failure instanceof KommoGrantRefused) return page(400, 'Not installed', failure.message);
      if (failure instanceof KommoOAuthUnavailable) return page(502, 'Not installed', `${failure.message}. Nothing was stored: install the widget again.`);
      throw failure;
    }
  };
}
