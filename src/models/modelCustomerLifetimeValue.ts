import type { Decimal } from 'decimal.js';
import { ExactDecimal } from '../core/_decimal.js';
import { type Ctx, fail, finiteNumber, isArrayLike, noExtraArguments, own, record } from '../core/_validate.js';
import { MODEL_TIME_UNITS, type ModelTimeUnit } from './_fit.js';
import { type CustomerData, readCustomers, type TransactionModelFit } from './_predict.js';
import { expectedAverageSpend, type GammaGammaParamsFit } from './expectedAverageSpend.js';
import { expectedPurchases } from './expectedPurchases.js';

/**
 * A customer for {@link modelCustomerLifetimeValue}: the history the transaction model needs and the mean
 * repeat spend the spend model needs, in the shape `rfmSummary` returns.
 * @category models
 */
export interface LifetimeValueCustomer {
  /** Repeat purchases: a non-negative integer. */
  readonly frequency: number;
  /** Time from the first to the last purchase, in the model's time unit. */
  readonly recency: number;
  /** Time from the first purchase to now, in the model's time unit. */
  readonly T: number;
  /** Mean amount of the repeat purchases (> 0 for a repeat buyer; ignored for frequency 0). */
  readonly monetaryValue: number;
}

/**
 * Many customers as parallel columns (also accepted wrapped as `{ columns }`, the column form of
 * `rfmSummary`).
 * @category models
 */
export interface LifetimeValueColumns {
  /** Repeat purchases per customer. */
  readonly frequency: ArrayLike<number>;
  /** Recency per customer. */
  readonly recency: ArrayLike<number>;
  /** Age per customer. */
  readonly T: ArrayLike<number>;
  /** Mean repeat spend per customer. */
  readonly monetaryValue: ArrayLike<number>;
}

/**
 * The transaction model of {@link modelCustomerLifetimeValue}: a fit's tag and parameters, and its time
 * unit when it was fitted with one.
 * @category models
 */
export interface LifetimeValueTransactionFit extends TransactionModelFit {
  /** The unit the model was fitted in (null or absent when not stated): must equal `modelUnit`. */
  readonly timeUnit?: ModelTimeUnit | null;
}

/**
 * Input of {@link modelCustomerLifetimeValue}. Every time unit is an explicit, required argument.
 * @category models
 */
export interface ModelCustomerLifetimeValueInput<C> {
  /** A BG/NBD, MBG/NBD or Pareto/NBD fit (or `{ model, params }` with published parameters). */
  readonly transactionFit: LifetimeValueTransactionFit;
  /** A Gamma-Gamma fit (or `{ model: 'gammaGamma', params: { p, q, gamma } }`). */
  readonly spendFit: GammaGammaParamsFit;
  /** One customer, an array of customers or columns. */
  readonly customers: C;
  /** How far ahead to sum, in `horizonUnit`: a finite number > 0. */
  readonly horizon: number;
  /** The unit of `horizon`. */
  readonly horizonUnit: ModelTimeUnit;
  /** The unit of the customers' recency and T, the one the transaction model was fitted in. */
  readonly modelUnit: ModelTimeUnit;
  /** The discount rate per `discountUnit` (0.01 = 1 % per month with `discountUnit: 'month'`), in [0, 10]. */
  readonly discountRate: number;
  /** The period of `discountRate` and of the sum: cash flows are grouped and discounted per such period. */
  readonly discountUnit: ModelTimeUnit;
  /** Share of revenue kept as margin, in [0, 1]. Default 1 (CLV as revenue). */
  readonly grossMargin?: number;
  /**
   * Repeat buyers whose repeat orders were all free (`monetaryValue` 0, which the Gamma-Gamma model cannot
   * value). `'refuse'` (default) throws naming the first one; `'zero'` values them at 0 (no revenue so far,
   * none forecast), in place, so the result keeps one value per customer. Count them with
   * `customers.filter((c) => c.frequency > 0 && c.monetaryValue === 0)` to report them.
   */
  readonly zeroSpend?: 'refuse' | 'zero';
}

/** Days per unit; months and years are Gregorian means, so converting between them and days is approximate. */
const DAYS: Readonly<Record<ModelTimeUnit, number>> = { hour: 1 / 24, day: 1, week: 7, month: 365.2425 / 12, quarter: 365.2425 / 4, year: 365.2425 };

