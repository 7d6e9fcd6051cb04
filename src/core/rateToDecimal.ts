import type { Decimal } from 'decimal.js';
import { decimalOfRate } from './_exact.js';
import { fail, noExtraArguments } from './_validate.js';
import { asRate, type Rate } from './Rate.js';

/**
 * The value of a {@link Rate} as a Decimal, for money arithmetic (`aov.times(rateToDecimal(frequency))`).
 *
 * Rounding: the exact numerator / denominator divided once, rounded half-even to 50 significant digits
 * (the library's Decimal precision); a value with at most 50 significant digits is exact. It lives
 * outside `Rate` so that a Rate carries no Decimal: code that never calls it bundles no decimal.js.
 * A Rate from another copy of the library (the CommonJS build beside the ESM one) is accepted.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when the argument is not a Rate.
 * @example
 * ```ts
 * import { Rate, rateToDecimal } from 'loyalty-metrics';
 * rateToDecimal(Rate.of(83, 100)).toString() //=> '0.83'
 * rateToDecimal(Rate.of('1234.50', 10000n)).toString() //=> '0.12345'
 * rateToDecimal(Rate.of(2, 3)).toString() //=> '0.66666666666666666666666666666666666666666666666667'
 * rateToDecimal(Rate.of(2, 3)).toFixed(4) //=> '0.6667'
 * ```
 * @category core
 */
export function rateToDecimal(rate: Rate): Decimal {
  const ctx = { fn: 'rateToDecimal' };
  noExtraArguments(ctx, arguments);
  const value = asRate(rate, ctx, 'rate');
  if (value === undefined) fail(ctx, 'rate', 'a Rate', rate);
  return decimalOfRate(value);
}
