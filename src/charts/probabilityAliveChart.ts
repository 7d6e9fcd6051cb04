import { type Ctx, noExtraArguments } from '../core/_validate.js';
import { probabilityAlive } from '../models/probabilityAlive.js';
import type { CustomerHistories, TransactionModelFit } from '../models/_predict.js';
import { type Chart, createChart } from '../render/_chart.js';
import { CHART_WIDTH, formatPercent } from '../render/_plot.js';
import { drawMatrix, matrixHeight } from './_matrixChart.js';
import { amount, extremes, fillMatrix, readMatrixOptions, readTitle } from './_matrixGrid.js';

/**
 * Options of {@link probabilityAliveChart}: the grid from `maxFrequency` and `maxRecency`, or from the
 * customers in `summary` (a value given explicitly wins over the one taken from the summary).
 * @category charts
 */
export interface ProbabilityAliveChartOptions {
  /** Highest frequency drawn (rows 0..maxFrequency): an integer in [0, 250]. Default: the summary's largest frequency. */
  readonly maxFrequency?: number;
  /** Highest recency drawn (columns 0..maxRecency): an integer in [0, 250]. Default: the summary's largest T, rounded down. */
  readonly maxRecency?: number;
  /** The customers' age T, the same for every cell (lifetimes' convention): a number >= maxRecency. Default maxRecency. */
  readonly T?: number;
  /** The customers the model was fitted on (an `rfmSummary` result, an array of customers or columns), to take maxFrequency and maxRecency from. */
  readonly summary?: CustomerHistories;
  /** The heading and `<title>`: a non-empty string. Default `'Probability a customer is alive, by frequency and recency'`. */
  readonly title?: string;
}

/**
 * The numbers a {@link probabilityAliveChart} plots, plain JSON.
 * @category charts
 */
export interface ProbabilityAliveChartData {
  /** The fit's model tag: `'betaGeo'`, `'modifiedBetaGeo'` or `'paretoNbd'`. */
  readonly model: string;
  /** The age T of every customer of the grid. */
  readonly T: number;
  /** The rows' frequencies, 0..maxFrequency (drawn bottom to top). */
  readonly frequencies: readonly number[];
  /** The columns' recencies, 0..maxRecency (drawn left to right). */
  readonly recencies: readonly number[];
  /**
   * `values[f][r]`: `probabilityAlive(fit, { frequency: f, recency: r, T })`, in [0, 1]; `null` for
   * frequency 0 with recency > 0, a history that cannot happen.
   */
  readonly values: readonly (readonly (number | null)[])[];
  /** The colour scale's domain: always [0, 1], so that charts of different fits compare. */
  readonly domain: readonly [number, number];
}

/**
 * Heatmap of the probability that a customer with frequency f (rows, 0 to maxFrequency, highest at the
 * top) and recency r (columns, 0 to maxRecency), aged T = maxRecency, is still alive: lifetimes'
 * `plot_probability_alive_matrix` (same grid and T convention; frequency up the y axis, recency along
 * the x axis, ColorBrewer Blues on the fixed domain 0-100 % with a colour bar). A customer who bought
 * often and long ago (top left) has most probably dropped out; one who bought recently (right) is
 * probably alive, the more so the more often they bought.
 *
 * Each cell is {@link probabilityAlive} `(fit, { frequency: f, recency: r, T })`, computed by that
 * function in one vectorised call. For BG/NBD the cell of frequency 0 is 1 (such a customer cannot have
 * dropped out yet, the model's convention); MBG/NBD and Pareto/NBD give less. The fit, the grid options,
 * the impossible cells (frequency 0 with recency > 0, `null`, grey) and the cap of 251 × 251 cells are as
 * in {@link frequencyRecencyChart}.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not a BG/NBD, MBG/NBD or Pareto/NBD fit
 * (naming `fit.model`) or with a missing or non-positive parameter, missing options (neither maxima nor
 * summary), an unknown option, a maximum that is not an integer in [0, 250], a T below maxRecency, or a
 * summary with a bad customer or beyond the grid cap; `EMPTY_POPULATION` for a summary without customers.
 * @example
 * ```ts
 * import { probabilityAlive, probabilityAliveChart } from 'loyalty-metrics';
 * // Published BG/NBD parameters for CDNOW (weeks, Fader, Hardie & Lee 2005).
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'week' };
 * const chart = probabilityAliveChart(fit, { maxFrequency: 20, maxRecency: 39 });
 * chart.data.values[0][0] //=> 1
 * chart.data.values[20][39].toFixed(2) //=> '0.96'
 * chart.data.values[4][12] === probabilityAlive(fit, { frequency: 4, recency: 12, T: 39 }) //=> true
 * chart.data.domain //=> [0, 1]
 * chart.toSVG().includes('<desc>Probability that a customer aged T = 39 weeks') //=> true
 * chart.description.startsWith('Probability that a customer aged T = 39 weeks is still alive') //=> true
 * ```
 * @category charts
 */
export function probabilityAliveChart(fit: TransactionModelFit, options: ProbabilityAliveChartOptions): Chart<ProbabilityAliveChartData> {
  const ctx: Ctx = { fn: 'probabilityAliveChart' };
  noExtraArguments(ctx, arguments, 2);
  const { grid, options: read } = readMatrixOptions(ctx, fit, options, ['title']);
  const title = readTitle(ctx, read, 'Probability a customer is alive, by frequency and recency');
  const values = fillMatrix(ctx, grid, (customers) => probabilityAlive(fit, customers));
  const { min, max, minAt, maxAt } = extremes(values);
  const format = (value: number): string => formatPercent(value, 0.001);
  const age = amount(grid.T, grid.unit);
  const description =
    `Probability that a customer aged T = ${age} is still alive (${grid.modelName} model), by historical frequency ` +
    `(0 to ${grid.maxFrequency} repeat purchases, rows, highest at the top) and recency (0 to ${grid.maxRecency} ${grid.unit[1]}, columns); ` +
    `from ${format(min)} (frequency ${minAt[0]}, recency ${minAt[1]}) to ${format(max)} (frequency ${maxAt[0]}, recency ${maxAt[1]}), ` +
    'colours on a fixed 0% to 100% scale, darker is more likely alive.' +
    (grid.maxRecency > 0 ? ' Cells with frequency 0 and recency above 0 are impossible and drawn grey.' : '');
  const data: ProbabilityAliveChartData = {
    model: grid.model,
    T: grid.T,
    frequencies: values.map((_, f) => f),
    recencies: Array.from({ length: grid.maxRecency + 1 }, (_, r) => r),
    values,
    domain: [0, 1],
  };
  const subtitle = `${grid.modelName} · customers aged T = ${age}`;
  return createChart({
    kind: 'probabilityAlive',
    title,
    description,
    data,
    width: CHART_WIDTH,
    height: matrixHeight(grid),
    draw: () => drawMatrix(grid, { title, subtitle, description, values, domain: [0, 1], valueName: 'P(alive)', format: (v) => formatPercent(v, 0.01), detail: format }),
  });
}
