import { type Ctx, fail, finiteNumber, isArrayLike, noExtraArguments, options as readOptions, own } from '../core/_validate.js';
import type { CalibrationHoldoutSplit } from '../models/calibrationHoldoutSplit.js';
import { expectedPurchases } from '../models/expectedPurchases.js';
import { readCustomers, type TransactionModelFit } from '../models/_predict.js';
import { type Chart, createChart } from '../render/_chart.js';
import { axes, CHART_WIDTH, formatNumber, largest, legend, line, linearScale, marker, MUTED, type Point, SERIES_COLOURS, svgDocument, text } from '../render/_plot.js';
import { asChart, bucketLabel, bucketOf, categoryScale, checkTimeUnit, compensatedSum, CONTINUOUS_MODELS, readFit, readMaxFrequency, readTitle } from './_fitCheck.js';

/**
 * Options of {@link calibrationHoldoutChart}.
 * @category charts
 */
export interface CalibrationHoldoutChartOptions {
  /** The last bucket of calibration frequency, drawn as "maxFrequency+": an integer from 1 to 100. Default 7, as lifetimes. */
  readonly maxFrequency?: number;
  /** The heading (the SVG's `<title>`). Default `"Holdout purchases by calibration frequency: actual vs <model>"`. */
  readonly title?: string;
}

/**
 * One point pair of {@link calibrationHoldoutChart}: the customers with `label` repeat purchases in calibration.
 * @category charts
 */
export interface CalibrationHoldoutBucket {
  /** `"0"`, `"1"`, ..., and `"7+"` for the last bucket. */
  readonly label: string;
  /** The bucket's lowest calibration frequency (the last bucket holds this one and all above). */
  readonly frequency: number;
  /** Calibration customers in the bucket. */
  readonly customers: number;
  /** Their mean number of holdout purchases (holdout frequency); null for an empty bucket. */
  readonly actual: number | null;
  /** Their mean conditional expectation E[X(T, T + duration] | x, t_x, T] by the model; null for an empty bucket. */
  readonly predicted: number | null;
}

/**
 * The plotted numbers of {@link calibrationHoldoutChart}.
 * @category charts
 */
export interface CalibrationHoldoutChartData {
  /** The fit's model tag. */
  readonly model: string;
  /** Calibration customers (the sum of the buckets' `customers`). */
  readonly customers: number;
  /** Length of the holdout in the time unit (the horizon of the predictions). */
  readonly duration: number;
  /** The time unit of the split (`null` when the split does not say). */
  readonly timeUnit: string | null;
  /** The last bucket's frequency (its label ends in "+"). */
  readonly maxFrequency: number;
  /** One entry per calibration frequency 0, 1, ..., maxFrequency. */
  readonly buckets: readonly CalibrationHoldoutBucket[];
}

const HEIGHT = 420;
const LEFT = 68;
const RIGHT = 16;

/**
 * The model check "conditional expectations" (lifetimes' `plot_calibration_purchases_vs_holdout_purchases`;
 * Fader, Hardie & Lee 2005, figure 4; BTYD's `bgnbd.PlotFreqVsConditionalExpectedFrequency`): customers are
 * grouped by their repeat purchases in the calibration period (0, 1, ..., and maxFrequency+), and for each
 * group the mean number of purchases in the holdout is drawn, actual against predicted, as lines with
 * markers.
 *
 * - actual = mean of `split.holdout.columns.frequency` (x*, holdout periods with a purchase) over the group;
 * - predicted = mean of {@link expectedPurchases}(fit, customer, { t: split.holdout.duration }) over the
 *   group: each customer's conditional expectation over the holdout given their calibration history.
 *
 * `split` is what {@link calibrationHoldoutSplit} returns; its calibration `timeUnit` must equal the fit's
 * when the fit states one. Each bucket's customer count is in the data, under the axis and in the tooltips;
 * an empty bucket has null means and no point; a split without customers draws an empty plot and says so.
 *
 * @param fit - A fit of the library (or `{ model, params }` by hand, as in the example); when it states its
 * `timeUnit` (a fit made with `options.timeUnit`), the data's unit must be the same.
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not BG/NBD, MBG/NBD or Pareto/NBD or has a
 * bad parameter, a split without calibration customers and holdout columns of the same length, an unknown
 * option or a bad `maxFrequency`; `INCONSISTENT_INPUT` when the time units differ.
 * @example
 * ```ts
 * import { calibrationHoldoutChart, calibrationHoldoutSplit } from 'loyalty-metrics';
 * const purchases = [
 *   { customerId: 'ann', timestamp: '2024-01-03' },
 *   { customerId: 'ann', timestamp: '2024-02-07' },
 *   { customerId: 'bob', timestamp: '2024-02-14' },
 *   { customerId: 'bob', timestamp: '2024-03-20' },
 * ];
 * const split = calibrationHoldoutSplit(purchases, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28', observationEnd: '2024-03-27' });
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'week' };
 * const chart = calibrationHoldoutChart(fit, split, { maxFrequency: 2 });
 * chart.data.buckets.map((b) => [b.label, b.customers, b.actual]) //=> [["0", 1, 1], ["1", 1, 0], ["2+", 0, null]]
 * chart.data.duration //=> 4
 * ```
 * @category charts
 */
