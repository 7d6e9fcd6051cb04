/**
 * The frequency × recency grid of {@link frequencyRecencyChart} and {@link probabilityAliveChart} (issue
 * 12): reading the fit and the grid options (lifetimes' conventions: frequencies 0..maxFrequency,
 * recencies 0..maxRecency, every customer aged T = maxRecency), and filling the matrix with one vectorised
 * call of a library prediction. The drawing is in `_matrixChart.ts`.
 */
import { type Ctx, fail, finiteNumber, own, record } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import { readCustomers } from '../models/_predict.js';

/** The models with a frequency/recency matrix (continuous-time transaction models). */
export const MATRIX_MODELS = ['betaGeo', 'modifiedBetaGeo', 'paretoNbd'] as const;
/** A model with a frequency/recency matrix. */
export type MatrixModel = (typeof MATRIX_MODELS)[number];
const MODEL_NAMES: Readonly<Record<MatrixModel, string>> = { betaGeo: 'BG/NBD', modifiedBetaGeo: 'MBG/NBD', paretoNbd: 'Pareto/NBD' };

/** The largest maxFrequency and maxRecency: a 251 × 251 grid is the most a 640 px chart can show. */
export const MAX_GRID = 250;
/** The grid read from the options: frequencies 0..maxFrequency, recencies 0..maxRecency, age T. */
export interface MatrixGrid {
  readonly model: MatrixModel;
  /** 'BG/NBD', 'MBG/NBD' or 'Pareto/NBD'. */
  readonly modelName: string;
  readonly maxFrequency: number;
  readonly maxRecency: number;
  readonly T: number;
  /** The fit's time unit in words, singular and plural ('week', 'weeks'), or 'time unit(s)'. */
  readonly unit: readonly [string, string];
}

const PLURAL: Readonly<Record<string, string>> = { hour: 'hours', day: 'days', week: 'weeks', month: 'months', quarter: 'quarters', year: 'years' };

/** `2 weeks`, `1 week`, `0.5 time units`. */
export function amount(value: number, unit: readonly [string, string]): string {
  return `${formatPlain(value)} ${value === 1 ? unit[0] : unit[1]}`;
}

/** A number as written by a person: up to 4 decimals, no trailing zeros, thousands separated. */
export function formatPlain(value: number): string {
  const fixed = Number(value.toFixed(4));
  const [whole, fraction] = String(Math.abs(fixed)).split('.') as [string, string | undefined];
  if (whole.includes('e')) return String(fixed);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fixed < 0 ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * Reads the fit (its model among {@link MATRIX_MODELS}; the parameters are checked by the prediction) and
 * the grid options `maxFrequency`, `maxRecency`, `summary`, `T`; `extra` names the chart's other keys.
 */
export function readMatrixOptions(ctx: Ctx, fit: unknown, value: unknown, extra: readonly string[]): { readonly grid: MatrixGrid; readonly options: object } {
  if (typeof fit !== 'object' || fit === null || Array.isArray(fit)) fail(ctx, 'fit', `a transaction model fit (${MATRIX_MODELS.join(', ')})`, fit);
  const model = own(fit, 'model');
  if (typeof model !== 'string' || !(MATRIX_MODELS as readonly string[]).includes(model)) {
    fail(ctx, 'fit.model', `a continuous-time transaction model with a frequency/recency matrix (${MATRIX_MODELS.join(', ')})`, model);
  }
  const timeUnit = own(fit, 'timeUnit');
  const plural = typeof timeUnit === 'string' && Object.hasOwn(PLURAL, timeUnit) ? PLURAL[timeUnit] : undefined;
  const unit: readonly [string, string] = plural === undefined ? ['time unit', 'time units'] : [timeUnit as string, plural];
  if (value === undefined) fail(ctx, 'options', 'an object with maxFrequency and maxRecency, or with the summary to take them from', value);
  const options = record(ctx, 'options', value, ['maxFrequency', 'maxRecency', 'T', 'summary', ...extra]);
  let maxFrequency = gridSize(ctx, 'options.maxFrequency', own(options, 'maxFrequency'));
  let maxRecency = gridSize(ctx, 'options.maxRecency', own(options, 'maxRecency'));
  const summary = own(options, 'summary');
  // A summary is read and checked even when both maxima are given: a bad one is never ignored silently.
  if (summary !== undefined) {
    const data = readCustomers(ctx, summary, { name: 'options.summary' });
    if (data.length === 0) fail(ctx, 'options.summary', 'at least one customer (the grid is taken from the largest frequency and T)', 'no customers', 'EMPTY_POPULATION');
    let topFrequency = 0;
    let topAge = 0;
    for (let i = 0; i < data.length; i++) {
      topFrequency = Math.max(topFrequency, data.frequency[i] as number);
      topAge = Math.max(topAge, data.age[i] as number);
    }
    const advice = `pass options.maxFrequency and options.maxRecency to draw part of the grid, or use a longer time unit`;
    if (maxFrequency === undefined) {
      if (topFrequency > MAX_GRID) fail(ctx, 'options.summary', `customers with at most ${MAX_GRID} repeat purchases for a readable grid (${advice})`, `frequency ${topFrequency}`);
      maxFrequency = topFrequency;
    }
    if (maxRecency === undefined) {
      if (Math.floor(topAge) > MAX_GRID) fail(ctx, 'options.summary', `customers aged T < ${MAX_GRID + 1} for a readable grid (${advice})`, `T ${topAge}`);
      maxRecency = Math.floor(topAge);
    }
  }
  if (maxFrequency === undefined) fail(ctx, 'options.maxFrequency', 'given (an integer in [0, 250]) or taken from options.summary: the fit holds no data', maxFrequency);
  if (maxRecency === undefined) fail(ctx, 'options.maxRecency', 'given (an integer in [0, 250]) or taken from options.summary: the fit holds no data', maxRecency);
  const rawT = own(options, 'T');
  const T = rawT === undefined ? maxRecency : finiteNumber(ctx, 'options.T', rawT, { min: maxRecency, max: 1e9, rule: `a finite number in [maxRecency (${maxRecency}), 1e9]: the customers' age, at least their recency` });
  return { grid: { model: model as MatrixModel, modelName: MODEL_NAMES[model as MatrixModel], maxFrequency, maxRecency, T, unit }, options };
}

/** The `title` option: a non-empty string, or `fallback`. */
export function readTitle(ctx: Ctx, options: object, fallback: string): string {
  const value = own(options, 'title');
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') fail(ctx, 'options.title', 'a non-empty string', value);
  return value;
}

function gridSize(ctx: Ctx, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_GRID) fail(ctx, field, `an integer in [0, ${MAX_GRID}] (at most a ${MAX_GRID + 1}-wide grid)`, value);
  return value === 0 ? 0 : value;
}

