import { describe, expect, it } from 'vitest';
import { createJobQueue } from '../queue/jobQueue.ts';
import { openDatabase } from './database.ts';
import { createWebhookLog, type ReceivedWebhook } from './webhookLog.ts';

function setup() {
  const db = openDatabase({ path: ':memory:' });
  db.prepare("INSERT INTO accounts (id, subdomain, created_at, updated_at) VALUES (1, 'acme', 0, 0)").run();
  const queue = createJobQueue({ db });
  return { db, queue, log: createWebhookLog({ db, queue }) };
}

const webhook = (body: string, accountId = 1): ReceivedWebhook => ({
  accountId,
  source: 'kommo',
  rawBody: Buffer.from(body),
  contentType: 'application/x-www-form-urlencoded',
  outcome: 'queued',
  jobs: [{ kind: 'test', target: 'kommo:1', orderKey: `k:${body}`, dedupeKey: `job:${body}`, payload: { body } }],
});

describe('webhookLog', () => {
  it('commits webhooks that arrive together, each on its own: one bad one fails alone', async () => {
    const { db, log } = setup();
    const results = await Promise.allSettled([log.accept(webhook('a')), log.accept(webhook('b', 999)), log.accept(webhook('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(db.prepare('SELECT raw_body FROM webhooks ORDER BY id').all().map((r) => String((r as { raw_body: Buffer }).raw_body))).toEqual(['a', 'c']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 2 });
  });

  it('reports a repeated body as a duplicate and queues nothing for it', async () => {
    const { log } = setup();
    expect(await log.accept(webhook('a'))).toMatchObject({ duplicate: false, jobsQueued: 1 });
    expect(await log.accept(webhook('a'))).toEqual({ duplicate: true, jobsQueued: 0, webhookId: undefined });
  });
});
