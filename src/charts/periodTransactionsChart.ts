import { noExtraArguments, options as readOptions } from '../core/_validate.js';
import { readCustomers } from '../models/_predict.js';
import { purchaseCountProbability } from '../models/purchaseCountProbability.js';
import type { CustomerHistories, TransactionModelFit } from '../models/_predict.js';
import type { BetaGeoBetaBinomCustomers } from '../models/fitBetaGeoBetaBinom.js';
import { type Chart, createChart } from '../render/_chart.js';
import { axes, CHART_WIDTH, formatNumber, largest, legend, linearScale, MUTED, rect, SERIES_COLOURS, svgDocument, text } from '../render/_plot.js';
import { asChart, bucketLabel, bucketOf, categoryScale, checkTimeUnit, compensatedSum, COUNT_MODELS, readFit, readMaxFrequency, readTitle } from './_fitCheck.js';

/**
 * Options of {@link periodTransactionsChart}.
 * @category charts
 */
export interface PeriodTransactionsChartOptions {
  /** The last bucket, drawn as "maxFrequency+" (every customer with that many repeat purchases or more): an integer from 1 to 100. Default 7, as lifetimes. */
  readonly maxFrequency?: number;
  /** The heading (the SVG's `<title>`). Default `"Repeat purchases in the calibration period: actual vs <model>"`. */
  readonly title?: string;
}

/**
 * One bar pair of {@link periodTransactionsChart}: the customers with `label` repeat purchases.
 * @category charts
 */
export interface PeriodTransactionsBucket {
  /** `"0"`, `"1"`, ..., and `"7+"` for the last bucket. */
  readonly label: string;
  /** The bucket's lowest frequency (the last bucket holds this one and all above). */
  readonly frequency: number;
  /** Customers of the summary in the bucket (a count). */
  readonly actual: number;
  /** Σ over the customers of P(X(T_i) = frequency) by the model; the last bucket is the customer count minus the other buckets. */
  readonly expected: number;
}

/**
 * The plotted numbers of {@link periodTransactionsChart}.
 * @category charts
 */
export interface PeriodTransactionsChartData {
  /** The fit's model tag. */
  readonly model: string;
  /** Customers in the summary: the sum of `actual` and (to rounding) of `expected`. */
  readonly customers: number;
  /** The last bucket's frequency (its label ends in "+"). */
  readonly maxFrequency: number;
  /** One entry per frequency 0, 1, ..., maxFrequency. */
  readonly buckets: readonly PeriodTransactionsBucket[];
}

const HEIGHT = 400;
const LEFT = 68;
const RIGHT = 16;

/**
 * The model check "frequency of repeat transactions" (lifetimes' `plot_period_transactions`; Fader, Hardie
 * & Lee 2005, figure 2): how many customers made 0, 1, 2, ... repeat purchases in the calibration period,
 * actual against the model, as grouped bars.
 *
 * - actual(x) = customers of `summary` with frequency x (the last bucket: frequency >= maxFrequency);
 * - expected(x) = Σ_i P(X(T_i) = x), each customer's chance of exactly x repeat purchases over their own
 *   observation length T_i, from {@link purchaseCountProbability} (customers with equal T are computed
 *   once); the last bucket is `customers − Σ` of the others, so both columns sum to the customer count.
 *
 * lifetimes draws its model column by simulating customers from the fitted model; the expectation here
 * is exact, as in Fader, Hardie & Lee's figure and BTYD's `bgnbd.PlotFrequencyInCalibration`.
 *
 * `summary` is what {@link rfmSummary} returns (its `timeUnit` must equal the fit's when the fit states
 * one), an array of customers or columns; for a BG/BB fit, customers `{ frequency, recency, n }`. A summary
 * with no customer draws empty buckets and says so.
 *
 * @param fit - A fit of the library (or `{ model, params }` by hand, as in the example); when it states its
 * `timeUnit` (a fit made with `options.timeUnit`), the data's unit must be the same.
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not BG/NBD, MBG/NBD, Pareto/NBD or BG/BB
 * or has a bad parameter, a bad customer (as {@link expectedPurchases}), an unknown option or a bad
 * `maxFrequency`; `INCONSISTENT_INPUT` when the summary's `timeUnit` differs from the fit's.
 * @example
 * ```ts
 * import { periodTransactionsChart } from 'loyalty-metrics';
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * const customers = [
 *   { frequency: 0, recency: 0, T: 38 },
 *   { frequency: 0, recency: 0, T: 30 },
 *   { frequency: 2, recency: 20, T: 38 },
 *   { frequency: 9, recency: 35, T: 38 },
 * ];
 * const chart = periodTransactionsChart(fit, customers, { maxFrequency: 3 });
 * chart.data.buckets.map((b) => `${b.label}: ${b.actual}`) //=> ["0: 2", "1: 0", "2: 1", "3+: 1"]
 * chart.data.buckets.reduce((sum, b) => sum + b.expected, 0).toFixed(9) //=> '4.000000000'
 * chart.toSVG().startsWith('<svg') //=> true
 * ```
 * @category charts
 */
