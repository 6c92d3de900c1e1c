import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Gzipped size in KB of a built file, or undefined when it has not been built (`npm run build`). */
export function gzippedKb(path: URL): number | undefined {
  if (!existsSync(path)) return undefined;
  return gzipSync(readFileSync(path), { level: 9 }).length / 1024;
}
