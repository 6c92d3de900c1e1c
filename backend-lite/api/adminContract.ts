/**
 * The admin API's shapes (SPEC §5.3 `/api/admin/…`), shared with the widget's settings page.
 * zod/mini for the same reason as the panel contract: it ships in the browser bundle.
 */
import * as z from 'zod/mini';

export const SyncLogEntrySchema = z.object({
  jobId: z.number(),
  kind: z.string(),
  /** Who the job talks to: kommo, omnisend, moosend or customerio. */
  target: z.string(),
  kommoContactId: z.nullable(z.number()),
  leadId: z.nullable(z.number()),
  status: z.enum(['pending', 'leased', 'done', 'dead']),
  attempts: z.number(),
  /** The last failure in words (the dead letter's reason). */
  lastError: z.nullable(z.string()),
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

export const adminPaths = {
  settings: '/api/admin/settings',
  kommoSchema: '/api/admin/kommo-schema',
  dryRun: '/api/admin/dry-run',
  syncLog: '/api/admin/sync-log',
  retry: (jobId: number) => `/api/admin/jobs/${jobId}/retry`,
  tokens: '/api/admin/tokens',
  token: (id: number) => `/api/admin/tokens/${id}`,
};

export type SettingsResponse = z.infer<typeof SettingsResponseSchema>;
export type SettingsProblem = z.infer<typeof SettingsProblemSchema>;
export type KommoSchemaResponse = z.infer<typeof KommoSchemaResponseSchema>;
export type DryRunResponse = z.infer<typeof DryRunResponseSchema>;
export type SyncLogEntry = z.infer<typeof SyncLogEntrySchema>;
export type SyncLogResponse = z.infer<typeof SyncLogResponseSchema>;
export type PersonalTokenView = z.infer<typeof PersonalTokenViewSchema>;
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;
