import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchNodeRelease, resolveNodeVersion, type NodeRelease } from './nodeRelease.ts';

/**
 * `npm run test:node -- 24`: the README's `npm ci && npm test` on another Node.js line, in a copy of
 * the repository's tracked files (as they are in this working tree), with that line's node first in
 * PATH. better-sqlite3 is compiled against the release's own headers, never a prebuilt binary, so
 * the native module is proven to build there too. Output goes to the terminal and to
 * .cache/node/test-node-<version>.log; the copy is deleted when everything passed.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir = join(repoRoot, '.cache', 'node');

function copyTrackedFiles(to: string): number {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${repoRoot}: ${listed.stderr.trim()}`);
  let copied = 0;
  for (const file of listed.stdout.split('\0')) {
    // A tracked file deleted in the working tree is left out, as a commit of this tree would.
    if (!file || !existsSync(join(repoRoot, file))) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(to, file));
    copied++;
  }
  return copied;
}

/** The parent `npm run` leaves npm_* and NODE pointing at this machine's node; the child npm must not inherit them. */
function envFor(release: NodeRelease): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') && key !== 'NODE' && key !== 'INIT_CWD') env[key] = value;
  }
  return {
    ...env,
    PATH: `${release.binDir}:${process.env['PATH'] ?? ''}`,
    npm_config_nodedir: release.root,
    npm_config_build_from_source: 'true',
  };
}

function step(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: WriteStream): Promise<{ code: number; seconds: number }> {
  const started = Date.now();
  log.write(`\n$ ${command} ${args.join(' ')}\n`);
  process.stdout.write(`\n$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        process.stdout.write(chunk);
        log.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, seconds: (Date.now() - started) / 1000 }));
  });
}

function vitestSummary(logText: string): string {
  const plain = logText.replace(/\x1b\[[0-9;]*m/g, '');
  const line = (label: string) => plain.match(new RegExp(`^\\s*${label}\\s+(.+)$`, 'm'))?.[1]?.trim() ?? 'not reached';
  return `test files: ${line('Test Files')}; tests: ${line('Tests')}`;
}

const spec = process.argv[2];
if (!spec) {
  process.stderr.write('Usage: npm run test:node -- <Node.js line or version>, e.g. npm run test:node -- 24\n');
  process.exit(2);
}
const release = fetchNodeRelease(resolveNodeVersion(spec), cacheDir);
const env = envFor(release);
const workDir = mkdtempSync(join(tmpdir(), `bridge-node-${release.version}-`));
const logPath = join(cacheDir, `test-node-${release.version}.log`);
const log = createWriteStream(logPath);
const files = copyTrackedFiles(workDir);
const nodeVersion = spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout.trim();
process.stdout.write(`Node ${nodeVersion} from ${release.root}\n${files} tracked files copied to ${workDir}\n`);
log.write(`node ${nodeVersion}, ${files} files in ${workDir}\n`);

const install = await step('npm', ['ci'], workDir, env, log);
const addon = join(workDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const tests = install.code === 0 ? await step('npm', ['test'], workDir, env, log) : undefined;
await new Promise((resolve) => log.end(resolve));

const report = [
  `Node ${nodeVersion}:`,
  `  npm ci: ${install.code === 0 ? 'ok' : `failed (exit ${install.code})`} in ${install.seconds.toFixed(0)} s; better-sqlite3 ${existsSync(addon) ? 'compiled from source' : 'NOT compiled'}`,
  tests ? `  npm test: ${tests.code === 0 ? 'passed' : `failed (exit ${tests.code})`} in ${tests.seconds.toFixed(0)} s — ${vitestSummary(readFileSync(logPath, 'utf8'))}` : '  npm test: not run',
  `  log: ${logPath}`,
];
const passed = tests?.code === 0;
if (passed) rmSync(workDir, { recursive: true, force: true });
else report.push(`  the copy is kept for a look: ${workDir}`);
process.stdout.write(`\n${report.join('\n')}\n`);
process.exit(passed ? 0 : 1);
