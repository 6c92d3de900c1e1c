/**
 * The panel API's request and response shapes (SPEC §5.3), the one contract the backend, the
 * widget and the extension share. Written with zod/mini because it ships inside the browser
 * bundles, where full zod would cost several times its size; the backend imports the same module.
 */
import * as z from 'zod/mini';

export const espNames = ['omnisend', 'moosend', 'customerio'] as const;
export const EspNameSchema = z.enum(espNames);
export const ChannelSchema = z.enum(['email', 'sms']);
export const ChannelStatusSchema = z.enum(['subscribed', 'not_subscribed', 'unsubscribed', 'bounced', 'removed']);
export const ActivityKindSchema = z.enum(['sent', 'delivered', 'opened', 'clicked', 'bounced', 'unsubscribed', 'converted', 'spammed']);

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What one ESP knows about one person, as last read from it. */
export const EspProfileViewSchema = z.object({
  channels: z.object({
    email: z.optional(z.object({ status: ChannelStatusSchema, since: z.nullable(z.number()) })),
    sms: z.optional(z.object({ status: ChannelStatusSchema, since: z.nullable(z.number()) })),
  }),
  tags: z.array(z.string()),
  fields: z.record(z.string(), FieldValue),
  lists: z.array(z.object({ id: z.string(), name: z.nullable(z.string()), status: ChannelStatusSchema })),
  deepLink: z.nullable(z.string()),
});

/** Why an ESP could not answer, in a form the panel can translate. */
export const EspFailureSchema = z.object({
  code: z.enum(['bad_credentials', 'rate_limited', 'unavailable', 'timeout', 'rejected', 'not_connected', 'unknown']),
  /** A sentence for a person, in English; the panel shows its own translation of `code` first. */
  message: z.string(),
});

/**
 * One ESP's view of one contact. `fetchedAt` (Unix ms) is when the ESP answered: when the ESP
 * fails now, the last answer it gave still comes back with its age, beside the failure.
 */
export const EspViewSchema = z.discriminatedUnion('state', [
  z.object({ esp: EspNameSchema, state: z.literal('found'), fetchedAt: z.number(), profile: EspProfileViewSchema }),
  z.object({ esp: EspNameSchema, state: z.literal('not_found'), fetchedAt: z.number() }),
  z.object({
    esp: EspNameSchema,
    state: z.literal('error'),
    failure: EspFailureSchema,
    lastKnown: z.nullable(z.object({ fetchedAt: z.number(), profile: z.nullable(EspProfileViewSchema) })),
  }),
]);

export const PanelContactSchema = z.object({
  kommoContactId: z.number(),
  name: z.nullable(z.string()),
  /** Normalised (trimmed, lower-cased); null when the contact has none, and then `esps` is empty. */
  email: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  /** Unix ms of the last push the bridge made for this contact. */
  lastSyncedAt: z.nullable(z.number()),
  esps: z.array(EspViewSchema),
});

export const TimelineEntrySchema = z.object({
  at: z.number(),
  esp: EspNameSchema,
  kind: ActivityKindSchema,
  email: z.string(),
  kommoContactId: z.nullable(z.number()),
  subject: z.nullable(z.string()),
  link: z.nullable(z.string()),
  /** Bounce type, campaign … as the ESP reported it. */
  detail: z.nullable(z.string()),
});

/** A sync that failed for good (dead letter, SPEC §4.3): the manager sees the reason. */
export const FailedSyncSchema = z.object({
  jobId: z.number(),
  esp: z.nullable(EspNameSchema),
  kommoContactId: z.nullable(z.number()),
  reason: z.string(),
  at: z.number(),
});

export const PanelResponseSchema = z.object({
  leadId: z.number(),
  /** ESPs connected for this account, in display order. */
  connected: z.array(EspNameSchema),
  contacts: z.array(PanelContactSchema),
  /** Newest first, every contact and ESP merged. */
  timeline: z.array(TimelineEntrySchema),
  failedSyncs: z.array(FailedSyncSchema),
  generatedAt: z.number(),
});

/** One ESP's answer to a resync or an opt-out, for one contact. */
export const EspOutcomeSchema = z.object({
  esp: EspNameSchema,
  kommoContactId: z.number(),
  outcome: z.enum(['created', 'updated', 'skipped', 'failed']),
  /** In words: what changed, or why nothing did. */
  summary: z.string(),
});

export const ResyncResponseSchema = z.object({
  leadId: z.number(),
  outcomes: z.array(EspOutcomeSchema),
});

export const OptOutRequestSchema = z.object({
  channels: z.array(ChannelSchema).check(z.minLength(1)),
});

export const OptOutResponseSchema = z.object({
  kommoContactId: z.number(),
  channels: z.array(ChannelSchema),
  outcomes: z.array(EspOutcomeSchema),
  /** The Kommo side: opt-out field written and note added, or why not. */
  kommo: z.object({ field: z.enum(['written', 'not_configured', 'failed']), note: z.enum(['written', 'failed']) }),
});

/** GET /api/me: whose token this is (the extension's "Test connection"). */
export const MeResponseSchema = z.object({ accountSubdomain: z.string(), userId: z.number() });

/** Every 4xx/5xx of the backend, panel API and webhooks alike: a machine code and a sentence. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
});

/** Resync and opt-out repeat safely: the panel sends one key per click. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Kommo's disposable token, as `$authorizedAjax` sends it. */
export const KOMMO_TOKEN_HEADER = 'X-Auth-Token';

export const panelPaths = {
  panel: (leadId: number) => `/api/leads/${leadId}/panel`,
  resync: (leadId: number) => `/api/leads/${leadId}/resync`,
  optOut: (contactId: number) => `/api/contacts/${contactId}/opt-out`,
  me: () => '/api/me',
};

export type EspNameWire = z.infer<typeof EspNameSchema>;
export type ChannelWire = z.infer<typeof ChannelSchema>;
export type ChannelStatusWire = z.infer<typeof ChannelStatusSchema>;
export type EspProfileView = z.infer<typeof EspProfileViewSchema>;
export type EspFailure = z.infer<typeof EspFailureSchema>;
export type EspView = z.infer<typeof EspViewSchema>;
export type PanelContact = z.infer<typeof PanelContactSchema>;
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export type FailedSync = z.infer<typeof FailedSyncSchema>;
export type PanelResponse = z.infer<typeof PanelResponseSchema>;
export type EspOutcome = z.infer<typeof EspOutcomeSchema>;
export type ResyncResponse = z.infer<typeof ResyncResponseSchema>;
export type OptOutRequest = z.infer<typeof OptOutRequestSchema>;
export type OptOutResponse = z.infer<typeof OptOutResponseSchema>;
export type ApiError = z.infer<typeof ApiErrorSchema>;
export type MeResponse = z.infer<typeof MeResponseSchema>;