/** Longer sums are a unit mistake (a daily discount over decades), not an analysis. */
const MAX_PERIODS = 10_000;

const TRANSACTION_PARAMS: Readonly<Record<string, readonly string[]>> = {
  betaGeo: ['r', 'alpha', 'a', 'b'],
  modifiedBetaGeo: ['r', 'alpha', 'a', 'b'],
  paretoNbd: ['r', 'alpha', 's', 'beta'],
};

const KEYS = ['transactionFit', 'spendFit', 'customers', 'horizon', 'horizonUnit', 'modelUnit', 'discountRate', 'discountUnit', 'grossMargin', 'zeroSpend'];

/**
 * Model-based customer lifetime value: for each customer, the expected margin of the purchases the
 * transaction model predicts over the horizon, each discount period's purchases valued at the spend
 * model's expected average spend and discounted from the period's end:
 *
 * CLV = margin × E[M | x, m̄] × Σ_{k=1}^{K} (E[X(t_k)] − E[X(t_{k−1})]) / (1 + d)^k
 *
 * where E[X(t)] is `expectedPurchases` (conditional on the customer's history), E[M | x, m̄] is
 * `expectedAverageSpend` (Gamma-Gamma), t_k is the end of the k-th discount period expressed in the
 * model's unit, and K = horizon / discount period. When the horizon is not a whole number of discount
 * periods, the last, partial period ends at the horizon and is discounted by (1 + d)^K with K fractional.
 * This is the discrete sum of lifetimes' `customer_lifetime_value` and of Fader, Hardie & Lee (2005,
 * "RFM and CLV", with the Gamma-Gamma spend of Fader & Hardie 2013), with spend independent of the
 * purchase process, as the Gamma-Gamma model assumes.
 *
 * The model's time unit, the horizon's unit and the discount rate's period are required arguments, and
 * the fit's own `timeUnit` (set when it was fitted with `timeUnit`) must agree with `modelUnit`: running a
 * weekly model with a daily default is the Python libraries' most reported bug (lifetimes' documented
 * CDNOW example passes weekly data with its default `freq='D'`). Units convert through days, with a month
 * of 365.2425 / 12 days and a year of 365.2425 days (lifetimes uses 30-day months); a month horizon on a
 * month model converts exactly.
 *
 * Free orders: a repeat buyer whose repeat orders were all free (monetary value 0) has no spend the
 * Gamma-Gamma model can value; such customers are refused unless `zeroSpend: 'zero'` values them at 0.
 *
 * Returns a Decimal (money leaves the models as Decimals, rounded by the caller) for one customer, or a
 * frozen array of Decimals, in order, for an array or columns. The float64 model quantities carry about
 * 15 significant digits.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a transaction fit that is not BG/NBD, MBG/NBD or
 * Pareto/NBD, a spend fit that is not Gamma-Gamma, a missing or non-positive parameter, a unit that is
 * not one of hour, day, week, month, quarter, year, a horizon that is not > 0, a discount rate outside
 * [0, 10], a margin outside [0, 1], more than 10,000 discount periods, or a bad customer (named by index
 * and field; a repeat buyer with monetary value 0 unless `zeroSpend: 'zero'`); `INCONSISTENT_INPUT` when the fit's `timeUnit` differs from `modelUnit` or a customer's
 * history is impossible; `UNDEFINED_RESULT` for Gamma-Gamma q <= 1 (infinite mean spend).
 * @example
 * ```ts
 * import { modelCustomerLifetimeValue } from 'loyalty-metrics';
 * // Published CDNOW parameters (weeks): BG/NBD (Fader, Hardie & Lee 2005), Gamma-Gamma (Fader & Hardie 2013).
 * const clv = modelCustomerLifetimeValue({
 *   transactionFit: { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
 *   spendFit: { model: 'gammaGamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } },
 *   customers: { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.5 },
 *   horizon: 12, horizonUnit: 'month', modelUnit: 'week',
 *   discountRate: 0.01, discountUnit: 'month',
 * });
 * clv.toFixed(2) //=> '36.49'
 * ```
 * @category models
 */
