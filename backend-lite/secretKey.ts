import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SPEC §5.2: SECRET_KEY defaults to a key generated into the data directory on first start, so a
 * self-hoster gets encryption at rest without a setup step. Losing the file loses the stored secrets.
 */
export function loadOrCreateSecretKey(dataDir: string, fromEnv: string | undefined): { key: string; created: boolean } {
  if (fromEnv) return { key: fromEnv, created: false };
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) return { key: readFileSync(path, 'utf8').trim(), created: false };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(path, key + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, created: true };
}