export function calibrationHoldoutChart(fit: TransactionModelFit & { readonly timeUnit?: string | null }, split: CalibrationHoldoutSplit, options?: CalibrationHoldoutChartOptions): Chart<CalibrationHoldoutChartData> {
  const ctx = { fn: 'calibrationHoldoutChart' };
  noExtraArguments(ctx, arguments, 3);
  const model = readFit(ctx, fit, CONTINUOUS_MODELS);
  const opts = readOptions(ctx, options, ['maxFrequency', 'title']) as CalibrationHoldoutChartOptions;
  const max = readMaxFrequency(ctx, opts.maxFrequency);
  const { calibration, holdout, duration, timeUnit } = readSplit(ctx, split);
  checkTimeUnit(ctx, 'split.calibration.timeUnit', model.timeUnit, timeUnit ?? undefined);
  const title = readTitle(ctx, opts.title, `Holdout purchases by calibration frequency: actual vs ${model.name}`);

  const n = calibration.length;
  const predicted = n === 0 ? new Float64Array(0) : asChart(ctx, () => expectedPurchases(fit, { frequency: calibration.frequency, recency: calibration.recency, T: calibration.age }, { t: duration }));
  const members: number[][] = Array.from({ length: max + 1 }, () => []);
  for (let i = 0; i < n; i++) members[bucketOf(calibration.frequency[i] as number, max)]?.push(i);
  const buckets = members.map((group, k) => ({
    label: bucketLabel(k, max),
    frequency: k,
    customers: group.length,
    actual: group.length === 0 ? null : compensatedSum(group.map((i) => holdout[i] as number)) / group.length,
    predicted: group.length === 0 ? null : compensatedSum(group.map((i) => predicted[i] as number)) / group.length,
  }));
  const unitText = timeUnit === null ? 'time units' : `${timeUnit}s`;
  const horizon = `${formatNumber(duration, Number.isInteger(duration) ? 0 : 2)} ${duration === 1 && timeUnit !== null ? timeUnit : unitText}`;
  const description =
    n === 0
      ? 'Mean holdout purchases by calibration frequency: the split has no calibration customer, so there is nothing to plot.'
      : `Mean purchases per customer in the ${horizon} holdout, by repeat purchases in the calibration period (0 to ${max - 1}, and ${max}+): actual against the ${model.name} model's conditional expectation, over ${formatNumber(n)} customers.`;
  const data: CalibrationHoldoutChartData = { model: model.model, customers: n, duration, timeUnit, maxFrequency: max, buckets };
  return createChart({ kind: 'calibrationHoldout', title, description, data, width: CHART_WIDTH, height: HEIGHT, draw: () => draw(title, description, data, model.name, horizon) });
}

