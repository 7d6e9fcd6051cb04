/**
 * The drawing {@link frequencyRecencyChart} and {@link probabilityAliveChart} share (issue 12): the
 * frequency × recency matrix as a heatmap (lifetimes' `plot_frequency_recency_matrix` and
 * `plot_probability_alive_matrix`), highest frequency at the top, with integer axis ticks, a colour bar
 * and the key of impossible cells. The grid and its values come from `_matrixGrid.ts`.
 */
import { shade } from '../render/_palette.js';
import { CHART_WIDTH, INK, LEGEND_ROW, MUTED, legend, px, rect, svgDocument, text, tickStep } from '../render/_plot.js';
import { formatPlain, type MatrixGrid } from './_matrixGrid.js';

/** Grids with more cells than this are drawn without per-cell tooltips, equal neighbours merged. */
const TOOLTIP_CELLS = 2500;
/** Fill of the impossible cells (frequency 0 with recency > 0): a neutral grey, not on the Blues ramp. */
const IMPOSSIBLE = '#d4d4d4';
/** How far a cell reaches into its neighbours, in px. */
const OVERLAP = 0.5;

/** What the drawing needs besides the grid. */
export interface MatrixDrawing {
  readonly title: string;
  /** Second line under the title: model, age and horizon. */
  readonly subtitle: string;
  readonly description: string;
  readonly values: readonly (readonly (number | null)[])[];
  /** Colour domain: a value maps to shade((v − lo) / (hi − lo)); lo = hi paints every cell mid-blue. */
  readonly domain: readonly [number, number];
  /** Short name of the value above the colour bar ('purchases', 'P(alive)'). */
  readonly valueName: string;
  /** A value as text on the colour bar. */
  readonly format: (value: number) => string;
  /** A value as text in a cell's tooltip (more digits). */
  readonly detail: (value: number) => string;
}

/** Layout: plot area left edge, top, the colour bar's room at the right. */
const LEFT = 58;
const TOP = 62;
const RIGHT_ROOM = 92;
const PLOT_WIDTH = CHART_WIDTH - LEFT - RIGHT_ROOM;

/** Height of the plot area: about square cells, between 240 and 440 px. */
function plotHeight(grid: MatrixGrid): number {
  return Math.round(Math.min(440, Math.max(240, (PLOT_WIDTH * (grid.maxFrequency + 1)) / (grid.maxRecency + 1))));
}

/** Height of the whole drawing: title, plot, x axis, and the key of impossible cells when there are some. */
export function matrixHeight(grid: MatrixGrid): number {
  return TOP + plotHeight(grid) + (grid.maxRecency > 0 ? 60 + LEGEND_ROW : 48);
}

