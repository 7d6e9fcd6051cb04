/**
 * The drawing parts the charts share (issue 12): linear scales with "nice" ticks, number formats, axes,
 * lines, steps, bands, markers and a legend, written as SVG strings with no DOM.
 *
 * Hand-written rather than d3-scale / d3-shape: the charts need linear scales, ticks at 1-2-5 steps,
 * straight and step paths and filled bands, about 200 lines here, while d3-scale pulls in d3-array,
 * d3-format, d3-interpolate, d3-time and d3-time-format (ESM-only, so the CommonJS build would have to
 * bundle them) for features the charts do not use; the library keeps two runtime dependencies.
 */
import { escapeHtml } from './_escape.js';
import { groupDigits } from './_reportFormat.js';

/** Width every chart is drawn for (its viewBox), readable at 640 px. */
export const CHART_WIDTH = 640;
/** The font stack of every chart's text. */
export const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
/** Estimated width in px of one character of the 12 px font, for layout. */
export const CHAR_WIDTH = 7;

/**
 * Series colours: Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2008), without its
 * yellow (too light on white) and in an order where neighbours differ in lightness too.
 */
export const SERIES_COLOURS: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
/** Text and axis greys. */
export const INK = '#222222';
export const MUTED = '#666666';
export const GRID = '#e3e3e3';

/** A number rounded to 2 decimals for SVG coordinates: short, and the same text on every runtime. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A linear scale from a data interval to a pixel interval, with its tick values. */
export interface LinearScale {
  /** The data interval drawn (after widening to nice ticks). */
  readonly domain: readonly [number, number];
  /** The pixel interval. */
  readonly range: readonly [number, number];
  /** The tick values, inside the domain, increasing. */
  readonly ticks: readonly number[];
  /** The distance between ticks. */
  readonly step: number;
  /** The pixel position of a data value (not clamped). */
  map(value: number): number;
}

/**
 * The tick step for about `count` ticks over [lo, hi]: 1, 2 or 5 times a power of ten (Heckbert, "Nice
 * numbers for graph labels", Graphics Gems, 1990). With `integer`, at least 1.
 */
export function tickStep(lo: number, hi: number, count: number, integer = false): number {
  const span = hi - lo;
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  const step = nice * power;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** Options of {@link linearScale}. */
export interface ScaleOptions {
  /** About how many ticks. Default 5. */
  readonly ticks?: number;
  /** Widen the domain to whole ticks. Default true. */
  readonly nice?: boolean;
  /** Ticks at whole numbers only (counts, periods). Default false. */
  readonly integer?: boolean;
}

/**
 * A linear scale. An empty or degenerate domain (lo = hi, or not finite) is widened to a unit interval
 * around it, so that a chart of one point or of all-equal values still draws.
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number], options: ScaleOptions = {}): LinearScale {
  let [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) [lo, hi] = lo === 0 ? [0, 1] : [Math.min(0, lo * 2), Math.max(0, hi * 2)];
  const step = tickStep(lo, hi, options.ticks ?? 5, options.integer ?? false);
  if (options.nice ?? true) {
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
  }
  const ticks: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let i = first; i <= last; i++) ticks.push(roundToStep(i * step, step));
  const [r0, r1] = range;
  const k = (r1 - r0) / (hi - lo);
  return { domain: [lo, hi], range: [r0, r1], ticks, step, map: (value) => r0 + (value - lo) * k };
}

/** A tick value without the binary noise of i × step (0.30000000000000004 → 0.3). */
function roundToStep(value: number, step: number): number {
  const decimals = decimalsOf(step);
  return Number(value.toFixed(Math.min(20, decimals)));
}

/** Decimals needed to write multiples of `step` exactly (0 for 1, 2, 5, 10, ...; 1 for 0.5; 2 for 0.05). */
export function decimalsOf(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.max(0, Math.min(20, -Math.floor(Math.log10(step) + 1e-9)));
}

/** A number with thousands separators and the given decimals, the same on every runtime (no locale). */
export function formatNumber(value: number, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '−' : ''}${groupDigits(fixed)}`;
}

/** A fraction as a percentage with as many decimals as multiples of `step` (a fraction) need. */
export function formatPercent(fraction: number, step = 0.1): string {
  return `${formatNumber(fraction * 100, decimalsOf(step * 100))}%`;
}

/** The plotting area inside a chart, in px. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** `<text>` with escaped content. */
export function text(x: number, y: number, content: string, style: { anchor?: 'start' | 'middle' | 'end'; size?: number; weight?: 'bold'; fill?: string; rotate?: boolean; baseline?: 'middle' | 'hanging' } = {}): string {
  const attributes = [
    `x="${px(x)}"`,
    `y="${px(y)}"`,
    style.anchor === undefined || style.anchor === 'start' ? '' : `text-anchor="${style.anchor}"`,
    style.size === undefined ? '' : `font-size="${style.size}"`,
    style.weight === undefined ? '' : `font-weight="${style.weight}"`,
    `fill="${style.fill ?? INK}"`,
    style.baseline === undefined ? '' : `dominant-baseline="${style.baseline}"`,
    style.rotate === true ? `transform="rotate(-90 ${px(x)} ${px(y)})"` : '',
  ].filter((a) => a !== '');
  return `<text ${attributes.join(' ')}>${escapeHtml(content)}</text>`;
}

/** The whole SVG document: size, viewBox, font, white background, `<title>` and `<desc>`, then `body`. */
export function svgDocument(width: number, height: number, title: string, description: string, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" font-family="${FONT}" font-size="12">` +
    `<title>${escapeHtml(title)}</title><desc>${escapeHtml(description)}</desc>` +
    `<rect width="${w}" height="${h}" fill="#ffffff"/>` +
    text(12, 22, title, { size: 15, weight: 'bold' }) +
    body +
    '</svg>'
  );
}

