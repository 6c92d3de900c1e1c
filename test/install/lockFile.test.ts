import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lockFileProblems, type LockFile, type PackageJson } from './lockFileCheck.ts';

const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as T;
const lock = read<LockFile>('package-lock.json');
const pkg = read<PackageJson>('package.json');

describe('package-lock.json (npm ci must pass on every platform)', () => {
  it('lists every optional package of every platform and matches package.json', () => {
    expect(lockFileProblems(lock, pkg)).toEqual([]);
  });

  it('notices a platform binary removed from the lock', () => {
    const platformEntry = Object.keys(lock.packages).find((path) => path.endsWith('/@rollup/rollup-darwin-arm64'));
    expect(platformEntry).toBeDefined();
    const trimmed: LockFile = { packages: { ...lock.packages } };
    delete trimmed.packages[platformEntry!];
    expect(lockFileProblems(trimmed, pkg)).toContainEqual(expect.stringContaining('optional @rollup/rollup-darwin-arm64'));
  });

  it('notices a dependency added to package.json but not to the lock', () => {
    const problems = lockFileProblems(lock, { ...pkg, dependencies: { ...pkg.dependencies, 'left-pad': '^1.3.0' } });
    expect(problems).toEqual(['package.json dependencies has left-pad@^1.3.0, the lock file nothing']);
  });
});
