import type { Context } from 'hono';
import { CustomerioSignatureInvalid, verifyCustomerioSignature } from '../inbound/customerioSignature.ts';
import { parseCustomerioWebhook } from '../inbound/customerioEvent.ts';
import type { WebhookLog } from '../store/webhookLog.ts';
import { espEventJob } from '../sync/espEventJob.ts';
import { HttpError, UnknownWebhookAddress } from './httpErrors.ts';
import { acceptanceOf, noteWebhookAcceptance } from './webhookOutcome.ts';

/** Which account a Customer.io webhook path secret belongs to, and that webhook's signing key. */
export type CustomerioWebhookTarget = (secret: string) => Promise<{ accountId: number; signingKey: string } | undefined>;

export type CustomerioWebhookOptions = {
  targetFor: CustomerioWebhookTarget;
  webhookLog: WebhookLog;
  now?: () => number;
  onQueued?: () => void;
};

class BadSignature extends HttpError {
  override name = 'BadSignature';
  constructor(reason: string) {
    super(401, 'bad_signature', `Customer.io signature refused: ${reason}.`);
  }
}

/**
 * `POST /webhooks/customerio/{secret}`. Forged or stale → 401 and nothing written. A validly
 * signed event is always answered 2xx, even one the bridge cannot use: Customer.io holds back
 * every later event behind a refused one (reference/esps.md §C.8), so it is stored and parked.
 */
export function customerioWebhook({ targetFor, webhookLog, now = Date.now, onQueued = () => {} }: CustomerioWebhookOptions) {
  return async function customerioWebhook(c: Context) {
    const target = await targetFor(c.req.param('secret') ?? '');
    if (!target) throw new UnknownWebhookAddress();
    const raw = new Uint8Array(await c.req.arrayBuffer());
    try {
      verifyCustomerioSignature({
        rawBody: raw,
        timestampHeader: c.req.header('x-cio-timestamp'),
        signatureHeader: c.req.header('x-cio-signature'),
        signingKey: target.signingKey,
        receivedAt: now(),
      });
    } catch (error) {
      if (error instanceof CustomerioSignatureInvalid) throw new BadSignature(error.message);
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw)) as unknown;
    } catch {
      body = undefined;
    }
    const parsed = parseCustomerioWebhook(body);
    const result = await webhookLog.accept({
      accountId: target.accountId,
      source: 'customerio',
      rawBody: raw,
      contentType: c.req.header('content-type') ?? null,
      outcome: parsed.usable ? 'queued' : `parked: ${parsed.reason}`,
      jobs: parsed.usable ? [espEventJob(target.accountId, parsed.event)] : [],
    });
    if (result.jobsQueued > 0) onQueued();
    noteWebhookAcceptance(c, acceptanceOf(result, parsed.usable, 'parked'));
    return c.json(
      parsed.usable ? { queued: result.jobsQueued, duplicate: result.jobsQueued === 0 } : { parked: parsed.reason },
    );
  };
}
