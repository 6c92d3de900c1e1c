import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.ts';
import type { Database } from '../store/database.ts';
import { databaseKinds, openTestDatabase, withAccount } from '../../test/support/testDatabase.ts';
import { createJobQueue } from './jobQueue.ts';
import { TargetPaused } from './pacer.ts';
import { createWorker, type JobHandler } from './worker.ts';

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
  expect(await check()).toBe(true);
};

describe.each(databaseKinds)('worker on %s', (kind) => {
  let database: Database;
  afterEach(() => database.close());

  async function setup(handler: JobHandler, maxAttempts = 3) {
    database = await openTestDatabase(kind);
    await withAccount(database);
    const queue = createJobQueue({ database, defaultMaxAttempts: maxAttempts });
    const worker = createWorker({ queue, handlers: { test: handler }, log: silentLogger, pollMs: 5, backoff: { baseMs: 5, capMs: 10 } });
    const enqueue = async (orderKey: string, payload: unknown) => (await queue.enqueue({ accountId: 1, kind: 'test', target: 't', orderKey, payload }))!;
    return { queue, worker, enqueue };
  }

  it('runs the jobs of one contact in order while other contacts run alongside', async () => {
    const log: string[] = [];
    const { worker, enqueue, queue } = await setup(async (job) => {
      const { key, n } = job.payload as { key: string; n: number };
      log.push(`start ${key}${n}`);
      await new Promise((r) => setTimeout(r, key === 'a' ? 15 : 1));
      log.push(`end ${key}${n}`);
    });
    const ids = [await enqueue('a', { key: 'a', n: 1 }), await enqueue('a', { key: 'a', n: 2 }), await enqueue('b', { key: 'b', n: 1 })];
    worker.start();
    await until(async () => (await Promise.all(ids.map((id) => queue.get(id)))).every((job) => job?.status === 'done'));
    await worker.stop();
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('retries a failing job and buries it after the last attempt with the reason', async () => {
    let calls = 0;
    const { worker, enqueue, queue } = await setup(async () => {
      calls += 1;
      throw new Error('socket hang up');
    });
    const id = await enqueue('a', {});
    worker.start();
    await until(async () => (await queue.get(id))?.status === 'dead');
    await worker.stop();
    expect(calls).toBe(3);
    expect((await queue.get(id))?.lastError).toBe('gave up after 3 attempts: Error: socket hang up');
  });

  it('buries at once an error that says retrying cannot help', async () => {
    const { worker, enqueue, queue } = await setup(async () => {
      throw Object.assign(new Error('contact has no email'), { retryable: false });
    });
    const id = await enqueue('a', {});
    worker.start();
    await until(async () => (await queue.get(id))?.status === 'dead');
    await worker.stop();
    expect(await queue.get(id)).toMatchObject({ attempts: 1, lastError: 'Error: contact has no email' });
  });

  it('does not count a run that never reached its paused target', async () => {
    let calls = 0;
    const { worker, enqueue, queue } = await setup(async () => {
      calls += 1;
      if (calls <= 5) throw new TargetPaused('kommo:1', 1);
    }, 2);
    const id = await enqueue('a', {});
    worker.start();
    await until(async () => (await queue.get(id))?.status === 'done');
    await worker.stop();
    expect(calls).toBe(6);
    expect((await queue.get(id))?.attempts).toBe(1);
  });

  it('on stop, gives back the leases of jobs that did not finish in the grace period', async () => {
    const { worker, enqueue, queue } = await setup(() => new Promise(() => {}));
    const id = await enqueue('a', {});
    worker.start();
    await until(async () => (await queue.get(id))?.status === 'leased');
    await worker.stop({ graceMs: 20 });
    expect(await queue.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
