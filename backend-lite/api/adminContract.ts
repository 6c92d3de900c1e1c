/**
 * The admin API's shapes (SPEC §5.3 `/api/admin/…`), shared with the widget's settings page.
 * zod/mini for the same reason as the panel contract: it ships in the browser bundle.
 */
import * as z from 'zod/mini';

const espNameSchema = z.enum(['omnisend', 'moosend', 'customerio']);

/** What a sync log row did, for the page to say in its language ("Sent to Omnisend", "Note in Kommo"). */
export const syncActions = ['sent', 'opted-out', 'note', 'esp-event', 'poll', 'deal-read', 'contact-read', 'other'] as const;
/** Why a row failed, from the error the bridge recorded; `lastError` stays beside it as the detail. */
export const syncFailureKinds = ['key-rejected', 'rate-limited', 'not-found', 'rejected', 'unavailable', 'kommo-access', 'kommo-payment', 'kommo-forbidden', 'other'] as const;

export const SyncLogEntrySchema = z.object({
  jobId: z.number(),
  /** The job's own name (esp.push, kommo.note…), for logs and support. */
  kind: z.string(),
  /** Who the job talks to: kommo, omnisend, moosend or customerio. */
  target: z.string(),
  action: z.enum(syncActions),
  /** The ESP the row sent to or heard from; null for Kommo's own work. */
  esp: z.nullable(espNameSchema),
  kommoContactId: z.nullable(z.number()),
  /** The contact as the bridge last read it from Kommo (an ESP event: as the ESP named them). */
  contact: z.nullable(z.object({ name: z.nullable(z.string()), email: z.nullable(z.string()) })),
  leadId: z.nullable(z.number()),
  status: z.enum(['pending', 'leased', 'done', 'dead']),
  attempts: z.number(),
  /** The last failure in words (the dead letter's reason), as the bridge logged it: in English. */
  lastError: z.nullable(z.string()),
  /** What kind of failure that was, and who answered with it. */
  failure: z.nullable(z.object({ kind: z.enum(syncFailureKinds), by: z.enum(['kommo', 'omnisend', 'moosend', 'customerio']) })),
  createdAt: z.number(),
  finishedAt: z.nullable(z.number()),
});

export const SyncLogResponseSchema = z.object({ entries: z.array(SyncLogEntrySchema) });

export const RetryResponseSchema = z.object({ jobId: z.number(), status: z.literal('pending') });

export const PersonalTokenViewSchema = z.object({
  id: z.number(),
  kommoUserId: z.number(),
  label: z.string(),
  createdAt: z.number(),
  revokedAt: z.nullable(z.number()),
  lastUsedAt: z.nullable(z.number()),
});
export const TokenListResponseSchema = z.object({ tokens: z.array(PersonalTokenViewSchema) });
export const CreateTokenRequestSchema = z.object({ userId: z.int().check(z.positive()), label: z.optional(z.string().check(z.maxLength(100))) });
/** The token itself appears in this answer only. */
export const CreateTokenResponseSchema = z.object({ id: z.number(), token: z.string() });

/**
 * The account's settings: the rules file's shape (backend-lite/config/rules.ts — the server
 * validates with that schema; the browser only edits). Secrets come back masked as SECRET_MASK +
 * their last 4 characters; sending a masked value back keeps the stored one.
 */
