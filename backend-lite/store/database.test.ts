import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, sqlitePathFromUrl } from './database.ts';
import { migrations } from './migrations.ts';

describe('openDatabase', () => {
  it('opens in WAL mode and runs each migration once, in version order', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'db-')), 'nested', 'bridge.db');
    const first = openDatabase({ path });
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = first.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'activity', 'contact_sync_state', 'jobs', 'webhooks']));
    first.close();

    const again = openDatabase({ path });
    expect(migrate(again, migrations)).toEqual([]);
    const latest = Math.max(...migrations.map((m) => m.version));
    const later = [...migrations, { version: latest + 1, name: 'later', sql: 'CREATE TABLE later (id INTEGER)' }];
    expect(migrate(again, later)).toEqual([latest + 1]);
    expect(again.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(later.map((m) => m.version));
    again.close();
  });

  it('rolls a failing migration back whole', () => {
    const db = openDatabase({ path: ':memory:' });
    const latest = Math.max(...migrations.map((m) => m.version));
    const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); SELECT nonsense FROM nowhere;' }];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(latest);
  });

  it('reads the file path out of DATABASE_URL', () => {
    expect(sqlitePathFromUrl('sqlite:./data/bridge.db')).toBe('./data/bridge.db');
    expect(sqlitePathFromUrl('sqlite:///var/lib/bridge.db')).toBe('/var/lib/bridge.db');
  });
});
