/**
 * What every transaction-model prediction shares: the customer argument (one customer, an array of
 * customers or an object of columns), checked once, and the fit's model tag.
 */
import { type Ctx, fail, finiteNumber, own, isArrayLike } from '../core/_validate.js';

/**
 * One customer's history in the model's time unit, the shape `rfmSummary` returns: `frequency` repeat
 * purchases, the last one `recency` after the first, observed for `T` since the first purchase. Other
 * fields (`customerId`, `monetaryValue`, ...) are allowed and ignored.
 * @category models
 */
export interface CustomerHistory {
  /** Repeat purchases (periods with a purchase − 1): a non-negative integer. */
  readonly frequency: number;
  /** Time from the first to the last purchase, in [0, T]; 0 when frequency is 0. */
  readonly recency: number;
  /** Time from the first purchase to the end of observation (the customer's age), >= 0. */
  readonly T: number;
}

/**
 * Customers as parallel columns (arrays or typed arrays of equal length), for vectorised predictions.
 * `{ columns: { ... } }` (the column form of `rfmSummary`) is accepted too.
 * @category models
 */
export interface CustomerHistoryColumns {
  /** Repeat purchases per customer. */
  readonly frequency: ArrayLike<number>;
  /** Recency per customer. */
  readonly recency: ArrayLike<number>;
  /** Age per customer. */
  readonly T: ArrayLike<number>;
}

/**
 * Many customers: an array of {@link CustomerHistory} (extra fields such as `customerId` and
 * `monetaryValue` are ignored), or parallel columns, also wrapped as `{ columns }` (so an `rfmSummary`
 * result itself is accepted).
 * @category models
 */
export type CustomerHistories =
  | readonly CustomerHistory[]
  | CustomerHistoryColumns
  | {
      /** The customers as columns (the `columns` of an `rfmSummary` result). */
      readonly columns: CustomerHistoryColumns;
    };

/**
 * What a prediction reads from a fit: the model tag and the parameters. A fit restored from JSON, or a
 * hand-written `{ model: 'betaGeo', params: { r, alpha, a, b } }` with published parameters, works.
 * @category models
 */
export interface TransactionModelFit {
  /** The model tag, e.g. `'betaGeo'` or `'modifiedBetaGeo'`. */
  readonly model: string;
  /** The model's parameters by name. */
  readonly params: Readonly<Record<string, number>>;
}

/** Customers read into columns; `single` when one customer object was given (the result is then a number). */
export interface CustomerData {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly age: Float64Array;
  readonly length: number;
  readonly single: boolean;
}

/** The most transaction opportunities a BG/BB customer may have (`n`): a million (daily for 2,700 years). */
export const MAX_OPPORTUNITIES = 1_000_000;

export interface ReadCustomersOptions {
  /** The argument's name in messages. Default 'customer'. */
  readonly name?: string;
  /** The field of the observation length: 'T' (continuous time) or 'n' (BG/BB opportunities). Default 'T'. */
  readonly ageField?: 'T' | 'n';
  /** Minimum age: 'positive' (fits) or 'nonNegative' (predictions, T = 0 is a customer at the first purchase). */
  readonly age?: 'positive' | 'nonNegative';
}

/**
 * Reads one customer, an array of customers or columns, checking frequency (integer >= 0), recency
 * (0 <= recency <= T), T (> 0 or >= 0) and the BTYD consistency rule frequency 0 => recency 0.
 * With `ageField: 'n'` recency and n must be integers too.
 */
