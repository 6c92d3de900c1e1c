import { z } from 'zod';

/**
 * Shapes of Moosend v3 answers (reference esps.md §B.1–B.3). Loose: Sitecore Send adds fields
 * (Tags, Preferences) that the blueprint does not list, and may add more.
 */

/** B.1: every answer; `Code` 0 is success, anything else is an error, even inside HTTP 200. */
export const envelopeSchema = z.looseObject({
  Code: z.number(),
  Error: z.string().nullish(),
  Context: z.unknown(),
});
export type MoosendEnvelope = z.infer<typeof envelopeSchema>;

/** B.3: values are strings, "numbers appear unquoted in some examples". */
const customFieldValue = z.looseObject({
  CustomFieldID: z.string().nullish(),
  Name: z.string(),
  Value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});

/** B.3: SubscribeType 1 Subscribed, 2 Unsubscribed, 3 Bounced, 4 Removed — per mailing list. */
export const SUBSCRIBE_TYPE = { subscribed: 1, unsubscribed: 2, bounced: 3, removed: 4 } as const;

export const subscriberSchema = z.looseObject({
  ID: z.string(),
  Name: z.string().nullish(),
  Email: z.string(),
  CreatedOn: z.string().nullish(),
  UpdatedOn: z.string().nullish(),
  UnsubscribedOn: z.string().nullish(),
  RemovedOn: z.string().nullish(),
  SubscribeType: z.number(),
  CustomFields: z.array(customFieldValue).nullish(),
  // B.4: documented as "object", seen as an array of strings; anything else reads as none.
  Tags: z.array(z.string()).nullish().catch(null),
  Preferences: z.array(z.string()).nullish().catch(null),
});
export type MoosendSubscriber = z.infer<typeof subscriberSchema>;

export const subscriberListSchema = z.array(subscriberSchema);

/** B.3: a page of a list's members by status. */
export const memberPageSchema = z.looseObject({
  Paging: z.looseObject({ TotalPageCount: z.number().nullish(), CurrentPage: z.number().nullish() }).nullish(),
  Subscribers: z.array(subscriberSchema),
});

/** B.2: a mailing list (details, or one of lists.json); only names, counts and field names are used. */
export const mailingListSchema = z.looseObject({
  ID: z.string(),
  Name: z.string().nullish(),
  /** Zero when asked WithStatistics=false. */
  ActiveMemberCount: z.number().nullish(),
  CustomFieldsDefinition: z.array(z.looseObject({ Name: z.string() })).nullish(),
});
export type MoosendMailingList = z.infer<typeof mailingListSchema>;

/** B.2: a page of lists.json or lists/{Page}/{PageSize}.json. */
export const mailingListPageSchema = z.looseObject({
  Paging: z.looseObject({ TotalPageCount: z.number().nullish(), TotalResults: z.number().nullish() }).nullish(),
  MailingLists: z.array(mailingListSchema),
});

/** B.2: the types customfields/create.json takes (CustomFieldType); the bridge writes only these three. */
export type MoosendFieldType = 'Text' | 'Number' | 'DateTime';

/**
 * B.1: `/Date(1465379934028)/` or `/Date(1461777152597+0100)/`. The number is already epoch ms
 * UTC; the offset only names the zone it was displayed in, so it is not added.
 */
export function parseDotNetDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text);
  return m?.[1] === undefined ? null : Number(m[1]);
}
