import type { Env } from './config/env.ts';
import type { LoadedRules } from './config/loadRules.ts';
import { createApp } from './app.ts';
import { createBridgeMetrics } from './metrics/bridgeMetrics.ts';
import { createKommoClient, type KommoClient } from './kommo/kommoClient.ts';
import { createKommoReader, type KommoReader } from './kommo/kommoReader.ts';
import type { Logger } from './log/logger.ts';
import type { BackoffOptions } from './queue/backoff.ts';
import { createJobQueue } from './queue/jobQueue.ts';
import { createPacers } from './queue/pacer.ts';
import { createWorker } from './queue/worker.ts';
import { createAccountRepository, type Account } from './store/accounts.ts';
import { createContactSyncStateRepository } from './store/contactSyncState.ts';
import { createLeadSyncStateRepository } from './store/leadSyncState.ts';
import type { EspAdapters } from './esp/espAdapters.ts';
import type { EspName } from './esp/espAdapter.ts';
import { createAccountEspAdapters } from './esp/accountEspAdapters.ts';
import { createSecretBox } from './crypto/secretBox.ts';
import { createAccountSettings } from './store/accountSettings.ts';
import { createAccountSettingsService } from './admin/accountSettingsService.ts';
import { dryRunLead } from './admin/dryRunLead.ts';
import { moosendListService } from './admin/moosendLists.ts';
import { syncLogLookupsFrom } from './admin/syncLogEntry.ts';
import { rulesSchema, type Rules } from './config/rules.ts';
import { ESP_OPT_OUT, ESP_PUSH, espOptOutJobHandler, espPushJobHandler, KOMMO_NOTE, type KommoNotePayload } from './sync/espJobs.ts';
import type { Database } from './store/database.ts';
import { createWebhookLog, sha256 } from './store/webhookLog.ts';
import { createActivityLog } from './store/activityLog.ts';
import { KommoAccessMissing } from './kommo/kommoErrors.ts';
import { resyncLead } from './sync/resyncLead.ts';
import type { PanelRoutesOptions } from './api/panelRoutes.ts';
import { optOutContact } from './panel/optOutContact.ts';
import { panelView } from './panel/panelView.ts';
import { createActivityTimeline } from './store/activityTimeline.ts';
import { createPushBatcher } from './esp/pushBatcher.ts';
import { createPersonalTokens } from './store/personalTokens.ts';
import { createBridgeOptOuts } from './store/bridgeOptOuts.ts';
import { createEspProfileCache } from './store/espProfileCache.ts';
import { createIdempotencyKeys } from './store/idempotencyKeys.ts';
import { ESP_EVENT, espEventJobHandler } from './sync/espEventJob.ts';
import { ESP_POLL, espPollJob, espPollJobHandler } from './sync/espPollJob.ts';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { KOMMO_CONTACT_CHANGED, KOMMO_LEAD_CHANGED, kommoTarget } from './sync/kommoJobs.ts';
import { kommoContactChangedJob, kommoLeadChangedJob } from './sync/kommoReadJobs.ts';
import { createMarketplace } from './oauth/marketplace.ts';

/** Kommo allows 7 requests/s (reference §5.2) and blocks the IP when pushed: stay a step below. */
export const KOMMO_REQUESTS_PER_SECOND = 6;

export type BridgeOptions = {
  env: Env;
  rules: LoadedRules;
  database: Database;
  log: Logger;
  now?: () => number;
  fetch?: typeof fetch;
  /** Replaces the adapters the rules file connects (tests that record what would be pushed). */
  adapters?: EspAdapters;
  worker?: { concurrency?: number; pollMs?: number; leaseMs?: number; backoff?: BackoffOptions; maxAttempts?: number };
  /** How long the panel waits for each ESP before showing its last known answer. */
  panelEspTimeoutMs?: number;
  /** SECRET_KEY (main.ts loads or generates it): with KOMMO_CLIENT_ID/SECRET it turns on marketplace installs. */
  secretKey?: Buffer | string;
  /**
   * Where an installed account's API and OAuth calls go, from its host (acme.kommo.com). Default:
   * KOMMO_API_ORIGIN for every account, else the account's own https://{host}. Tests with several
   * simulated accounts map each host to its simulator.
   */
  kommoOrigin?: (apiHost: string) => string;
};

/**
 * Wires the parts of backend-lite together. No I/O at construction besides the database:
 * main.ts decides when to listen and when to start the worker.
 */
