import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.ts';
import { openDatabase } from '../store/database.ts';
import { createJobQueue } from './jobQueue.ts';
import { TargetPaused } from './pacer.ts';
import { createWorker, type JobHandler } from './worker.ts';

function setup(handler: JobHandler, maxAttempts = 3) {
  const db = openDatabase({ path: ':memory:' });
  db.prepare("INSERT INTO accounts (id, subdomain, created_at, updated_at) VALUES (1, 'acme', 0, 0)").run();
  const queue = createJobQueue({ db, defaultMaxAttempts: maxAttempts });
  const worker = createWorker({ queue, handlers: { test: handler }, log: silentLogger, pollMs: 5, backoff: { baseMs: 5, capMs: 10 } });
  const enqueue = (orderKey: string, payload: unknown) =>
    queue.enqueue({ accountId: 1, kind: 'test', target: 't', orderKey, payload })!;
  return { queue, worker, enqueue };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('worker', () => {
  it('runs the jobs of one contact in order while other contacts run alongside', async () => {
    const log: string[] = [];
    const { worker, enqueue, queue } = setup(async (job) => {
      const { key, n } = job.payload as { key: string; n: number };
      log.push(`start ${key}${n}`);
      await new Promise((r) => setTimeout(r, key === 'a' ? 15 : 1));
      log.push(`end ${key}${n}`);
    });
    const ids = [enqueue('a', { key: 'a', n: 1 }), enqueue('a', { key: 'a', n: 2 }), enqueue('b', { key: 'b', n: 1 })];
    worker.start();
    await until(() => ids.every((id) => queue.get(id)?.status === 'done'));
    await worker.stop();
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('retries a failing job and buries it after the last attempt with the reason', async () => {
    let calls = 0;
    const { worker, enqueue, queue } = setup(async () => {
      calls += 1;
      throw new Error('socket hang up');
    });
    const id = enqueue('a', {});
    worker.start();
    await until(() => queue.get(id)?.status === 'dead');
    await worker.stop();
    expect(calls).toBe(3);
    expect(queue.get(id)?.lastError).toBe('gave up after 3 attempts: Error: socket hang up');
  });

  it('buries at once an error that says retrying cannot help', async () => {
    const { worker, enqueue, queue } = setup(async () => {
      throw Object.assign(new Error('contact has no email'), { retryable: false });
    });
    const id = enqueue('a', {});
    worker.start();
    await until(() => queue.get(id)?.status === 'dead');
    await worker.stop();
    expect(queue.get(id)).toMatchObject({ attempts: 1, lastError: 'Error: contact has no email' });
  });

  it('does not count a run that never reached its paused target', async () => {
    let calls = 0;
    const { worker, enqueue, queue } = setup(async () => {
      calls += 1;
      if (calls <= 5) throw new TargetPaused('kommo:1', 1);
    }, 2);
    const id = enqueue('a', {});
    worker.start();
    await until(() => queue.get(id)?.status === 'done');
    await worker.stop();
    expect(calls).toBe(6);
    expect(queue.get(id)?.attempts).toBe(1);
  });

  it('on stop, gives back the leases of jobs that did not finish in the grace period', async () => {
    const { worker, enqueue, queue } = setup(() => new Promise(() => {}));
    const id = enqueue('a', {});
    worker.start();
    await until(() => queue.get(id)?.status === 'leased');
    await worker.stop({ graceMs: 20 });
    expect(queue.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
