/**
 * Draws the widget's logos into widget/images/ at the sizes Kommo requires (kommoLogos.ts).
 * Run it after changing the artwork: `node --import tsx widget/build/drawLogos.ts`. The PNGs are
 * committed, so the build does not depend on it.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kommoLogos, type KommoLogoName } from './kommoLogos.ts';
import { drawKommoLogo } from './logoArtwork.ts';
import { encodePng } from './pngEncoder.ts';

const imagesDir = fileURLToPath(new URL('../images/', import.meta.url));
for (const name of Object.keys(kommoLogos) as KommoLogoName[]) {
  const logo = drawKommoLogo(name);
  const png = encodePng(logo);
  writeFileSync(imagesDir + name, png);
  process.stdout.write(`${name} ${logo.width}×${logo.height} ${(png.length / 1024).toFixed(1)} KB\n`);
}
