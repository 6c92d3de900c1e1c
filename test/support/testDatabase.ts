import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from '../../backend-lite/store/database.ts';
import type { Migration } from '../../backend-lite/store/migrations.ts';

/** The store, queue and sync suites run on both databases. */
export const databaseKinds: readonly DatabaseKind[] = ['sqlite', 'postgres'];

/**
 * The PostgreSQL server the tests create their databases on (`.ci/run` starts the machine's).
 * Each test database is created for one test and dropped when it closes.
 */
export const TEST_POSTGRES_URL = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bridge_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`The tests need PostgreSQL at ${TEST_POSTGRES_URL} (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): ${String(error)}`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** A fresh, migrated database of this kind; close() drops a PostgreSQL one. */
export async function openTestDatabase(kind: DatabaseKind, migrations?: readonly Migration[]): Promise<Database> {
  if (kind === 'sqlite') return openDatabase({ url: 'sqlite::memory:', ...(migrations ? { migrations } : {}) });
  const created = await createPostgresDatabase();
  const database = await openDatabase({ url: created.url, ...(migrations ? { migrations } : {}) });
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}

/** The account most store tests hang their rows on. */
export async function withAccount(database: Database, id = 1, subdomain = 'acme'): Promise<void> {
  await database.db().insertInto('accounts').values({ id, subdomain, created_at: 0, updated_at: 0 }).execute();
}
