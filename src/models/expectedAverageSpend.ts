import type { Decimal } from 'decimal.js';
import { ExactDecimal, type MoneyInput } from '../core/_decimal.js';
import { money } from '../core/_money.js';
import { type Ctx, fail, noExtraArguments, own, isArrayLike } from '../core/_validate.js';
import { readParams } from './_fit.js';
import { expectedSpend, GAMMA_GAMMA_PARAMS } from './_gammaGamma.js';

/**
 * One customer for {@link expectedAverageSpend}: repeat purchases and their mean amount (other fields,
 * such as those `rfmSummary` returns, are allowed and ignored).
 * @category models
 */
export interface SpendCustomer {
  /** Repeat purchases: a non-negative integer. 0 gives the population mean. */
  readonly frequency: number;
  /** Mean amount of the repeat purchases: > 0 when frequency > 0, ignored (any amount >= 0) when it is 0. */
  readonly monetaryValue: MoneyInput;
}

/**
 * Customers as parallel columns of numbers (arrays or typed arrays of equal length); `{ columns }` is
 * accepted too.
 * @category models
 */
export interface SpendColumns {
  /** Repeat purchases per customer. */
  readonly frequency: ArrayLike<number>;
  /** Mean repeat spend per customer, as numbers. */
  readonly monetaryValue: ArrayLike<number>;
}

/**
 * What {@link expectedAverageSpend} reads from a fit: the tag `'gammaGamma'` and p, q, gamma. A fit from
 * {@link fitGammaGamma}, restored from JSON, or written by hand with published parameters works.
 * @category models
 */
export interface GammaGammaParamsFit {
  /** Must be `'gammaGamma'`. */
  readonly model: 'gammaGamma';
  /** The Gamma-Gamma parameters. */
  readonly params: {
    /** Shape of a customer's transaction values (their coefficient of variation is 1/√p). */
    readonly p: number;
    /** Shape of the distribution of the rate ν across customers; the mean spend needs q > 1. */
    readonly q: number;
    /** Rate (inverse scale) of the distribution of ν across customers. */
    readonly gamma: number;
  };
}

/**
 * Expected mean spend per transaction of a customer under the Gamma-Gamma model (Fader & Hardie 2013,
 * "The Gamma-Gamma Model of Monetary Value", eq. 5), given their x = frequency repeat purchases of mean
 * m = monetaryValue:
 *
 * E(M | x, m) = (γ + m·x)·p / (p·x + q − 1) = w·E(Z) + (1 − w)·m, with w = (q − 1) / (p·x + q − 1),
 *
 * the weighted average of the population mean E(Z) = p·γ / (q − 1) and the customer's own mean: the more
 * repeat purchases, the closer to their own mean. A customer with frequency 0 gets E(Z), so
 * `{ frequency: 0, monetaryValue: 0 }` asks for the population mean spend.
 *
 * Return type, by input:
 * - one customer: a Decimal (money leaving the model is a Decimal, see DESIGN). It is a model estimate
 *   computed from float64 parameters, not an exact amount: round it for display (`.toFixed(2)`).
 *   `monetaryValue` may be any money input (number, decimal string, bigint, Decimal).
 * - an array of customers, or columns: a Float64Array of the estimates (numbers, one per customer, in
 *   order), so that millions of customers cost no Decimal allocation; `monetaryValue` must be numbers.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not a `'gammaGamma'` fit with positive
 * finite p, q, gamma, a frequency that is not a non-negative integer, a monetary value that is negative,
 * not finite, or 0 for a repeat buyer (the path names the customer: `customers[3].monetaryValue`);
 * `INCONSISTENT_INPUT` for columns of different lengths; `UNDEFINED_RESULT` when q <= 1 (the model's
 * mean spend p·γ / (q − 1) is infinite, or past the float range in the array and column forms).
 * @example
 * ```ts
 * import { expectedAverageSpend } from 'loyalty-metrics';
 * // The published CDNOW parameters (Fader & Hardie 2013).
 * const spendFit = { model: 'gammaGamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } };
 * expectedAverageSpend(spendFit, { frequency: 2, monetaryValue: 22.35 }).toFixed(2) //=> '24.66'
 * expectedAverageSpend(spendFit, { frequency: 0, monetaryValue: 0 }).toFixed(2) //=> '35.22'
 * const many = expectedAverageSpend(spendFit, { frequency: [1, 7], monetaryValue: [100, 73.74] });
 * Array.from(many, (v) => v.toFixed(2)) //=> ["80.26", "71.47"]
 * ```
 * @category models
 */
