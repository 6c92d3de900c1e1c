import type { ContactPush, PushResult } from '../espAdapter.ts';
import { channelStates, type OmnisendContact } from './omnisendApiVersion.ts';
import { findByEmail, needsExplicitNewStatus, pushRequest, removeTags, tagsToRemove, upsertContact, type OmnisendContext } from './omnisendContacts.ts';
import { toChannelStatus } from './omnisendProfile.ts';

/**
 * One push (SPEC §4.1, the Omnisend trap of reference §A.2: per channel the newest status date
 * wins, so any status sent with today's date flips an earlier unsubscribe back).
 *
 * An existing contact never receives a channel status. Whether the contact exists decides the
 * request, and it is learned without a read whenever it can be:
 *
 * - New contacts default to `not_subscribed` (the usual rule): one upsert with no status at all.
 *   Omnisend answers 201 for a new contact, which it creates `nonSubscribed` (§A.3: "status is
 *   unknown"), and 200 for an existing one, whose statuses the request cannot touch. No read.
 * - New contacts get `subscribed` from a consent field: the status must travel with the
 *   creating request, so the contact is looked up first (GET ?email=). Found → the same
 *   status-free upsert. Not found → the upsert carries the statuses dated at the moment *before*
 *   the look-up: if someone else creates the contact in between (a signup form, an unsubscribe),
 *   their status is newer and wins over ours.
 */
export async function pushContact(ctx: OmnisendContext, push: ContactPush): Promise<PushResult> {
  let newContactAt: number | undefined;
  if (needsExplicitNewStatus(push)) {
    const lookedAt = ctx.now();
    const existing = await findByEmail(ctx, push.identity.email);
    if (!existing) newContactAt = lookedAt;
  }
  const { created, contact } = await upsertContact(ctx, pushRequest(push, newContactAt));
  // Nothing to take off a contact this push has just created.
  const removed = created ? [] : tagsToRemove(push);
  if (removed.length > 0) await removeTags(ctx, removed, [push.identity.email]);
  return { outcome: created ? 'created' : 'updated', summary: describePush(push, created, contact, removed) };
}

const WORDS = { subscribed: 'subscribed', not_subscribed: 'not subscribed', unsubscribed: 'unsubscribed', bounced: 'bounced', removed: 'removed' } as const;

export function statusWords(contact: OmnisendContact): string {
  const states = channelStates(contact);
  return (['email', 'sms'] as const)
    .flatMap((channel) => {
      const state = states[channel];
      const status = state ? toChannelStatus(state.status) : null;
      return status ? [`${channel} ${WORDS[status]}`] : [];
    })
    .join(', ');
}

export function describePush(push: ContactPush, created: boolean, contact: OmnisendContact | null, removed: readonly string[]): string {
  const who = push.identity.email;
  const head = created
    ? `added ${who} to Omnisend${contact ? ` (${statusWords(contact)})` : ''}`
    : `updated ${who} in Omnisend (subscription status left as it was${contact ? `: ${statusWords(contact)}` : ''})`;
  const parts = [head];
  if (push.addTags.length > 0) parts.push(`tags added: ${push.addTags.join(', ')}`);
  if (removed.length > 0) parts.push(`tags removed: ${removed.join(', ')}`);
  const fields = Object.entries(push.fields).filter(([, v]) => v !== null);
  if (fields.length > 0) parts.push(`properties: ${fields.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`);
  return parts.join('; ');
}
