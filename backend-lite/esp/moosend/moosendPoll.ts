import { normaliseEmail } from '../../sync/identity.ts';
import type { EspStatusChange } from '../espAdapter.ts';
import type { MoosendClient } from './moosendClient.ts';
import { parseDotNetDate, type MoosendSubscriber } from './moosendModels.ts';

const PAGE_SIZE = 1000;
/** Pages per list and status per poll; a list larger than this is read in part and said so. */
const MAX_PAGES = 20;

/**
 * Moosend has no unsubscribe or bounce webhook (reference/esps.md §B.9): the bridge reads the
 * mapped lists' Unsubscribed and Bounced members. They come sorted by CreatedOn, not by when their
 * status changed, so every page is read and filtered by date. A bounce has no date of its own:
 * UpdatedOn stands in. The sourceId has no list in it, so an account-wide unsubscribe seen in
 * three lists is one event.
 */
export async function moosendStatusChangesSince(
  client: MoosendClient,
  lists: readonly string[],
  since: number,
): Promise<{ changes: EspStatusChange[]; watermark: number }> {
  const changes = new Map<string, EspStatusChange>();
  let watermark = since;
  const kinds = [
    { status: 'Unsubscribed', kind: 'unsubscribed', dateOf: (m: MoosendSubscriber) => m.UnsubscribedOn ?? m.UpdatedOn },
    { status: 'Bounced', kind: 'bounced', dateOf: (m: MoosendSubscriber) => m.UpdatedOn },
  ] as const;
  for (const list of lists) {
    for (const { status, kind, dateOf } of kinds) {
      for (let page = 1, pages = 1; page <= Math.min(pages, MAX_PAGES); page++) {
        const answer = await client.membersByStatus(list, status, page, PAGE_SIZE);
        pages = answer.pages;
        for (const member of answer.members) {
          const at = parseDotNetDate(dateOf(member));
          const email = normaliseEmail(member.Email);
          if (at === null || !email || at < since) continue;
          watermark = Math.max(watermark, at);
          const sourceId = `moosend:${email}:${kind}:${at}`;
          changes.set(sourceId, { email, kind, at, sourceId });
        }
      }
    }
  }
  return { changes: [...changes.values()], watermark };
}
