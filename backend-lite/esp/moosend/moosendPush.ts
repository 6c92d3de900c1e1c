import type { ContactPush, PushResult } from '../espAdapter.ts';
import type { MoosendClient, SubscribeBody } from './moosendClient.ts';
import { SUBSCRIBE_MANY_MAX } from './moosendLimits.ts';
import { listLabel, type ListCatalog, type MoosendListInfo } from './moosendListCatalog.ts';
import { decideForList, snapshotOf, type ListDecision, type MemberSnapshot } from './moosendMerge.ts';

export type MoosendPushDeps = {
  client: MoosendClient;
  catalog: ListCatalog;
  /** The lists the rules map stages to: where a push without a list (plan change, resync) looks. */
  mappedLists: readonly string[];
  /** Reads in flight at once for a batch; the read pacer still sets the rate. */
  readConcurrency?: number;
  /** People per subscribe_many.json request; at most SUBSCRIBE_MANY_MAX. */
  batchSize?: number;
};

/** One change's decision for one list; a batch may turn a write into a skip afterwards. */
type ListStep = { list: MoosendListInfo; decision: ListDecision };
type Write = { listId: string; body: SubscribeBody; steps: ListStep[] };

/**
 * Push logic shared by push (subscribe.json) and pushMany (subscribe_many.json): read every
 * membership first, decide per list (moosendMerge.ts), then write. Nothing is written before all
 * reads succeeded, so a failed read leaves Moosend untouched and the retry starts clean.
 */
export function createMoosendPusher({ client, catalog, mappedLists, readConcurrency = 4, batchSize = SUBSCRIBE_MANY_MAX }: MoosendPushDeps) {
  const mapped = [...new Set(mappedLists)];
  const chunkSize = Math.max(1, Math.min(batchSize, SUBSCRIBE_MANY_MAX));

  /**
   * Reads each (list, email) once, a few at a time, then decides every change in order. `known`
   * then carries the write an earlier change in the same batch plans, so two changes to one
   * person in one batch merge like two pushes in a row and end in one write.
   */
  async function plan(changes: readonly ContactPush[]) {
    const listsOf = (change: ContactPush) => (change.list !== null ? [change.list] : mapped);
    const keyOf = (listId: string, email: string) => `${listId}\n${email.toLowerCase()}`;
    const lists = new Map<string, MoosendListInfo>();
    for (const listId of new Set(changes.flatMap(listsOf))) lists.set(listId, await catalog.get(listId));

    const reads = new Map<string, { listId: string; email: string }>();
    for (const change of changes) for (const listId of listsOf(change)) reads.set(keyOf(listId, change.identity.email), { listId, email: change.identity.email });
    const known = new Map<string, MemberSnapshot | null>();
    await eachWithLimit([...reads], readConcurrency, async ([key, { listId, email }]) => {
      const subscriber = await client.view(listId, email);
      known.set(key, subscriber ? snapshotOf(subscriber) : null);
    });

    const writes = new Map<string, Write>();
    const stepsPerChange: ListStep[][] = [];
    for (const change of changes) {
      const targeted = change.list !== null;
      const steps: ListStep[] = [];
      for (const listId of listsOf(change)) {
        const list = lists.get(listId) ?? { id: listId, name: null, fieldNames: null };
        const key = keyOf(listId, change.identity.email);
        const decision = decideForList(known.get(key) ?? null, change, list, { targeted });
        const step = { list, decision };
        steps.push(step);
        if (decision.kind !== 'write') continue;
        known.set(key, decision.next);
        const pending = writes.get(key);
        if (pending) {
          pending.body = decision.body;
          pending.steps.push(step);
        } else {
          writes.set(key, { listId, body: decision.body, steps: [step] });
        }
      }
      stepsPerChange.push(steps);
    }
    return { writes: [...writes.values()], results: () => stepsPerChange.map((steps) => resultOf(steps, mapped)) };
  }

  return {
    async push(change: ContactPush): Promise<PushResult> {
      const { writes, results } = await plan([change]);
      for (const write of writes) await client.subscribe(write.listId, write.body);
      const [result] = results();
      return result ?? { outcome: 'skipped', summary: 'nothing to push' };
    },

    async pushMany(changes: readonly ContactPush[]): Promise<PushResult[]> {
      if (changes.length === 0) return [];
      const { writes, results } = await plan(changes);
      const byList = new Map<string, Write[]>();
      for (const write of writes) {
        const group = byList.get(write.listId);
        if (group) group.push(write);
        else byList.set(write.listId, [write]);
      }
      for (const [listId, listWrites] of byList) {
        for (let start = 0; start < listWrites.length; start += chunkSize) {
          const chunk = listWrites.slice(start, start + chunkSize);
          const { ignoredNote } = await client.subscribeMany(listId, chunk.map((w) => w.body));
          if (ignoredNote) markIgnored(chunk, ignoredNote);
        }
      }
      return results();
    },
  };
}

/**
 * B.1 "partial success": `Code` 0 with `Error: "2 items with invalid email address were ignored:
 * a@x, b@y"`. The addresses named there were not written.
 */
function markIgnored(chunk: readonly Write[], note: string): void {
  const named = new Set(
    (note.split(':').slice(1).join(':') || note)
      .split(/[,;\s]+/)
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const write of chunk) {
    if (!named.has(write.body.Email.toLowerCase())) continue;
    for (const step of write.steps) {
      step.decision = { kind: 'skip', summary: `not written to list ${listLabel(step.list)}: Moosend ignored the address as invalid` };
    }
  }
}

function resultOf(steps: readonly ListStep[], mapped: readonly string[]): PushResult {
  const said = steps.flatMap((s) => (s.decision.kind === 'absent' ? [] : [s.decision]));
  if (said.length === 0) {
    const summary =
      mapped.length === 0
        ? 'no Moosend list is mapped in the rules, so there is nowhere to update the person'
        : `not a member of any mapped Moosend list (${steps.map((s) => listLabel(s.list)).join(', ')}); a change without a list only updates existing members`;
    return { outcome: 'skipped', summary };
  }
  const writes = said.filter((d) => d.kind === 'write');
  const outcome = writes.some((d) => d.created) ? 'created' : writes.length > 0 ? 'updated' : 'skipped';
  return { outcome, summary: said.map((d) => d.summary).join('; ') };
}

/** Runs `work` over `items` with at most `limit` in flight; the first failure stops new starts and is rethrown. */
async function eachWithLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const runner = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, runner));
  const rejected = settled.find((s) => s.status === 'rejected');
  if (rejected) throw rejected.reason;
}
