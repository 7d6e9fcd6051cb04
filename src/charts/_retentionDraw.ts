/**
 * The drawing of {@link retentionChart}: the description in words and the SVG (legend, band, cohort
 * lines, incomplete points hollow on dashed segments, the bold mean on top).
 */
import { shade } from '../render/_palette.js';
import {
  axes,
  band,
  CHART_WIDTH,
  formatNumber,
  formatPercent,
  legend,
  type LegendItem,
  line,
  linearScale,
  marker,
  MUTED,
  type Point,
  SERIES_COLOURS,
  svgDocument,
  text,
} from '../render/_plot.js';
import { DEFAULT_COHORTS, type RetentionChartCohort, type RetentionChartData, type RetentionChartMeanPoint } from './_retentionData.js';

/** Up to this many cohorts get an Okabe-Ito colour and a legend entry each; more are drawn in thin blues. */
const FEW = 6;
const MEAN_COLOUR = '#000000';
const LEFT = 60;
const RIGHT = 20;
const PLOT_HEIGHT = 300;

/** The chart's `<desc>`: what is plotted, how many cohorts of how many, and what the marks mean. */
export function retentionDescription(data: RetentionChartData, defaulted: boolean): string {
  const { cohorts, mean, totalCohorts } = data;
  if (totalCohorts === 0) return 'No retention to plot: the table has no cohorts.';
  const drawn = cohorts.filter((c) => c.points.some((p) => p.retention !== null)).length;
  if (drawn === 0 && mean.length === 0) return `No retention to plot: none of the ${totalCohorts} cohorts has a customer in a cell at the offsets drawn.`;
  const which = defaulted ? ` (the last ${DEFAULT_COHORTS})` : '';
  const span = cohorts.length === 0 ? '' : cohorts.length === 1 ? `, ${cohorts[0]!.label}` : `, ${cohorts[0]!.label} to ${cohorts[cohorts.length - 1]!.label}`;
  const level = formatPercent(data.confidence, 0.001).replace(/\.0+%$/, '%');
  const meanText = mean.length === 0 ? ' The table gives no weighted mean.' : ` The bold line is the weighted mean over all ${totalCohorts} cohorts (customers retained over cohort sizes, complete cells only) with its ${level} Wilson interval.`;
  const incomplete = cohorts.some((c) => c.points.some((p) => p.incomplete && p.retention !== null)) ? ' Hollow points on dashed lines are incomplete periods (not yet ended when observation stopped).' : '';
  return `Retention (share of each cohort's customers active) by ${data.xTitle}, one line for each of ${cohorts.length} of ${totalCohorts} cohorts${which}${span}.${meanText}${incomplete}`;
}

