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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
