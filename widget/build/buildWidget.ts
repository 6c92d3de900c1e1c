/**
 * `npm run build`: script.js from widget/script/, then dist/widget/ (unpacked) and dist/widget.zip,
 * the archive to upload in Kommo. Exits non-zero with the reason when Kommo would refuse the result.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import widgetViteConfig from '../vite.config.ts';
import { bundleWidgetScript, WidgetBundleRejected } from './bundleScript.ts';
import { NotAPng } from './pngHeader.ts';
import { packWidget, WidgetPackageInvalid } from './packWidget.ts';

const widgetDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
/** The panel loads inside every card the manager opens; past this the card visibly waits for it. */
const SCRIPT_GZIP_BUDGET = 30 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

try {
  const started = performance.now();
  const script = await bundleWidgetScript(widgetViteConfig);
  mkdirSync(distDir, { recursive: true });
  const { zipBytes } = packWidget({ widgetDir, script, outDir: `${distDir}widget`, zipPath: `${distDir}widget.zip` });
  const gzipped = gzipSync(script).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `script.js ${kb(Buffer.byteLength(script))} (${kb(gzipped)} gzipped, budget ${kb(SCRIPT_GZIP_BUDGET)})\n` +
      `dist/widget.zip ${kb(zipBytes)}, built in ${seconds} s\n`,
  );
  if (gzipped > SCRIPT_GZIP_BUDGET) {
    process.stdout.write(`warning: script.js is over its gzipped budget by ${kb(gzipped - SCRIPT_GZIP_BUDGET)}.\n`);
  }
} catch (error) {
  if (error instanceof WidgetBundleRejected || error instanceof WidgetPackageInvalid || error instanceof NotAPng) {
    process.stderr.write(`Widget build failed: ${error.message}\n`);
  } else {
    process.stderr.write(`Widget build failed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
}
