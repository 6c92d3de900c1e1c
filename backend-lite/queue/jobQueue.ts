import { sql, type Selectable } from 'kysely';
import type { Database } from '../store/database.ts';
import type { Schema } from '../store/schema.ts';

export type JobStatus = 'pending' | 'leased' | 'done' | 'dead';

export type NewJob = {
  accountId: number;
  kind: string;
  /** Whose pacing and failures this job shares: `kommo:{account}`, `omnisend:{account}`… */
  target: string;
  /** Jobs with the same key run one at a time, in id order (SPEC §4.3: one contact, in order). */
  orderKey: string;
  /** Same key twice → one job (duplicate webhooks, repeated clicks). */
  dedupeKey?: string;
  payload: unknown;
  maxAttempts?: number;
  runAt?: number;
  webhookId?: number;
};

export type Job = {
  id: number;
  accountId: number;
  kind: string;
  target: string;
  orderKey: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
};

type JobRow = Selectable<Schema['jobs']>;

const toJob = (row: JobRow): Job => ({
  id: row.id,
  accountId: row.account_id,
  kind: row.kind,
  target: row.target,
  orderKey: row.order_key,
  payload: JSON.parse(row.payload) as unknown,
  status: row.status,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  runAt: row.run_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

export type JobQueueOptions = { database: Database; now?: () => number; defaultMaxAttempts?: number };

export type JobQueue = ReturnType<typeof createJobQueue>;

/** The durable queue: rows in the same database as the webhooks, so both commit together. */
export function createJobQueue({ database, now = Date.now, defaultMaxAttempts = 12 }: JobQueueOptions) {
  const db = () => database.db();
  const changed = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows);

  // The first open job of each order key goes first: a job waits while an earlier one of its key is
  // pending or leased.
  const noEarlierOpenJob = sql<boolean>`NOT EXISTS (SELECT 1 FROM jobs earlier
    WHERE earlier.order_key = j.order_key AND earlier.id < j.id AND earlier.status IN ('pending', 'leased'))`;

  /**
   * Ids of runnable jobs: pending and due, or leased by a worker that outlived its lease. SQLite
   * walks the (status, id) index in two halves; PostgreSQL locks the rows it picks and skips rows
   * another instance is picking at the same moment.
   */
  function runnableIds(at: number, limit: number) {
    if (database.kind === 'postgres') {
      return sql<{ id: number }>`SELECT j.id FROM jobs j
        WHERE ((j.status = 'pending' AND j.run_at <= ${at}) OR (j.status = 'leased' AND j.lease_until < ${at}))
          AND ${noEarlierOpenJob}
        ORDER BY j.id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    }
    return sql<{ id: number }>`SELECT id FROM (
        SELECT j.id FROM jobs j WHERE j.status = 'pending' AND j.run_at <= ${at} AND ${noEarlierOpenJob}
        UNION ALL
        SELECT j.id FROM jobs j WHERE j.status = 'leased' AND j.lease_until < ${at} AND ${noEarlierOpenJob})
      ORDER BY id LIMIT ${limit}`;
  }

  return {
    /** Runs several queue writes as one commit (the worker settles a tick's jobs together). */
    transaction<T>(work: () => Promise<T>): Promise<T> {
      return database.transaction(work);
    },

    /** Returns the new job's id, or undefined when its dedupe key was already taken. */
    async enqueue(job: NewJob): Promise<number | undefined> {
      const at = now();
      const row = await db()
        .insertInto('jobs')
        .values({
          account_id: job.accountId,
          kind: job.kind,
          target: job.target,
          order_key: job.orderKey,
          dedupe_key: job.dedupeKey ?? null,
          payload: JSON.stringify(job.payload),
          status: 'pending',
          attempts: 0,
          max_attempts: job.maxAttempts ?? defaultMaxAttempts,
          run_at: job.runAt ?? at,
          webhook_id: job.webhookId ?? null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    },

    /**
     * Leases up to `limit` runnable jobs. A lease that outlived `leaseMs` (its worker died or hung)
     * is taken over; the first job of each order key goes first.
     */
    async lease(owner: string, limit: number, leaseMs: number): Promise<Job[]> {
      const at = now();
      const { rows } = await sql<JobRow>`UPDATE jobs SET status = 'leased', lease_owner = ${owner}, lease_until = ${at + leaseMs},
          attempts = attempts + 1, updated_at = ${at}
        WHERE id IN (${runnableIds(at, limit)})
        RETURNING *`.execute(db());
      return rows.map(toJob).sort((a, b) => a.id - b.id);
    },

    async complete(id: number, owner: string): Promise<boolean> {
      return finish(id, owner, 'done', null);
    },

    /** Back to pending at `runAt`. `countAttempt: false` when the job never reached its target. */
    async retryAt(id: number, owner: string, runAt: number, error: string, countAttempt = true): Promise<boolean> {
      const result = await db()
        .updateTable('jobs')
        .set((eb) => ({
          status: 'pending',
          lease_owner: null,
          lease_until: null,
          run_at: runAt,
          last_error: error,
          attempts: countAttempt ? eb.ref('attempts') : eb('attempts', '-', 1),
          updated_at: now(),
        }))
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'leased')
        .executeTakeFirst();
      return changed(result) === 1;
    },

    async bury(id: number, owner: string, reason: string): Promise<boolean> {
      return finish(id, owner, 'dead', reason);
    },

    /**
     * Gives leases back without counting the attempt: on shutdown for this worker's jobs, and on
     * start (owner undefined) for the jobs a killed process held — one SQLite file has one process.
     */
    async releaseLeases(owner?: string): Promise<number> {
      let query = db()
        .updateTable('jobs')
        .set((eb) => ({
          status: 'pending',
          lease_owner: null,
          lease_until: null,
          attempts: eb.case().when('attempts', '>', 0).then(eb('attempts', '-', 1)).else(0).end(),
          updated_at: now(),
        }))
        .where('status', '=', 'leased');
      if (owner !== undefined) query = query.where('lease_owner', '=', owner);
      return changed(await query.executeTakeFirst());
    },

    async retryDead(id: number, accountId: number): Promise<boolean> {
      const at = now();
      const result = await db()
        .updateTable('jobs')
        .set({ status: 'pending', attempts: 0, run_at: at, finished_at: null, updated_at: at })
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .where('status', '=', 'dead')
        .executeTakeFirst();
      return changed(result) === 1;
    },

    /** The account's jobs, newest first: the admin's sync log. */
    async list(accountId: number, { status = null, orderKeyPrefix = null, limit = 100 }: { status?: JobStatus | null; orderKeyPrefix?: string | null; limit?: number } = {}): Promise<Job[]> {
      let query = db().selectFrom('jobs').selectAll().where('account_id', '=', accountId);
      if (status !== null) query = query.where('status', '=', status);
      if (orderKeyPrefix !== null) query = query.where(sql<string>`substr(order_key, 1, ${orderKeyPrefix.length})`, '=', orderKeyPrefix);
      return (await query.orderBy('id', 'desc').limit(limit).execute()).map(toJob);
    },

    /** The account's most recent dead letters whose order key is one of these (one contact at one ESP, say). */
    async deadFor(accountId: number, orderKeys: ReadonlySet<string>, scan = 500): Promise<Job[]> {
      const rows = await db().selectFrom('jobs').selectAll().where('account_id', '=', accountId).where('status', '=', 'dead').orderBy('updated_at', 'desc').limit(scan).execute();
      return rows.filter((row) => orderKeys.has(row.order_key)).map(toJob);
    },

    async get(id: number): Promise<Job | undefined> {
      const row = await db().selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toJob(row);
    },

    async stats(): Promise<{ pending: number; leased: number; done: number; dead: number; oldestPendingRunAt: number | null }> {
      const out = { pending: 0, leased: 0, done: 0, dead: 0, oldestPendingRunAt: null as number | null };
      const rows = await db()
        .selectFrom('jobs')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.min('run_at').as('oldest')])
        .groupBy('status')
        .execute();
      for (const row of rows) {
        out[row.status] = Number(row.n);
        if (row.status === 'pending') out.oldestPendingRunAt = row.oldest === null ? null : Number(row.oldest);
      }
      return out;
    },
  };

  async function finish(id: number, owner: string, status: 'done' | 'dead', error: string | null): Promise<boolean> {
    const at = now();
    const result = await db()
      .updateTable('jobs')
      .set({ status, lease_owner: null, lease_until: null, last_error: error, finished_at: at, updated_at: at })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'leased')
      .executeTakeFirst();
    return changed(result) === 1;
  }
}
