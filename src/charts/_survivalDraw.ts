/**
 * The drawing of {@link survivalChart}: step curves, step-shaped bands, censoring ticks, the median's
 * dotted guides and the number-at-risk table under the x axis, and the description in words.
 */
import {
  axes,
  band,
  CHART_WIDTH,
  formatNumber,
  formatPercent,
  INK,
  legend,
  type LegendItem,
  line,
  type LinearScale,
  MUTED,
  type Point,
  stepLine,
  stepPoints,
  svgDocument,
  text,
  textWidth,
} from '../render/_plot.js';
import { escapeHtml } from '../render/_escape.js';
import type { SurvivalChartData, SurvivalChartGroup } from './_survivalData.js';

const RIGHT = 24;
const PLOT_HEIGHT = 280;
const RISK_ROW = 17;
/** Longest group label shown in the at-risk table before it is shortened with an ellipsis. */
const LABEL_CHARS = 22;

/** A time or count for text: whole numbers as they are, others with up to 2 decimals. */
export function shortNumber(value: number): string {
  if (Number.isInteger(value)) return formatNumber(value);
  return formatNumber(value, 2).replace(/0+$/, '').replace(/\.$/, '');
}

/** The confidence level as text: `'95%'`, `'97.5%'`. */
function level(confidence: number): string {
  return formatPercent(confidence, 0.0001).replace(/\.?0+%$/, '%');
}

/** The chart's `<desc>`. */
export function survivalDescription(data: SurvivalChartData): string {
  const groups = data.groups.map((g) => `${g.label} (${shortNumber(g.subjects)} subjects, ${shortNumber(g.events)} events, median ${g.median.time === null ? 'not reached' : shortNumber(g.median.time)})`);
  const levels = [...new Set(data.groups.map((g) => level(g.confidence)))].join(' / ');
  return (
    `Kaplan-Meier estimate of the survival probability by ${data.timeLabel}, ${data.groups.length === 1 ? 'one group' : `${data.groups.length} groups`}: ${groups.join('; ')}. ` +
    `Shaded: the ${levels} log-log confidence band; vertical ticks: censored subjects; dotted lines: the median; under the axis: the number at risk at each tick (subjects whose time is beyond it).`
  );
}

/** The SVG document and its height. */
export function drawSurvival(data: SurvivalChartData, title: string, description: string): { readonly svg: string; readonly height: number } {
  const width = CHART_WIDTH;
  const labels = data.groups.map((g) => (g.label.length > LABEL_CHARS ? `${g.label.slice(0, LABEL_CHARS - 1)}…` : g.label));
  // The labels sit left-aligned at 12 px; the first column of counts is centred on x = 0 (the plot's left edge).
  let longest = 0;
  let firstCount = 0;
  data.groups.forEach((group, i) => {
    longest = Math.max(longest, textWidth(labels[i]!));
    firstCount = Math.max(firstCount, textWidth(shortNumber(group.atRisk[0]?.atRisk ?? 0)));
  });
  const left = Math.max(60, Math.ceil(12 + longest + 12 + firstCount / 2));
  const items: LegendItem[] = data.groups.length > 1 ? data.groups.map((g) => ({ label: g.label, colour: g.colour })) : [{ label: 'survival (Kaplan-Meier)', colour: data.groups[0]!.colour }];
  const levels = [...new Set(data.groups.map((g) => level(g.confidence)))].join(' / ');
  items.push({ label: `${levels} interval (log-log)`, colour: data.groups.length === 1 ? data.groups[0]!.colour : MUTED, swatch: 'band' });
  if (data.groups.some((g) => g.censored.length > 0)) items.push({ label: 'censored', colour: MUTED, swatch: 'tick' });
  if (data.groups.some((g) => g.median.time !== null)) items.push({ label: 'median', colour: MUTED, swatch: 'dotted' });
  const key = legend(items, left, 44, width - left - RIGHT);
  const top = 44 + key.height + 6;
  const area = { left, top, width: width - left - RIGHT, height: PLOT_HEIGHT };
  const bottom = top + PLOT_HEIGHT;
  const riskTop = bottom + 62;
  const height = riskTop + data.groups.length * RISK_ROW + 10;

  const x = xScale(data, area.left, area.left + area.width);
  const y = { map: (v: number) => bottom - v * PLOT_HEIGHT };
  const yTicks = { domain: [0, 1] as const, range: [bottom, top] as const, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2, map: y.map };
  const parts: string[] = [key.svg, axes(x, yTicks, area, { xTitle: data.timeLabel, yTitle: 'survival probability', xFormat: shortNumber, yFormat: (v) => formatNumber(v, 1) })];
  for (const group of data.groups) parts.push(bandOf(group, x.map, y.map));
  for (const group of data.groups) parts.push(curveOf(group, x.map, y.map));
  parts.push(riskTable(data, labels, riskTop, x.map));
  return { svg: svgDocument(width, height, title, description, parts.join('')), height };
}

