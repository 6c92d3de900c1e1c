import type { Channel, ContactIdentity, PushResult } from '../espAdapter.ts';
import { EspError } from '../espErrors.ts';
import { channelStates, contactRequest, hasPhone, identifier, identifierStatus, type ChannelWrite, type OmnisendContact } from './omnisendApiVersion.ts';
import { upsertContact, type OmnisendContext } from './omnisendContacts.ts';

/**
 * Omnisend kept another status after our opt-out: its stored date was newer than ours (a clock
 * ahead of ours, or a change in the same instant). Retrying sends a later date, which wins.
 */
export class OmnisendOptOutNotApplied extends EspError {
  override name = 'OmnisendOptOutNotApplied';
  constructor(request: string, channel: Channel, kept: string) {
    super('omnisend', request, `Omnisend kept ${channel} status "${kept}" after an opt-out on ${request}; will retry with a later date`);
  }
}

/**
 * Opt-out = the channel's status `unsubscribed` dated now (reference §A.4; §A.2: the newest date
 * wins, so "now" beats every earlier status). It goes through the upsert: a person Omnisend does
 * not know yet is added as unsubscribed, which keeps a later push or import from treating them
 * as new. The email identifier is always sent, status-free when only SMS is chosen, so the write
 * lands on that person's contact.
 */
export async function optOutContact(ctx: OmnisendContext, identity: ContactIdentity, channels: readonly Channel[]): Promise<PushResult> {
  const at = ctx.now();
  const unsubscribed: ChannelWrite = { status: 'unsubscribed', at };
  const email = channels.includes('email');
  const sms = channels.includes('sms') && identity.phone !== null;
  if (!email && !sms) {
    return { outcome: 'skipped', summary: `no opt-out sent for ${identity.email}: ${channels.includes('sms') ? 'SMS was chosen but the contact has no phone' : 'no channel chosen'}` };
  }
  const identifiers = [identifier('email', identity.email, email ? unsubscribed : undefined)];
  if (sms && identity.phone) identifiers.push(identifier('phone', identity.phone, unsubscribed));
  const { created, contact } = await upsertContact(ctx, contactRequest({ identifiers }));

  const notes: string[] = [];
  const applied: string[] = [];
  if (email) {
    check(contact, 'email', identity.email);
    applied.push('email');
  }
  if (sms && identity.phone) {
    // §A.2: a phone that belongs to another contact is ignored, not moved; say so instead of failing.
    if (!hasPhone(contact, identity.phone)) notes.push(`SMS not opted out: ${identity.phone} belongs to another Omnisend contact`);
    else {
      check(contact, 'sms', identity.phone);
      applied.push('SMS');
    }
  }
  if (channels.includes('sms') && !identity.phone) notes.push('SMS not opted out: the contact has no phone');

  const head =
    applied.length > 0
      ? `${identity.email} ${created ? 'added to Omnisend as' : 'set to'} unsubscribed (${applied.join(', ')})`
      : `no opt-out applied for ${identity.email}`;
  return { outcome: created ? 'created' : applied.length > 0 ? 'updated' : 'skipped', summary: [head, ...notes].join('; ') };
}

function check(contact: OmnisendContact, channel: Channel, id: string): void {
  const kept = identifierStatus(contact, channel === 'email' ? 'email' : 'phone', id) ?? channelStates(contact)[channel]?.status;
  if (kept !== undefined && kept !== 'unsubscribed') throw new OmnisendOptOutNotApplied('POST /api/contacts', channel, kept);
}
