import type { ContactPush, PushResult } from '../espAdapter.ts';
import {
  BATCH_DONE,
  BATCH_MAX_ITEMS,
  batchCreatedSchema,
  batchItemsSchema,
  batchSchema,
  contactSchema,
  contactsBatchRequest,
  emailOfRequest,
  omnisendPaths,
  problemSchema,
  type OmnisendBatchItem,
} from './omnisendApiVersion.ts';
import { brandOnly, findByEmail, needsExplicitNewStatus, pushRequest, removeTags, tagsToRemove, type OmnisendContext } from './omnisendContacts.ts';
import { describeProblem } from './omnisendHttp.ts';
import { describePush } from './omnisendPush.ts';

export type BatchWait = {
  /** How long pushMany waits for Omnisend to process a batch before answering without item results. */
  waitMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
};

/**
 * Many pushes through POST /api/batches (reference §A.6: 1–100 contacts items, processed
 * asynchronously, each item exactly a POST /api/contacts upsert). The status rule is the one of
 * pushContact: no item for an existing contact carries a status, and only consent pushes are
 * looked up first (one GET each) so a new contact's `subscribed` can travel with its creation.
 */
export async function pushContactsInBatches(ctx: OmnisendContext, changes: readonly ContactPush[], wait: BatchWait): Promise<PushResult[]> {
  if (changes.length === 0) return [];
  const requests: Record<string, unknown>[] = [];
  for (const push of changes) {
    let newContactAt: number | undefined;
    if (needsExplicitNewStatus(push)) {
      const lookedAt = ctx.now();
      if (!(await findByEmail(ctx, push.identity.email))) newContactAt = lookedAt;
    }
    requests.push(pushRequest(push, newContactAt));
  }

  const batches: { id: string; from: number; to: number }[] = [];
  for (let from = 0; from < requests.length; from += BATCH_MAX_ITEMS) {
    const items = requests.slice(from, from + BATCH_MAX_ITEMS);
    const { body } = await ctx.http.send(
      { method: 'POST', path: omnisendPaths.batches, pacers: brandOnly(ctx), json: contactsBatchRequest(items) },
      batchCreatedSchema,
    );
    batches.push({ id: body.batchID, from, to: from + items.length });
  }

  // Tag removal matches by email and skips unknown ones (§A.2), so it need not wait for the batch:
  // a contact the batch creates has only the tags it brings, never one being removed.
  const removals = new Map<string, { tags: string[]; emails: string[] }>();
  for (const push of changes) {
    const tags = tagsToRemove(push);
    if (tags.length === 0) continue;
    const key = JSON.stringify([...tags].sort());
    const group = removals.get(key) ?? { tags, emails: [] };
    if (!group.emails.includes(push.identity.email)) group.emails.push(push.identity.email);
    removals.set(key, group);
  }
  for (const { tags, emails } of removals.values()) await removeTags(ctx, tags, emails);

  const results: PushResult[] = [];
  for (const batch of batches) {
    const slice = changes.slice(batch.from, batch.to);
    const items = await finishedItems(ctx, batch.id, wait);
    results.push(...(items ? matchItems(slice, items, batch.id) : slice.map((push) => pending(push, batch.id, wait.waitMs))));
  }
  return results;
}

/** The batch's item results once it is done, or null when it is still running at the deadline. */
async function finishedItems(ctx: OmnisendContext, id: string, { waitMs, pollMs, sleep }: BatchWait): Promise<OmnisendBatchItem[] | null> {
  const deadline = ctx.now() + waitMs;
  for (;;) {
    const { body } = await ctx.http.send({ method: 'GET', path: omnisendPaths.batch(id), pacers: brandOnly(ctx), what: `batch ${id}` }, batchSchema);
    if (BATCH_DONE.includes(body.status)) break;
    if (ctx.now() + pollMs > deadline) return null;
    await sleep(pollMs);
  }
  const { body } = await ctx.http.send({ method: 'GET', path: omnisendPaths.batchItems(id), pacers: brandOnly(ctx), what: `batch ${id}` }, batchItemsSchema);
  return [...(body.responses ?? []), ...(body.errors ?? [])];
}

/** Items carry no position, only the request they answer: match them by email, in order. */
function matchItems(pushes: readonly ContactPush[], items: readonly OmnisendBatchItem[], batchId: string): PushResult[] {
  const byEmail = new Map<string, OmnisendBatchItem[]>();
  for (const item of items) {
    const email = emailOfRequest(item.request);
    if (email !== null) byEmail.set(email, [...(byEmail.get(email) ?? []), item]);
  }
  return pushes.map((push) => {
    const item = byEmail.get(push.identity.email)?.shift();
    if (!item) return { outcome: 'updated', summary: `sent ${push.identity.email} to Omnisend in batch ${batchId}; the batch reported no result for it` };
    if (item.responseCode >= 300) {
      const problem = problemSchema.safeParse(item.response);
      const reason = describeProblem(problem.success ? problem.data : {}, { status: item.responseCode, statusText: '' });
      // PushResult has no failure outcome: the item is reported as left alone, with Omnisend's reason.
      return { outcome: 'skipped', summary: `Omnisend rejected ${push.identity.email} in batch ${batchId} (HTTP ${item.responseCode}): ${reason}` };
    }
    const created = item.responseCode === 201;
    const contact = contactSchema.safeParse(item.response);
    return { outcome: created ? 'created' : 'updated', summary: describePush(push, created, contact.success ? contact.data : null, created ? [] : tagsToRemove(push)) };
  });
}

const pending = (push: ContactPush, batchId: string, waitMs: number): PushResult => ({
  outcome: 'updated',
  summary: `sent ${push.identity.email} to Omnisend in batch ${batchId}, still processing after ${Math.round(waitMs / 1000)} s`,
});
