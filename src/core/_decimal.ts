import { Decimal } from 'decimal.js';

/**
 * The library's private Decimal constructor. 50 significant digits keep sums of millions of amounts exact
 * (a sum of 10^7 amounts below 10^15 with four decimals needs 26 digits); half-even rounding avoids drift
 * in the last digit of quotients. Never `Decimal.set`: that would change every other user's Decimal.
 */
export const ExactDecimal = Decimal.clone({
  precision: 50,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -21,
  toExpPos: 40,
});

export const ZERO = new ExactDecimal(0);
export const ONE = new ExactDecimal(1);

/** Money-like value accepted by every function: a number, a decimal string, a bigint or a Decimal. */
export type MoneyInput = number | string | bigint | Decimal;

export { Decimal };
