import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';

export type Database = BetterSqlite3.Database;

export type OpenDatabaseOptions = {
  /** A file path, or ':memory:' for tests that need no durability. */
  path: string;
  migrations?: readonly Migration[];
};

export function openDatabase({ path, migrations = defaultMigrations }: OpenDatabaseOptions): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (the acknowledged commit is in the OS's hands);
  // only a power cut can lose the last commits. FULL would fsync every webhook and cap the accept
  // rate far below SPEC §6's 3,000/s.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another connection (a second worker, the admin CLI) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((row) => (row as { version: number }).version),
  );
  const ran: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    })();
    ran.push(migration.version);
  }
  return ran;
}

/** `sqlite:./data/bridge.db` → `./data/bridge.db` (SPEC §5.2). */
export function sqlitePathFromUrl(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}
