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
  /**
   * view.json reads in flight at once, across every push and batch of this pusher; the read pacer
   * still sets the rate. Bounded so that reads queue here, not in the pacer: a pacer wait beyond
   * its maxWaitMs (2 s for reads) would throw TargetPaused and send the whole batch back to be read
   * again.
   */
  readConcurrency?: number;
  /** People per subscribe_many.json request; at most SUBSCRIBE_MANY_MAX. */
  batchSize?: number;
};

/** One change's decision for one list; a batch may turn a write into a skip afterwards. */
type ListStep = { list: MoosendListInfo; decision: ListDecision };
type Write = { listId: string; body: SubscribeBody; steps: ListStep[] };
/** One batch's writes to one list, waiting for that list's next subscribe_many.json request. */
type Outgoing = { writes: Write[]; resolve: (ignoredNote: string | null) => void; reject: (error: unknown) => void };

/**
 * Push logic shared by push (subscribe.json) and pushMany (subscribe_many.json): read every
 * membership first, decide per list (moosendMerge.ts), then write. Nothing is written before all
 * reads succeeded, so a failed read leaves Moosend untouched and the retry starts clean.
 */
export function createMoosendPusher({ client, catalog, mappedLists, readConcurrency = 8, batchSize = SUBSCRIBE_MANY_MAX }: MoosendPushDeps) {
  const mapped = [...new Set(mappedLists)];
  const chunkSize = Math.max(1, Math.min(batchSize, SUBSCRIBE_MANY_MAX));
  const readGate = createGate(readConcurrency);

  /**
   * subscribe_many.json is paced at one request per 10 s (2 per 10 s documented, B.6), so batches
   * that finish their reads while a request waits for its slot ride along in it instead of each
   * paying a slot of its own: per list, one request at a time takes every waiting batch (whole
   * batches, up to `chunkSize` people, never the same address twice). Safe to merge: each batch
   * has already read and decided, and the queue never runs two jobs of one contact at once.
   */
  const outbox = new Map<string, Outgoing[]>();
  const draining = new Set<string>();

  function sendToList(listId: string, writes: Write[]): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const waiting = outbox.get(listId) ?? [];
      waiting.push({ writes, resolve, reject });
      outbox.set(listId, waiting);
      if (!draining.has(listId)) {
        draining.add(listId);
        void drain(listId);
      }
    });
  }

  async function drain(listId: string): Promise<void> {
    for (;;) {
      // Until the slot is free, later batches can still join (a 429 pause is not waited out here).
      await client.waitForSlot('subscribe_many').catch(() => {});
      const waiting = outbox.get(listId) ?? [];
      if (waiting.length === 0) {
        outbox.delete(listId);
        draining.delete(listId);
        return;
      }
      const taken: Outgoing[] = [];
      const emails = new Set<string>();
      let people = 0;
      for (let next = waiting[0]; next; next = waiting[0]) {
        const addresses = next.writes.map((w) => w.body.Email.toLowerCase());
        if (taken.length > 0 && (people + addresses.length > chunkSize || addresses.some((e) => emails.has(e)))) break;
        waiting.shift();
        taken.push(next);
        people += addresses.length;
        for (const e of addresses) emails.add(e);
      }
      try {
        const { ignoredNote } = await client.subscribeMany(listId, taken.flatMap((t) => t.writes.map((w) => w.body)));
        for (const t of taken) t.resolve(ignoredNote);
      } catch (error) {
        for (const t of taken) t.reject(error);
      }
    }
  }

  /**
   * Reads each (list, email) once, a few at a time, then decides every change in order. `known`
   * then carries the write an earlier change in the same batch plans, so two changes to one
   * person in one batch merge like two pushes in a row and end in one write.
   */
  async function plan(changes: readonly ContactPush[]) {
    const listsOf = (change: ContactPush) => (change.list !== null ? [change.list] : mapped);
    const keyOf = (listId: string, email: string) => `${listId}\n${email.toLowerCase()}`;
    const lists = new Map<string, MoosendListInfo>();
    for (const listId of new Set(changes.flatMap(listsOf))) {
      const wanted = changes.filter((change) => listsOf(change).includes(listId)).flatMap((change) => Object.keys(change.fields));
      lists.set(listId, await catalog.get(listId, wanted));
    }

    const reads = new Map<string, { listId: string; email: string }>();
    for (const change of changes) for (const listId of listsOf(change)) reads.set(keyOf(listId, change.identity.email), { listId, email: change.identity.email });
    const known = new Map<string, MemberSnapshot | null>();
    await eachWithLimit([...reads], readConcurrency, async ([key, { listId, email }]) => {
      const subscriber = await readGate(() => client.view(listId, email));
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
      const sends: Promise<void>[] = [];
      for (const [listId, listWrites] of byList) {
        for (let start = 0; start < listWrites.length; start += chunkSize) {
          const chunk = listWrites.slice(start, start + chunkSize);
          sends.push(
            sendToList(listId, chunk).then((ignoredNote) => {
              if (ignoredNote) markIgnored(chunk, ignoredNote);
            }),
          );
        }
      }
      const settled = await Promise.allSettled(sends);
      const rejected = settled.find((s) => s.status === 'rejected');
      if (rejected) throw rejected.reason;
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

/** At most `limit` calls of `work` in flight at once; the rest wait in arrival order. */
function createGate(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function gate<T>(work: () => Promise<T>): Promise<T> {
    if (active < Math.max(1, limit)) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
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
