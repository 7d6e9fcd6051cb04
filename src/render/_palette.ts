/**
 * The heatmap palette shared by the text, HTML and SVG renderers: ColorBrewer "Blues" (9 classes,
 * Brewer 2003, colorbrewer2.org), a single-hue sequential scheme marked colour-blind safe, interpolated
 * linearly in sRGB. Light means low retention, dark means high.
 */

const STOPS: readonly (readonly [number, number, number])[] = [
  [0xf7, 0xfb, 0xff],
  [0xde, 0xeb, 0xf7],
  [0xc6, 0xdb, 0xef],
  [0x9e, 0xca, 0xe1],
  [0x6b, 0xae, 0xd6],
  [0x42, 0x92, 0xc6],
  [0x21, 0x71, 0xb5],
  [0x08, 0x51, 0x9c],
  [0x08, 0x30, 0x6b],
];

/** A cell's colours: background and the text colour with the higher WCAG contrast on it. */
export interface Shade {
  /** Background as `#rrggbb`. */
  readonly background: string;
  /** `#000000` or `#ffffff`. */
  readonly text: string;
  /** Nearest xterm 256-colour index (16-255) of the background. */
  readonly ansiBackground: number;
  /** xterm index of the text colour: 16 (black) or 231 (white). */
  readonly ansiText: number;
}

/**
 * Shades already computed, by value: a table has few distinct retentions per column, and the nearest
 * xterm colour costs 240 distances, so a large table reuses them. Bounded: emptied when full.
 */
const SHADES = new Map<number, Shade>();
const MAX_SHADES = 4096;

/** The shade of a value in [0, 1] (values outside are clamped). */
export function shade(value: number): Shade {
  let known = SHADES.get(value);
  if (known === undefined) {
    if (SHADES.size >= MAX_SHADES) SHADES.clear();
    known = Object.freeze(computeShade(value));
    SHADES.set(value, known);
  }
  return known;
}

function computeShade(value: number): Shade {
  const t = Math.min(1, Math.max(0, value));
  const position = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(position));
  const f = position - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  const rgb = [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
  const luminance = relativeLuminance(rgb);
  // Contrast ratios (WCAG 2.x): against white (1.05 / (L + 0.05)) and against black ((L + 0.05) / 0.05).
  const white = 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05;
  return {
    background: `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`,
    text: white ? '#ffffff' : '#000000',
    ansiBackground: nearestXterm(rgb),
    ansiText: white ? 231 : 16,
  };
}

function relativeLuminance(rgb: readonly [number, number, number]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const CUBE = [0, 95, 135, 175, 215, 255];

/** Nearest colour of the xterm 6x6x6 cube (16-231) or grey ramp (232-255), by squared sRGB distance. */
function nearestXterm(rgb: readonly [number, number, number]): number {
  let best = 16;
  let bestDistance = Number.POSITIVE_INFINITY;
  const consider = (index: number, r: number, g: number, b: number): void => {
    const d = (r - rgb[0]) ** 2 + (g - rgb[1]) ** 2 + (b - rgb[2]) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = index;
    }
  };
  for (let r = 0; r < 6; r++) for (let g = 0; g < 6; g++) for (let b = 0; b < 6; b++) consider(16 + 36 * r + 6 * g + b, CUBE[r]!, CUBE[g]!, CUBE[b]!);
  for (let i = 0; i < 24; i++) consider(232 + i, 8 + 10 * i, 8 + 10 * i, 8 + 10 * i);
  return best;
}
