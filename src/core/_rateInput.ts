import { ExactDecimal } from './_decimal.js';
import { type Ctx, fail, money } from './_validate.js';
import { isRate, type Rate, rateOfDecimals } from './Rate.js';

/**
 * A rate argument: a {@link Rate} or a number / decimal string giving the fraction (0.05 for 5%).
 * @category core
 */
export type RateInput = Rate | number | string;

/**
 * Reads a rate argument as an exact Rate. Numbers are taken at their shortest decimal form (0.05 is
 * exactly 5/100), so a user's typed constant is not replaced by its binary approximation.
 */
export function rateInput(ctx: Ctx, field: string, value: unknown, bounds: { readonly min: number; readonly max?: number }): Rate {
  const rule = bounds.max === undefined ? `a rate >= ${bounds.min} (a Rate or a fraction such as 0.05)` : `a rate in [${bounds.min}, ${bounds.max}] (a Rate or a fraction such as 0.05)`;
  let rate: Rate;
  if (isRate(value)) rate = value;
  else if (typeof value === 'number' || typeof value === 'string') {
    if (typeof value === 'number' && !Number.isFinite(value)) fail(ctx, field, rule, value);
    rate = rateOfDecimals(money(ctx, field, value, 'any'), new ExactDecimal(1));
  } else fail(ctx, field, rule, value);
  const v = rate.toDecimal();
  if (v.lessThan(bounds.min) || (bounds.max !== undefined && v.greaterThan(bounds.max))) {
    fail(ctx, field, rule, isRate(value) ? value.toString() : value);
  }
  return rate;
}
