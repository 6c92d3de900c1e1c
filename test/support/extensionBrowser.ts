/**
 * Chromium with the BUILT extension loaded (persistent context, --load-extension), for the
 * extension's browser tests. Extensions need the new headless mode.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_QUIET_ARGS, chromiumPath } from './chromium.ts';

export const EXTENSION_DIR = fileURLToPath(new URL('../../dist/extension/chrome-mv3', import.meta.url));

export class ExtensionBuildMissing extends Error {
  override name = 'ExtensionBuildMissing';
}

export type ExtensionBrowser = {
  context: BrowserContext;
  extensionId: string;
  /**
   * Grants the extension access to an origin, as the manager does by clicking Allow in Chrome's
   * permission prompt. A headless browser cannot show that prompt, so the grant goes through the
   * chrome://extensions page's own API (its "Site access" setting); `permissions.request` then
   * resolves true without a prompt, exactly as after a real Allow.
   */
  allowHost(originPattern: string): Promise<void>;
  close(): Promise<void>;
};

export type ExtensionBrowserOptions = {
  /** Chromium's `--host-resolver-rules`, e.g. to serve *.kommo.com locally. */
  hostResolverRules?: string;
  /** The browser's language (`navigator.language`), which the options page follows. */
  locale?: string;
};

export async function launchExtensionBrowser({ hostResolverRules, locale = 'en-US' }: ExtensionBrowserOptions): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new ExtensionBuildMissing(`${EXTENSION_DIR} has no manifest.json: run \`npm run build\` first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'kommo-extension-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 1000 },
    locale,
    args: [
      '--headless=new',
      ...CHROMIUM_QUIET_ARGS,
      ...(hostResolverRules ? [`--host-resolver-rules=${hostResolverRules}`] : []),
      '--ignore-certificate-errors',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async allowHost(originPattern) {
      const page = await context.newPage();
      await page.goto('chrome://extensions/');
      await page.evaluate(
        ([id, pattern]) => (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate.addHostPermission(id, pattern),
        [extensionId, originPattern] as const,
      );
      await page.close();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
