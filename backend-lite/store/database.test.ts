import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, databaseKinds, openTestDatabase } from '../../test/support/testDatabase.ts';
import { openDatabase, postgresLocation, sqlitePathFromUrl, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations.ts';

const latest = Math.max(...migrations.map((m) => m.version));
const versions = async (database: Database) => (await database.db().selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((r) => r.version);

describe.each(databaseKinds)('the store on %s', (kind) => {
  let database: Database;
  afterEach(() => database.close());

  it('runs each migration once, in version order', async () => {
    database = await openTestDatabase(kind);
    expect(await versions(database)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(database, migrations)).toEqual([]);
    const later = [...migrations, { version: latest + 1, name: 'later', sql: 'CREATE TABLE later (id INTEGER)' }];
    expect(await migrate(database, later)).toEqual([latest + 1]);
    expect(await versions(database)).toEqual(later.map((m) => m.version));
  });

  it('rolls a failing migration back whole', async () => {
    database = await openTestDatabase(kind);
    const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); SELECT nonsense FROM nowhere;' }];
    await expect(migrate(database, broken)).rejects.toThrow(/nowhere/);
    await expect(sql`SELECT COUNT(*) FROM half`.execute(database.db())).rejects.toThrow(/half/);
    expect(Math.max(...(await versions(database)))).toBe(latest);
  });

  it('refuses a database migrated by a newer version, naming what to do', async () => {
    database = await openTestDatabase(kind);
    await migrate(database, [...migrations, { version: latest + 1, name: 'from the future', sql: 'CREATE TABLE future (id INTEGER)' }]);
    await expect(migrate(database, migrations)).rejects.toThrow(`schema version ${latest + 1}, but this version of the bridge knows only up to ${latest}`);
  });

  it('keeps times in milliseconds exact and reads them back as numbers', async () => {
    database = await openTestDatabase(kind);
    const at = Date.UTC(2026, 11, 5, 10, 30, 0, 123);
    const row = await database.db().insertInto('accounts').values({ subdomain: 'acme', created_at: at, updated_at: at }).returningAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subdomain: 'acme', created_at: at, status: 'active' });
    expect(typeof row.id).toBe('number');
  });

  it('joins the transaction it is inside, and rolls all of it back on failure', async () => {
    database = await openTestDatabase(kind);
    const insert = (subdomain: string) => database.db().insertInto('accounts').values({ subdomain, created_at: 0, updated_at: 0 }).execute();
    await expect(
      database.transaction(async () => {
        await insert('first');
        await database.transaction(() => insert('inner'));
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    expect(await database.db().selectFrom('accounts').select('subdomain').execute()).toEqual([]);
  });
});

describe('openDatabase', () => {
  it('opens SQLite in WAL mode in a folder it creates', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'db-')), 'nested', 'bridge.db');
    const database = await openDatabase({ url: `sqlite:${path}` });
    expect(database.sqlite?.pragma('journal_mode', { simple: true })).toBe('wal');
    await database.close();
  });

  it('lets instances that start together on one PostgreSQL database migrate it once', async () => {
    const created = await createPostgresDatabase();
    const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ url: created.url })));
    expect(await versions(instances[0]!)).toEqual(migrations.map((m) => m.version));
    await Promise.all(instances.map((i) => i.close()));
    await created.drop();
  });

  it('names DATABASE_URL and the host when PostgreSQL cannot be reached, never the password', async () => {
    const attempt = openDatabase({ url: 'postgres://bridge:hunter2-secret@127.0.0.1:1/bridge' });
    await expect(attempt).rejects.toThrow(/^DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/bridge/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it('reads the file path out of DATABASE_URL, and a printable PostgreSQL location', () => {
    expect(sqlitePathFromUrl('sqlite:./data/bridge.db')).toBe('./data/bridge.db');
    expect(sqlitePathFromUrl('sqlite:///var/lib/bridge.db')).toBe('/var/lib/bridge.db');
    expect(postgresLocation('postgres://bridge:secret@db.internal:6543/bridge')).toBe('db.internal:6543/bridge');
    expect(postgresLocation('postgresql://db.internal/bridge')).toBe('db.internal:5432/bridge');
  });
});