export function expectedAverageSpend(fit: GammaGammaParamsFit, customer: SpendCustomer): Decimal;
export function expectedAverageSpend(fit: GammaGammaParamsFit, customers: readonly SpendCustomer[] | SpendColumns | { readonly columns: SpendColumns }): Float64Array;
export function expectedAverageSpend(fit: GammaGammaParamsFit, customers: SpendCustomer | readonly SpendCustomer[] | SpendColumns | { readonly columns: SpendColumns }): Decimal | Float64Array {
  const ctx = { fn: 'expectedAverageSpend' };
  noExtraArguments(ctx, arguments, 2);
  const { params } = readParams(ctx, fit, ['gammaGamma'], GAMMA_GAMMA_PARAMS);
  const { p, q, gamma } = params;
  if (!(q > 1)) fail(ctx, 'fit.params.q', 'greater than 1 (with q <= 1 the mean spend p·gamma / (q − 1) is infinite)', q, 'UNDEFINED_RESULT');
  if (typeof customers !== 'object' || customers === null) fail(ctx, 'customer', 'a customer { frequency, monetaryValue }, an array of customers or an object of columns', customers);
  if (Array.isArray(customers)) {
    const out = new Float64Array(customers.length);
    for (let i = 0; i < customers.length; i++) {
      const row: unknown = customers[i];
      if (typeof row !== 'object' || row === null) fail(ctx, `customer[${i}]`, 'a customer object with frequency, monetaryValue', row);
      const x = frequency(ctx, `customer[${i}].frequency`, own(row, 'frequency'));
      out[i] = expectedSpend(p, q, gamma, x, spend(ctx, `customer[${i}].monetaryValue`, own(row, 'monetaryValue'), x));
    }
    return finite(ctx, out);
  }
  const nested = own(customers, 'columns');
  const source = nested !== undefined && own(customers, 'frequency') === undefined ? nested : customers;
  if (typeof source !== 'object' || source === null) fail(ctx, 'customer.columns', 'an object of columns', source);
  const frequencies = own(source, 'frequency');
  if (!isArrayLike(frequencies)) return single(ctx, source, p, q, gamma);
  const amounts = own(source, 'monetaryValue');
  if (!isArrayLike(amounts)) fail(ctx, 'customer.monetaryValue', 'an array or a typed array (column form)', amounts);
  if (amounts.length !== frequencies.length) fail(ctx, 'customer.monetaryValue', `as long as customer.frequency (${frequencies.length})`, amounts.length, 'INCONSISTENT_INPUT');
  const out = new Float64Array(frequencies.length);
  for (let i = 0; i < frequencies.length; i++) {
    const x = frequency(ctx, `customer.frequency[${i}]`, frequencies[i]);
    out[i] = expectedSpend(p, q, gamma, x, spend(ctx, `customer.monetaryValue[${i}]`, amounts[i], x));
  }
  return finite(ctx, out);
}

/** The float forms overflow only for absurd parameters (p·gamma/(q − 1) past 1e308): refused, never Infinity. */
function finite(ctx: Ctx, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) fail(ctx, 'fit.params', 'parameters whose mean spend p·gamma / (q − 1) is within the float range', out[i], 'UNDEFINED_RESULT');
  }
  return out;
}

/** One customer: the same formula in Decimal arithmetic from the float64 parameters. */
function single(ctx: Ctx, customer: object, p: number, q: number, gamma: number): Decimal {
  const x = frequency(ctx, 'customer.frequency', own(customer, 'frequency'));
  const amount = money(ctx, 'customer.monetaryValue', own(customer, 'monetaryValue'));
  if (x > 0 && amount.isZero()) fail(ctx, 'customer.monetaryValue', 'a positive amount for a repeat buyer (frequency > 0)', own(customer, 'monetaryValue'));
  const P = new ExactDecimal(p);
  const numerator = new ExactDecimal(gamma).plus(x === 0 ? 0 : amount.times(x)).times(P);
  return numerator.div(P.times(x).plus(q).minus(1));
}

function frequency(ctx: Ctx, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(ctx, field, 'a non-negative integer (repeat purchases)', value);
  return value;
}

function spend(ctx: Ctx, field: string, value: unknown, x: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(ctx, field, 'a finite number >= 0 (mean repeat spend; the array and column forms take numbers)', value);
  if (x > 0 && value === 0) fail(ctx, field, 'a positive amount for a repeat buyer (frequency > 0)', value);
  return value;
}

