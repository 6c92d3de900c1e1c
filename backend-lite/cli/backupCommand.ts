import { dirname, join, resolve } from 'node:path';
import { sqlitePathFromUrl } from '../store/database.ts';
import { backupSqlite } from '../store/sqliteBackup.ts';
import { UsageError } from './tokenCommand.ts';

export const backupUsage = `An online backup of the SQLite database (backend-lite may keep running):
  npm run bridge -- backup <new file>      e.g. backup /var/backups/bridge-$(date +%F).db
The database is DATABASE_URL's (default sqlite:./data/bridge.db); an existing file is never overwritten.`;

export type BackupCommandDeps = {
  databaseUrl: string;
  /** Whether SECRET_KEY came from the environment (else the key file beside the database is used). */
  secretKeyFromEnv: boolean;
  write: (text: string) => void;
};

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `npm run bridge -- backup <file>`: what an operator runs from cron or before an upgrade. */
export async function runBackupCommand(args: readonly string[], { databaseUrl, secretKeyFromEnv, write }: BackupCommandDeps): Promise<void> {
  const [file, ...extra] = args;
  if (!file || file.startsWith('-') || extra.length > 0) throw new UsageError(backupUsage);
  if (!databaseUrl.startsWith('sqlite:')) {
    throw new UsageError('DATABASE_URL is not an SQLite URL: this command backs up SQLite only (PostgreSQL is not supported by this version yet).');
  }
  const source = resolve(sqlitePathFromUrl(databaseUrl));
  const target = resolve(file);
  const { bytes, pages, ms } = await backupSqlite({ source, target });
  const key = secretKeyFromEnv ? 'SECRET_KEY (set in the environment)' : join(dirname(source), 'secret.key');
  write(
    `Backed up ${source} to ${target}: ${megabytes(bytes)} (${pages} pages) in ${(ms / 1000).toFixed(2)} s; SQLite's quick_check says ok.\n` +
      `The stored Kommo tokens and ESP keys in it can only be read with ${key}: keep a copy of that too, apart from the backups.\n`,
  );
}
