import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { JobQueue, JobStatus } from '../queue/jobQueue.ts';
import type { Account, AccountRepository } from '../store/accounts.ts';
import type { PersonalTokens } from '../store/personalTokens.ts';
import type { AccountSettingsService } from '../admin/accountSettingsService.ts';
import { isBridgeField, MoosendNotConnected, type MoosendListService } from '../admin/moosendLists.ts';
import { syncLogEntry, type SyncLogLookups } from '../admin/syncLogEntry.ts';
import { EspBadCredentials, EspError, EspNotFound, EspRejectedInput } from '../esp/espErrors.ts';
import { MOOSEND_BRIDGE_FIELDS } from '../esp/moosend/moosendListFields.ts';
import {
  CreateMoosendFieldsRequestSchema,
  CreateTokenRequestSchema,
  DryRunRequestSchema,
  moosendListErrors,
  SaveSettingsRequestSchema,
  type DryRunResponse,
  type SyncLogResponse,
} from './adminContract.ts';
import { HttpError } from './httpErrors.ts';
import { kommoCors } from './kommoCors.ts';
import { KOMMO_TOKEN_HEADER } from './panelContract.ts';
import { accountOfToken, verifiedClaims } from './tokenAccount.ts';

type AdminEnv = { Variables: { account: Account } };

export type AdminRoutesOptions = {
  accounts: AccountRepository;
  queue: JobQueue;
  personalTokens: PersonalTokens;
  clientSecret: string | undefined;
  clientId: string | undefined;
  audience: string;
  extraOrigins?: readonly string[];
  now?: () => number;
  settings: AccountSettingsService;
  dryRun: (accountId: number, leadId: number) => Promise<DryRunResponse | undefined>;
  moosendLists: MoosendListService;
  /** Names and emails for the sync log, as the bridge last read them from Kommo. */
  syncLogLookups: SyncLogLookups;
};

const statuses = new Set<JobStatus>(['pending', 'leased', 'done', 'dead']);

/**
 * The admin API (SPEC §5.3 `/api/admin/…`): only a Kommo account admin, as Kommo's disposable
 * token says (`is_admin`), and only for that account. Personal tokens are for managers and never
 * reach these routes.
 */
