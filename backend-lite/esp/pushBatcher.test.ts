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

function recordingAdapter(fail = false) {
  const calls: string[][] = [];
  const adapter = {
    name: 'omnisend',
    push: async (c: ContactPush): Promise<PushResult> => {
      calls.push([c.identity.email]);
      return { outcome: 'updated', summary: `one ${c.identity.email}` };
    },
    pushMany: async (cs: readonly ContactPush[]): Promise<PushResult[]> => {
      calls.push(cs.map((c) => c.identity.email));
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
});
