import { sql } from 'kysely';
import type { Database } from './database.ts';
import { DatabaseFromNewerVersion } from './databaseErrors.ts';
import { migrationSql, type Migration } from './migrations.ts';

/** Any constant both instances agree on: the advisory lock that makes migrations run one instance at a time. */
const MIGRATION_LOCK = 7_401_266_011;

/**
 * Applies the migrations the database lacks, each in its own transaction under a lock held by the
 * database (SQLite's write lock, a PostgreSQL advisory lock), re-reading what is applied once the
 * lock is held: instances that start together migrate once, and a failing migration rolls back
 * whole. Returns the versions this call applied.
 */
export async function migrate(database: Database, migrations: readonly Migration[]): Promise<number[]> {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const ran: number[] = [];
  await locked(database, () =>
    database.execScript('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)'),
  );
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    await locked(database, async () => {
      const applied = (await database.db().selectFrom('schema_migrations').select('version').execute()).map((row) => row.version);
      const newest = Math.max(0, ...applied);
      if (newest > known) throw new DatabaseFromNewerVersion(database.location, newest, known);
      if (applied.includes(migration.version)) return;
      await database.execScript(migrationSql(migration, database.kind));
      await database.db().insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: Date.now() }).execute();
      ran.push(migration.version);
    });
  }
  return ran;
}

function locked(database: Database, work: () => Promise<void>): Promise<void> {
  return database.transaction(async () => {
    if (database.kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(database.db());
    await work();
  });
}
