import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export class ChromiumNotFound extends Error {
  override name = 'ChromiumNotFound';
}

/** The browser tests use the system Chromium; playwright-core downloads none. */
export function chromiumPath(): string {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new ChromiumNotFound(
      `No Chromium at ${path}. Install one (Debian: apt-get install chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary.`,
    );
  }
  return path;
}

/** Quiet, sandbox-free flags for this machine and CI; `--headless` itself is added by the caller. */
export const CHROMIUM_QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--headless', ...CHROMIUM_QUIET_ARGS] });
}
