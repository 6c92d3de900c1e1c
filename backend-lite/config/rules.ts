import { z } from 'zod';

/**
 * The rules file (SPEC §5.2). One schema for the self-hosted file and, later, for the per-account
 * settings the widget edits. Fields may be added; none of the documented ones may be renamed.
 */

// SPEC §5.3: every path secret carries at least 128 bits; 22 base64url characters hold 132.
export const pathSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,}$/, 'must be at least 22 letters, digits, "-" or "_" (128 bits); try: openssl rand -hex 16');

const kommoField = z.object({
  entity: z.enum(['lead', 'contact']),
  id: z.number().int().positive(),
});

const stageName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'stage names are lower_snake_case, e.g. demo_scheduled');

const kommoRules = z.object({
  webhookSecret: pathSecret.optional(),
  stages: z
    .record(z.string().regex(/^\d+$/, 'keys are Kommo status ids (numbers)'), stageName)
    .default({}),
  fields: z
    .object({
      plan: kommoField.optional(),
      source: kommoField.optional(),
      emailOptIn: kommoField.optional(),
      emailStatus: kommoField.optional(),
      smsConsent: kommoField.optional(),
    })
    .default({}),
});

const tagAction = z.object({
  addTags: z.array(z.string().min(1)).default([]),
  removeTags: z.array(z.string().min(1)).default([]),
});

const omnisendRules = z.object({
  apiKey: z.string().min(1),
  webhookSecret: pathSecret,
  /** Sent by the automation step as the X-Bridge-Secret header (SPEC §4.2: Omnisend signs nothing). */
  webhookHeaderSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  newContactStatus: z.enum(['nonSubscribed', 'subscribed']).default('nonSubscribed'),
  on: z.record(stageName, tagAction).default({}),
});

const moosendRules = z.object({
  apiKey: z.string().min(1),
  webhookSecret: pathSecret,
  on: z.record(stageName, z.object({ list: z.string().min(1), addTags: z.array(z.string()).default([]) })).default({}),
});

const customerioRules = z.object({
  siteId: z.string().min(1),
  trackApiKey: z.string().min(1),
  appApiKey: z.string().min(1),
  region: z.enum(['us', 'eu']).default('us'),
  webhookSecret: pathSecret,
  webhookSigningKey: z.string().min(1),
  on: z.record(stageName, z.object({ event: z.string().min(1) })).default({}),
});

export const rulesSchema = z.object({
  $schema: z.string().optional(),
  kommo: kommoRules.default({ stages: {}, fields: {} }),
  omnisend: omnisendRules.optional(),
  moosend: moosendRules.optional(),
  customerio: customerioRules.optional(),
  notes: z
    .object({
      afterPush: z.boolean().default(true),
      opened: z.boolean().default(false),
      clicked: z.boolean().default(true),
    })
    .default({ afterPush: true, opened: false, clicked: true }),
});

export type Rules = z.infer<typeof rulesSchema>;