export function periodTransactionsChart(
  fit: TransactionModelFit & { readonly timeUnit?: string | null },
  summary: CustomerHistories | BetaGeoBetaBinomCustomers,
  options?: PeriodTransactionsChartOptions,
): Chart<PeriodTransactionsChartData> {
  const ctx = { fn: 'periodTransactionsChart' };
  noExtraArguments(ctx, arguments, 3);
  const model = readFit(ctx, fit, COUNT_MODELS);
  const opts = readOptions(ctx, options, ['maxFrequency', 'title']);
  const max = readMaxFrequency(ctx, (opts as PeriodTransactionsChartOptions).maxFrequency);
  const discrete = model.model === 'betaGeoBetaBinom';
  const data = readCustomers(ctx, summary, { name: 'summary', ageField: discrete ? 'n' : 'T' });
  if (typeof summary === 'object' && summary !== null && !Array.isArray(summary)) checkTimeUnit(ctx, 'summary.timeUnit', model.timeUnit, (summary as { timeUnit?: unknown }).timeUnit);
  const title = readTitle(ctx, (opts as PeriodTransactionsChartOptions).title, `Repeat purchases in the calibration period: actual vs ${model.name}`);

  const n = data.length;
  const actual = new Array<number>(max + 1).fill(0);
  const byAge = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = bucketOf(data.frequency[i] as number, max);
    actual[k] = (actual[k] as number) + 1;
    const age = data.age[i] as number;
    byAge.set(age, (byAge.get(age) ?? 0) + 1);
  }
  const ages = [...byAge.entries()].sort((u, v) => u[0] - v[0]);
  const expected: number[] = [];
  for (let x = 0; x < max; x++) {
    expected.push(compensatedSum(ages.map(([t, customers]) => customers * asChart(ctx, () => purchaseCountProbability(fit, { t, n: x })))));
  }
  expected.push(Math.max(0, n - compensatedSum(expected)));
  const buckets = actual.map((count, k) => ({ label: bucketLabel(k, max), frequency: k, actual: count, expected: expected[k] as number }));
  const description =
    n === 0
      ? 'Customers by repeat purchases in the calibration period: the summary has no customer, so there is nothing to plot.'
      : `Customers by number of repeat purchases in the calibration period (0 to ${max - 1}, and ${max}+), actual counts against the ${model.name} model's expected counts, Σ P(X(T) = x) over the ${formatNumber(n)} customers.`;
  const chartData: PeriodTransactionsChartData = { model: model.model, customers: n, maxFrequency: max, buckets };
  return createChart({
    kind: 'periodTransactions',
    title,
    description,
    data: chartData,
    width: CHART_WIDTH,
    height: HEIGHT,
    draw: () => draw(title, description, chartData, model.name),
  });
}

function draw(title: string, description: string, data: PeriodTransactionsChartData, modelName: string): string {
  const items = [
    { label: 'Actual', colour: SERIES_COLOURS[0] as string, swatch: 'bar' as const },
    { label: `${modelName} (expected)`, colour: SERIES_COLOURS[1] as string, swatch: 'bar' as const },
  ];
  const key = legend(items, LEFT, 46, CHART_WIDTH - LEFT - RIGHT);
  const top = 46 + key.height + 10;
  const area = { left: LEFT, top, width: CHART_WIDTH - LEFT - RIGHT, height: HEIGHT - top - 52 };
  const x = categoryScale(data.maxFrequency, area);
  const highest = largest(data.buckets.map((b) => Math.max(b.actual, b.expected)));
  const y = linearScale([0, highest], [area.top + area.height, area.top], { integer: true });
  const parts = [axes(x, y, area, { xTitle: 'Repeat purchases in the calibration period', yTitle: 'Customers', xFormat: (v) => bucketLabel(v, data.maxFrequency) })];
  const band = area.width / (data.maxFrequency + 1);
  const barWidth = band * 0.36;
  for (const b of data.buckets) {
    const centre = x.map(b.frequency);
    const bottom = y.map(0);
    parts.push(rect(centre - barWidth - 1, y.map(b.actual), barWidth, bottom - y.map(b.actual), SERIES_COLOURS[0] as string, `${b.label} repeat purchases: ${formatNumber(b.actual)} customers (actual)`));
    parts.push(rect(centre + 1, y.map(b.expected), barWidth, bottom - y.map(b.expected), SERIES_COLOURS[1] as string, `${b.label} repeat purchases: ${formatNumber(b.expected, 1)} customers (${modelName})`));
  }
  if (data.customers === 0) parts.push(text(area.left + area.width / 2, area.top + area.height / 2, 'No customers in the summary', { anchor: 'middle', fill: MUTED, size: 14 }));
  return svgDocument(CHART_WIDTH, HEIGHT, title, description, key.svg + parts.join(''));
}
