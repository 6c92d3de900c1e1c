import type { Context } from 'hono';

/** What a webhook route did with an accepted body; refusals are read from the answer's status instead. */
export type WebhookAcceptance = { outcome: 'queued' | 'duplicate' | 'ignored' | 'parked'; webhookId: number | undefined };

const KEY = 'webhookAcceptance';

/** The route tells the request log and the metrics what came of the body, without knowing either. */
export function noteWebhookAcceptance(c: Context, acceptance: WebhookAcceptance): void {
  c.set(KEY, acceptance);
}

export function webhookAcceptanceOf(c: Context): WebhookAcceptance | undefined {
  return c.get(KEY) as WebhookAcceptance | undefined;
}

/** A webhook that stored nothing new is a duplicate; one that queued nothing from a new body was of no use. */
export function acceptanceOf(result: { duplicate: boolean; jobsQueued: number; webhookId: number | undefined }, usable: boolean, noJobsOutcome: 'ignored' | 'parked'): WebhookAcceptance {
  const outcome = result.duplicate ? 'duplicate' : !usable ? noJobsOutcome : result.jobsQueued > 0 ? 'queued' : 'duplicate';
  return { outcome, webhookId: result.webhookId };
}
