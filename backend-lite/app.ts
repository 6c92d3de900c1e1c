import type { DatabaseKind } from './store/database.ts';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { errorHandler } from './api/errorHandler.ts';
import { oauthRoutes, type OAuthRoutesOptions } from './oauth/oauthRoutes.ts';
import { customerioWebhook, type CustomerioWebhookTarget } from './api/customerioWebhook.ts';
import { adminRoutes, type AdminRoutesOptions } from './api/adminRoutes.ts';
import { kommoWebhook } from './api/kommoWebhook.ts';
import { panelRoutes, type PanelRoutesOptions } from './api/panelRoutes.ts';
import { unsignedEspWebhook, type UnsignedEspWebhookTarget } from './api/unsignedEspWebhook.ts';
import { requestLog } from './api/requestLog.ts';
import type { Logger } from './log/logger.ts';
import type { BridgeMetrics } from './metrics/bridgeMetrics.ts';
import type { JobQueue } from './queue/jobQueue.ts';
import type { AccountRepository } from './store/accounts.ts';
import type { WebhookLog } from './store/webhookLog.ts';

export type AppOptions = {
  accounts: AccountRepository;
  webhookLog: WebhookLog;
  queue: JobQueue;
  log: Logger;
  /** Which database holds the queue, shown on /healthz. */
  databaseKind?: DatabaseKind;
  /** Plain-words list of what is missing before an account can sync; shown on /healthz. */
  setupProblems?: () => readonly string[];
  onQueued?: () => void;
  customerioTarget?: CustomerioWebhookTarget;
  unsignedTargets?: Partial<Record<'omnisend' | 'moosend', UnsignedEspWebhookTarget>>;
  /** The deal-card panel's API under /api (SPEC §5.3). */
  panelApi?: PanelRoutesOptions;
  /** Settings, sync log, retries, personal tokens under /api/admin. */
  adminApi?: AdminRoutesOptions;
  /** Kommo webhooks are a few KB; a megabyte is generous and still cheap to refuse. */
  maxWebhookBytes?: number;
  /** Served on GET /metrics and fed by every webhook answer. */
  metrics?: BridgeMetrics;
  /** Marketplace mode: Kommo's install redirect and uninstall hook under /oauth (SPEC §5.3). */
  oauth?: OAuthRoutesOptions;
};

export function createApp({
  accounts,
  webhookLog,
  queue,
  log,
  setupProblems = () => [],
  databaseKind = 'sqlite',
  onQueued,
  customerioTarget = async () => undefined,
  unsignedTargets = {},
  panelApi,
  adminApi,
  oauth,
  maxWebhookBytes = 1024 * 1024,
  metrics,
}: AppOptions) {
  const app = new Hono();
  app.use(requestId(), requestLog({ log, metrics }));
  app.onError(errorHandler({ log }));
  app.notFound((c) => c.json({ error: 'not_found', message: `Nothing at ${c.req.method} ${c.req.path}.` }, 404));

  app.get('/healthz', async (c) => {
    const problems = setupProblems();
    return c.json({
      status: 'ok',
      database: databaseKind,
      accounts: await accounts.count(),
      queue: await queue.stats(),
      setup: problems.length === 0 ? 'complete' : problems,
    });
  });

  const limit = bodyLimit({
    maxSize: maxWebhookBytes,
    onError: (c) => c.json({ error: 'body_too_large', message: `Webhook bodies are limited to ${maxWebhookBytes} bytes.` }, 413),
  });
  app.post('/webhooks/kommo/:secret', limit, kommoWebhook({ accounts, webhookLog, ...(onQueued ? { onQueued } : {}) }));
  app.post('/webhooks/customerio/:secret', limit, customerioWebhook({ targetFor: customerioTarget, webhookLog, ...(onQueued ? { onQueued } : {}) }));
  for (const esp of ['omnisend', 'moosend'] as const) {
    const targetFor = unsignedTargets[esp] ?? (async () => undefined);
    app.post(`/webhooks/${esp}/:secret`, limit, unsignedEspWebhook({ esp, targetFor, webhookLog, ...(onQueued ? { onQueued } : {}) }));
  }
  // Admin first: its routes answer before the panel API's middleware, mounted on all of /api, runs.
  if (adminApi) app.route('/api/admin', adminRoutes(adminApi));
  if (oauth) app.route('/oauth', oauthRoutes(oauth));
  if (panelApi) app.route('/api', panelRoutes(panelApi));
  if (metrics) {
    app.get('/metrics', async (c) => c.body(await metrics.text(), 200, { 'Content-Type': metrics.contentType }));
  }

  return app;
}
