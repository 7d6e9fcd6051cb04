import { type Ctx, finiteNumber, noExtraArguments, own } from '../core/_validate.js';
import { expectedPurchases } from '../models/expectedPurchases.js';
import type { CustomerHistories, TransactionModelFit } from '../models/_predict.js';
import { type Chart, createChart } from '../render/_chart.js';
import { CHART_WIDTH, formatNumber } from '../render/_plot.js';
import { drawMatrix, matrixHeight } from './_matrixChart.js';
import { amount, extremes, fillMatrix, readMatrixOptions, readTitle } from './_matrixGrid.js';

/**
 * Options of {@link frequencyRecencyChart} (and, without `t`, of {@link probabilityAliveChart}). The grid
 * comes from `maxFrequency` and `maxRecency`, or from the customers in `summary` as lifetimes takes it from
 * the fitted data; a value given explicitly wins over the one taken from the summary.
 * @category charts
 */
export interface FrequencyRecencyChartOptions {
  /** The horizon: expected purchases in the next `t` time units (the fit's unit). A finite number > 0. Default 1. */
  readonly t?: number;
  /** Highest frequency drawn (rows 0..maxFrequency): an integer in [0, 250]. Default: the summary's largest frequency. */
  readonly maxFrequency?: number;
  /** Highest recency drawn (columns 0..maxRecency): an integer in [0, 250]. Default: the summary's largest T, rounded down. */
  readonly maxRecency?: number;
  /** The customers' age T, the same for every cell (lifetimes' convention): a number >= maxRecency. Default maxRecency. */
  readonly T?: number;
  /** The customers the model was fitted on (an `rfmSummary` result, an array of customers or columns), to take maxFrequency and maxRecency from. */
  readonly summary?: CustomerHistories;
  /** The heading and `<title>`: a non-empty string. Default `'Expected purchases in the next 1 week, by frequency and recency'` (with t and the fit's unit). */
  readonly title?: string;
}

/**
 * The numbers a {@link frequencyRecencyChart} plots, plain JSON.
 * @category charts
 */
export interface FrequencyRecencyChartData {
  /** The fit's model tag: `'betaGeo'`, `'modifiedBetaGeo'` or `'paretoNbd'`. */
  readonly model: string;
  /** The horizon t: purchases expected in (T, T + t]. */
  readonly t: number;
  /** The age T of every customer of the grid. */
  readonly T: number;
  /** The rows' frequencies, 0..maxFrequency (drawn bottom to top). */
  readonly frequencies: readonly number[];
  /** The columns' recencies, 0..maxRecency (drawn left to right). */
  readonly recencies: readonly number[];
  /**
   * `values[f][r]`: `expectedPurchases(fit, { frequency: f, recency: r, T }, { t })`; `null` for frequency 0
   * with recency > 0, a history that cannot happen (no repeat purchase, so no last one after the first).
   */
  readonly values: readonly (readonly (number | null)[])[];
  /** The colour scale's domain: the lowest and highest value of the matrix. */
  readonly domain: readonly [number, number];
}