export async function createBridge(options: BridgeOptions) {
  const { env, rules, database, log, now = Date.now, fetch: fetchImpl, adapters: givenAdapters, worker: workerOptions = {} } = options;
  const queue = createJobQueue({ database, now, ...(workerOptions.maxAttempts ? { defaultMaxAttempts: workerOptions.maxAttempts } : {}) });
  const accounts = createAccountRepository({ database, now });
  const syncState = createContactSyncStateRepository({ database, now });
  const leadState = createLeadSyncStateRepository({ database, now });
  const activity = createActivityLog({ database, now });
  const webhookLog = createWebhookLog({ database, queue, now });
  const pacers = createPacers({ now });
  const metrics = createBridgeMetrics({ queueStats: () => queue.stats(), now });

  const selfHosted = await selfHostedAccount(env, rules, accounts);
  // main.ts always passes SECRET_KEY; a bridge built without one (tests) seals with a key of its own.
  const box = createSecretBox(options.secretKey ?? randomBytes(32));
  const accountSettings = createAccountSettings({ database, box, now });
  await accountSettings.load();
  /** Settings saved in the widget win; the self-hosted account falls back to the rules file. */
  const effectiveRulesFor = (accountId: number): Rules | undefined =>
    accountSettings.get(accountId) ?? (accountId === selfHosted?.id ? rules.rules : undefined);
  const adapters = givenAdapters ?? createAccountEspAdapters({ env, rulesFor: effectiveRulesFor, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  // The promise is kept, not its value: callers that arrive while the account is read share one
  // client, so one pacer and one 429 pause cover every request of the account.
  const readers = new Map<number, Promise<{ reader: KommoReader; client: KommoClient }>>();
  const publicUrl = env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
  const marketplace =
    env.KOMMO_CLIENT_ID && env.KOMMO_CLIENT_SECRET && options.secretKey
      ? createMarketplace({
          clientId: env.KOMMO_CLIENT_ID,
          clientSecret: env.KOMMO_CLIENT_SECRET,
          publicUrl,
          secretKey: options.secretKey,
          database,
          accounts,
          log,
          kommoOrigin: options.kommoOrigin ?? ((apiHost) => env.KOMMO_API_ORIGIN ?? `https://${apiHost}`),
          pacerFor: (accountId) => pacers.get(kommoTarget(accountId), { ratePerSecond: KOMMO_REQUESTS_PER_SECOND }),
          onConnected: () => worker.wake(),
          now,
          ...(fetchImpl ? { fetch: fetchImpl } : {}),
        })
      : undefined;

  function kommoFor(accountId: number): Promise<{ reader: KommoReader; client: KommoClient }> {
    const known = readers.get(accountId);
    if (known) return known;
    const access = selfHostedKommo(accountId);
    readers.set(accountId, access);
    // A failed lookup (not connected yet, a marketplace account) is asked again next time.
    access.then(
      (found) => {
        if (!found.selfHosted) readers.delete(accountId);
      },
      () => readers.delete(accountId),
    );
    return access;
  }

  async function selfHostedKommo(accountId: number): Promise<{ reader: KommoReader; client: KommoClient; selfHosted: boolean }> {
    const account = await accounts.get(accountId);
    if (account && marketplace && account.id !== selfHosted?.id) return { ...(await marketplace.kommoFor(account)), selfHosted: false };
    if (!account || !selfHosted || account.id !== selfHosted.id || !env.KOMMO_ACCESS_TOKEN) {
      throw new KommoAccessMissing(account?.subdomain ?? `#${accountId}`);
    }
    const token = env.KOMMO_ACCESS_TOKEN;
    const pacer = pacers.get(kommoTarget(accountId), { ratePerSecond: KOMMO_REQUESTS_PER_SECOND });
    const client = createKommoClient({
      origin: env.KOMMO_API_ORIGIN ?? `https://${account.subdomain}.kommo.com`,
      accessToken: () => token,
      pacer,
      now,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
    return { reader: createKommoReader({ client, pacer }), client, selfHosted: true };
  }
  const readerFor = async (accountId: number) => (await kommoFor(accountId)).reader;
  const defaultRules = rulesSchema.parse({});
  const rulesFor = (accountId: number) => effectiveRulesFor(accountId) ?? defaultRules;
  const enqueue = async (job: Parameters<typeof queue.enqueue>[0]): Promise<void> => {
    await queue.enqueue(job);
  };
  const atomically = <T>(writes: () => Promise<T>): Promise<T> => database.transaction(writes);
  const bridgeOptOuts = createBridgeOptOuts({ database, now });
  const pushJobOptions = {
    adapters,
    batcher: createPushBatcher({ adapters }),
    bridgeOptOuts,
    enqueue,
    markSynced: (accountId: number, contactId: number) => syncState.markSynced(accountId, contactId),
    afterPushNotes: () => rules.rules.notes.afterPush,
  };

  const worker = createWorker({
    queue,
    log,
    now,
    onSettled: metrics.jobSettled,
    handlers: {
      [KOMMO_LEAD_CHANGED]: kommoLeadChangedJob({ readerFor, rulesFor, syncState, leadState, adapters, enqueue, atomically, log }),
      [KOMMO_CONTACT_CHANGED]: kommoContactChangedJob({ readerFor, rulesFor, syncState, adapters, enqueue, atomically, log }),
      [ESP_PUSH]: espPushJobHandler(pushJobOptions),
      [ESP_OPT_OUT]: espOptOutJobHandler(pushJobOptions),
      [ESP_EVENT]: espEventJobHandler({ kommoFor, rulesFor, adapters, syncState, activity, bridgeOptOuts, log, now }),
      [ESP_POLL]: espPollJobHandler({ database, adapters, enqueue, now }),
      [KOMMO_NOTE]: async function kommoNote(job) {
        const { entity, entityId, text } = job.payload as KommoNotePayload;
        await (await kommoFor(job.accountId)).client.addNotes(entity, [{ entityId, text }]);
      },
    },
    ...withoutUndefined({
      concurrency: workerOptions.concurrency,
      pollMs: workerOptions.pollMs,
      leaseMs: workerOptions.leaseMs,
      backoff: workerOptions.backoff,
    }),
  });

  const resync = resyncLead({ readerFor, rulesFor, syncState, adapters, enqueue });
  const personalTokens = createPersonalTokens({ database, now });
  const panelApi: PanelRoutesOptions = {
    accounts,
    personalTokens,
    clientSecret: env.KOMMO_CLIENT_SECRET,
    clientId: env.KOMMO_CLIENT_ID,
    audience: new URL(publicUrl).origin,
    now,
    idempotency: createIdempotencyKeys({ database, now }),
    leadOwners: (leadId) => leadState.accountsHolding(leadId),
    contactOwners: (contactId) => syncState.accountsHolding(contactId),
    panel: panelView({
      readerFor,
      syncState,
      adapters,
      profiles: createEspProfileCache({ database, now }),
      timeline: createActivityTimeline({ database }),
      queue,
      now,
      ...withoutUndefined({ espTimeoutMs: options.panelEspTimeoutMs }),
    }),
    resync,
    optOut: optOutContact({ kommoFor, rulesFor, syncState, adapters, bridgeOptOuts, enqueue, log }),
    extraOrigins: env.PANEL_ORIGINS,
  };

  const app = createApp({
    accounts,
    webhookLog,
    queue,
    log,
    panelApi,
    adminApi: {
      accounts,
      queue,
      personalTokens,
      clientSecret: panelApi.clientSecret,
      clientId: panelApi.clientId,
      audience: panelApi.audience,
      extraOrigins: env.PANEL_ORIGINS,
      now,
      settings: createAccountSettingsService({
        env,
        settings: accountSettings,
        fileRulesFor: (accountId) => (accountId === selfHosted?.id ? rules.rules : undefined),
        kommoWebhookFor: (accountId) => kommoWebhookOf(accountId),
        kommoClientFor: async (accountId) => (await kommoFor(accountId)).client,
        publicUrl,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
      dryRun: dryRunLead({ env, readerFor, rulesFor: effectiveRulesFor, syncState, ...(fetchImpl ? { fetch: fetchImpl } : {}) }),
      moosendLists: moosendListService({ rulesFor: effectiveRulesFor, origin: env.MOOSEND_API_URL, ...(fetchImpl ? { fetch: fetchImpl } : {}) }),
      syncLogLookups: syncLogLookupsFrom(syncState),
    },
    metrics,
    ...(marketplace ? { oauth: marketplace.routes } : {}),
    setupProblems: () => setupProblems(env, rules),
    databaseKind: database.kind,
    onQueued: () => worker.wake(),
    customerioTarget: async (secret) => {
      const target = await espWebhookAccount('customerio', secret);
      const cio = target?.rules.customerio;
      return target && cio ? { accountId: target.accountId, signingKey: cio.webhookSigningKey } : undefined;
    },
    unsignedTargets: {
      omnisend: async (secret) => {
        const target = await espWebhookAccount('omnisend', secret);
        const omnisend = target?.rules.omnisend;
        return target && omnisend ? { accountId: target.accountId, headerSecret: omnisend.webhookHeaderSecret } : undefined;
      },
      moosend: async (secret) => {
        const target = await espWebhookAccount('moosend', secret);
        return target?.rules.moosend ? { accountId: target.accountId, headerSecret: undefined } : undefined;
      },
    },
  });

  /** Where this account's Kommo webhooks go: subscribed on install, or (self-hosted) added by hand. */
  async function kommoWebhookOf(accountId: number): Promise<{ url: string | null; state: 'subscribed' | 'manual' }> {
    const setup = await marketplace?.webhookSetups.get(accountId);
    if (setup) return { url: setup.state === 'manual' ? setup.destination : null, state: setup.state };
    const secret = accountId === selfHosted?.id ? rules.rules.kommo.webhookSecret : undefined;
    return { url: secret ? `${publicUrl}/webhooks/kommo/${secret}` : null, state: 'manual' };
  }

  /**
   * The account an ESP webhook's path secret belongs to: an account's saved settings, else the
   * self-hosted rules file (while that account has saved none), compared in constant time.
   */
  async function espWebhookAccount(esp: EspName, secret: string): Promise<{ accountId: number; rules: Rules } | undefined> {
    const saved = await accountSettings.accountForWebhook(esp, secret);
    if (saved !== undefined) {
      const savedRules = effectiveRulesFor(saved);
      return savedRules ? { accountId: saved, rules: savedRules } : undefined;
    }
    if (!selfHosted || accountSettings.get(selfHosted.id)) return undefined;
    const block = rules.rules[esp];
    return block && sameSecret(secret, block.webhookSecret) ? { accountId: selfHosted.id, rules: rules.rules } : undefined;
  }

  /** Enqueues this interval's poll of every connected ESP that has one; main.ts calls it on a timer. */
  async function schedulePolls(): Promise<void> {
    const accountIds = new Set([...(selfHosted ? [selfHosted.id] : []), ...accountSettings.accountIds()]);
    for (const accountId of accountIds) {
      for (const esp of adapters.connected(accountId)) {
        if (!adapters.adapter(accountId, esp).statusChangesSince) continue;
        await queue.enqueue({ accountId, ...espPollJob(accountId, esp, now()) });
      }
    }
    worker.wake();
  }

  return { app, worker, queue, database, accounts, accountSettings, syncState, leadState, selfHosted, schedulePolls, resync, personalTokens, metrics, marketplace };
}

export type Bridge = Awaited<ReturnType<typeof createBridge>>;

async function selfHostedAccount(env: Env, rules: LoadedRules, accounts: ReturnType<typeof createAccountRepository>): Promise<Account | undefined> {
  if (!env.KOMMO_SUBDOMAIN) return undefined;
  const secret = rules.rules.kommo.webhookSecret;
  return accounts.ensure(env.KOMMO_SUBDOMAIN.toLowerCase(), secret ? sha256(secret) : null);
}

/** What an operator still has to do, in plain words (printed at start and on /healthz). */
export function setupProblems(env: Env, rules: LoadedRules): string[] {
  const problems: string[] = [];
  if (!env.KOMMO_SUBDOMAIN && !env.KOMMO_CLIENT_ID) {
    problems.push(
      'No Kommo account is connected: set KOMMO_SUBDOMAIN (e.g. "acme" for https://acme.kommo.com) and KOMMO_ACCESS_TOKEN ' +
        '(a long-lived token: Kommo → Settings → Integrations → your private integration → Keys and scopes), or ' +
        'KOMMO_CLIENT_ID and KOMMO_CLIENT_SECRET to let accounts install the widget (Redirect URI: PUBLIC_URL/oauth/kommo/callback).',
    );
  }
  if (env.KOMMO_CLIENT_ID && !env.PUBLIC_URL) {
    problems.push(
      'Marketplace installs need PUBLIC_URL, the https address Kommo reaches the bridge at: the integration’s Redirect URI is ' +
        'PUBLIC_URL/oauth/kommo/callback, its "access revoked" hook PUBLIC_URL/oauth/kommo/uninstall, and each account’s webhooks start with it.',
    );
  }
  if (!env.KOMMO_CLIENT_SECRET) {
    problems.push(
      'The deal-card panel is closed: set KOMMO_CLIENT_ID and KOMMO_CLIENT_SECRET (the Kommo integration’s keys) so the ' +
        'widget’s disposable tokens can be verified.',
    );
  }
  if (!rules.found) {
    problems.push(`No rules file at ${rules.path}: copy bridge.config.example.json there and edit it (or set BRIDGE_CONFIG).`);
  }
  // Installed accounts get their own webhook address on install; the rules file's is for self-hosting.
  if (!rules.rules.kommo.webhookSecret && (env.KOMMO_SUBDOMAIN || !env.KOMMO_CLIENT_ID)) {
    problems.push(
      'Kommo webhooks are not accepted yet: set kommo.webhookSecret in the rules file (e.g. "env:KOMMO_WEBHOOK_SECRET" with ' +
        'KOMMO_WEBHOOK_SECRET=$(openssl rand -hex 16)), then add PUBLIC_URL/webhooks/kommo/<that secret> in Kommo → ' +
        'Settings → Integrations → Web hooks, for "lead status changed", "lead updated" and "contact updated".',
    );
  }
  return problems;
}

/** Constant-time whatever the lengths: both sides are hashed to the same size first. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(sha256(given), 'hex'), Buffer.from(sha256(expected), 'hex'));
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
