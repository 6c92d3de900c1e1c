import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../store/database.ts';
import { databaseKinds, openTestDatabase, withAccount } from '../../test/support/testDatabase.ts';
import { createJobQueue, type NewJob } from './jobQueue.ts';

describe.each(databaseKinds)('jobQueue on %s', (kind) => {
  let database: Database;
  afterEach(() => database.close());

  async function setup() {
    let time = 1_000;
    database = await openTestDatabase(kind);
    await withAccount(database);
    const queue = createJobQueue({ database, now: () => time, defaultMaxAttempts: 3 });
    const job = (orderKey: string, extra: Partial<NewJob> = {}): NewJob => ({
      accountId: 1,
      kind: 'test',
      target: 'kommo:1',
      orderKey,
      payload: { orderKey },
      ...extra,
    });
    const ids = (jobs: { id: number }[]) => jobs.map((j) => j.id);
    return { queue, job, ids, advance: (ms: number) => (time += ms) };
  }

  it('makes one job of two with the same dedupe key', async () => {
    const { queue, job } = await setup();
    expect(await queue.enqueue(job('a', { dedupeKey: 'k' }))).toBeTypeOf('number');
    expect(await queue.enqueue(job('a', { dedupeKey: 'k' }))).toBeUndefined();
    expect((await queue.stats()).pending).toBe(1);
  });

  it('runs jobs of one order key one at a time, in order', async () => {
    const { queue, job, ids } = await setup();
    const first = (await queue.enqueue(job('contact:1')))!;
    const second = (await queue.enqueue(job('contact:1')))!;
    const other = (await queue.enqueue(job('contact:2')))!;
    expect(ids(await queue.lease('w', 10, 60_000))).toEqual([first, other]);
    expect(await queue.lease('w', 10, 60_000)).toEqual([]);
    await queue.complete(first, 'w');
    expect(ids(await queue.lease('w', 10, 60_000))).toEqual([second]);
  });

  it('keeps later jobs of a key waiting while an earlier one backs off', async () => {
    const { queue, job, ids, advance } = await setup();
    const first = (await queue.enqueue(job('contact:1')))!;
    const second = (await queue.enqueue(job('contact:1')))!;
    await queue.lease('w', 10, 60_000);
    await queue.retryAt(first, 'w', 1_000 + 5_000, 'HTTP 500');
    expect(await queue.lease('w', 10, 60_000)).toEqual([]);
    advance(5_000);
    expect(ids(await queue.lease('w', 10, 60_000))).toEqual([first]);
    expect((await queue.get(second))?.status).toBe('pending');
  });

  it('takes over a lease that expired, and counts attempts', async () => {
    const { queue, job, advance } = await setup();
    const id = (await queue.enqueue(job('a')))!;
    expect((await queue.lease('dead-worker', 10, 30_000))[0]?.attempts).toBe(1);
    advance(29_999);
    expect(await queue.lease('w2', 10, 30_000)).toEqual([]);
    advance(2);
    const taken = await queue.lease('w2', 10, 30_000);
    expect(taken.map((j) => [j.id, j.attempts])).toEqual([[id, 2]]);
    expect(await queue.complete(id, 'dead-worker')).toBe(false);
    expect(await queue.complete(id, 'w2')).toBe(true);
  });

  it('gives released leases back without counting the attempt', async () => {
    const { queue, job } = await setup();
    const id = (await queue.enqueue(job('a')))!;
    await queue.lease('w', 10, 60_000);
    expect(await queue.releaseLeases()).toBe(1);
    expect(await queue.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('buries a job with its reason and lets it be retried', async () => {
    const { queue, job } = await setup();
    const id = (await queue.enqueue(job('a')))!;
    await queue.lease('w', 10, 60_000);
    await queue.bury(id, 'w', 'KommoNotFound: gone');
    expect(await queue.get(id)).toMatchObject({ status: 'dead', lastError: 'KommoNotFound: gone' });
    expect(await queue.retryDead(id, 2)).toBe(false);
    expect(await queue.retryDead(id, 1)).toBe(true);
    expect(await queue.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('does not let a dead job block the rest of its order key', async () => {
    const { queue, job, ids } = await setup();
    const first = (await queue.enqueue(job('contact:1')))!;
    const second = (await queue.enqueue(job('contact:1')))!;
    await queue.lease('w', 10, 60_000);
    await queue.bury(first, 'w', 'bad input');
    expect(ids(await queue.lease('w', 10, 60_000))).toEqual([second]);
  });

  it('lists an account’s jobs newest first, filtered by status and order key prefix', async () => {
    const { queue, job } = await setup();
    const a = (await queue.enqueue(job('contact:1:1:omnisend')))!;
    const b = (await queue.enqueue(job('contact:1:2:omnisend')))!;
    expect((await queue.list(1)).map((j) => j.id)).toEqual([b, a]);
    expect((await queue.list(1, { orderKeyPrefix: 'contact:1:2:' })).map((j) => j.id)).toEqual([b]);
    expect(await queue.list(1, { status: 'dead' })).toEqual([]);
  });

  it('never hands one job to two workers leasing at the same moment', async () => {
    const { queue, job } = await setup();
    for (let i = 0; i < 40; i++) await queue.enqueue(job(`k${i}`));
    const batches = await Promise.all([queue.lease('w1', 25, 60_000), queue.lease('w2', 25, 60_000), queue.lease('w3', 25, 60_000)]);
    const all = batches.flat().map((j) => j.id);
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
  });
});
