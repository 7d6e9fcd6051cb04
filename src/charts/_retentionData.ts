/**
 * The numbers of {@link retentionChart}: the options read and checked, the table read once (through the
 * heatmap's `readGrid`), the cohorts chosen, and the weighted mean taken from the table's own `mean()`
 * with the Wilson interval of each of its Rates.
 */
import { type Ctx, confidence as readConfidence, fail, options as readOptions, own } from '../core/_validate.js';
import { asRate, type Rate, rateOfCounts } from '../core/Rate.js';
import { axisTitles, type Grid, readGrid, readString } from '../render/_grid.js';

/**
 * One plotted point of a cohort's curve: an existing cell of the table.
 * @category charts
 */
export interface RetentionChartPoint {
  /** The column's offset (the bracket's first offset for `returnRule` brackets). */
  readonly offset: number;
  /** retained / size as a fraction in [0, 1]; null for an empty cohort (size 0), which is not drawn. */
  readonly retention: number | null;
  /** Customers of the cohort counted in the cell (the table's `counts()`). */
  readonly retained: number;
  /** Whether the cell reaches the unfinished last period (the table's `incomplete()`): drawn hollow, dashed. */
  readonly incomplete: boolean;
}

/**
 * One cohort's curve.
 * @category charts
 */
export interface RetentionChartCohort {
  /** The cohort's label, as in the table (`2024-03`). */
  readonly label: string;
  /** Customers in the cohort (offset 0). */
  readonly size: number;
  /** Its existing cells at the plotted offsets, in offset order. */
  readonly points: readonly RetentionChartPoint[];
}

/**
 * One point of the weighted mean curve.
 * @category charts
 */
export interface RetentionChartMeanPoint {
  /** The column's offset. */
  readonly offset: number;
  /** Σ retained / Σ size, the table's `mean({ weighting: 'weighted' })` at this column, as a fraction. */
  readonly retention: number;
  /** Σ retained: the mean Rate's numerator. */
  readonly retained: number;
  /** Σ size: the mean Rate's denominator. */
  readonly customers: number;
  /** Lower limit of the Wilson score interval of the mean (the Rate's `interval({ confidence })`). */
  readonly lower: number;
  /** Upper limit of that interval. */
  readonly upper: number;
  /** Cohorts that enter the mean here: those whose cell exists, is complete and whose size is positive. */
  readonly cohorts: number;
}

/**
 * The numbers {@link retentionChart} plots, plain JSON.
 * @category charts
 */
export interface RetentionChartData {
  /** The x axis title (from the table's period, as the heatmap's column title). */
  readonly xTitle: string;
  /** The offsets plotted (the table's columns from `startOffset` on). */
  readonly offsets: readonly number[];
  /** Cohorts in the table. */
  readonly totalCohorts: number;
  /** The cohorts drawn, in table order (all, the chosen `cohorts`, or the `last` n). */
  readonly cohorts: readonly RetentionChartCohort[];
  /** The weighted mean over all the table's cohorts, at the offsets where it exists. */
  readonly mean: readonly RetentionChartMeanPoint[];
  /** Confidence level of the mean's interval. */
  readonly confidence: number;
  /** The y axis range drawn, as fractions `[lo, hi]`. */
  readonly yDomain: readonly [number, number];
}

/** What the drawing needs besides the data. */
export interface RetentionChartSetup {
  readonly data: RetentionChartData;
  readonly title: string;
  /** Whether the cohorts were chosen by the default rule (the last 12 of more than 12). */
  readonly defaulted: boolean;
}

/** At most this many cohort lines by default (the last ones); `cohorts` or `last` draw more. */
export const DEFAULT_COHORTS = 12;

const KEYS = ['cohorts', 'last', 'confidence', 'yDomain', 'startOffset', 'title', 'xTitle'];