/** Options of {@link axes}. */
export interface AxesOptions {
  /** Title under the x axis. */
  readonly xTitle: string;
  /** Title left of the y axis (rotated). */
  readonly yTitle: string;
  /** Text of an x tick. Default `formatNumber` with the step's decimals. */
  readonly xFormat?: (value: number) => string;
  /** Text of a y tick. */
  readonly yFormat?: (value: number) => string;
}

/** Horizontal grid lines, the two axis lines, tick labels and axis titles of a plot area. */
export function axes(x: LinearScale, y: LinearScale, area: PlotArea, options: AxesOptions): string {
  const xFormat = options.xFormat ?? ((v: number) => formatNumber(v, decimalsOf(x.step)));
  const yFormat = options.yFormat ?? ((v: number) => formatNumber(v, decimalsOf(y.step)));
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  const parts: string[] = [];
  for (const value of y.ticks) {
    const py = y.map(value);
    parts.push(`<line x1="${px(area.left)}" x2="${px(right)}" y1="${px(py)}" y2="${px(py)}" stroke="${GRID}"/>`);
    parts.push(text(area.left - 6, py + 4, yFormat(value), { anchor: 'end', fill: MUTED }));
  }
  for (const value of x.ticks) {
    const pxv = x.map(value);
    parts.push(`<line x1="${px(pxv)}" x2="${px(pxv)}" y1="${px(bottom)}" y2="${px(bottom + 4)}" stroke="${MUTED}"/>`);
    parts.push(text(pxv, bottom + 17, xFormat(value), { anchor: 'middle', fill: MUTED }));
  }
  parts.push(`<line x1="${px(area.left)}" x2="${px(right)}" y1="${px(bottom)}" y2="${px(bottom)}" stroke="${MUTED}"/>`);
  parts.push(`<line x1="${px(area.left)}" x2="${px(area.left)}" y1="${px(area.top)}" y2="${px(bottom)}" stroke="${MUTED}"/>`);
  parts.push(text(area.left + area.width / 2, bottom + 36, options.xTitle, { anchor: 'middle' }));
  parts.push(text(14, area.top + area.height / 2, options.yTitle, { anchor: 'middle', rotate: true, baseline: 'hanging' }));
  return `<g class="axes">${parts.join('')}</g>`;
}

/** A point in px. */
export type Point = readonly [number, number];

/** Stroke options of a path. */
export interface StrokeStyle {
  readonly colour: string;
  /** Line width. Default 2. */
  readonly width?: number;
  /** A dash pattern such as `"6 4"`. Default solid. */
  readonly dash?: string;
}

function strokeAttributes(style: StrokeStyle): string {
  return `fill="none" stroke="${style.colour}" stroke-width="${style.width ?? 2}"${style.dash === undefined ? '' : ` stroke-dasharray="${style.dash}"`} stroke-linejoin="round" stroke-linecap="round"`;
}

/** A polyline through the points (none drawn for fewer than one point). */
export function line(points: readonly Point[], style: StrokeStyle): string {
  if (points.length === 0) return '';
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join('');
  return `<path d="${d}" ${strokeAttributes(style)}/>`;
}

/**
 * A step line that holds each value until the next point's x (a survival curve: horizontal, then
 * vertical), ending at `endX` when given.
 */
