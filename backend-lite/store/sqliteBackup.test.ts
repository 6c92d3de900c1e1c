import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { BackupRefused, backupSqlite } from './sqliteBackup.ts';

async function liveDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'backup-'));
  const source = join(dir, 'bridge.db');
  const database = await openDatabase({ url: `sqlite:${source}` });
  await database.db().insertInto('accounts').values({ subdomain: 'acme', created_at: 1, updated_at: 1 }).execute();
  return { dir, source, db: database };
}

describe('backupSqlite', () => {
  it('copies the open database, commits still in the WAL included, into a file only its owner reads', async () => {
    const { dir, source, db } = await liveDatabase();
    const target = join(dir, 'copy.db');
    const result = await backupSqlite({ source, target });
    await db.close();

    const copy = new BetterSqlite3(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT subdomain FROM accounts').pluck().all()).toEqual(['acme']);
    copy.close();
    expect(result.bytes).toBe(statSync(target).size);
    expect(result.pages).toBeGreaterThan(1);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('refuses to overwrite an existing file and leaves it as it was', async () => {
    const { dir, source, db } = await liveDatabase();
    const target = join(dir, 'yesterday.db');
    writeFileSync(target, 'yesterday');
    await expect(backupSqlite({ source, target })).rejects.toThrow(new BackupRefused(`${target} already exists; a backup never overwrites a file. Choose a new name or move the old file away.`));
    expect(readFileSync(target, 'utf8')).toBe('yesterday');
    await db.close();
  });

  it('says what is missing when the database or the target directory is not there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-'));
    await expect(backupSqlite({ source: join(dir, 'none.db'), target: join(dir, 'copy.db') })).rejects.toThrow(/^No database at .*none\.db: check DATABASE_URL/);
    const { source, db } = await liveDatabase();
    await expect(backupSqlite({ source, target: join(dir, 'nested', 'copy.db') })).rejects.toThrow(`The directory ${join(dir, 'nested')} does not exist; create it first.`);
    await db.close();
    writeFileSync(join(dir, 'notes.txt'), 'not a database, but long enough to have a header '.repeat(3));
    await expect(backupSqlite({ source: join(dir, 'notes.txt'), target: join(dir, 'copy.db') })).rejects.toThrow(`${join(dir, 'notes.txt')} is not an SQLite database.`);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt']);
  });
});
