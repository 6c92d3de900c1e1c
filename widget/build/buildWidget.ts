/**
 * `npm run build`: script.js and settings.js from widget/script/ and widget/settings/, then
 * dist/widget/ (unpacked) and dist/widget.zip, the archive to upload in Kommo. Exits non-zero with
 * the reason when Kommo would refuse the result.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { widgetModules } from '../vite.config.ts';
import { bundleWidgetModule, WidgetBundleRejected } from './bundleScript.ts';
import { NotAPng } from './pngHeader.ts';
import { packWidget, WidgetPackageInvalid } from './packWidget.ts';

const widgetDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const GZIP_BUDGETS = {
  /** Loads inside every card the manager opens; past this the card visibly waits for it. */
  'script.js': 30 * 1024,
  /** Loads only when an admin opens the settings page, and repeats preact, signals and zod/mini. */
  'settings.js': 60 * 1024,
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

try {
  const started = performance.now();
  const modules: Record<string, string> = {};
  for (const module of widgetModules) modules[module.fileName] = await bundleWidgetModule(module);
  mkdirSync(distDir, { recursive: true });
  const { zipBytes } = packWidget({ widgetDir, modules, outDir: `${distDir}widget`, zipPath: `${distDir}widget.zip` });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const warnings: string[] = [];
  for (const [fileName, budget] of Object.entries(GZIP_BUDGETS)) {
    const code = modules[fileName] ?? '';
    const gzipped = gzipSync(code).length;
    process.stdout.write(`${fileName} ${kb(Buffer.byteLength(code))} (${kb(gzipped)} gzipped, budget ${kb(budget)})\n`);
    if (gzipped > budget) warnings.push(`warning: ${fileName} is over its gzipped budget by ${kb(gzipped - budget)}.\n`);
  }
  process.stdout.write(`dist/widget.zip ${kb(zipBytes)}, built in ${seconds} s\n${warnings.join('')}`);
} catch (error) {
  if (error instanceof WidgetBundleRejected || error instanceof WidgetPackageInvalid || error instanceof NotAPng) {
    process.stderr.write(`Widget build failed: ${error.message}\n`);
  } else {
    process.stderr.write(`Widget build failed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
}