/** Reads the table and the options into the chart's data (throws a MetricError for bad input). */
export function retentionSetup(ctx: Ctx, table: unknown, options: unknown): RetentionChartSetup {
  const opts = readOptions(ctx, options, KEYS);
  const level = readConfidence(ctx, own(opts, 'confidence'));
  const title = readString(ctx, opts, 'title') ?? 'Retention by cohort';
  const xTitleOption = readString(ctx, opts, 'xTitle');
  const startOffset = own(opts, 'startOffset') ?? 0;
  if (typeof startOffset !== 'number' || !Number.isSafeInteger(startOffset) || startOffset < 0) fail(ctx, 'options.startOffset', 'a non-negative integer', startOffset);
  const yDomainOption = own(opts, 'yDomain') ?? 'full';
  if (yDomainOption !== 'full' && yDomainOption !== 'data') fail(ctx, 'options.yDomain', "'full' (0% to 100%) or 'data' (0% to the highest value plotted)", yDomainOption);
  const chosen = own(opts, 'cohorts');
  const last = own(opts, 'last');
  if (chosen !== undefined && last !== undefined) fail(ctx, 'options', 'either cohorts or last, not both', opts);
  if (last !== undefined && (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 1)) fail(ctx, 'options.last', 'a positive integer', last);

  const grid = readGrid(ctx, table, 1, false);
  const means = readMean(ctx, table, grid);
  const labels = grid.rows.map((row) => row.label);
  let rows: number[];
  if (chosen !== undefined) {
    if (!Array.isArray(chosen)) fail(ctx, 'options.cohorts', 'an array of cohort labels', chosen);
    const seen = new Set<string>();
    rows = (chosen as unknown[]).map((label, i) => {
      const at = typeof label === 'string' ? labels.indexOf(label) : -1;
      if (at < 0) fail(ctx, `options.cohorts[${i}]`, `a label of the table's cohorts (${abbreviate(labels)})`, label);
      if (seen.has(label as string)) fail(ctx, `options.cohorts[${i}]`, 'a label not given twice', label);
      seen.add(label as string);
      return at;
    });
    rows.sort((a, b) => a - b);
  } else {
    const n = typeof last === 'number' ? last : DEFAULT_COHORTS;
    rows = labels.map((_, i) => i).slice(Math.max(0, labels.length - n));
  }

  const plotted = grid.offsets.flatMap((offset, k) => (offset >= startOffset ? [k] : []));
  const cohorts = rows.map((i): RetentionChartCohort => {
    const row = grid.rows[i]!;
    const points = plotted.flatMap((k): RetentionChartPoint[] => {
      const cell = row.cells[k]!;
      return cell.count === null ? [] : [{ offset: grid.offsets[k]!, retention: cell.fraction, retained: cell.count, incomplete: cell.incomplete }];
    });
    return { label: row.label, size: row.size, points };
  });
  const mean = plotted.flatMap((k): RetentionChartMeanPoint[] => {
    const rate = means[k];
    if (rate === null || rate === undefined) return [];
    const retained = Number(rate.numerator);
    const customers = Number(rate.denominator);
    // The table's weighted mean is a share of counts; a Rate rebuilt from another copy of the library
    // (asRate) is a plain ratio of the same counts, so it is made a share again for its interval.
    const share = rate.isProportion ? rate : rateOfCounts(retained, customers);
    const { lower, upper } = share.interval({ confidence: level });
    const cohortsHere = grid.rows.filter((row) => row.size > 0 && row.cells[k]!.count !== null && !row.cells[k]!.incomplete).length;
    return [{ offset: grid.offsets[k]!, retention: rate.toNumber(), retained, customers, lower, upper, cohorts: cohortsHere }];
  });
  let high = 0;
  for (const cohort of cohorts) for (const point of cohort.points) high = Math.max(high, point.retention ?? 0);
  for (const point of mean) high = Math.max(high, point.upper);
  const yDomain: [number, number] = yDomainOption === 'full' || high === 0 ? [0, 1] : [0, Math.min(1, high)];
  const xTitle = xTitleOption ?? axisTitles(grid.unit, grid.rolling, grid.brackets).columns;
  const defaulted = chosen === undefined && last === undefined && labels.length > DEFAULT_COHORTS;
  return {
    data: { xTitle, offsets: plotted.map((k) => grid.offsets[k]!), totalCohorts: labels.length, cohorts, mean, confidence: level, yDomain },
    title,
    defaulted,
  };
}

/**
 * The table's own weighted mean per column (`mean({ weighting: 'weighted' })`), each checked to be a Rate
 * of counts. A table view without a `mean` method has no mean line (an empty list).
 */
function readMean(ctx: Ctx, table: unknown, grid: Grid): readonly (Rate | null)[] {
  const bad = (): never => fail(ctx, 'table', "a CohortTable (its mean({ weighting: 'weighted' }) gives one Rate or null per column)", table);
  let values: unknown;
  try {
    const method = (table as { mean?: unknown }).mean;
    if (method === undefined) return [];
    if (typeof method !== 'function') return bad();
    values = (method as (options: object) => unknown).call(table, { weighting: 'weighted' });
  } catch {
    return bad();
  }
  if (!Array.isArray(values) || values.length !== grid.offsets.length) return bad();
  return values.map((value: unknown) => {
    if (value === null) return null;
    const rate = asRate(value, ctx, 'table');
    if (rate === undefined) return bad();
    const n = Number(rate.numerator);
    const d = Number(rate.denominator);
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || n < 0 || n > d || d < 1) return bad();
    return rate;
  });
}

/** The first and last few labels, for an error message. */
function abbreviate(labels: readonly string[]): string {
  if (labels.length === 0) return 'none';
  return labels.length <= 6 ? labels.join(', ') : `${labels.slice(0, 3).join(', ')}, ..., ${labels.slice(-2).join(', ')}`;
}
