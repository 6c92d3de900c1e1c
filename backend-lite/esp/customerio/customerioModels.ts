import { z } from 'zod';

/**
 * Shapes of Customer.io answers (reference esps.md §C.3–C.7, C.10). Loose objects: Customer.io
 * adds fields, and the App API's current spec is larger than the schema the reference read.
 */

/** Track v1 400 `{"meta":{"errors":["…"]}}`; 401/404/429 and the App API `{"meta":{"error":"…"}}`. */
export const metaEnvelopeSchema = z.looseObject({
  meta: z.looseObject({
    error: z.string().nullish(),
    errors: z.array(z.string()).nullish(),
  }),
});

/** Track v2 400, and 207 with `batch_index` on each error (C.5). */
export const v2ErrorSchema = z.looseObject({
  batch_index: z.number().int().nullish(),
  reason: z.string().nullish(),
  field: z.string().nullish(),
  message: z.string().nullish(),
});
export const v2ErrorsSchema = z.looseObject({ errors: z.array(v2ErrorSchema) });
export type V2Error = z.infer<typeof v2ErrorSchema>;

/** C.1: `GET /api/v1/accounts/region`. */
export const regionSchema = z.looseObject({
  region: z.string().nullish(),
  url: z.string().nullish(),
  environment_id: z.number().nullish(),
});

const idText = z.union([z.string(), z.number()]).transform(String);

/** C.7: `GET /v1/customers?email=` — may list several people. */
export const byEmailSchema = z.looseObject({
  results: z.array(z.looseObject({ email: z.string().nullish(), id: idText.nullish(), cio_id: idText })),
});

/** C.7: every attribute arrives as a string; tolerate typed values too. */
export const customerSchema = z.looseObject({
  id: idText.nullish(),
  identifiers: z.looseObject({ email: z.string().nullish(), id: idText.nullish(), cio_id: idText }),
  attributes: z.record(z.string(), z.unknown()).default({}),
  timestamps: z.record(z.string(), z.number()).default({}),
  unsubscribed: z.boolean().nullish(),
});
export type CustomerioCustomer = z.infer<typeof customerSchema>;

export const attributesSchema = z.looseObject({ customer: customerSchema });
export const attributesBulkSchema = z.looseObject({ customers: z.array(z.looseObject({ customer: customerSchema })) });

const idOrNull = z.union([z.string(), z.number()]).nullish();

/** C.7: a delivery with its metric times (unix seconds). */
export const messageSchema = z.looseObject({
  id: z.string(),
  subject: z.string().nullish(),
  recipient: z.string().nullish(),
  type: z.string().nullish(),
  created: z.number().nullish(),
  failure_message: z.string().nullish(),
  campaign_id: idOrNull,
  broadcast_id: idOrNull,
  newsletter_id: idOrNull,
  metrics: z.record(z.string(), z.number()).default({}),
});
export type CustomerioMessage = z.infer<typeof messageSchema>;
export const messagesSchema = z.looseObject({ messages: z.array(messageSchema), next: z.string().nullish() });

/** C.7: activities; `clicked_email` carries the link in `data.href` (the messages list does not). */
export const activitySchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  timestamp: z.number(),
  delivery_id: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});
export type CustomerioActivity = z.infer<typeof activitySchema>;
export const activitiesSchema = z.looseObject({ activities: z.array(activitySchema), next: z.string().nullish() });
