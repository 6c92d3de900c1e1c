/**
 * The extension's icons: the widget's bridge mark (widget/build/logoArtwork.ts), drawn at build time
 * so they cannot drift from the Kommo logos, and handed to WXT as public files under icons/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CopiedPublicFile } from 'wxt';
import { drawMark } from '../../widget/build/logoArtwork.ts';
import { encodePng } from '../../widget/build/pngEncoder.ts';

/** Toolbar and favicon (16, 32 on high-density screens), the extensions page (48), install and stores (128). */
export const EXTENSION_ICON_SIZES = [16, 32, 48, 128] as const;

const iconPath = (size: number) => `icons/${size}.png`;

/** The manifest's `icons`: size → file in the build. */
export const extensionIconPaths = Object.fromEntries(EXTENSION_ICON_SIZES.map((size) => [String(size), iconPath(size)]));

/** The Chrome Web Store wants the 128 px icon's artwork 96 px wide, in 16 px of transparent margin. */
const markSize = (size: number) => (size === 128 ? 96 : size);

/** Draws the icons as PNGs into `dir` (a build directory) and lists them as files for WXT to copy. */
export function extensionIconFiles(dir: string): CopiedPublicFile[] {
  mkdirSync(dir, { recursive: true });
  return EXTENSION_ICON_SIZES.map((size) => {
    const absoluteSrc = join(dir, `${size}.png`);
    writeFileSync(absoluteSrc, encodePng(drawMark(size, markSize(size))));
    return { absoluteSrc, relativeDest: iconPath(size) };
  });
}
