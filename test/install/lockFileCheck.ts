/**
 * Why `npm ci` refuses a lock file, found without running it: a package's optional dependency
 * that no lock entry resolves (a platform's prebuilt binary left out, e.g. when the lock was
 * written by `npm install` on one platform from a registry that lacked the others), or a root
 * dependency range that differs from package.json's.
 */
export type LockFile = {
  packages: Record<string, { optionalDependencies?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
};
export type PackageJson = { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };

/** Node's lookup: the package's own node_modules, then each enclosing node_modules up to the root. */
function resolves(lock: LockFile, from: string, name: string): boolean {
  let base = from;
  for (;;) {
    if (`${base ? `${base}/` : ''}node_modules/${name}` in lock.packages) return true;
    if (!base) return false;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

export function lockFileProblems(lock: LockFile, pkg: PackageJson): string[] {
  const problems: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolves(lock, path, name)) problems.push(`${path || 'the project'} lists optional ${name}, which the lock file does not contain`);
    }
  }
  const root = lock.packages[''] ?? {};
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
    const wanted = pkg[field] ?? {};
    const locked = root[field as keyof typeof root] ?? {};
    for (const [name, range] of Object.entries(wanted)) {
      if (locked[name] !== range) problems.push(`package.json ${field} has ${name}@${range}, the lock file ${locked[name] ?? 'nothing'}`);
    }
    for (const name of Object.keys(locked)) {
      if (!(name in wanted)) problems.push(`the lock file's ${field} has ${name}, package.json does not`);
    }
  }
  return problems;
}