export function stepLine(points: readonly Point[], style: StrokeStyle, endX?: number): string {
  return line(stepPoints(points, endX), style);
}

/** The corner points of a step function through `points` (hold, then jump), to `endX` when given. */
export function stepPoints(points: readonly Point[], endX?: number): Point[] {
  const corners: Point[] = [];
  points.forEach(([x, y], i) => {
    if (i > 0) corners.push([x, points[i - 1]![1]]);
    corners.push([x, y]);
  });
  const lastPoint = points[points.length - 1];
  if (endX !== undefined && lastPoint !== undefined && endX > lastPoint[0]) corners.push([endX, lastPoint[1]]);
  return corners;
}

/** A filled band between an upper and a lower boundary (same x positions, left to right). */
export function band(upper: readonly Point[], lower: readonly Point[], colour: string, opacity = 0.18): string {
  if (upper.length === 0 || lower.length === 0) return '';
  const outline = [...upper, ...[...lower].reverse()];
  const d = `${outline.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join('')}Z`;
  return `<path d="${d}" fill="${colour}" fill-opacity="${opacity}" stroke="none"/>`;
}

/** A circle marker, filled or hollow (hollow marks incomplete or censored points), with a tooltip. */
export function marker(x: number, y: number, colour: string, hollow = false, tooltip?: string, radius = 3.5): string {
  const fill = hollow ? '#ffffff' : colour;
  const title = tooltip === undefined ? '' : `<title>${escapeHtml(tooltip)}</title>`;
  return `<circle cx="${px(x)}" cy="${px(y)}" r="${radius}" fill="${fill}" stroke="${colour}" stroke-width="1.5">${title}</circle>`;
}

/** A filled rectangle (bars), with an optional tooltip. */
export function rect(x: number, y: number, width: number, height: number, fill: string, tooltip?: string): string {
  const title = tooltip === undefined ? '' : `<title>${escapeHtml(tooltip)}</title>`;
  return `<rect x="${px(x)}" y="${px(y)}" width="${px(Math.max(0, width))}" height="${px(Math.max(0, height))}" fill="${fill}">${title}</rect>`;
}

/** One entry of a legend. */
export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  /** How the swatch is drawn. Default `'line'`. `'dotted'`: a dotted line; `'tick'`: a short vertical mark (censoring). */
  readonly swatch?: 'line' | 'dashed' | 'band' | 'bar' | 'hollow' | 'dotted' | 'tick';
}

/** Height of one legend row in px. */
export const LEGEND_ROW = 18;

/**
 * A legend laid out left to right, wrapping within `maxWidth`; returns the SVG and the height used, so
 * that the chart can size itself.
 */
export function legend(items: readonly LegendItem[], x: number, y: number, maxWidth: number): { readonly svg: string; readonly height: number } {
  if (items.length === 0) return { svg: '', height: 0 };
  const parts: string[] = [];
  let cx = x;
  let cy = y;
  for (const item of items) {
    const width = 26 + item.label.length * CHAR_WIDTH + 16;
    if (cx > x && cx + width > x + maxWidth) {
      cx = x;
      cy += LEGEND_ROW;
    }
    parts.push(swatch(item, cx, cy));
    parts.push(text(cx + 26, cy + 4, item.label));
    cx += width;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: cy - y + LEGEND_ROW };
}

function swatch(item: LegendItem, x: number, y: number): string {
  switch (item.swatch ?? 'line') {
    case 'band':
      return rect(x, y - 6, 20, 12, item.colour).replace('<rect ', '<rect fill-opacity="0.25" ');
    case 'bar':
      return rect(x, y - 6, 20, 12, item.colour);
    case 'hollow':
      return marker(x + 10, y, item.colour, true);
    case 'dashed':
      return line([[x, y], [x + 20, y]], { colour: item.colour, dash: '5 3' });
    case 'dotted':
      return line([[x, y], [x + 20, y]], { colour: item.colour, width: 1.5, dash: '2 3' });
    case 'tick':
      return line([[x + 10, y - 5], [x + 10, y + 5]], { colour: item.colour, width: 1.5 });
    default:
      return line([[x, y], [x + 20, y]], { colour: item.colour });
  }
}

/**
 * The largest of `floor` and the values, by a loop: `Math.max(...values)` passes one argument per value
 * and overflows the stack past about 125,000 of them.
 */
export function largest(values: Iterable<number>, floor = 0): number {
  let most = floor;
  for (const value of values) if (value > most) most = value;
  return most;
}

/** Estimated width in px of a text at the 12 px font. */
export function textWidth(content: string): number {
  return content.length * CHAR_WIDTH;
}