export function adminRoutes({
  accounts,
  queue,
  personalTokens,
  clientSecret,
  clientId,
  audience,
  extraOrigins = [],
  now = Date.now,
  settings,
  dryRun,
  moosendLists,
  syncLogLookups,
}: AdminRoutesOptions) {
  const app = new Hono<AdminEnv>();
  app.use(
    '*',
    kommoCors({
      extraOrigins,
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: [KOMMO_TOKEN_HEADER, 'Content-Type'],
    }),
  );
  app.use(
    '*',
    createMiddleware<AdminEnv>(async function adminAuth(c, next) {
      if (!clientSecret) throw new HttpError(503, 'admin_not_configured', 'The admin API needs KOMMO_CLIENT_SECRET (the Kommo integration’s secret key).');
      const claims = verifiedClaims(c.req.header(KOMMO_TOKEN_HEADER), { secret: clientSecret, clientId, audience, now });
      if (claims.is_admin !== true) throw new HttpError(403, 'admin_only', 'Only an administrator of this Kommo account can change the bridge’s settings or see its sync log.');
      const account = await accountOfToken(accounts, claims.account_id, claims.subdomain);
      if (!account) throw new HttpError(403, 'account_not_connected', `The Kommo account ${claims.subdomain} is not connected to this bridge.`);
      c.set('account', account);
      await next();
    }),
  );
  app.use('*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'body_too_large', message: 'Admin requests are limited to 16 KB.' }, 413) }));

  app.get('/settings', async (c) => c.json(await settings.view(c.var.account.id)));

  app.put('/settings', async function saveSettings(c) {
    const body = SaveSettingsRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new HttpError(400, 'bad_request', 'The body must be JSON like {"rules": {…}} in the rules file’s shape.');
    const outcome = await settings.save(c.var.account.id, body.data.rules);
    return outcome.ok ? c.json(outcome.view) : c.json(outcome.problem, outcome.status);
  });

  app.get('/kommo-schema', async (c) => c.json(await settings.kommoSchema(c.var.account.id)));

  app.post('/dry-run', async function dryRunDeal(c) {
    const body = DryRunRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new HttpError(400, 'bad_request', 'The body must be JSON like {"leadId": 12345}.');
    const result = await dryRun(c.var.account.id, body.data.leadId);
    if (!result) throw new HttpError(404, 'lead_not_found', `Deal ${body.data.leadId} is not in this Kommo account.`);
    return c.json(result);
  });

  app.get('/sync-log', async function syncLog(c) {
    const status = c.req.query('status');
    if (status !== undefined && !statuses.has(status as JobStatus)) throw new HttpError(400, 'bad_request', 'status must be one of pending, leased, done, dead.');
    const contact = c.req.query('contact');
    if (contact !== undefined && !/^\d{1,12}$/.test(contact)) throw new HttpError(400, 'bad_request', 'contact must be a Kommo contact id.');
    const accountId = c.var.account.id;
    const jobs = await queue.list(accountId, {
      status: (status as JobStatus | undefined) ?? null,
      orderKeyPrefix: contact ? `contact:${accountId}:${contact}:` : null,
      limit: 200,
    });
    return c.json({ entries: await Promise.all(jobs.map((job) => syncLogEntry(job, syncLogLookups))) } satisfies SyncLogResponse);
  });

  app.get('/moosend/lists', async function listMoosendLists(c) {
    return c.json(await moosendLists.lists(c.var.account.id).catch(moosendRefusal('lists')));
  });

  app.post('/moosend/lists/:listId/fields', async function createMoosendFields(c) {
    const body = CreateMoosendFieldsRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success || !body.data.fields.every(isBridgeField)) {
      const names = MOOSEND_BRIDGE_FIELDS.map((field) => field.name).join(', ');
      throw new HttpError(400, 'bad_request', `The body must be JSON like {"fields": ["mrr", "won_date"]}, naming fields the bridge writes: ${names}.`);
    }
    return c.json(await moosendLists.createFields(c.var.account.id, c.req.param('listId'), body.data.fields).catch(moosendRefusal('fields')));
  });

  app.post('/jobs/:jobId/retry', async function retryJob(c) {
    const jobId = Number(c.req.param('jobId'));
    if (!Number.isSafeInteger(jobId)) throw new HttpError(400, 'bad_request', 'The job id must be a number.');
    if (!(await queue.retryDead(jobId, c.var.account.id))) throw new HttpError(404, 'job_not_dead', `No dead job ${jobId} in this account: it may have been retried already.`);
    return c.json({ jobId, status: 'pending' as const });
  });

  app.get('/tokens', async (c) => c.json({ tokens: await personalTokens.list(c.var.account.id) }));

  app.post('/tokens', async function createToken(c) {
    const body = CreateTokenRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new HttpError(400, 'bad_request', 'The body must be JSON like {"userId": 8000001, "label": "Maria’s laptop"}.');
    const label = body.data.label ?? `user ${body.data.userId}`;
    return c.json(await personalTokens.issue({ accountId: c.var.account.id, userId: body.data.userId, label }), 201);
  });

  app.delete('/tokens/:id', async function revokeToken(c) {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || !(await personalTokens.revoke(id, c.var.account.id))) throw new HttpError(404, 'token_not_found', 'No active personal token with this id in this account.');
    return c.body(null, 204);
  });

  return app;
}

/**
 * Moosend's failures as the page needs them: each code asks the admin for something else (save a
 * key, fix the key, try later, map another list). Moosend's own words stay in the message.
 */
function moosendRefusal(call: 'lists' | 'fields') {
  return function moosendRefusal(error: unknown): never {
    if (error instanceof MoosendNotConnected) throw new HttpError(409, moosendListErrors.notConnected, error.message);
    if (error instanceof EspBadCredentials) throw new HttpError(422, moosendListErrors.keyRejected, error.message);
    // Reading lists, "not found" can only be the API itself (a wrong MOOSEND_API_URL).
    if (error instanceof EspNotFound && call === 'fields') throw new HttpError(404, moosendListErrors.listNotFound, error.message);
    if (error instanceof EspRejectedInput) throw new HttpError(502, moosendListErrors.refused, error.message);
    if (error instanceof EspError) throw new HttpError(502, moosendListErrors.unavailable, error.message);
    throw error;
  };
}
