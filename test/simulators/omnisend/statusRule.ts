import type { ChannelState, StatusChange } from './model.ts';

/**
 * THE TRAP (reference §A.2 "Status-date ordering", §D): a channel keeps the status with the latest
 * status date. "If you'll post status date earlier than in system, status and statusDate won't be
 * changed"; a date that is the same or later wins, whatever the status — so an upsert that sends
 * `subscribed` dated now flips an earlier unsubscribe back. A date left out means "now".
 * A write that carries no status for a channel never reaches this function: the channel is unchanged.
 */
export function decideChannelWrite(
  current: ChannelState | undefined,
  requested: ChannelState,
): { next: ChannelState; outcome: StatusChange['outcome'] } {
  if (!current) return { next: { ...requested }, outcome: 'created' };
  if (requested.changedAt < current.changedAt) return { next: current, outcome: 'ignored-older' };
  // Same status with a newer date: the stored date moves on (the system returns "status with latest status update date").
  return { next: { ...requested }, outcome: requested.status === current.status ? 'unchanged' : 'changed' };
}
