import { z } from 'zod';
import { KommoOAuthUnavailable } from './oauthErrors.ts';

/** What the bridge subscribes to (SPEC §4.1): stage moves, deal edits, contact edits (reference §4.1). */
export const KOMMO_WEBHOOK_SETTINGS = ['status_lead', 'update_lead', 'update_contact'] as const;

export type WebhookSubscription = { subscribed: true } | { subscribed: false; status: number; detail: string };

const accountSchema = z.object({ id: z.number().int().positive(), subdomain: z.string().optional() });
const problem = z.object({ hint: z.string().optional(), detail: z.string().optional(), title: z.string().optional() }).catch({});

/**
 * The two API calls of an install, made straight away rather than through the account's paced
 * client: they are the account's first requests, and a plan's refusal of API webhooks (402/403)
 * must not pause the account's pacer the way the client's 403 handling would.
 */
export function installApi({ fetch: fetchImpl = fetch }: { fetch?: typeof fetch } = {}) {
  const headers = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/hal+json' });

  return {
    async accountId(origin: string, accessToken: string, timeoutMs: number): Promise<number> {
      const label = 'GET /api/v4/account';
      let response: Response;
      try {
        response = await fetchImpl(`${origin}/api/v4/account`, { headers: headers(accessToken), signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw new KommoOAuthUnavailable(label, (error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (error as Error).message);
      }
      const parsed = accountSchema.safeParse(await response.json().catch(() => undefined));
      if (!response.ok || !parsed.success) throw new KommoOAuthUnavailable(label, `HTTP ${response.status}`);
      return parsed.data.id;
    },

    /** Never throws: a refusal is an outcome the settings page explains (SPEC §3.3). */
    async subscribeWebhook(origin: string, accessToken: string, destination: string, timeoutMs: number): Promise<WebhookSubscription> {
      try {
        const response = await fetchImpl(`${origin}/api/v4/webhooks`, {
          method: 'POST',
          headers: { ...headers(accessToken), 'Content-Type': 'application/json' },
          body: JSON.stringify({ destination, settings: KOMMO_WEBHOOK_SETTINGS }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.ok) {
          await response.body?.cancel();
          return { subscribed: true };
        }
        const { hint, detail, title } = problem.parse(await response.json().catch(() => ({})));
        return { subscribed: false, status: response.status, detail: hint ?? detail ?? title ?? response.statusText };
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        return { subscribed: false, status: 0, detail: timedOut ? `no answer in ${timeoutMs} ms` : (error as Error).message };
      }
    },
  };
}

/** The words the settings page shows beside the URL when the bridge could not subscribe itself. */
export function manualWebhookReason(outcome: Extract<WebhookSubscription, { subscribed: false }>): string {
  if (outcome.status === 402 || outcome.status === 403) {
    return `Kommo refused to add the webhook through its API (HTTP ${outcome.status}: ${outcome.detail}); API webhooks need the Advanced, Pro or Enterprise plan. Add the URL by hand: Settings → Integrations → Web hooks → Add, tick "Lead status changed", "Lead updated" and "Contact updated", Save.`;
  }
  return `The bridge could not add its webhook through Kommo's API (${outcome.status ? `HTTP ${outcome.status}: ` : ''}${outcome.detail}). Add the URL by hand: Settings → Integrations → Web hooks → Add, tick "Lead status changed", "Lead updated" and "Contact updated", Save.`;
}
