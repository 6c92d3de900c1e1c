import type { EspStatusChange } from '../espAdapter.ts';
import { normaliseEmail } from '../../sync/identity.ts';
import { contactListSchema, omnisendPaths, updatedSinceQuery, type OmnisendContact } from './omnisendApiVersion.ts';
import { brandOnly, type OmnisendContext } from './omnisendContacts.ts';

/** Pages per poll: 250 contacts each; the rest waits for the next poll from the new watermark. */
const MAX_PAGES = 20;

/**
 * Omnisend has no unsubscribe webhook (reference/esps.md §A.8): the bridge asks for contacts
 * updated since the last poll and keeps those whose email status turned `unsubscribed` since then.
 * `updatedAt` has whole seconds and the filter is inclusive, so the watermark is the newest
 * `updatedAt` seen and a change found twice has the same sourceId (the job dedupes it).
 */
export async function omnisendStatusChangesSince(ctx: OmnisendContext, since: number): Promise<{ changes: EspStatusChange[]; watermark: number }> {
  const changes: EspStatusChange[] = [];
  let watermark = since;
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: { body: { contacts: OmnisendContact[]; paging?: { hasMore?: boolean | null; cursors?: { after?: string | null } | null } | null } } =
      await ctx.http.send(
        { method: 'GET', path: omnisendPaths.contacts, pacers: brandOnly(ctx), searchParams: updatedSinceQuery(since, after) },
        contactListSchema,
      );
    const { body } = answer;
    for (const contact of body.contacts) {
      const updatedAt = Date.parse(contact.updatedAt ?? '');
      if (Number.isFinite(updatedAt)) watermark = Math.max(watermark, updatedAt);
      const email = normaliseEmail(contact.email);
      const channel = contact.identifiers?.find((i) => i.type === 'email')?.channels?.email;
      const changedAt = Date.parse(channel?.statusChangedAt ?? '');
      if (email && channel?.status === 'unsubscribed' && Number.isFinite(changedAt) && changedAt >= since) {
        changes.push({ email, kind: 'unsubscribed', at: changedAt, sourceId: `omnisend:${contact.id}:email:${channel.statusChangedAt}` });
      }
    }
    after = body.paging?.hasMore ? (body.paging.cursors?.after ?? null) : null;
    if (!after) break;
  }
  return { changes, watermark };
}
