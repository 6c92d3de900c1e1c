import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { kommoLogos, MAX_IMAGE_BYTES } from './kommoLogos.ts';
import { readPngSize } from './pngHeader.ts';

export class WidgetPackageInvalid extends Error {
  override name = 'WidgetPackageInvalid';
}

const BOM = '\uFEFF';

/** Kommo wants every text file as UTF-8 without a BOM and with LF line endings (reference §1.1). */
function normaliseText(text: string): Uint8Array {
  return new TextEncoder().encode((text.startsWith(BOM) ? text.slice(1) : text).replace(/\r\n?/g, '\n'));
}

function readJson(path: string, label: string): { bytes: Uint8Array; value: unknown } {
  const bytes = normaliseText(readFileSync(path, 'utf8'));
  try {
    return { bytes, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch (error) {
    throw new WidgetPackageInvalid(`${label} is not valid JSON: ${(error as Error).message}`);
  }
}

function manifestLocales(manifest: unknown): string[] {
  const locale = (manifest as { widget?: { locale?: unknown } } | null)?.widget?.locale;
  if (!Array.isArray(locale) || locale.length === 0 || !locale.every((code) => typeof code === 'string')) {
    throw new WidgetPackageInvalid('manifest.json needs widget.locale, a list such as ["en", "es", "pt"].');
  }
  return locale;
}

function checkedImages(imagesDir: string): Record<string, Uint8Array> {
  const images: Record<string, Uint8Array> = {};
  for (const name of readdirSync(imagesDir).filter((file) => file.endsWith('.png'))) {
    const bytes = readFileSync(join(imagesDir, name));
    if (bytes.length > MAX_IMAGE_BYTES) {
      throw new WidgetPackageInvalid(`images/${name} is ${Math.ceil(bytes.length / 1024)} KB; Kommo accepts at most 300 KB per image.`);
    }
    images[`images/${name}`] = bytes;
  }
  for (const [name, want] of Object.entries(kommoLogos)) {
    const bytes = images[`images/${name}`];
    if (!bytes) throw new WidgetPackageInvalid(`images/${name} is missing; run node --import tsx widget/build/drawLogos.ts.`);
    const got = readPngSize(bytes, `images/${name}`);
    if (got.width !== want.width || got.height !== want.height) {
      throw new WidgetPackageInvalid(`images/${name} is ${got.width}×${got.height}; Kommo expects ${want.width}×${want.height}.`);
    }
  }
  return images;
}

/**
 * Lays out the archive exactly as Kommo reads it, every file at the root (reference §1.1), writes
 * it unpacked to `outDir` (served by the browser tests and the demo) and zipped to `zipPath`.
 * `modules` are the bundled scripts by file name: script.js, which Kommo loads, and settings.js.
 */
export function packWidget({ widgetDir, modules, outDir, zipPath }: { widgetDir: string; modules: Record<string, string>; outDir: string; zipPath: string }) {
  if (modules['script.js'] === undefined) throw new WidgetPackageInvalid('script.js is missing: Kommo loads the widget from it.');
  const manifest = readJson(join(widgetDir, 'manifest.json'), 'manifest.json');
  const files: Record<string, Uint8Array> = { 'manifest.json': manifest.bytes };
  for (const [name, code] of Object.entries(modules)) files[name] = normaliseText(code);
  for (const code of manifestLocales(manifest.value)) {
    const path = join(widgetDir, 'i18n', `${code}.json`);
    try {
      files[`i18n/${code}.json`] = readJson(path, `i18n/${code}.json`).bytes;
    } catch (error) {
      if (error instanceof WidgetPackageInvalid) throw error;
      throw new WidgetPackageInvalid(`manifest.json declares the locale "${code}" but widget/i18n/${code}.json cannot be read.`);
    }
  }
  Object.assign(files, checkedImages(join(widgetDir, 'images')));

  rmSync(outDir, { recursive: true, force: true });
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), bytes);
  }
  const zip = zipSync(files, { level: 9 });
  writeFileSync(zipPath, zip);
  return { files, zipBytes: zip.length };
}