export function modelCustomerLifetimeValue(input: ModelCustomerLifetimeValueInput<LifetimeValueCustomer>): Decimal;
export function modelCustomerLifetimeValue(input: ModelCustomerLifetimeValueInput<readonly LifetimeValueCustomer[] | LifetimeValueColumns | { readonly columns: LifetimeValueColumns }>): readonly Decimal[];
export function modelCustomerLifetimeValue(input: ModelCustomerLifetimeValueInput<unknown>): Decimal | readonly Decimal[] {
  const ctx: Ctx = { fn: 'modelCustomerLifetimeValue' };
  noExtraArguments(ctx, arguments);
  record(ctx, 'input', input, KEYS);
  const units = {
    horizon: unit(ctx, 'horizonUnit', own(input, 'horizonUnit')),
    model: unit(ctx, 'modelUnit', own(input, 'modelUnit')),
    discount: unit(ctx, 'discountUnit', own(input, 'discountUnit')),
  };
  checkTransactionFit(ctx, own(input, 'transactionFit'), units.model);
  checkSpendFit(ctx, own(input, 'spendFit'));
  const horizon = finiteNumber(ctx, 'horizon', own(input, 'horizon'), { min: 0, minExclusive: true, max: 1e9 });
  const discountRate = finiteNumber(ctx, 'discountRate', own(input, 'discountRate'), { min: 0, max: 10 });
  const margin = own(input, 'grossMargin') === undefined ? 1 : finiteNumber(ctx, 'grossMargin', own(input, 'grossMargin'), { min: 0, max: 1 });
  const periods = (horizon * DAYS[units.horizon]) / DAYS[units.discount];
  if (periods > MAX_PERIODS) fail(ctx, 'horizon', `at most ${MAX_PERIODS} discount periods (${horizon} ${units.horizon} is ${periods} ${units.discount} periods)`, horizon);
  const customers = readCustomers(ctx, own(input, 'customers'), { name: 'customers', age: 'nonNegative' });
  const zeroSpend = own(input, 'zeroSpend') ?? 'refuse';
  if (zeroSpend !== 'refuse' && zeroSpend !== 'zero') fail(ctx, 'zeroSpend', "'refuse' or 'zero'", zeroSpend);
  const spend = expectedSpend(ctx, input, customers, zeroSpend === 'zero');
  const discounted = discountedPurchases(input.transactionFit, customers, periods, DAYS[units.discount] / DAYS[units.model], discountRate);
  const values = Array.from(discounted, (purchases, i) => new ExactDecimal(margin * (spend[i] as number) * purchases));
  return customers.single ? (values[0] as Decimal) : Object.freeze(values);
}

function unit(ctx: Ctx, field: string, value: unknown): ModelTimeUnit {
  if (!(MODEL_TIME_UNITS as readonly unknown[]).includes(value)) fail(ctx, field, `one of ${MODEL_TIME_UNITS.join(', ')} (required: units are never assumed)`, value);
  return value as ModelTimeUnit;
}

function checkTransactionFit(ctx: Ctx, fit: unknown, modelUnit: ModelTimeUnit): void {
  if (typeof fit !== 'object' || fit === null) fail(ctx, 'transactionFit', 'a BG/NBD, MBG/NBD or Pareto/NBD fit', fit);
  const model = own(fit, 'model');
  const names = typeof model === 'string' ? TRANSACTION_PARAMS[model] : undefined;
  if (names === undefined || !Object.hasOwn(TRANSACTION_PARAMS, model as string)) fail(ctx, 'transactionFit.model', `one of ${Object.keys(TRANSACTION_PARAMS).join(', ')}`, model);
  checkParams(ctx, 'transactionFit', fit, names);
  const fitted = own(fit, 'timeUnit');
  if (fitted !== undefined && fitted !== null && fitted !== modelUnit) {
    fail(ctx, 'modelUnit', `the unit the transaction model was fitted in (transactionFit.timeUnit is '${String(fitted)}')`, modelUnit, 'INCONSISTENT_INPUT');
  }
}

function checkSpendFit(ctx: Ctx, fit: unknown): void {
  if (typeof fit !== 'object' || fit === null) fail(ctx, 'spendFit', 'a Gamma-Gamma fit', fit);
  if (own(fit, 'model') !== 'gammaGamma') fail(ctx, 'spendFit.model', "'gammaGamma'", own(fit, 'model'));
  const params = checkParams(ctx, 'spendFit', fit, ['p', 'q', 'gamma']);
  if (!((params.q as number) > 1)) fail(ctx, 'spendFit.params.q', 'greater than 1 (with q <= 1 the mean spend is infinite)', params.q, 'UNDEFINED_RESULT');
}

