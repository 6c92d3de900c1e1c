/**
 * The extension part of `npm run build`: WXT builds and zips the extension for Chrome and Firefox
 * (dist/extension/{browser}-mv3, dist/extension-{browser}.zip) and the content script's gzipped size
 * is printed against its budget. Exits non-zero with the reason when a build fails.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { zip } from 'wxt';

const root = fileURLToPath(new URL('../../', import.meta.url));
const configFile = fileURLToPath(new URL('../wxt.config.ts', import.meta.url));
const BROWSERS = ['chrome', 'firefox'] as const;
/** The content script loads with every Kommo page the manager opens, so it is kept small. */
const CONTENT_SCRIPT_GZIP_BUDGET = 40 * 1024;

export class ExtensionBuildFailed extends Error {
  override name = 'ExtensionBuildFailed';
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function contentScriptGzipped(browser: string): number {
  const path = `${root}dist/extension/${browser}-mv3/content-scripts/content.js`;
  try {
    return gzipSync(readFileSync(path)).length;
  } catch (error) {
    throw new ExtensionBuildFailed(`WXT finished but ${path} is missing (${error instanceof Error ? error.message : String(error)}); is extension/entrypoints/content/index.ts still there?`);
  }
}

try {
  const lines: string[] = [];
  let overBudget = false;
  for (const browser of BROWSERS) {
    const zips = await zip({ root, configFile, browser, logger: quietLogger() });
    const zipPath = zips[0];
    if (!zipPath) throw new ExtensionBuildFailed(`WXT built the ${browser} extension but wrote no zip.`);
    const gzipped = contentScriptGzipped(browser);
    overBudget ||= gzipped > CONTENT_SCRIPT_GZIP_BUDGET;
    lines.push(
      `extension ${browser}: content script ${kb(gzipped)} gzipped (budget ${kb(CONTENT_SCRIPT_GZIP_BUDGET)}), ` +
        `${zipPath.slice(root.length)} ${kb(statSync(zipPath).size)}`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  if (overBudget) process.stdout.write('warning: the content script is over its gzipped budget.\n');
} catch (error) {
  process.stderr.write(`Extension build failed: ${error instanceof Error ? (error instanceof ExtensionBuildFailed ? error.message : (error.stack ?? error.message)) : String(error)}\n`);
  process.exitCode = 1;
}

/** WXT's own progress lines would drown the widget build's summary; its warnings and errors still show. */
function quietLogger() {
  const write = (level: string) => (...args: unknown[]) => process.stderr.write(`[wxt ${level}] ${args.map(String).join(' ')}\n`);
  const silent = () => {};
  return { debug: silent, log: silent, info: silent, success: silent, box: silent, warn: write('warn'), error: write('error'), fatal: write('fatal'), level: 0 };
}
