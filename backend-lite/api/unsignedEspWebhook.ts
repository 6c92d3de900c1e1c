import type { Context } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { parseUnsignedWebhook } from '../inbound/unsignedWebhookEvent.ts';
import { sha256, type WebhookLog } from '../store/webhookLog.ts';
import { espEventJob } from '../sync/espEventJob.ts';
import { HttpError, UnknownWebhookAddress } from './httpErrors.ts';
import { acceptanceOf, noteWebhookAcceptance } from './webhookOutcome.ts';

export type UnsignedEspWebhookTarget = (secret: string) => Promise<{ accountId: number; headerSecret: string | undefined } | undefined>;

export type UnsignedEspWebhookOptions = {
  esp: 'omnisend' | 'moosend';
  targetFor: UnsignedEspWebhookTarget;
  webhookLog: WebhookLog;
  now?: () => number;
  onQueued?: () => void;
};

export const SECRET_HEADER = 'x-bridge-secret';

class WrongHeaderSecret extends HttpError {
  override name = 'WrongHeaderSecret';
  constructor() {
    super(401, 'bad_secret', `The ${SECRET_HEADER} header is missing or wrong: copy it again from the bridge settings into the automation step.`);
  }
}

/**
 * `POST /webhooks/{omnisend|moosend}/{secret}`. These ESPs sign nothing: the path secret (and, for
 * Omnisend, a header the admin sets in the automation step) is the proof. A body the bridge cannot
 * read is stored and answered 2xx, so a templating slip in the ESP never turns into retries.
 */
export function unsignedEspWebhook({ esp, targetFor, webhookLog, now = Date.now, onQueued = () => {} }: UnsignedEspWebhookOptions) {
  return async function unsignedEspWebhook(c: Context) {
    const target = await targetFor(c.req.param('secret') ?? '');
    if (!target) throw new UnknownWebhookAddress();
    if (target.headerSecret !== undefined) {
      const given = c.req.header(SECRET_HEADER) ?? '';
      const same = timingSafeEqual(Buffer.from(sha256(given), 'hex'), Buffer.from(sha256(target.headerSecret), 'hex'));
      if (!same) throw new WrongHeaderSecret();
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw)) as unknown;
    } catch {
      body = undefined;
    }
    const parsed = parseUnsignedWebhook(esp, body, raw, now());
    const result = await webhookLog.accept({
      accountId: target.accountId,
      source: esp,
      rawBody: raw,
      contentType: c.req.header('content-type') ?? null,
      outcome: parsed.usable ? 'queued' : `parked: ${parsed.reason}`,
      jobs: parsed.usable ? [espEventJob(target.accountId, parsed.event)] : [],
    });
    if (result.jobsQueued > 0) onQueued();
    noteWebhookAcceptance(c, acceptanceOf(result, parsed.usable, 'parked'));
    // A repeat of a known event (same body, or same event id in another body) queues nothing.
    return c.json(parsed.usable ? { queued: result.jobsQueued, duplicate: result.jobsQueued === 0 } : { parked: parsed.reason });
  };
}
