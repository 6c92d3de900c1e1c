import { chmodSync, existsSync, linkSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** Something to fix before a backup can be taken: nothing was written. */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

/** The copy could not be made or did not check out; no file is left under the target's name. */
export class BackupFailed extends Error {
  override name = 'BackupFailed';
}

export type SqliteBackupOptions = {
  /** The live database file (DATABASE_URL's path). */
  source: string;
  /** Where the copy goes; must not exist yet. */
  target: string;
  now?: () => number;
};

export type SqliteBackupResult = { bytes: number; pages: number; ms: number };

// One step copies every page under a single read snapshot. In steps, a write by the running
// bridge (another connection) between two steps restarts the copy from page one, and under a
// steady stream of webhooks it might never finish. WAL lets the bridge keep writing meanwhile.
const ALL_PAGES = 0x7fffffff;

function sqliteCode(error: unknown): string | undefined {
  return error instanceof BetterSqlite3.SqliteError ? error.code : undefined;
}

function openSource(source: string): BetterSqlite3.Database {
  if (!existsSync(source)) {
    throw new BackupRefused(`No database at ${source}: check DATABASE_URL and the directory the command runs in (a relative path is relative to it).`);
  }
  // Its own connection, opened without migrations: a backup must not change the live file.
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('schema_version');
    return db;
  } catch (error) {
    db.close();
    if (sqliteCode(error) === 'SQLITE_NOTADB') throw new BackupRefused(`${source} is not an SQLite database.`);
    throw error;
  }
}

function failure(error: unknown, source: string, target: string): BackupFailed {
  const code = sqliteCode(error);
  if (code === 'SQLITE_FULL') return new BackupFailed(`The disk holding ${dirname(target)} is full: free some space or back up to another disk.`);
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') return new BackupFailed(`Cannot write in ${dirname(target)}: check that this user may create files there.`);
  if (code === 'SQLITE_BUSY') return new BackupFailed(`${source} stayed locked for 5 s (a migration running?): try again in a moment.`);
  return new BackupFailed(`The backup of ${source} failed: ${error instanceof Error ? error.message : String(error)}`);
}

function checkCopy(path: string): void {
  const copy = new BetterSqlite3(path, { fileMustExist: true });
  try {
    const verdict = copy.pragma('quick_check', { simple: true });
    if (verdict !== 'ok') throw new BackupFailed(`The copy failed SQLite's quick_check (${String(verdict)}); it was deleted. Check the disk and try again.`);
  } finally {
    copy.close();
  }
}

/**
 * An online backup of the bridge's SQLite file with better-sqlite3's backup API: a consistent
 * copy while backend-lite keeps running. The copy is written under a temporary name and checked,
 * then linked to the target name, which fails rather than replace a file that appeared meanwhile.
 */
export async function backupSqlite({ source, target, now = Date.now }: SqliteBackupOptions): Promise<SqliteBackupResult> {
  if (existsSync(target)) throw new BackupRefused(`${target} already exists; a backup never overwrites a file. Choose a new name or move the old file away.`);
  if (!existsSync(dirname(target))) throw new BackupRefused(`The directory ${dirname(target)} does not exist; create it first.`);
  const started = now();
  const db = openSource(source);
  const partial = `${target}.partial-${process.pid}`;
  try {
    const { totalPages } = await db.backup(partial, { progress: () => ALL_PAGES });
    checkCopy(partial);
    // Customers' emails and sealed tokens: readable by this user only, like secret.key.
    chmodSync(partial, 0o600);
    linkSync(partial, target);
    return { bytes: statSync(target).size, pages: totalPages, ms: now() - started };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupRefused(`${target} appeared while the backup ran; nothing was overwritten.`);
    throw error instanceof BackupFailed ? error : failure(error, source, target);
  } finally {
    db.close();
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(leftover, { force: true });
  }
}
