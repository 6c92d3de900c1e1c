import type { ContactPush } from '../espAdapter.ts';
import {
  byEmailQuery,
  contactListSchema,
  contactRequest,
  contactSchema,
  EMAILS_PER_TAG_REQUEST,
  identifier,
  omnisendPaths,
  tagRequest,
  TAGS_PER_REQUEST,
  type ChannelWrite,
  type CustomPropertyValue,
  type OmnisendContact,
} from './omnisendApiVersion.ts';
import type { OmnisendHttp } from './omnisendHttp.ts';
import type { OmnisendPacers } from './omnisendLimits.ts';

/** What every Omnisend operation needs: the door, the brand's pacers, the clock. */
export type OmnisendContext = { http: OmnisendHttp; pacers: OmnisendPacers; now: () => number };

/** Plain requests count against the brand limit only; tag requests against both (§A.7). */
export const brandOnly = (ctx: OmnisendContext) => [ctx.pacers.brand];
export const tagsAndBrand = (ctx: OmnisendContext) => [ctx.pacers.tags, ctx.pacers.brand];

/** GET /api/contacts?email= — the address exactly as given: Omnisend compares it case-sensitively. */
export async function findByEmail(ctx: OmnisendContext, email: string): Promise<OmnisendContact | null> {
  const { body } = await ctx.http.send({ method: 'GET', path: omnisendPaths.contacts, pacers: brandOnly(ctx), searchParams: byEmailQuery(email) }, contactListSchema);
  // The filter is exact already; the check keeps a looser server from handing us someone else.
  return body.contacts.find((c) => c.email === email) ?? null;
}

/** POST /api/contacts (§A.2: 201 created, 200 updated). */
export async function upsertContact(ctx: OmnisendContext, request: Record<string, unknown>): Promise<{ created: boolean; contact: OmnisendContact }> {
  const { status, body } = await ctx.http.send({ method: 'POST', path: omnisendPaths.contacts, pacers: brandOnly(ctx), json: request }, contactSchema);
  return { created: status === 201, contact: body };
}

/** DELETE /api/contacts/tags, split to the per-request caps. Asynchronous on Omnisend's side (202). */
export async function removeTags(ctx: OmnisendContext, tags: readonly string[], emails: readonly string[]): Promise<void> {
  for (let t = 0; t < tags.length; t += TAGS_PER_REQUEST) {
    for (let e = 0; e < emails.length; e += EMAILS_PER_TAG_REQUEST) {
      const json = tagRequest(tags.slice(t, t + TAGS_PER_REQUEST), emails.slice(e, e + EMAILS_PER_TAG_REQUEST));
      await ctx.http.send({ method: 'DELETE', path: omnisendPaths.contactTags, pacers: tagsAndBrand(ctx), json });
    }
  }
}

/** Tags to take off: a tag the same push adds stays (upsert tags merge, the removal would race it). */
export const tagsToRemove = (push: ContactPush) => push.removeTags.filter((tag) => !push.addTags.includes(tag));

/**
 * Whether a brand-new contact must get a status other than Omnisend's own default. A new
 * identifier written without a status is `nonSubscribed` ("status is unknown", §A.3), which is
 * exactly `not_subscribed`; only consent (`subscribed`) has to be written explicitly.
 */
export const needsExplicitNewStatus = (push: ContactPush) => Object.values(push.newContactStatus).includes('subscribed');

const omnisendStatus = (status: 'subscribed' | 'not_subscribed') => (status === 'subscribed' ? 'subscribed' : 'nonSubscribed');

/**
 * The ContactRequest for a push. `newContactAt` given = the contact is known to be new: each
 * channel gets its newContactStatus dated then. Without it no channel status is sent at all —
 * the only safe write for an existing contact, where any status with a current date would
 * replace an earlier unsubscribe (§A.2 status-date ordering, SPEC §4.1).
 */
export function pushRequest(push: ContactPush, newContactAt?: number): Record<string, unknown> {
  const { email, phone } = push.identity;
  const status = (channel: 'email' | 'sms'): ChannelWrite | undefined =>
    newContactAt === undefined ? undefined : { status: omnisendStatus(push.newContactStatus[channel] ?? 'not_subscribed'), at: newContactAt };
  const identifiers = [identifier('email', email, status('email'))];
  // The phone goes only with SMS consent information (SPEC §4.1: SMS status only with SMS consent):
  // a new phone identifier gets an SMS status, if only Omnisend's default one.
  if (phone && push.newContactStatus.sms) identifiers.push(identifier('phone', phone, status('sms')));
  const customProperties: Record<string, CustomPropertyValue> = {};
  // A null cannot be written as a custom property (§A.2 value types); the stored value stays.
  for (const [name, value] of Object.entries(push.fields)) if (value !== null) customProperties[name] = value;
  return contactRequest({
    identifiers,
    firstName: push.firstName ?? undefined,
    lastName: push.lastName ?? undefined,
    tags: push.addTags,
    customProperties,
  });
}
