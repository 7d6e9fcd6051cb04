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

/**
 * An exact amount (money, a duration) accepted by every function: a finite number (read at its shortest
 * decimal form, so 0.1 is exactly 0.1), a plain decimal string (`'1234.50'`, `'1e3'`; no hex, no
 * `Infinity`), a bigint, or a finite Decimal from any copy of decimal.js. Non-zero amounts must lie
 * between 1e-30 and 1e30 in magnitude, so that every ratio of amounts converts to a finite number.
 * @category core
 */
export type MoneyInput = number | string | bigint | Decimal;

export { Decimal };
