import type { ChannelStatus, EspProfile } from '../espAdapter.ts';
import type { MoosendListInfo } from './moosendListCatalog.ts';
import { statusOf, type MemberStatus } from './moosendMerge.ts';
import { parseDotNetDate, type MoosendSubscriber } from './moosendModels.ts';

export type Membership = { list: MoosendListInfo; subscriber: MoosendSubscriber };

/** Reference §B.3 SubscribeType → the panel's words (esps.md §D). */
const channelStatus: Record<MemberStatus, ChannelStatus> = {
  subscribed: 'subscribed',
  unsubscribed: 'unsubscribed',
  bounced: 'bounced',
  removed: 'removed',
};

/**
 * Which non-subscribed status speaks for the person when no list has them subscribed: an
 * unsubscribe is their own decision (the one the bridge must never override), a bounce is about
 * the address, a removal is someone's housekeeping in Moosend.
 */
const severity: Record<MemberStatus, number> = { subscribed: 0, removed: 1, bounced: 2, unsubscribed: 3 };

/** When the member entered their current status; Moosend has no date for a bounce, UpdatedOn stands in. */
function since(subscriber: MoosendSubscriber, status: MemberStatus): number | null {
  const updated = parseDotNetDate(subscriber.UpdatedOn);
  switch (status) {
    case 'subscribed':
      return parseDotNetDate(subscriber.CreatedOn);
    case 'unsubscribed':
      return parseDotNetDate(subscriber.UnsubscribedOn) ?? updated;
    case 'removed':
      return parseDotNetDate(subscriber.RemovedOn) ?? updated;
    case 'bounced':
      return updated;
  }
}

/**
 * The subscriber model is per list (B.2), so the profile folds the person's memberships of the
 * mapped lists: subscribed if any list has them subscribed, else the most severe status.
 */
export function profileFromMemberships(memberships: readonly Membership[]): EspProfile {
  const first = memberships[0];
  if (!first) return { found: false };

  const rows = memberships.map((m) => {
    const status = statusOf(m.subscriber.SubscribeType);
    return { ...m, status, since: since(m.subscriber, status) };
  });
  const overall = rows.some((r) => r.status === 'subscribed')
    ? 'subscribed'
    : rows.reduce((worst, r) => (severity[r.status] > severity[worst] ? r.status : worst), rows[0]?.status ?? 'removed');
  const dates = rows.filter((r) => r.status === overall).flatMap((r) => (r.since === null ? [] : [r.since]));
  // Subscribed since the first subscription; any other status since its latest occurrence.
  const overallSince = dates.length === 0 ? null : overall === 'subscribed' ? Math.min(...dates) : Math.max(...dates);

  const fields: Record<string, string> = {};
  const byUpdate = [...rows].sort((a, b) => (parseDotNetDate(a.subscriber.UpdatedOn) ?? 0) - (parseDotNetDate(b.subscriber.UpdatedOn) ?? 0));
  for (const r of byUpdate) {
    for (const f of r.subscriber.CustomFields ?? []) if (f.Value !== null && f.Value !== undefined) fields[f.Name] = String(f.Value);
  }

  return {
    found: true,
    espContactId: first.subscriber.ID,
    channels: { email: { status: channelStatus[overall], since: overallSince } },
    tags: [...new Set(rows.flatMap((r) => r.subscriber.Tags ?? []))],
    fields,
    lists: rows.map((r) => ({ id: r.list.id, name: r.list.name, status: channelStatus[r.status] })),
    // No per-person activity endpoint (B.7): the timeline is what the bridge received.
    activity: [],
    // The reference documents no web-app URL for a subscriber.
    deepLink: null,
  };
}
