import type { Decimal } from 'decimal.js';
import { amount, isDecimalLike, ONE_SCALED } from './_amount.js';
import { type Ctx, fail } from './_validate.js';
import { asRate, isRate, type Rate, rateOfAmounts, rateSign } from './Rate.js';

/**
 * A rate argument: a {@link Rate}, or the fraction (0.05 for 5%) as a number, a decimal string or a
 * Decimal (of any copy of decimal.js), read exactly like a money argument. A bigint is refused: it is a
 * count, and a rate given as one could only be 0 or 1.
 * @category core
 */
export type RateInput = Rate | number | string | Decimal;

/**
 * Reads a rate argument as an exact Rate (a Rate of another copy of the library is read back through its
 * JSON form; numbers, decimal strings and Decimals by the exact-amount reader). Numbers are taken at
 * their shortest decimal form (0.05 is exactly 5/100), so a user's typed constant is not replaced by its
 * binary approximation.
 */
export function rateInput(ctx: Ctx, field: string, value: unknown, bounds: { readonly min: number; readonly max?: number }): Rate {
  const rule = bounds.max === undefined ? `a rate >= ${bounds.min} (a Rate or a fraction such as 0.05)` : `a rate in [${bounds.min}, ${bounds.max}] (a Rate or a fraction such as 0.05)`;
  let rate = asRate(value, ctx, field);
  if (rate === undefined) {
    if (typeof value !== 'number' && typeof value !== 'string' && !isDecimalLike(value)) fail(ctx, field, rule, value);
    if (typeof value === 'number' && !Number.isFinite(value)) fail(ctx, field, rule, value);
    rate = rateOfAmounts(amount(ctx, field, value, 'any'), ONE_SCALED);
  }
  // Exact comparisons: a value a hair above 1 must not pass by rounding.
  if (rateSign(rate.minus(bounds.min)) < 0 || (bounds.max !== undefined && rateSign(rate.minus(bounds.max)) > 0)) {
    fail(ctx, field, rule, isRate(value) ? value.toString() : value);
  }
  return rate;
}
