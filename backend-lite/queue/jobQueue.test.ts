import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.ts';
import { createJobQueue, type NewJob } from './jobQueue.ts';

function setup() {
  let time = 1_000;
  const db = openDatabase({ path: ':memory:' });
  db.prepare("INSERT INTO accounts (id, subdomain, created_at, updated_at) VALUES (1, 'acme', 0, 0)").run();
  const queue = createJobQueue({ db, now: () => time, defaultMaxAttempts: 3 });
  const job = (orderKey: string, extra: Partial<NewJob> = {}): NewJob => ({
    accountId: 1,
    kind: 'test',
    target: 'kommo:1',
    orderKey,
    payload: { orderKey },
    ...extra,
  });
  return { queue, job, advance: (ms: number) => (time += ms), db };
}

describe('jobQueue', () => {
  it('makes one job of two with the same dedupe key', () => {
    const { queue, job } = setup();
    expect(queue.enqueue(job('a', { dedupeKey: 'k' }))).toBeTypeOf('number');
    expect(queue.enqueue(job('a', { dedupeKey: 'k' }))).toBeUndefined();
    expect(queue.stats().pending).toBe(1);
  });

  it('runs jobs of one order key one at a time, in order', () => {
    const { queue, job } = setup();
    const first = queue.enqueue(job('contact:1'));
    const second = queue.enqueue(job('contact:1'));
    const other = queue.enqueue(job('contact:2'));
    const leased = queue.lease('w', 10, 60_000);
    expect(leased.map((j) => j.id)).toEqual([first, other]);
    expect(queue.lease('w', 10, 60_000)).toEqual([]);
    queue.complete(first!, 'w');
    expect(queue.lease('w', 10, 60_000).map((j) => j.id)).toEqual([second]);
  });

  it('keeps later jobs of a key waiting while an earlier one backs off', () => {
    const { queue, job, advance } = setup();
    const first = queue.enqueue(job('contact:1'))!;
    const second = queue.enqueue(job('contact:1'))!;
    queue.lease('w', 10, 60_000);
    queue.retryAt(first, 'w', 1_000 + 5_000, 'HTTP 500');
    expect(queue.lease('w', 10, 60_000)).toEqual([]);
    advance(5_000);
    expect(queue.lease('w', 10, 60_000).map((j) => j.id)).toEqual([first]);
    expect(queue.get(second)?.status).toBe('pending');
  });

  it('takes over a lease that expired, and counts attempts', () => {
    const { queue, job, advance } = setup();
    const id = queue.enqueue(job('a'))!;
    expect(queue.lease('dead-worker', 10, 30_000)[0]?.attempts).toBe(1);
    advance(29_999);
    expect(queue.lease('w2', 10, 30_000)).toEqual([]);
    advance(2);
    const taken = queue.lease('w2', 10, 30_000);
    expect(taken.map((j) => [j.id, j.attempts])).toEqual([[id, 2]]);
    expect(queue.complete(id, 'dead-worker')).toBe(false);
    expect(queue.complete(id, 'w2')).toBe(true);
  });

  it('gives released leases back without counting the attempt', () => {
    const { queue, job } = setup();
    const id = queue.enqueue(job('a'))!;
    queue.lease('w', 10, 60_000);
    expect(queue.releaseLeases()).toBe(1);
    expect(queue.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('buries a job with its reason and lets it be retried', () => {
    const { queue, job } = setup();
    const id = queue.enqueue(job('a'))!;
    queue.lease('w', 10, 60_000);
    queue.bury(id, 'w', 'KommoNotFound: gone');
    expect(queue.get(id)).toMatchObject({ status: 'dead', lastError: 'KommoNotFound: gone' });
    expect(queue.retryDead(id, 2)).toBe(false);
    expect(queue.retryDead(id, 1)).toBe(true);
    expect(queue.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('does not let a dead job block the rest of its order key', () => {
    const { queue, job } = setup();
    const first = queue.enqueue(job('contact:1'))!;
    const second = queue.enqueue(job('contact:1'))!;
    queue.lease('w', 10, 60_000);
    queue.bury(first, 'w', 'bad input');
    expect(queue.lease('w', 10, 60_000).map((j) => j.id)).toEqual([second]);
  });
});