/**
 * Heatmap of the expected number of purchases in the next `t` time units of a customer with frequency f
 * (rows, 0 to maxFrequency, highest at the top) and recency r (columns, 0 to maxRecency), all aged
 * T = maxRecency: lifetimes' `plot_frequency_recency_matrix` (same grid and T convention; here frequency
 * runs up the y axis and recency along the x axis, and the colours are ColorBrewer Blues, colour-blind
 * safe, scaled to the matrix's minimum and maximum with a colour bar). The best customers, frequent and
 * recent, are top right; a frequent customer silent for long (top left) is expected to buy little,
 * because the model believes they have probably dropped out.
 *
 * Each cell is {@link expectedPurchases} `(fit, { frequency: f, recency: r, T }, { t })`, computed by that
 * function in one vectorised call (the formulas are not repeated here). The fit is a BG/NBD
 * ({@link fitBetaGeo}), MBG/NBD ({@link fitModifiedBetaGeo}) or Pareto/NBD ({@link fitParetoNbd}) fit, or
 * a `{ model, params }` with published parameters; the axis titles use its `timeUnit` when it has one.
 *
 * The grid: the fit holds no data, so give `maxFrequency` and `maxRecency`, or `summary` (the customers
 * the model was fitted on) to take the largest frequency and the largest T (rounded down) from, as
 * lifetimes does from its fitted data. At most 251 × 251 cells; larger data are refused (draw part of the
 * grid with explicit maxima, or fit in a longer time unit). Cells with frequency 0 and recency > 0 are
 * impossible histories: lifetimes still computes a number for them; here they are `null` and drawn grey.
 * A matrix whose values are all equal is drawn in one mid blue.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not one of the three models (naming
 * `fit.model`) or with a missing or non-positive parameter, missing options (neither maxima nor summary),
 * an unknown option, a maximum that is not an integer in [0, 250], a T below maxRecency, a t that is not a
 * finite number > 0, or a summary with a bad customer or beyond the grid cap; `EMPTY_POPULATION` for a
 * summary without customers; `UNDEFINED_RESULT` when t is too long for the prediction's series.
 * @example
 * ```ts
 * import { expectedPurchases, frequencyRecencyChart } from 'loyalty-metrics';
 * // Published BG/NBD parameters for CDNOW (weeks, Fader, Hardie & Lee 2005), a 39-week-old customer base.
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'week' };
 * const chart = frequencyRecencyChart(fit, { maxFrequency: 20, maxRecency: 39 });
 * chart.data.frequencies.length //=> 21
 * chart.data.T //=> 39
 * // Each cell is the library's prediction for that customer, in the next t = 1 week:
 * chart.data.values[2][30] === expectedPurchases(fit, { frequency: 2, recency: 30, T: 39 }, { t: 1 }) //=> true
 * chart.data.values[20][39].toFixed(3) //=> '0.446'
 * // 20 purchases, all in the first week, then 34 weeks of silence: almost surely gone.
 * chart.data.values[20][5].toFixed(4) //=> '0.0000'
 * chart.data.values[0][5] //=> null
 * chart.toSVG().startsWith('<svg') //=> true
 * ```
 * @category charts
 */
export function frequencyRecencyChart(fit: TransactionModelFit, options: FrequencyRecencyChartOptions): Chart<FrequencyRecencyChartData> {
  const ctx: Ctx = { fn: 'frequencyRecencyChart' };
  noExtraArguments(ctx, arguments, 2);
  const { grid, options: read } = readMatrixOptions(ctx, fit, options, ['t', 'title']);
  const rawT = own(read, 't');
  const t = rawT === undefined ? 1 : finiteNumber(ctx, 'options.t', rawT, { min: 0, minExclusive: true, max: 1e9 });
  const horizon = amount(t, grid.unit);
  const title = readTitle(ctx, read, `Expected purchases in the next ${horizon}, by frequency and recency`);
  const values = fillMatrix(ctx, grid, (customers) => expectedPurchases(fit, customers, { t }));
  const { min, max, minAt, maxAt } = extremes(values);
  const decimals = max >= 100 ? 0 : max >= 10 ? 1 : max >= 1 ? 2 : 3;
  const format = (value: number): string => formatNumber(value, decimals);
  const age = amount(grid.T, grid.unit);
  const description =
    `Expected number of purchases in the next ${horizon} (${grid.modelName} model) of a customer aged T = ${age}, ` +
    `by historical frequency (0 to ${grid.maxFrequency} repeat purchases, rows, highest at the top) and recency ` +
    `(0 to ${grid.maxRecency} ${grid.unit[1]}, columns); from ${format(min)} (frequency ${minAt[0]}, recency ${minAt[1]}) ` +
    `to ${format(max)} (frequency ${maxAt[0]}, recency ${maxAt[1]}), darker is more.` +
    (grid.maxRecency > 0 ? ' Cells with frequency 0 and recency above 0 are impossible and drawn grey.' : '');
  const data: FrequencyRecencyChartData = {
    model: grid.model,
    t,
    T: grid.T,
    frequencies: values.map((_, f) => f),
    recencies: Array.from({ length: grid.maxRecency + 1 }, (_, r) => r),
    values,
    domain: [min, max],
  };
  const subtitle = `${grid.modelName} · customers aged T = ${age} · purchases expected in the next ${horizon}`;
  return createChart({
    kind: 'frequencyRecency',
    title,
    description,
    data,
    width: CHART_WIDTH,
    height: matrixHeight(grid),
    draw: () => drawMatrix(grid, { title, subtitle, description, values, domain: [min, max], valueName: 'purchases', format, detail: (v) => formatNumber(v, decimals + 1) }),
  });
}
