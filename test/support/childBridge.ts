import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type ChildBridge = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the port once the server logs `server.listening`. */
  listening: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * backend-lite as a real process, started the way `npm start` starts it, with only the given
 * environment (plus PATH/HOME), so tests see exactly what an operator sees.
 */
export function spawnBridge(env: Record<string, string>): ChildBridge {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend-lite/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"event":"server\.listening".*?"port":(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(({ code }) => reject(new Error(`bridge exited (code ${code}) before listening:\n${err}`)));
  });
  listening.catch(() => {});
  return { child, stdout: () => out, stderr: () => err, listening, exited };
}

/** `npm run bridge -- <args>` as its own process, the way an operator runs it beside `npm start`. */
export function runBridgeCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend-lite/cli/bridgeCli.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