/** The whole SVG document of a matrix chart: cells, axes with integer ticks, colour bar, impossible-cell key. */
export function drawMatrix(grid: MatrixGrid, drawing: MatrixDrawing): string {
  const rows = grid.maxFrequency + 1;
  const cols = grid.maxRecency + 1;
  const width = PLOT_WIDTH;
  const height = plotHeight(grid);
  const cellW = width / cols;
  const cellH = height / rows;
  const bottom = TOP + height;
  const [lo, hi] = drawing.domain;
  const colour = (v: number): string => shade(hi > lo ? (v - lo) / (hi - lo) : 0.5).background;
  const tooltips = rows * cols <= TOOLTIP_CELLS;
  const parts: string[] = [text(12, 42, drawing.subtitle, { fill: MUTED })];

  // Cells, highest frequency at the top; in big grids equal neighbours of a row are one rectangle. Each
  // cell reaches 0.5 px into its right and lower neighbours (inside the plot), so that no hairline of
  // background shows between cells at fractional pixel positions.
  const overlap = (end: number): number => (end + 1 < cols ? OVERLAP : 0);
  const cells: string[] = [];
  drawing.values.forEach((row, f) => {
    const y = TOP + (grid.maxFrequency - f) * cellH;
    let r = 0;
    while (r < cols) {
      const v = row[r] ?? null;
      if (v === null) {
        let end = r;
        while (end + 1 < cols && row[end + 1] === null) end++;
        cells.push(rect(LEFT + r * cellW, y, (end - r + 1) * cellW + overlap(end), cellH, IMPOSSIBLE, tooltips ? `frequency ${f}, recency ${r}–${end}: impossible (no repeat purchase means recency 0)` : undefined));
        r = end + 1;
        continue;
      }
      const fill = colour(v);
      let end = r;
      if (!tooltips) while (end + 1 < cols && row[end + 1] !== null && colour(row[end + 1] as number) === fill) end++;
      cells.push(rect(LEFT + r * cellW, y, (end - r + 1) * cellW + overlap(end), cellH + (f === 0 ? 0 : OVERLAP), fill, tooltips ? `frequency ${f}, recency ${r}: ${drawing.detail(v)}` : undefined));
      r = end + 1;
    }
  });
  parts.push(`<g class="cells" shape-rendering="crispEdges">${cells.join('')}</g>`);
  // The impossible strip says what it is when there is room for the words.
  const note = 'impossible: no repeat purchase means recency 0';
  if (grid.maxRecency > 0 && cellH >= 13 && (cols - 1) * cellW >= note.length * 6.2 + 12) {
    parts.push(text(LEFT + cellW + ((cols - 1) * cellW) / 2, bottom - cellH / 2 + 4, note, { anchor: 'middle', size: 11, fill: INK }));
  }

  // Axes: ticks at cell centres, integer steps chosen for the room available.
  const axis: string[] = [];
  const xStep = tickStep(0, grid.maxRecency, Math.max(1, Math.floor(width / 48)), true);
  for (let r = 0; r <= grid.maxRecency; r += xStep) {
    const x = LEFT + (r + 0.5) * cellW;
    axis.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${px(bottom)}" y2="${px(bottom + 4)}" stroke="${MUTED}"/>`);
    axis.push(text(x, bottom + 17, formatPlain(r), { anchor: 'middle', fill: MUTED }));
  }
  const yStep = tickStep(0, grid.maxFrequency, Math.max(1, Math.floor(height / 24)), true);
  for (let f = 0; f <= grid.maxFrequency; f += yStep) {
    const y = TOP + (grid.maxFrequency - f + 0.5) * cellH;
    axis.push(`<line x1="${px(LEFT - 4)}" x2="${px(LEFT)}" y1="${px(y)}" y2="${px(y)}" stroke="${MUTED}"/>`);
    axis.push(text(LEFT - 7, y + 4, formatPlain(f), { anchor: 'end', fill: MUTED }));
  }
  axis.push(`<rect x="${px(LEFT)}" y="${px(TOP)}" width="${px(width)}" height="${px(height)}" fill="none" stroke="${MUTED}"/>`);
  axis.push(text(LEFT + width / 2, bottom + 36, `customer's recency (${grid.unit[1]})`, { anchor: 'middle' }));
  axis.push(text(14, TOP + height / 2, "customer's historical frequency", { anchor: 'middle', rotate: true, baseline: 'hanging' }));
  parts.push(`<g class="axes">${axis.join('')}</g>`);

  // Colour bar: 48 bands from the domain's low end (bottom) to its high end (top), labelled at both ends and the middle.
  const barX = LEFT + width + 16;
  const bar: string[] = [];
  const bands = 48;
  for (let i = 0; i < bands; i++) {
    const t = (i + 0.5) / bands;
    // A matrix of equal values has one colour: the bar shows only that one.
    bar.push(rect(barX, bottom - ((i + 1) * height) / bands, 12, height / bands + 0.5, hi > lo ? shade(t).background : colour(lo)));
  }
  bar.push(`<rect x="${px(barX)}" y="${px(TOP)}" width="12" height="${px(height)}" fill="none" stroke="${MUTED}"/>`);
  const labels: [number, number][] = hi > lo ? [[hi, TOP], [(lo + hi) / 2, TOP + height / 2], [lo, bottom]] : [[lo, TOP + height / 2]];
  for (const [value, y] of labels) {
    bar.push(`<line x1="${px(barX + 12)}" x2="${px(barX + 16)}" y1="${px(y)}" y2="${px(y)}" stroke="${MUTED}"/>`);
    bar.push(text(barX + 19, y + 4, drawing.format(value), { fill: MUTED, size: 11 }));
  }
  bar.push(text(CHART_WIDTH - 6, TOP - 8, drawing.valueName, { anchor: 'end', size: 11 }));
  parts.push(`<g class="colour-bar">${bar.join('')}</g>`);

  if (grid.maxRecency > 0) parts.push(legend([{ label: 'impossible cell (frequency 0 with recency > 0)', colour: IMPOSSIBLE, swatch: 'bar' }], LEFT, bottom + 60, width).svg);
  return svgDocument(CHART_WIDTH, matrixHeight(grid), drawing.title, drawing.description, parts.join(''));
}
