/**
 * The one shape every chart of the library has (issue 12): an SVG string made without a DOM, an HTML
 * fragment, a Jupyter display bundle and the plotted numbers, so that users can re-plot them elsewhere.
 */
import { escapeHtml } from './_escape.js';
import { type JupyterDisplayData, jupyterDisplay } from './jupyterDisplay.js';

/**
 * A chart: what {@link retentionChart}, {@link survivalChart}, {@link frequencyRecencyChart},
 * {@link probabilityAliveChart}, {@link periodTransactionsChart}, {@link calibrationHoldoutChart} and
 * {@link cumulativeTransactionsChart} return. Frozen; `data` is plain JSON.
 *
 * - `toSVG()`: a standalone, well-formed SVG document (`<svg xmlns=...>` with `<title>` and `<desc>` for
 *   screen readers), made as a string with no DOM, the same on every runtime; drawn for 640 px wide and
 *   scaled by its `viewBox`.
 * - `toHTML()`: a self-contained `<figure>` holding that SVG inline (no script, no network), for reports
 *   and notebooks; it scales down to narrow containers.
 * - `[jupyterDisplay]()`: `{ 'text/html', 'text/plain' }`, so a chart that is the last value of a Deno
 *   notebook cell is drawn.
 * - `data`: the numbers plotted (points, bands, counts), for Observable Plot, Vega-Lite or matplotlib.
 * - `toJSON()`: `{ kind, title, description, data }`.
 * @category charts
 */
export interface Chart<D = unknown> {
  /** Which chart: `'retention'`, `'survival'`, `'frequencyRecency'`, `'probabilityAlive'`, `'periodTransactions'`, `'calibrationHoldout'` or `'cumulativeTransactions'`. */
  readonly kind: string;
  /** The heading drawn above the plot, also the SVG's `<title>`. */
  readonly title: string;
  /** One or two sentences saying what the chart shows (the SVG's `<desc>`; the plain-text display). */
  readonly description: string;
  /** The plotted numbers, plain JSON, frozen. */
  readonly data: D;
  /** Width of the drawing in px (its `viewBox` width). */
  readonly width: number;
  /** Height of the drawing in px (its `viewBox` height). */
  readonly height: number;
  /** The chart as a standalone SVG document. */
  toSVG(): string;
  /** The chart as a self-contained HTML `<figure>`. */
  toHTML(): string;
  /** `{ kind, title, description, data }`. */
  toJSON(): ChartJSON<D>;
  /** The Jupyter MIME bundle: the HTML figure and a plain-text description. */
  [jupyterDisplay](): JupyterDisplayData;
}

/**
 * What `JSON.stringify(chart)` writes: the chart's kind, title, description and data.
 * @category charts
 */
export interface ChartJSON<D = unknown> {
  /** The chart's kind. */
  readonly kind: string;
  /** Its title. */
  readonly title: string;
  /** Its description. */
  readonly description: string;
  /** The plotted numbers. */
  readonly data: D;
}

/** What a chart function hands to {@link createChart}: the drawing is made once, on first use. */
export interface ChartParts<D> {
  readonly kind: string;
  readonly title: string;
  readonly description: string;
  readonly data: D;
  readonly width: number;
  readonly height: number;
  /** Draws the whole SVG document (see `svgDocument` in `_plot.ts`). */
  readonly draw: () => string;
}

/** Freezes a plain JSON value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A frozen {@link Chart} from its parts; `data` is frozen deeply, the SVG drawn lazily and kept. */
export function createChart<D>(parts: ChartParts<D>): Chart<D> {
  const { kind, title, description, width, height, draw } = parts;
  const data = deepFreeze(parts.data);
  let svg: string | undefined;
  const toSVG = (): string => (svg ??= draw());
  const toHTML = (): string =>
    `<figure class="lm-chart" style="margin:0 0 16px 0;max-width:${width}px">` +
    toSVG().replace('<svg ', '<svg style="width:100%;height:auto;display:block" ') +
    '</figure>';
  const chart: Chart<D> = {
    kind,
    title,
    description,
    data,
    width,
    height,
    toSVG,
    toHTML,
    toJSON: () => ({ kind, title, description, data }),
    [jupyterDisplay]: () => ({ 'text/html': toHTML(), 'text/plain': `${title}\n${description}` }),
  };
  return Object.freeze(chart);
}

/** `<title>` and `<desc>` of an SVG document, escaped. */
export function accessibleText(title: string, description: string): string {
  return `<title>${escapeHtml(title)}</title><desc>${escapeHtml(description)}</desc>`;
}