/** The split's calibration customers, holdout frequencies, duration and time unit, checked. */
function readSplit(ctx: Ctx, split: unknown): { calibration: ReturnType<typeof readCustomers>; holdout: ArrayLike<unknown>; duration: number; timeUnit: string | null } {
  if (typeof split !== 'object' || split === null) fail(ctx, 'split', 'the result of calibrationHoldoutSplit ({ calibration, holdout })', split);
  const rawCalibration = own(split, 'calibration');
  const rawHoldout = own(split, 'holdout');
  if (typeof rawHoldout !== 'object' || rawHoldout === null) fail(ctx, 'split.holdout', 'an object { columns: { frequency }, duration }', rawHoldout);
  const calibration = readCustomers(ctx, rawCalibration, { name: 'split.calibration' });
  const columns = own(rawHoldout, 'columns');
  const frequency = typeof columns === 'object' && columns !== null ? own(columns, 'frequency') : undefined;
  if (!isArrayLike(frequency)) fail(ctx, 'split.holdout.columns.frequency', 'an array or a typed array of holdout purchase counts', frequency);
  if (frequency.length !== calibration.length) fail(ctx, 'split.holdout.columns.frequency', `as long as the calibration customers (${calibration.length})`, frequency.length, 'INCONSISTENT_INPUT');
  for (let i = 0; i < frequency.length; i++) {
    const v = frequency[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(ctx, `split.holdout.columns.frequency[${i}]`, 'a non-negative integer', v);
  }
  const duration = finiteNumber(ctx, 'split.holdout.duration', own(rawHoldout, 'duration'), { min: 0, max: 1e15 });
  const unit = typeof rawCalibration === 'object' && rawCalibration !== null ? own(rawCalibration, 'timeUnit') : undefined;
  return { calibration, holdout: frequency, duration, timeUnit: typeof unit === 'string' ? unit : null };
}

function draw(title: string, description: string, data: CalibrationHoldoutChartData, modelName: string, horizon: string): string {
  const actualColour = SERIES_COLOURS[0] as string;
  const predictedColour = SERIES_COLOURS[1] as string;
  const key = legend(
    [
      { label: 'Actual', colour: actualColour },
      { label: `${modelName} (predicted)`, colour: predictedColour, swatch: 'dashed' },
    ],
    LEFT,
    46,
    CHART_WIDTH - LEFT - RIGHT,
  );
  const top = 46 + key.height + 10;
  const area = { left: LEFT, top, width: CHART_WIDTH - LEFT - RIGHT, height: HEIGHT - top - 72 };
  const x = categoryScale(data.maxFrequency, area, 56);
  const highest = largest(data.buckets.flatMap((b) => [b.actual ?? 0, b.predicted ?? 0]));
  const y = linearScale([0, highest], [area.top + area.height, area.top]);
  const bottom = area.top + area.height;
  const parts = [axes(x, y, area, { xTitle: '', yTitle: `Mean purchases in the holdout (${horizon})`, xFormat: (v) => bucketLabel(v, data.maxFrequency) })];
  for (const k of x.ticks) parts.push(text(x.map(k), bottom + 32, `n=${formatNumber(data.buckets[k]?.customers ?? 0)}`, { anchor: 'middle', fill: MUTED, size: 10 }));
  parts.push(text(area.left + area.width / 2, bottom + 54, 'Repeat purchases in the calibration period (n = customers)', { anchor: 'middle' }));
  const series = [
    { field: 'actual' as const, colour: actualColour, dash: undefined, name: 'actual' },
    { field: 'predicted' as const, colour: predictedColour, dash: '6 4', name: modelName },
  ];
  for (const s of series) {
    const points: Point[] = [];
    const marks: string[] = [];
    for (const b of data.buckets) {
      const value = b[s.field];
      if (value === null) continue;
      const point: Point = [x.map(b.frequency), y.map(value)];
      points.push(point);
      marks.push(marker(point[0], point[1], s.colour, false, `${b.label} in calibration (${formatNumber(b.customers)} customers): ${formatNumber(value, 2)} holdout purchases per customer (${s.name})`));
    }
    parts.push(line(points, s.dash === undefined ? { colour: s.colour } : { colour: s.colour, dash: s.dash }), marks.join(''));
  }
  if (data.customers === 0) parts.push(text(area.left + area.width / 2, area.top + area.height / 2, 'No calibration customers', { anchor: 'middle', fill: MUTED, size: 14 }));
  return svgDocument(CHART_WIDTH, HEIGHT, title, description, key.svg + parts.join(''));
}
