import type { Context } from 'hono';
import { MalformedWebhookBody } from '../kommo/malformedWebhookBody.ts';
import { parseKommoWebhook } from '../kommo/webhookEvents.ts';
import { parseNestedForm } from '../kommo/webhookForm.ts';
import type { AccountRepository } from '../store/accounts.ts';
import { sha256, type WebhookLog } from '../store/webhookLog.ts';
import { jobForKommoEvent } from '../sync/kommoJobs.ts';
import { UnknownWebhookAddress, WebhookFromOtherAccount } from './httpErrors.ts';
import { acceptanceOf, noteWebhookAcceptance } from './webhookOutcome.ts';

export type KommoWebhookOptions = {
  accounts: AccountRepository;
  webhookLog: WebhookLog;
  /** Called after the commit, so a worker starts on the new jobs without waiting for its poll. */
  onQueued?: () => void;
};

/**
 * `POST /webhooks/kommo/{secret}`. The answer path is parse → store + enqueue → answer; nothing
 * else, because Kommo gives up after 2 s and disables the hook after 100 failures (reference §4.2).
 */
export function kommoWebhook({ accounts, webhookLog, onQueued = () => {} }: KommoWebhookOptions) {
  return async function kommoWebhook(c: Context) {
    const account = await accounts.findByWebhookSecretHash(sha256(c.req.param('secret') ?? ''));
    if (!account) throw new UnknownWebhookAddress();

    const contentType = c.req.header('content-type') ?? null;
    if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new MalformedWebhookBody(
        `Kommo webhooks are application/x-www-form-urlencoded; this request is ${contentType ?? 'without a Content-Type'}`,
      );
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const webhook = parseKommoWebhook(parseNestedForm(decodeUtf8(raw)));
    if (webhook.account.subdomain.toLowerCase() !== account.subdomain.toLowerCase()) {
      throw new WebhookFromOtherAccount(account.subdomain, webhook.account.subdomain);
    }
    if (account.kommoAccountId === null && webhook.account.id !== undefined) {
      await accounts.learnKommoId(account.id, webhook.account.id);
    }

    const jobs = webhook.events.flatMap((event) => jobForKommoEvent(account.id, event) ?? []);
    const ignored = webhook.ignored.map((i) => `${i.entity}.${i.action || '?'}×${i.count}`);
    const result = await webhookLog.accept({
      accountId: account.id,
      source: 'kommo',
      rawBody: raw,
      contentType,
      outcome: jobs.length > 0 ? 'queued' : `ignored${ignored.length ? `: ${ignored.join(', ')}` : ''}`,
      jobs,
    });
    if (result.jobsQueued > 0) onQueued();
    noteWebhookAcceptance(c, acceptanceOf(result, jobs.length > 0, 'ignored'));
    return c.json({
      received: webhook.events.length + webhook.ignored.reduce((n, i) => n + i.count, 0),
      queued: result.jobsQueued,
      duplicate: result.duplicate,
      ignored: webhook.ignored,
    });
  };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MalformedWebhookBody('the body is not valid UTF-8');
  }
}