export const SECRET_MASK = '••••••';
/** Stands for the event in the published Omnisend body: the admin replaces it with the automation's trigger. */
export const OMNISEND_TRIGGER_PLACEHOLDER = '<trigger>';
export const SettingsResponseSchema = z.object({
  rules: z.record(z.string(), z.unknown()),
  /**
   * 'file': nothing saved in this page yet, the values are the self-hosted rules file's (BRIDGE_CONFIG);
   * saving stores the account's own copy, which wins from then on ('account').
   */
  source: z.enum(['file', 'account']),
  /** Addresses to paste into each ESP (and into Kommo when the bridge could not subscribe itself). */
  webhookUrls: z.object({
    kommo: z.nullable(z.string()),
    omnisend: z.nullable(z.string()),
    moosend: z.nullable(z.string()),
    customerio: z.nullable(z.string()),
  }),
  /** How Kommo's webhooks reach the bridge: subscribed through the API, or to be added by hand. */
  kommoWebhook: z.enum(['subscribed', 'manual']),
  /**
   * What to paste into the ESPs' automation steps besides the URL (SPEC §4.2), null for an ESP not
   * connected. Omnisend: the body template, event = OMNISEND_TRIGGER_PLACEHOLDER, and the secret
   * header with its real value (the admin must paste it; `rules` keeps it masked). Moosend: an
   * example of a body the bridge reads. Optional: a bridge older than the widget leaves it out.
   */
  webhookSetup: z.optional(
    z.object({
      omnisend: z.nullable(z.object({ bodyTemplate: z.string(), header: z.nullable(z.object({ name: z.string(), value: z.string() })) })),
      moosend: z.nullable(z.object({ bodyHint: z.string() })),
    }),
  ),
});
export const SaveSettingsRequestSchema = z.object({ rules: z.record(z.string(), z.unknown()) });
/** 400: the settings do not fit the schema; each problem names the setting. 422: an ESP refused its credentials. */
export const SettingsProblemSchema = z.object({
  error: z.enum(['invalid_settings', 'esp_rejected']),
  message: z.string(),
  esp: z.optional(z.enum(['omnisend', 'moosend', 'customerio'])),
  problems: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

/** The account's real pipelines, stages and custom fields, for the mapping editor. */
export const KommoSchemaResponseSchema = z.object({
  pipelines: z.array(z.object({ id: z.number(), name: z.string(), stages: z.array(z.object({ id: z.number(), name: z.string() })) })),
  leadFields: z.array(z.object({ id: z.number(), name: z.string(), type: z.string() })),
  contactFields: z.array(z.object({ id: z.number(), name: z.string(), type: z.string() })),
});

/** What each ESP would receive for a deal, with nothing sent (reads still go to the ESP). */
export const DryRunRequestSchema = z.object({ leadId: z.int().check(z.positive()) });
export const DryRunResponseSchema = z.object({
  leadId: z.number(),
  contacts: z.array(
    z.object({
      kommoContactId: z.number(),
      email: z.nullable(z.string()),
      esps: z.array(
        z.object({
          esp: z.enum(['omnisend', 'moosend', 'customerio']),
          /** Writes the ESP would receive, secrets redacted. */
          requests: z.array(z.object({ method: z.string(), url: z.string(), body: z.unknown() })),
          /** Why there is nothing to send, or where the dry run had to stop. */
          note: z.nullable(z.string()),
        }),
      ),
    }),
  ),
});

/** A Moosend list for the stage mapping's picker (lists.json, reference esps.md §B.2). */
export const MoosendListSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Members subscribed now; null when Moosend did not count them. */
  activeMembers: z.nullable(z.number()),
  /** The list's custom fields, as Moosend spells them. */
  fields: z.array(z.string()),
});
/** A custom field the bridge writes into the lists it pushes to: at every stage (stages null), or only at these. */
export const MoosendBridgeFieldSchema = z.object({
  name: z.string(),
  type: z.enum(['Text', 'Number', 'DateTime']),
  stages: z.nullable(z.array(z.string())),
});
export const MoosendListsResponseSchema = z.object({ lists: z.array(MoosendListSchema), bridgeFields: z.array(MoosendBridgeFieldSchema) });
/** Bridge fields to make sure the list has; the server reads the list first and creates only the missing ones. */
export const CreateMoosendFieldsRequestSchema = z.object({ fields: z.array(z.string()).check(z.minLength(1), z.maxLength(20)) });
export const CreateMoosendFieldsResponseSchema = z.object({
  listId: z.string(),
  /** The list's custom fields, read again after the creation. */
  fields: z.array(z.string()),
  /** What this call created: empty when nothing was missing. */
  created: z.array(z.string()),
});
/** The `error` of a refused Moosend list call: each one tells the admin something else to do. */
export const moosendListErrors = {
  notConnected: 'moosend_not_connected',
  keyRejected: 'moosend_key_rejected',
  unavailable: 'moosend_unavailable',
  listNotFound: 'moosend_list_not_found',
  refused: 'moosend_refused',
} as const;

export const adminPaths = {
  settings: '/api/admin/settings',
  kommoSchema: '/api/admin/kommo-schema',
  dryRun: '/api/admin/dry-run',
  syncLog: '/api/admin/sync-log',
  retry: (jobId: number) => `/api/admin/jobs/${jobId}/retry`,
  moosendLists: '/api/admin/moosend/lists',
  moosendListFields: (listId: string) => `/api/admin/moosend/lists/${encodeURIComponent(listId)}/fields`,
  tokens: '/api/admin/tokens',
  token: (id: number) => `/api/admin/tokens/${id}`,
};

export type SettingsResponse = z.infer<typeof SettingsResponseSchema>;
export type SettingsProblem = z.infer<typeof SettingsProblemSchema>;
export type KommoSchemaResponse = z.infer<typeof KommoSchemaResponseSchema>;
export type DryRunResponse = z.infer<typeof DryRunResponseSchema>;
export type SyncLogEntry = z.infer<typeof SyncLogEntrySchema>;
export type SyncLogResponse = z.infer<typeof SyncLogResponseSchema>;
export type SyncAction = (typeof syncActions)[number];
export type SyncFailureKind = (typeof syncFailureKinds)[number];
export type MoosendList = z.infer<typeof MoosendListSchema>;
export type MoosendBridgeField = z.infer<typeof MoosendBridgeFieldSchema>;
export type MoosendListsResponse = z.infer<typeof MoosendListsResponseSchema>;
export type CreateMoosendFieldsResponse = z.infer<typeof CreateMoosendFieldsResponseSchema>;
export type PersonalTokenView = z.infer<typeof PersonalTokenViewSchema>;
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;
