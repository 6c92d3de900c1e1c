import { afterEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../queue/jobQueue.ts';
import { databaseKinds, openTestDatabase, withAccount } from '../../test/support/testDatabase.ts';
import type { Database } from './database.ts';
import { createWebhookLog, type ReceivedWebhook } from './webhookLog.ts';

const webhook = (body: string, accountId = 1): ReceivedWebhook => ({
  accountId,
  source: 'kommo',
  rawBody: Buffer.from(body),
  contentType: 'application/x-www-form-urlencoded',
  outcome: 'queued',
  jobs: [{ kind: 'test', target: 'kommo:1', orderKey: `k:${body}`, dedupeKey: `job:${body}`, payload: { body } }],
});

describe.each(databaseKinds)('webhookLog on %s', (kind) => {
  let database: Database;
  afterEach(() => database.close());

  async function setup() {
    database = await openTestDatabase(kind);
    await withAccount(database);
    const queue = createJobQueue({ database });
    return { log: createWebhookLog({ database, queue }) };
  }

  it('commits webhooks that arrive together, each on its own: one bad one fails alone', async () => {
    const { log } = await setup();
    const results = await Promise.allSettled([log.accept(webhook('a')), log.accept(webhook('b', 999)), log.accept(webhook('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // A foreign key violation: account 999 does not exist.
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: kind === 'sqlite' ? 'SQLITE_CONSTRAINT_FOREIGNKEY' : '23503' });
    const bodies = await database.db().selectFrom('webhooks').select('raw_body').orderBy('id').execute();
    expect(bodies.map((r) => String(r.raw_body))).toEqual(['a', 'c']);
    expect(await database.db().selectFrom('jobs').select('id').execute()).toHaveLength(2);
  });

  it('reports a repeated body as a duplicate and queues nothing for it', async () => {
    const { log } = await setup();
    expect(await log.accept(webhook('a'))).toMatchObject({ duplicate: false, jobsQueued: 1 });
    expect(await log.accept(webhook('a'))).toEqual({ duplicate: true, jobsQueued: 0, webhookId: undefined });
  });
});