/** The x scale: 0 to the last time, ticks at 1-2-5 steps inside it (not widened, so huge times stay finite). */
export function xScale(data: SurvivalChartData, from: number, to: number): LinearScale {
  const [lo, hi] = data.timeDomain;
  const span = hi - lo;
  const k = span > 0 ? (to - from) / span : 0;
  return { domain: [lo, hi], range: [from, to], ticks: data.ticks, step: data.ticks.length > 1 ? data.ticks[1]! - data.ticks[0]! : 1, map: (v) => from + (v - lo) * k };
}

function bandOf(group: SurvivalChartGroup, mapX: (v: number) => number, mapY: (v: number) => number): string {
  const last = group.steps[group.steps.length - 1]!.time;
  const out: string[] = [];
  // Runs of consecutive table rows with limits; each holds until the next row's time.
  const times = group.steps.slice(1).map((s) => s.time);
  let run: { time: number; lower: number; upper: number }[] = [];
  const flush = (end: number): void => {
    if (run.length === 0) return;
    const upper = stepPoints(run.map((b): Point => [mapX(b.time), mapY(b.upper)]), mapX(end));
    const lower = stepPoints(run.map((b): Point => [mapX(b.time), mapY(b.lower)]), mapX(end));
    out.push(band(upper, lower, group.colour, 0.16));
    run = [];
  };
  let b = 0;
  times.forEach((time, k) => {
    const limits = group.band[b];
    if (limits !== undefined && limits.time === time) {
      run.push(limits);
      b++;
    } else {
      flush(time);
    }
    if (k === times.length - 1) flush(last);
  });
  return out.join('');
}

function curveOf(group: SurvivalChartGroup, mapX: (v: number) => number, mapY: (v: number) => number): string {
  const out = [stepLine(group.steps.map((s): Point => [mapX(s.time), mapY(s.survival)]), { colour: group.colour, width: 2 })];
  for (const c of group.censored) {
    const cx = mapX(c.time);
    const cy = mapY(c.survival);
    out.push(line([[cx, cy - 5], [cx, cy + 5]], { colour: group.colour, width: 1.5 }).replace('/>', `><title>${escapeHtml(`${group.label}: ${shortNumber(c.count)} censored at ${shortNumber(c.time)}`)}</title></path>`));
  }
  const median = group.median.time;
  if (median !== null) {
    const mx = mapX(median);
    const half = mapY(0.5);
    out.push(line([[mapX(0), half], [mx, half], [mx, mapY(0)]], { colour: group.colour, width: 1.25, dash: '2 3' }));
  }
  return `<g class="group">${out.join('')}</g>`;
}

function riskTable(data: SurvivalChartData, labels: readonly string[], top: number, mapX: (v: number) => number): string {
  const out = [text(12, top - 8, 'Number at risk', { weight: 'bold', fill: INK })];
  data.groups.forEach((group, i) => {
    const rowY = top + 8 + i * RISK_ROW;
    out.push(text(12, rowY, labels[i]!, { fill: group.colour }));
    for (const cell of group.atRisk) out.push(text(mapX(cell.time), rowY, shortNumber(cell.atRisk), { anchor: 'middle', fill: group.colour }));
  });
  return `<g class="at-risk">${out.join('')}</g>`;
}