/**
 * The matrix `values[f][r]` for f = 0..maxFrequency, r = 0..maxRecency: `predict` called once on the
 * possible cells as columns; cells with frequency 0 and recency > 0 (no repeat purchase, so no last one
 * after the first) are `null`. A MetricError of the prediction is re-raised under the chart's name.
 */
export function fillMatrix(ctx: Ctx, grid: MatrixGrid, predict: (customers: { frequency: number[]; recency: number[]; T: number[] }) => Float64Array): (number | null)[][] {
  const frequency: number[] = [];
  const recency: number[] = [];
  for (let f = 0; f <= grid.maxFrequency; f++) {
    const last = f === 0 ? 0 : grid.maxRecency;
    for (let r = 0; r <= last; r++) {
      frequency.push(f);
      recency.push(r);
    }
  }
  let computed: Float64Array;
  try {
    computed = predict({ frequency, recency, T: frequency.map(() => grid.T) });
  } catch (error) {
    if (!(error instanceof MetricError)) throw error;
    const head = `${error.functionName}: ${error.field} must be `;
    const body = error.message.startsWith(head) ? error.message.slice(head.length) : error.message;
    const cut = body.lastIndexOf(', received ');
    throw new MetricError({ code: error.code, functionName: ctx.fn, field: error.field, rule: cut === -1 ? body : body.slice(0, cut), received: error.received });
  }
  const values: (number | null)[][] = [];
  let k = 0;
  for (let f = 0; f <= grid.maxFrequency; f++) {
    const row: (number | null)[] = [];
    for (let r = 0; r <= grid.maxRecency; r++) {
      if (f === 0 && r > 0) row.push(null);
      else {
        const v = computed[k++] as number;
        if (!Number.isFinite(v)) fail(ctx, 'fit.params', 'parameters with a finite prediction for every cell', `${v} at frequency ${f}, recency ${r}`, 'UNDEFINED_RESULT');
        row.push(v === 0 ? 0 : v);
      }
    }
    values.push(row);
  }
  return values;
}

/** The lowest and highest cell and where they are (first in frequency, then recency order). */
export interface Extremes {
  readonly min: number;
  readonly max: number;
  readonly minAt: readonly [number, number];
  readonly maxAt: readonly [number, number];
}

export function extremes(values: readonly (readonly (number | null)[])[]): Extremes {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let minAt: [number, number] = [0, 0];
  let maxAt: [number, number] = [0, 0];
  values.forEach((row, f) =>
    row.forEach((v, r) => {
      if (v === null) return;
      if (v < min) [min, minAt] = [v, [f, r]];
      if (v > max) [max, maxAt] = [v, [f, r]];
    }),
  );
  // Cell (0, 0) always exists, so min and max are finite.
  return { min, max, minAt, maxAt };
}