function checkParams(ctx: Ctx, field: string, fit: object, names: readonly string[]): Record<string, number> {
  const params = own(fit, 'params');
  if (typeof params !== 'object' || params === null) fail(ctx, `${field}.params`, `an object of ${names.join(', ')}`, params);
  return Object.fromEntries(names.map((name) => [name, finiteNumber(ctx, `${field}.params.${name}`, own(params, name), { min: 0, minExclusive: true })]));
}

/** Expected average spend per customer, after checking the monetary values like the customers' other fields. */
function expectedSpend(ctx: Ctx, input: ModelCustomerLifetimeValueInput<unknown>, customers: CustomerData, zeroAllowed: boolean): Float64Array {
  const amounts = monetaryValues(ctx, input.customers, customers, zeroAllowed);
  // Free-order repeat buyers (zeroSpend: 'zero') are valued at 0: the spend model sees them as frequency 0
  // (any positive spend would do) and their expected spend is then set to 0.
  const free: number[] = [];
  const frequency = Float64Array.from(customers.frequency);
  for (let i = 0; i < amounts.length; i++) {
    if ((frequency[i] as number) > 0 && amounts[i] === 0) {
      free.push(i);
      frequency[i] = 0;
    }
  }
  const spend = expectedAverageSpend(input.spendFit, { frequency, monetaryValue: amounts });
  for (const i of free) spend[i] = 0;
  return spend;
}

function monetaryValues(ctx: Ctx, source: unknown, customers: CustomerData, zeroAllowed: boolean): Float64Array {
  const out = new Float64Array(customers.length);
  const read = (value: unknown, field: string, i: number): void => {
    const x = customers.frequency[i] as number;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (x > 0 && value === 0 && !zeroAllowed)) {
      fail(ctx, field, `a finite number >= 0 (mean repeat spend), > 0 when frequency > 0${value === 0 ? " (or zeroSpend: 'zero' to value repeat buyers whose orders were all free at 0)" : ''}`, value);
    }
    out[i] = value;
  };
  if (Array.isArray(source)) {
    source.forEach((row: object, i) => read(own(row, 'monetaryValue'), `customers[${i}].monetaryValue`, i));
    return out;
  }
  const object = source as object;
  const nested = own(object, 'columns');
  const columns = nested !== undefined && own(object, 'frequency') === undefined ? (nested as object) : object;
  const column = own(columns, 'monetaryValue');
  if (customers.single) {
    read(column, 'customers.monetaryValue', 0);
    return out;
  }
  if (!isArrayLike(column)) fail(ctx, 'customers.monetaryValue', 'an array or a typed array (column form)', column);
  const values = column;
  if (values.length !== customers.length) fail(ctx, 'customers.monetaryValue', `as long as customers.frequency (${customers.length})`, values.length, 'INCONSISTENT_INPUT');
  for (let i = 0; i < customers.length; i++) read(values[i], `customers.monetaryValue[${i}]`, i);
  return out;
}

/** Σ_k (E[X(t_k)] − E[X(t_{k−1})]) / (1 + d)^k per customer, the last period partial when `periods` is fractional. */
function discountedPurchases(fit: ModelCustomerLifetimeValueInput<unknown>['transactionFit'], customers: CustomerData, periods: number, modelTimePerPeriod: number, rate: number): Float64Array {
  const columns = { frequency: customers.frequency, recency: customers.recency, T: customers.age };
  const whole = Math.floor(periods + 1e-9);
  const ends: number[] = [];
  for (let k = 1; k <= whole; k++) ends.push(k);
  if (periods - whole > 1e-9) ends.push(periods);
  const total = new Float64Array(customers.length);
  let previous: Float64Array = new Float64Array(customers.length);
  for (const k of ends) {
    const current = expectedPurchases(fit, columns, { t: Math.min(k, periods) * modelTimePerPeriod });
    const factor = (1 + rate) ** -k;
    for (let i = 0; i < total.length; i++) total[i] = (total[i] as number) + ((current[i] as number) - (previous[i] as number)) * factor;
    previous = current;
  }
  return total;
}
