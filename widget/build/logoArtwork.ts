/**
 * The bridge mark and the widget's logos as RGBA pixels: drawLogos.ts writes the Kommo logos from
 * them, and the browser extension's build draws its icons with the same mark.
 */
import { kommoLogos, type KommoLogoName } from './kommoLogos.ts';
import type { RgbaImage } from './pngEncoder.ts';

type Rgba = readonly [number, number, number, number];
/** Colour of a layer at a point, or null where the layer does not cover it. */
type Layer = (x: number, y: number) => Rgba | null;

const WHITE: Rgba = [255, 255, 255, 255];
const INK: Rgba = [21, 48, 67, 255]; // Kommo's dark navy, #153043
const TEAL: Rgba = [23, 163, 152, 255];
const BLUE: Rgba = [15, 95, 168, 255];
const CARD: Rgba = [246, 249, 252, 255];

/** Edges are anti-aliased by averaging SAMPLES² points per pixel. */
const SAMPLES = 4;

function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const k = Math.min(1, Math.max(0, t));
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k, a[3] + (b[3] - a[3]) * k];
}

function insideRoundedRect(x: number, y: number, left: number, top: number, width: number, height: number, radius: number) {
  const dx = Math.max(left + radius - x, 0, x - (left + width - radius));
  const dy = Math.max(top + radius - y, 0, y - (top + height - radius));
  return x >= left && x <= left + width && y >= top && y <= top + height && dx * dx + dy * dy <= radius * radius;
}

function roundedRect(left: number, top: number, width: number, height: number, radius: number, colour: Rgba): Layer {
  return (x, y) => (insideRoundedRect(x, y, left, top, width, height, radius) ? colour : null);
}

/** The mark: an arch bridge joining two nodes (the CRM and the ESPs) on a blue→teal tile. */
function bridgeIcon(left: number, top: number, size: number): Layer[] {
  const at = (fx: number, fy: number) => [left + fx * size, top + fy * size] as const;
  const [centreX, arcCentreY] = at(0.5, 0.78);
  const deckY = top + 0.56 * size;
  const outer = 0.44 * size;
  const inner = 0.375 * size;
  const stroke = 0.036 * size;
  const tile: Layer = (x, y) =>
    insideRoundedRect(x, y, left, top, size, size, 0.22 * size) ? mix(BLUE, TEAL, ((x - left) + (y - top)) / (2 * size)) : null;
  const arc: Layer = (x, y) => {
    const d = Math.hypot(x - centreX, y - arcCentreY);
    return y < deckY && d >= inner && d <= outer ? WHITE : null;
  };
  const hangers: Layer = (x, y) => {
    const nearHanger = [-0.2, -0.1, 0, 0.1, 0.2].some((offset) => Math.abs(x - (centreX + offset * size)) <= stroke / 2);
    return nearHanger && y < deckY && Math.hypot(x - centreX, y - arcCentreY) < inner + 1 ? WHITE : null;
  };
  const deck = roundedRect(left + 0.14 * size, deckY, 0.72 * size, 0.07 * size, 0.035 * size, WHITE);
  const node = (fx: number): Layer => {
    const [nx, ny] = at(fx, 0.595);
    return (x, y) => (Math.hypot(x - nx, y - ny) <= 0.085 * size ? WHITE : null);
  };
  return [tile, arc, hangers, deck, node(0.16), node(0.84)];
}

/** 5×7 capitals for the word mark; only the letters it uses. */
const GLYPHS: Record<string, readonly string[]> = {
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  I: ['11111', '00100', '00100', '00100', '00100', '00100', '11111'],
  D: ['11110', '10001', '10001', '10001', '10001', '10001', '11110'],
  G: ['01111', '10000', '10000', '10111', '10001', '10001', '01111'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};

function textWidth(text: string, cell: number) {
  return (text.length * 6 - 1) * cell;
}

function text(word: string, left: number, top: number, cell: number, colour: Rgba): Layer {
  return (x, y) => {
    const column = Math.floor((x - left) / cell);
    const row = Math.floor((y - top) / cell);
    if (column < 0 || row < 0 || row > 6) return null;
    const glyph = GLYPHS[word[Math.floor(column / 6)] ?? ''];
    return glyph?.[row]?.[column % 6] === '1' ? colour : null;
  };
}

function render(width: number, height: number, layers: Layer[]): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = px + (sx + 0.5) / SAMPLES;
          const y = py + (sy + 0.5) / SAMPLES;
          let colour: Rgba = [0, 0, 0, 0];
          for (const layer of layers) {
            const painted = layer(x, y);
            if (painted) colour = mix(colour, painted, painted[3] / 255);
          }
          // Premultiplied sums, so a transparent sample does not darken the edge.
          const alpha = colour[3] / 255;
          sum[0]! += colour[0] * alpha;
          sum[1]! += colour[1] * alpha;
          sum[2]! += colour[2] * alpha;
          sum[3]! += colour[3];
        }
      }
      const coverage = sum[3]! / 255;
      const offset = (py * width + px) * 4;
      for (let c = 0; c < 3; c++) pixels[offset + c] = coverage > 0 ? Math.round(sum[c]! / coverage) : 0;
      pixels[offset + 3] = Math.round(sum[3]! / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

function centredIcon(width: number, height: number, size: number): Layer[] {
  return bridgeIcon((width - size) / 2, (height - size) / 2, size);
}

const artwork: Record<KommoLogoName, (width: number, height: number) => Layer[]> = {
  // Marketplace tile: 10 px margins (reference §1.4), mark above the word.
  'logo_main.png': (width, height) => {
    const cell = 5;
    return [
      roundedRect(0, 0, width, height, 24, CARD),
      ...bridgeIcon((width - 150) / 2, 28, 150),
      text('ESP BRIDGE', (width - textWidth('ESP BRIDGE', cell)) / 2, 204, cell, INK),
    ];
  },
  // Expanded card panel: a light card, so the word stays legible on Kommo's dark theme too.
  'logo_medium.png': (width, height) => [
    roundedRect(0, 0, width, height, 12, CARD),
    ...bridgeIcon(10, 10, height - 20),
    text('ESP', height + 4, 12, 4, TEAL),
    text('BRIDGE', height + 4, 44, 4, INK),
  ],
  'logo.png': (width, height) => centredIcon(width, height, 90),
  'logo_small.png': (width, height) => centredIcon(width, height, 88),
  'logo_min.png': (width, height) => centredIcon(width, height, 80),
};

export function drawKommoLogo(name: KommoLogoName): RgbaImage {
  const { width, height } = kommoLogos[name];
  return { width, height, pixels: render(width, height, artwork[name](width, height)) };
}

/** The mark alone, `markSize` px wide, centred on a transparent square of `size` px. */
export function drawMark(size: number, markSize = size): RgbaImage {
  return { width: size, height: size, pixels: render(size, size, centredIcon(size, size, markSize)) };
}