/** The SVG document. */
export function drawRetention(data: RetentionChartData, title: string, description: string): { readonly svg: string; readonly height: number } {
  const width = CHART_WIDTH;
  const colours = cohortColours(data.cohorts.length);
  const items: LegendItem[] = [];
  const many = data.cohorts.length > FEW;
  if (many) {
    items.push({ label: `oldest: ${data.cohorts[0]!.label}`, colour: colours[0]! });
    items.push({ label: `newest: ${data.cohorts[data.cohorts.length - 1]!.label}`, colour: colours[colours.length - 1]! });
  } else {
    data.cohorts.forEach((cohort, i) => items.push({ label: cohort.points.some((p) => p.retention !== null) ? cohort.label : `${cohort.label} (no customers)`, colour: colours[i]! }));
  }
  if (data.mean.length > 0) {
    items.push({ label: 'weighted mean', colour: MEAN_COLOUR });
    items.push({ label: `${formatPercent(data.confidence, 0.001).replace(/\.0+%$/, '%')} interval (Wilson)`, colour: MEAN_COLOUR, swatch: 'band' });
  }
  if (data.cohorts.some((c) => c.points.some((p) => p.incomplete && p.retention !== null))) items.push({ label: 'incomplete period', colour: MUTED, swatch: 'hollow' });
  const key = legend(items, LEFT, 44, width - LEFT - RIGHT);
  const top = 44 + key.height + 6;
  const area = { left: LEFT, top, width: width - LEFT - RIGHT, height: PLOT_HEIGHT };
  const bottom = top + PLOT_HEIGHT;
  const height = bottom + 48;

  const offsets = data.offsets;
  const first = offsets[0] ?? 0;
  const scale = linearScale([first, offsets[offsets.length - 1] ?? 0], [area.left, area.left + area.width], { integer: true, nice: false, ticks: Math.min(10, Math.max(1, (offsets[offsets.length - 1] ?? 0) - first)) });
  // The first offset drawn always has a tick (startOffset: 1 starts between the 1-2-5 ticks), unless it
  // would crowd the next one.
  const next = scale.ticks.find((t) => t > first);
  const x = scale.ticks.includes(first) || (next !== undefined && next - first < scale.step / 2) ? scale : { ...scale, ticks: [first, ...scale.ticks.filter((t) => t > first)] };
  const y = linearScale(data.yDomain, [bottom, top], { ticks: 5 });
  const parts: string[] = [key.svg, axes(x, y, area, { xTitle: data.xTitle, yTitle: 'retention (% of cohort)', yFormat: (v) => formatPercent(v, y.step) })];
  const drawn = data.cohorts.some((c) => c.points.some((p) => p.retention !== null)) || data.mean.length > 0;
  if (!drawn) {
    parts.push(text(area.left + area.width / 2, top + PLOT_HEIGHT / 2, description, { anchor: 'middle', fill: MUTED }));
    return { svg: svgDocument(width, height, title, description, parts.join('')), height };
  }
  const plot: string[] = [];
  const runs = meanRuns(data.mean, offsets);
  for (const run of runs) {
    plot.push(band(run.map((p): Point => [x.map(p.offset), y.map(p.upper)]), run.map((p): Point => [x.map(p.offset), y.map(p.lower)]), MEAN_COLOUR, 0.13));
  }
  data.cohorts.forEach((cohort, i) => plot.push(cohortLine(cohort, colours[i]!, many, x.map, y.map)));
  for (const run of runs) {
    plot.push(line(run.map((p): Point => [x.map(p.offset), y.map(p.retention)]), { colour: MEAN_COLOUR, width: 3 }));
    for (const p of run) {
      const tooltip = `weighted mean, offset ${p.offset}: ${formatPercent(p.retention, 0.001)} (${formatNumber(p.retained)} of ${formatNumber(p.customers)} customers in ${p.cohorts} cohorts; ${formatPercent(p.lower, 0.001)} to ${formatPercent(p.upper, 0.001)})`;
      plot.push(marker(x.map(p.offset), y.map(p.retention), MEAN_COLOUR, false, tooltip, 3));
    }
  }
  parts.push(`<g class="plot">${plot.join('')}</g>`);
  return { svg: svgDocument(width, height, title, description, parts.join('')), height };
}

/** Cohort colours: Okabe-Ito for a few; for many, ColorBrewer Blues from light (oldest) to dark (newest). */
function cohortColours(n: number): string[] {
  if (n <= FEW) return SERIES_COLOURS.slice(0, n);
  return Array.from({ length: n }, (_, i) => shade(0.3 + (0.65 * i) / (n - 1)).background);
}

/** Runs of mean points at consecutive plotted offsets (a column without a mean breaks the line). */
function meanRuns(mean: readonly RetentionChartMeanPoint[], offsets: readonly number[]): RetentionChartMeanPoint[][] {
  const runs: RetentionChartMeanPoint[][] = [];
  let previous = -2;
  for (const point of mean) {
    const index = offsets.indexOf(point.offset);
    if (index !== previous + 1 || runs.length === 0) runs.push([]);
    runs[runs.length - 1]!.push(point);
    previous = index;
  }
  return runs;
}

/** One cohort: solid segments between complete points, dashed into and out of incomplete ones, hollow markers for those. */
function cohortLine(cohort: RetentionChartCohort, colour: string, many: boolean, mapX: (v: number) => number, mapY: (v: number) => number): string {
  const points = cohort.points.filter((p) => p.retention !== null);
  const width = many ? 1 : 1.75;
  const out: string[] = [];
  let run: Point[] = [];
  let dashed = false;
  const flush = (): void => {
    if (run.length > 1) out.push(line(run, dashed ? { colour, width, dash: '5 4' } : { colour, width }));
  };
  points.forEach((p, i) => {
    const here: Point = [mapX(p.offset), mapY(p.retention!)];
    if (i === 0) {
      run = [here];
      return;
    }
    const segmentDashed = p.incomplete || points[i - 1]!.incomplete;
    if (segmentDashed !== dashed && run.length > 1) {
      flush();
      run = [run[run.length - 1]!];
    }
    dashed = segmentDashed;
    run.push(here);
  });
  flush();
  for (const p of points) {
    if (!p.incomplete && many && points.length > 1) continue;
    const tooltip = `${cohort.label}, offset ${p.offset}: ${formatPercent(p.retention!, 0.001)} (${formatNumber(p.retained)} of ${formatNumber(cohort.size)})${p.incomplete ? ', period incomplete' : ''}`;
    out.push(marker(mapX(p.offset), mapY(p.retention!), colour, p.incomplete, tooltip, p.incomplete ? 3.5 : 2.5));
  }
  return `<g class="cohort">${out.join('')}</g>`;
}
