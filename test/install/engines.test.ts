import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { satisfiesRange } from './nodeRange.ts';

type Locked = { packages: Record<string, { engines?: { node?: string } }> };
const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as T;
const lock = read<Locked>('package-lock.json');
const declared = read<{ engines: { node: string } }>('package.json').engines.node;

/** Every locked package (build and test tools included: npm ci installs them) that refuses this Node.js version. */
function refusing(version: string): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.engines?.node !== undefined && !satisfiesRange(version, entry.engines.node))
    .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')} needs ${entry.engines?.node}`);
}

const probes = Array.from({ length: 11 }, (_, i) => 18 + i).flatMap((major) => [0, 12, 13, 19, 99].map((minor) => `${major}.${minor}.0`));

describe('package.json engines.node', () => {
  it('admits exactly the Node.js versions every locked package admits', () => {
    const wrong = probes
      .filter((version) => satisfiesRange(version, declared) !== (refusing(version).length === 0))
      .map((version) => `${version}: engines ${satisfiesRange(version, declared) ? 'admits' : 'refuses'} it, packages refusing it: ${refusing(version).join(', ') || 'none'}`);
    expect(wrong).toEqual([]);
    expect(lock.packages['']?.engines?.node).toBe(declared);
  });

  it('names what rules out the versions left out (so a dependency upgrade that moves them is noticed here)', () => {
    expect(refusing('22.12.0')).toContain('listr2 needs >=22.13.0');
    expect(refusing('23.11.0')).toContain('vitest needs ^20.0.0 || ^22.0.0 || >=24.0.0');
    expect(refusing('27.0.0')).toContain('better-sqlite3 needs 20.x || 22.x || 23.x || 24.x || 25.x || 26.x');
  });

  it('reads the range forms engines fields use', () => {
    expect(satisfiesRange('22.13.0', '^20.19.0 || ^22.13.0 || >=24')).toBe(true);
    expect(satisfiesRange('23.0.0', '^20.19.0 || ^22.13.0 || >=24')).toBe(false);
    expect(satisfiesRange('26.4.1', '20.x || 26.x')).toBe(true);
    expect(satisfiesRange('9.0.0', '6.* || 8.* || >= 10.*')).toBe(false);
    expect(satisfiesRange('10.1.0', '>= 0.6.x')).toBe(true);
    expect(satisfiesRange('27.0.0', '^22.13.0 || >=24 <27')).toBe(false);
    expect(satisfiesRange('14.16.9', '~14.17')).toBe(false);
    expect(satisfiesRange('5.0.0', '*')).toBe(true);
    expect(() => satisfiesRange('20.0.0', '20.0.0 - 22.0.0')).toThrow('Cannot read the range part "-"');
  });
});
