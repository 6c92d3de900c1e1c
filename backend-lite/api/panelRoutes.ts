import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import type { ChannelWire, MeResponse, OptOutResponse, ResyncResponse } from './panelContract.ts';
import { IDEMPOTENCY_KEY_HEADER, KOMMO_TOKEN_HEADER, OptOutRequestSchema, PanelResponseSchema } from './panelContract.ts';
import type { PanelResponse } from './panelContract.ts';
import type { IdempotencyKeys } from '../store/idempotencyKeys.ts';
import { HttpError } from './httpErrors.ts';
import { kommoCors } from './kommoCors.ts';
import { panelAuth, type PanelAuthOptions, type PanelEnv } from './panelAuth.ts';
import type { ResyncOutcome } from '../sync/resyncLead.ts';

export type PanelRoutesOptions = PanelAuthOptions & {
  idempotency: IdempotencyKeys;
  /** Which accounts the bridge has seen a deal or contact id in: another account's ids are refused before any read. */
  leadOwners: (leadId: number) => Promise<number[]>;
  contactOwners: (contactId: number) => Promise<number[]>;
  panel: (accountId: number, leadId: number) => Promise<PanelResponse | undefined>;
  resync: (accountId: number, leadId: number) => Promise<ResyncOutcome[] | undefined>;
  optOut: (accountId: number, contactId: number, channels: ChannelWire[], userId: number, requestKey: string) => Promise<OptOutResponse | undefined>;
  /** Exact origins allowed besides Kommo's (PANEL_ORIGINS). */
  extraOrigins?: readonly string[];
};

/** The largest panel body is an opt-out's channel list: a few dozen bytes. */
export const MAX_PANEL_BODY_BYTES = 16 * 1024;


const idParam = z.pipe(z.string().check(z.regex(/^\d{1,12}$/)), z.transform(Number));

/**
 * The panel API (SPEC §5.3) behind Kommo's disposable token: every handler gets the caller's
 * account from the verified token and asks only that account's Kommo and data.
 */
export function panelRoutes(options: PanelRoutesOptions) {
  const { idempotency, leadOwners, contactOwners, panel, resync, optOut, extraOrigins = [] } = options;
  const app = new Hono<PanelEnv>();
  app.use(
    '*',
    kommoCors({
      extraOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: [KOMMO_TOKEN_HEADER, IDEMPOTENCY_KEY_HEADER, 'Content-Type', 'Authorization'],
    }),
  );
  // Before auth: an oversized body is refused before any token check or database read.
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_PANEL_BODY_BYTES,
      onError: (c) => c.json({ error: 'body_too_large', message: `Panel API bodies are limited to ${MAX_PANEL_BODY_BYTES} bytes.` }, 413),
    }),
  );
  app.use('*', panelAuth(options));

  // The extension's "Test connection": a valid token says whose it is.
  app.get('/me', (c) => c.json({ accountSubdomain: c.var.account.subdomain, userId: c.var.userId } satisfies MeResponse));

  app.get('/leads/:leadId/panel', async function leadPanel(c) {
    const leadId = await ownLead(c, leadOwners);
    const view = await panel(c.var.account.id, leadId);
    if (!view) throw new HttpError(404, 'lead_not_found', `Deal ${leadId} is not in this Kommo account.`);
    return c.json(PanelResponseSchema.parse(view));
  });

  app.post('/leads/:leadId/resync', async function leadResync(c) {
    const leadId = await ownLead(c, leadOwners);
    return once(c, async () => {
      const outcomes = await resync(c.var.account.id, leadId);
      if (!outcomes) throw new HttpError(404, 'lead_not_found', `Deal ${leadId} is not in this Kommo account.`);
      return { leadId, outcomes } satisfies ResyncResponse;
    });
  });

  app.post('/contacts/:contactId/opt-out', async function contactOptOut(c) {
    const contactId = parseId(c.req.param('contactId'), 'contact');
    if ((await contactOwners(contactId)).some((owner) => owner !== c.var.account.id)) throw notYours('contact', contactId);
    const body = OptOutRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new HttpError(400, 'bad_request', 'The body must be JSON like {"channels": ["email", "sms"]} with at least one channel.');
    const channels = [...new Set(body.data.channels)];
    return once(c, async (key) => {
      const result = await optOut(c.var.account.id, contactId, channels, c.var.userId, key);
      if (!result) throw new HttpError(404, 'contact_not_found', `Contact ${contactId} is not in this Kommo account.`);
      return result;
    });
  });

  /** Runs an action at most once per Idempotency-Key; a repeat gets the first answer. */
  async function once(c: Context<PanelEnv>, action: (key: string) => Promise<unknown>) {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (!key || key.length > 200) throw new HttpError(400, 'idempotency_key_required', `Send an ${IDEMPOTENCY_KEY_HEADER} header (one per click, at most 200 characters).`);
    const accountId = c.var.account.id;
    const claim = await idempotency.claim(accountId, key, `${c.req.method} ${c.req.path} ${await c.req.text()}`);
    if (claim.kind === 'mismatch') throw new HttpError(422, 'idempotency_key_reused', `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request.`);
    if (claim.kind === 'in-progress') throw new HttpError(409, 'in_progress', 'The same action is still running; its outcome will be shown when it ends.');
    if (claim.kind === 'replay') return c.json(claim.body as object, claim.status as 200);
    try {
      const result = await action(key);
      await idempotency.complete(accountId, key, 200, result);
      return c.json(result as object);
    } catch (error) {
      await idempotency.release(accountId, key);
      throw error;
    }
  }

  return app;
}

function parseId(raw: string | undefined, what: 'deal' | 'contact'): number {
  const id = idParam.safeParse(raw);
  if (!id.success) throw new HttpError(400, 'bad_request', `The ${what} id must be a number.`);
  return id.data;
}

async function ownLead(c: Context<PanelEnv>, leadOwners: (leadId: number) => Promise<number[]>): Promise<number> {
  const leadId = parseId(c.req.param('leadId'), 'deal');
  if ((await leadOwners(leadId)).some((owner) => owner !== c.var.account.id)) throw notYours('deal', leadId);
  return leadId;
}

function notYours(what: 'deal' | 'contact', id: number): HttpError {
  return new HttpError(403, 'other_account', `This ${what} (${id}) belongs to another Kommo account.`);
}
