import type { Database } from '../store/database.ts';

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

type JobRow = {
  id: number;
  account_id: number;
  kind: string;
  target: string;
  order_key: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
};

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

export type JobQueueOptions = { db: Database; now?: () => number; defaultMaxAttempts?: number };

export type JobQueue = ReturnType<typeof createJobQueue>;

/** The durable queue: rows in the same database as the webhooks, so both commit together. */
export function createJobQueue({ db, now = Date.now, defaultMaxAttempts = 12 }: JobQueueOptions) {
  const insert = db.prepare(`
    INSERT INTO jobs (account_id, kind, target, order_key, dedupe_key, payload, status, attempts, max_attempts,
                      run_at, webhook_id, created_at, updated_at)
    VALUES (@accountId, @kind, @target, @orderKey, @dedupeKey, @payload, 'pending', 0, @maxAttempts,
            @runAt, @webhookId, @now, @now)
    ON CONFLICT (dedupe_key) DO NOTHING`);

  // Two halves so each walks the (status, id) index in order: pending jobs that are due, and
  // leases that outlived their worker. The first open job of each order key goes first.
  const lease = db.prepare(`
    UPDATE jobs SET status = 'leased', lease_owner = @owner, lease_until = @leaseUntil,
                    attempts = attempts + 1, updated_at = @now
    WHERE id IN (
      SELECT id FROM (
        SELECT j.id FROM jobs j
        WHERE j.status = 'pending' AND j.run_at <= @now
          AND NOT EXISTS (SELECT 1 FROM jobs earlier
                          WHERE earlier.order_key = j.order_key AND earlier.id < j.id
                            AND earlier.status IN ('pending', 'leased'))
        UNION ALL
        SELECT j.id FROM jobs j
        WHERE j.status = 'leased' AND j.lease_until < @now
          AND NOT EXISTS (SELECT 1 FROM jobs earlier
                          WHERE earlier.order_key = j.order_key AND earlier.id < j.id
                            AND earlier.status IN ('pending', 'leased')))
      ORDER BY id
      LIMIT @limit)
    RETURNING *`);

  const finish = db.prepare(`
    UPDATE jobs SET status = @status, lease_owner = NULL, lease_until = NULL, last_error = @error,
                    finished_at = @now, updated_at = @now
    WHERE id = @id AND lease_owner = @owner AND status = 'leased'`);

  const reschedule = db.prepare(`
    UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_until = NULL, run_at = @runAt,
                    last_error = @error, attempts = attempts - @refund, updated_at = @now
    WHERE id = @id AND lease_owner = @owner AND status = 'leased'`);

  const releaseOwner = db.prepare(`
    UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_until = NULL, attempts = MAX(attempts - 1, 0),
                    updated_at = @now
    WHERE status = 'leased' AND (@owner IS NULL OR lease_owner = @owner)`);

  const retryDead = db.prepare(`
    UPDATE jobs SET status = 'pending', attempts = 0, run_at = @now, finished_at = NULL, updated_at = @now
    WHERE id = @id AND account_id = @accountId AND status = 'dead'`);

  const byId = db.prepare('SELECT * FROM jobs WHERE id = ?');
  const listOfAccount = db.prepare(`
    SELECT * FROM jobs WHERE account_id = @accountId AND (@status IS NULL OR status = @status)
      AND (@orderKeyPrefix IS NULL OR substr(order_key, 1, length(@orderKeyPrefix)) = @orderKeyPrefix)
    ORDER BY id DESC LIMIT @limit`);
  const deadOfAccount = db.prepare(`SELECT * FROM jobs WHERE account_id = ? AND status = 'dead' ORDER BY updated_at DESC LIMIT ?`);
  const counts = db.prepare(`
    SELECT status, COUNT(*) AS n, MIN(CASE WHEN status = 'pending' THEN run_at END) AS oldest
    FROM jobs GROUP BY status`);

  return {
    /** Runs several queue writes as one commit (the worker settles a tick's jobs together). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },

    /** Returns the new job's id, or undefined when its dedupe key was already taken. */
    enqueue(job: NewJob): number | undefined {
      const at = now();
      const result = insert.run({
        accountId: job.accountId,
        kind: job.kind,
        target: job.target,
        orderKey: job.orderKey,
        dedupeKey: job.dedupeKey ?? null,
        payload: JSON.stringify(job.payload),
        maxAttempts: job.maxAttempts ?? defaultMaxAttempts,
        runAt: job.runAt ?? at,
        webhookId: job.webhookId ?? null,
        now: at,
      });
      return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
    },

    /**
     * Leases up to `limit` runnable jobs. A lease that outlived `leaseMs` (its worker died or hung)
     * is taken over; the first job of each order key goes first.
     */
    lease(owner: string, limit: number, leaseMs: number): Job[] {
      const at = now();
      const rows = lease.all({ owner, leaseUntil: at + leaseMs, now: at, limit }) as JobRow[];
      return rows.map(toJob).sort((a, b) => a.id - b.id);
    },

    complete(id: number, owner: string): boolean {
      return finish.run({ id, owner, status: 'done', error: null, now: now() }).changes === 1;
    },

    /** Back to pending at `runAt`. `countAttempt: false` when the job never reached its target. */
    retryAt(id: number, owner: string, runAt: number, error: string, countAttempt = true): boolean {
      return reschedule.run({ id, owner, runAt, error, refund: countAttempt ? 0 : 1, now: now() }).changes === 1;
    },

    bury(id: number, owner: string, reason: string): boolean {
      return finish.run({ id, owner, status: 'dead', error: reason, now: now() }).changes === 1;
    },

    /**
     * Gives leases back without counting the attempt: on shutdown for this worker's jobs, and on
     * start (owner undefined) for the jobs a killed process held — one SQLite file has one process.
     */
    releaseLeases(owner?: string): number {
      return releaseOwner.run({ owner: owner ?? null, now: now() }).changes;
    },

    retryDead(id: number, accountId: number): boolean {
      return retryDead.run({ id, accountId, now: now() }).changes === 1;
    },

    /** The account's jobs, newest first: the admin's sync log. */
    list(accountId: number, { status = null, orderKeyPrefix = null, limit = 100 }: { status?: JobStatus | null; orderKeyPrefix?: string | null; limit?: number } = {}): Job[] {
      return (listOfAccount.all({ accountId, status, orderKeyPrefix, limit }) as JobRow[]).map(toJob);
    },

    /** The account's most recent dead letters whose order key is one of these (one contact at one ESP, say). */
    deadFor(accountId: number, orderKeys: ReadonlySet<string>, scan = 500): Job[] {
      return (deadOfAccount.all(accountId, scan) as JobRow[]).filter((row) => orderKeys.has(row.order_key)).map(toJob);
    },

    get(id: number): Job | undefined {
      const row = byId.get(id) as JobRow | undefined;
      return row && toJob(row);
    },

    stats(): { pending: number; leased: number; done: number; dead: number; oldestPendingRunAt: number | null } {
      const out = { pending: 0, leased: 0, done: 0, dead: 0, oldestPendingRunAt: null as number | null };
      for (const row of counts.all() as { status: JobStatus; n: number; oldest: number | null }[]) {
        out[row.status] = row.n;
        if (row.status === 'pending') out.oldestPendingRunAt = row.oldest;
      }
      return out;
    },
  };
}
