import { existsSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readPngSize } from '../../widget/build/pngHeader.ts';

/** The icons in the BUILT zips: what the browsers' toolbars, extension pages and stores show. */
describe.each(['chrome', 'firefox'])('dist/extension-%s.zip', (browser) => {
  function zipFiles(): Record<string, Uint8Array> {
    const zipPath = new URL(`../../dist/extension-${browser}.zip`, import.meta.url);
    if (!existsSync(zipPath)) throw new Error(`dist/extension-${browser}.zip is missing: run \`npm run build\` first (npm test does).`);
    return unzipSync(readFileSync(zipPath));
  }

  it('names a 16, 32, 48 and 128 px icon in its manifest, and each PNG has that size', () => {
    const files = zipFiles();
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { icons?: Record<string, string> };
    expect(Object.keys(manifest.icons ?? {}).map(Number).sort((a, b) => a - b)).toEqual([16, 32, 48, 128]);
    for (const [size, path] of Object.entries(manifest.icons ?? {})) {
      const png = files[path];
      expect(png, `${path} is named in the manifest but not in the zip`).toBeDefined();
      expect(readPngSize(png!, path)).toEqual({ width: Number(size), height: Number(size) });
    }
  });
});
