import { describe, expect, it } from 'vitest';
import type { ContactPush, EspAdapter, PushResult } from './espAdapter.ts';
import { EspUnavailable } from './espErrors.ts';
import { createPushBatcher } from './pushBatcher.ts';

const change = (email: string): ContactPush => ({
  identity: { email, phone: null, kommoContactId: 1, kommoDealId: 1 },
  firstName: null,
  lastName: null,
  fields: {},
  addTags: [],
  removeTags: [],
  list: null,
  event: null,
  newContactStatus: {},
});

function recordingAdapter(fail = false, latencyMs = 0) {
  const calls: string[][] = [];
  const wait = () => new Promise((resolve) => setTimeout(resolve, latencyMs));
  const adapter = {
    name: 'omnisend',
    push: async (c: ContactPush): Promise<PushResult> => {
      calls.push([c.identity.email]);
      await wait();
      return { outcome: 'updated', summary: `one ${c.identity.email}` };
    },
    pushMany: async (cs: readonly ContactPush[]): Promise<PushResult[]> => {
      calls.push(cs.map((c) => c.identity.email));
      await wait();
      if (fail) throw new EspUnavailable('omnisend', 'POST /api/batches', 'HTTP 503');
      return cs.map((c) => ({ outcome: 'created', summary: `batch ${c.identity.email}` }));
    },
  } as unknown as EspAdapter;
  return { calls, adapters: { connected: () => ['omnisend' as const], adapter: () => adapter } };
}

describe('pushBatcher', () => {
  it('sends pushes of one turn as batches of at most maxBatch, each caller getting its own result', async () => {
    const { calls, adapters } = recordingAdapter();
    const batcher = createPushBatcher({ adapters, maxBatch: 2 });
    const results = await Promise.all(['a', 'b', 'c'].map((e) => batcher.push(1, 'omnisend', change(e))));
    expect(calls).toEqual([['a', 'b'], ['c']]);
    expect(results.map((r) => r.summary)).toEqual(['batch a', 'batch b', 'one c']);
  });

  it('fails every push of a failed batch, so the queue retries each', async () => {
    const { adapters } = recordingAdapter(true);
    const batcher = createPushBatcher({ adapters });
    const settled = await Promise.allSettled(['a', 'b'].map((e) => batcher.push(1, 'omnisend', change(e))));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('an idle ESP account gets a lone push on the next turn, without waiting for company', async () => {
    const { calls, adapters } = recordingAdapter();
    const batcher = createPushBatcher({ adapters, coalesceMs: 10_000 });
    const started = Date.now();
    await batcher.push(1, 'omnisend', change('a'));
    expect(calls).toEqual([['a']]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('while earlier pushes are in flight, pushes of later turns wait coalesceMs and go out as one batch', async () => {
    const { calls, adapters } = recordingAdapter(false, 200);
    const batcher = createPushBatcher({ adapters, coalesceMs: 50 });
    const first = batcher.push(1, 'omnisend', change('a'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a']]);
    const later: Promise<PushResult>[] = [];
    for (const email of ['b', 'c', 'd']) {
      later.push(batcher.push(1, 'omnisend', change(email)));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Another ESP account is not held back by this one being busy.
    const other = batcher.push(2, 'omnisend', change('z'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a'], ['z']]);
    const results = await Promise.all([first, ...later, other]);
    expect(calls).toEqual([['a'], ['z'], ['b', 'c', 'd']]);
    expect(results.map((r) => r.summary)).toEqual(['one a', 'batch b', 'batch c', 'batch d', 'one z']);
  });
});
