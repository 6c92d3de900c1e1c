import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { DatabaseUnreachable } from './databaseErrors.ts';
import { migrate } from './migrate.ts';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';
import type { Schema } from './schema.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export type Database = {
  readonly kind: DatabaseKind;
  /** Where it lives, without any password: the file, or host:port/database. */
  readonly location: string;
  /** The query builder for the caller's context: its open transaction, if it is inside one. */
  db(): Kysely<Schema>;
  /**
   * Runs `work` in one transaction; every repository call inside it (in the same async context)
   * joins it. A transaction opened inside another joins the outer one. SQLite takes the write lock
   * at BEGIN, so two processes on one file queue up instead of failing mid-transaction.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` in a savepoint of the current transaction: its failure rolls back only its own writes. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations) on the caller's connection. */
  execScript(script: string): Promise<void>;
  /** The SQLite handle itself, for what only SQLite has (pragmas in tests, online backup). */
  readonly sqlite: BetterSqlite3.Database | undefined;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** `sqlite:./data/bridge.db`, `sqlite::memory:` (tests), or `postgres://user@host:5432/db`. */
  url: string;
  migrations?: readonly Migration[];
  /** A pooled PostgreSQL connection failed while idle (the server restarted): the pool replaces it. */
  onIdleError?: (error: Error) => void;
};

export async function openDatabase({ url, migrations = defaultMigrations, onIdleError = () => {} }: OpenDatabaseOptions): Promise<Database> {
  const database = isPostgresUrl(url) ? await openPostgres(url, onIdleError) : openSqlite(sqlitePathFromUrl(url));
  try {
    await migrate(database, migrations);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** DATABASE_URL as opened: a SQLite path made absolute, so the CLI and the server open the same file. */
export function databaseUrl(url: string): string {
  return isPostgresUrl(url) ? url : `sqlite:${resolve(sqlitePathFromUrl(url))}`;
}

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/** `sqlite:./data/bridge.db` → `./data/bridge.db` (SPEC §5.2). */
export function sqlitePathFromUrl(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

/** `postgres://bridge:secret@db.internal:5432/bridge` → `db.internal:5432/bridge`: safe to print. */
export function postgresLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'an unreadable PostgreSQL URL';
  }
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (the acknowledged commit is in the OS's hands);
  // only a power cut can lose the last commits. FULL would fsync every webhook and cap the accept
  // rate far below SPEC §6's 3,000/s.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // Another connection (a second worker, the admin CLI) may hold the write lock briefly.
  raw.pragma('busy_timeout = 5000');
  // Kysely prepares every query it runs; the bridge runs a small set of shapes thousands of times a
  // second, so each shape is prepared once.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const cached = {
    close: () => raw.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size > 1_000) statements.clear();
        statement = raw.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
  return withTransactions({
    kind: 'sqlite',
    location: path,
    root: new Kysely<Schema>({ dialect: new SqliteDialect({ database: cached }) }),
    begin: 'BEGIN IMMEDIATE',
    execScript: async (script) => {
      raw.exec(script);
    },
    sqlite: raw,
    // A statement that failed badly (disk full, I/O error) may have ended the transaction itself.
    stillOpen: () => raw.inTransaction,
  });
}

async function openPostgres(url: string, onIdleError: (error: Error) => void): Promise<Database> {
  const location = postgresLocation(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    // Times are milliseconds in BIGINT columns: well inside Number's exact range, so read them as numbers.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  pool.on('error', onIdleError);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new DatabaseUnreachable(location, error);
  }
  const root = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return withTransactions({
    kind: 'postgres',
    location,
    root,
    begin: 'BEGIN',
    // A script without parameters goes over PostgreSQL's simple protocol, which runs several statements.
    execScript: async (script, executor) => {
      await sql.raw(script).execute(executor);
    },
    sqlite: undefined,
    stillOpen: () => true,
  });
}

type Parts = {
  kind: DatabaseKind;
  location: string;
  root: Kysely<Schema>;
  begin: string;
  execScript: (script: string, executor: Kysely<Schema>) => Promise<void>;
  sqlite: BetterSqlite3.Database | undefined;
  stillOpen: () => boolean;
};

function withTransactions({ kind, location, root, begin, execScript, sqlite, stillOpen }: Parts): Database {
  const current = new AsyncLocalStorage<Kysely<Schema>>();
  let savepoints = 0;

  return {
    kind,
    location,
    sqlite,
    db: () => current.getStore() ?? root,
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      if (current.getStore()) return work();
      return root.connection().execute(async (connection) => {
        await sql.raw(begin).execute(connection);
        let result: T;
        try {
          result = await current.run(connection, work);
        } catch (error) {
          // The original failure is what the caller must hear; a transaction the database already
          // ended (SQLite on a full disk) has nothing left to roll back.
          if (stillOpen()) await sql.raw('ROLLBACK').execute(connection);
          throw error;
        }
        await sql.raw('COMMIT').execute(connection);
        return result;
      });
    },
    async savepoint<T>(work: () => Promise<T>): Promise<T> {
      const connection = current.getStore();
      if (!connection) throw new Error('savepoint() needs an open transaction');
      const name = sql.raw(`sp_${(savepoints += 1)}`);
      await sql`SAVEPOINT ${name}`.execute(connection);
      try {
        const result = await work();
        await sql`RELEASE SAVEPOINT ${name}`.execute(connection);
        return result;
      } catch (error) {
        if (stillOpen()) await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(connection);
        throw error;
      }
    },
    execScript: (script) => execScript(script, current.getStore() ?? root),
    close: () => root.destroy(),
  };
}