export function readCustomers(ctx: Ctx, value: unknown, options: ReadCustomersOptions = {}): CustomerData {
  const name = options.name ?? 'customer';
  const ageField = options.ageField ?? 'T';
  const positiveAge = options.age === 'positive';
  const integerTimes = ageField === 'n';
  const fields = ['frequency', 'recency', ageField] as const;
  if (typeof value !== 'object' || value === null) fail(ctx, name, `a customer { frequency, recency, ${ageField} }, an array of customers or an object of columns`, value);
  let frequency: Float64Array;
  let recency: Float64Array;
  let age: Float64Array;
  let path: (field: string, i: number) => string;
  let single = false;
  if (Array.isArray(value)) {
    const n = value.length;
    frequency = new Float64Array(n);
    recency = new Float64Array(n);
    age = new Float64Array(n);
    path = (field, i) => `${name}[${i}].${field}`;
    for (let i = 0; i < n; i++) {
      const row: unknown = value[i];
      if (typeof row !== 'object' || row === null) fail(ctx, `${name}[${i}]`, `a customer object with ${fields.join(', ')}`, row);
      frequency[i] = number(ctx, path('frequency', i), own(row, 'frequency'));
      recency[i] = number(ctx, path('recency', i), own(row, 'recency'));
      age[i] = number(ctx, path(ageField, i), own(row, ageField));
    }
  } else {
    const nested = own(value, 'columns');
    const source = nested !== undefined && own(value, 'frequency') === undefined ? nested : value;
    if (typeof source !== 'object' || source === null) fail(ctx, `${name}.columns`, 'an object of columns', source);
    const first = own(source, 'frequency');
    if (isArrayLike(first)) {
      const columns = fields.map((field) => {
        const column = own(source, field);
        if (!isArrayLike(column)) fail(ctx, `${name}.${field}`, 'an array or a typed array (column form)', column);
        if (column.length !== first.length) fail(ctx, `${name}.${field}`, `as long as ${name}.frequency (${first.length})`, column.length, 'INCONSISTENT_INPUT');
        return column;
      });
      path = (field, i) => `${name}.${field}[${i}]`;
      [frequency, recency, age] = columns.map((column, c) => {
        const out = new Float64Array(column.length);
        const field = fields[c] as string;
        for (let i = 0; i < column.length; i++) {
          const v = column[i];
          out[i] = typeof v === 'number' && Number.isFinite(v) ? v : number(ctx, path(field, i), v);
        }
        return out;
      }) as [Float64Array, Float64Array, Float64Array];
    } else {
      single = true;
      path = (field) => `${name}.${field}`;
      frequency = Float64Array.of(number(ctx, path('frequency', 0), first));
      recency = Float64Array.of(number(ctx, path('recency', 0), own(source, 'recency')));
      age = Float64Array.of(number(ctx, path(ageField, 0), own(source, ageField)));
    }
  }
  const length = frequency.length;
  for (let i = 0; i < length; i++) {
    const x = frequency[i] as number;
    const tx = recency[i] as number;
    const T = age[i] as number;
    if (x < 0 || !Number.isSafeInteger(x)) fail(ctx, path('frequency', i), 'a non-negative integer (repeat purchases)', x);
    if (tx < 0 || (integerTimes && !Number.isSafeInteger(tx))) fail(ctx, path('recency', i), integerTimes ? 'a non-negative integer' : 'a finite number >= 0', tx);
    if (positiveAge ? !(T > 0) : T < 0) fail(ctx, path(ageField, i), `a finite number ${positiveAge ? '>' : '>='} 0`, T);
    if (integerTimes && !Number.isSafeInteger(T)) fail(ctx, path(ageField, i), 'a non-negative integer (opportunities)', T);
    // BG/BB likelihoods sum over the n − t_x silent opportunities: bounded so that no input can stall a call.
    if (integerTimes && T > MAX_OPPORTUNITIES) fail(ctx, path(ageField, i), `at most ${MAX_OPPORTUNITIES} opportunities`, T);
    if (tx > T) fail(ctx, path('recency', i), `at most ${ageField} (${T}): recency > ${ageField}`, tx, 'INCONSISTENT_INPUT');
    if (x === 0 && tx > 0) fail(ctx, path('recency', i), 'frequency 0 with recency > 0 is impossible: 0 when frequency is 0', tx, 'INCONSISTENT_INPUT');
    // Discrete opportunities (BG/BB): x transactions need x opportunities up to the last one, t_x.
    if (integerTimes && x > tx) fail(ctx, path('frequency', i), `at most recency (${tx}): x transactions take x of the opportunities 1..recency`, x, 'INCONSISTENT_INPUT');
  }
  return { frequency, recency, age, length, single };
}

function number(ctx: Ctx, field: string, value: unknown): number {
  return finiteNumber(ctx, field, value);
}

/** Reads the prediction horizon t (> 0 unless `allowZero`). */
export function horizon(ctx: Ctx, options: unknown, allowZero = true): number {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail(ctx, 'options', 'an object { t }', options);
  for (const key of Object.keys(options)) if (key !== 't') fail(ctx, `options.${key}`, 'one of the known fields (t)', own(options, key));
  return finiteNumber(ctx, 'options.t', own(options, 't'), { min: 0, minExclusive: !allowZero, max: 1e15 });
}

/** The fit's model tag, checked to be one of `models` (an unsupported model is INVALID_INPUT naming fit.model). */
export function modelOf<const M extends string>(ctx: Ctx, fit: unknown, models: readonly M[]): M {
  if (typeof fit !== 'object' || fit === null) fail(ctx, 'fit', `a model fit of ${models.join(', ')}`, fit);
  const model = own(fit, 'model');
  if (typeof model !== 'string' || !(models as readonly string[]).includes(model)) fail(ctx, 'fit.model', `a model with this prediction (${models.join(', ')})`, model);
  return model as M;
}

/** Applies a per-customer kernel to every customer: a number for one customer, a Float64Array otherwise. */
export function mapCustomers(data: CustomerData, kernel: (x: number, tx: number, T: number) => number): number | Float64Array {
  const out = new Float64Array(data.length);
  const { frequency, recency, age } = data;
  for (let i = 0; i < data.length; i++) out[i] = kernel(frequency[i] as number, recency[i] as number, age[i] as number);
  return data.single ? (out[0] as number) : out;
}
