import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.ts';
import { runBackupCommand } from './backupCommand.ts';
import { UsageError } from './tokenCommand.ts';

describe('npm run bridge -- backup', () => {
  it('prints the size, the time and which key the copy needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-cli-'));
    await (await openDatabase({ url: `sqlite:${join(dir, 'bridge.db')}` })).close();
    let out = '';
    const write = (text: string) => (out += text);
    await runBackupCommand([join(dir, 'monday.db')], { databaseUrl: `sqlite:${join(dir, 'bridge.db')}`, secretKeyFromEnv: false, write });
    expect(out).toMatch(new RegExp(`^Backed up ${join(dir, 'bridge.db')} to ${join(dir, 'monday.db')}: 0\\.\\d MB \\(\\d+ pages\\) in \\d+\\.\\d\\d s; SQLite's quick_check says ok\\.\\n`));
    expect(out).toContain(`can only be read with ${join(dir, 'secret.key')}: keep a copy of that too`);

    out = '';
    await runBackupCommand([join(dir, 'tuesday.db')], { databaseUrl: `sqlite:${join(dir, 'bridge.db')}`, secretKeyFromEnv: true, write });
    expect(out).toContain('can only be read with SECRET_KEY (set in the environment)');
  });

  it('says how to call it, and that PostgreSQL is not backed up by it', async () => {
    const deps = { databaseUrl: 'sqlite:./data/bridge.db', secretKeyFromEnv: false, write: () => {} };
    await expect(runBackupCommand([], deps)).rejects.toThrow(UsageError);
    await expect(runBackupCommand(['a.db', 'b.db'], deps)).rejects.toThrow(/npm run bridge -- backup <new file>/);
    await expect(runBackupCommand(['a.db'], { ...deps, databaseUrl: 'postgres://bridge@db/bridge' })).rejects.toThrow(
      'DATABASE_URL is not an SQLite URL: this command backs up SQLite only (PostgreSQL is not supported by this version yet).',
    );
  });
});
