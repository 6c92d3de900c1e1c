import type { Channel, ChannelStatus, EspProfile } from '../espAdapter.ts';
import { channelStates, type OmnisendContact } from './omnisendApiVersion.ts';

/**
 * Omnisend's words in the panel's words (reference esps.md §A.3, SPEC §3.1). The 2026 enum has
 * no bounced status; `bounced` is kept in case a later version adds it.
 */
const STATUS_WORDS: Readonly<Record<string, ChannelStatus>> = {
  subscribed: 'subscribed',
  unsubscribed: 'unsubscribed',
  nonSubscribed: 'not_subscribed',
  bounced: 'bounced',
};

export const toChannelStatus = (status: string): ChannelStatus | null => STATUS_WORDS[status] ?? null;

function toMs(date: string | null): number | null {
  if (!date) return null;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? null : ms;
}

/** Custom property values the panel can show: arrays of strings joined, anything else as JSON. */
function fieldValue(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value) ?? null;
}

export type ProfileLinks = {
  /**
   * The contact's page in Omnisend's web app. The reference gives no URL pattern for it, so the
   * default is none; a caller that knows the pattern passes it.
   */
  contactUrl?: ((contactId: string) => string) | undefined;
};

export function toEspProfile(contact: OmnisendContact, { contactUrl }: ProfileLinks = {}): EspProfile {
  const channels: Partial<Record<Channel, { status: ChannelStatus; since: number | null }>> = {};
  for (const [channel, state] of Object.entries(channelStates(contact)) as [Channel, { status: string; changedAt: string | null }][]) {
    // An unknown status word is left out rather than shown as something it may not mean.
    const status = toChannelStatus(state.status);
    if (status) channels[channel] = { status, since: toMs(state.changedAt) };
  }
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(contact.customProperties ?? {})) fields[name] = fieldValue(value);
  return {
    found: true,
    espContactId: contact.id,
    channels,
    tags: [...(contact.tags ?? [])],
    fields,
    lists: [],
    // §A.9: Omnisend has no per-contact activity endpoint, only per-campaign reports.
    activity: [],
    deepLink: contactUrl ? contactUrl(contact.id) : null,
  };
}
