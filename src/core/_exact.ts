import type { Decimal } from 'decimal.js';
import type { Scaled } from './_amount.js';
import { ExactDecimal } from './_decimal.js';
import { type Rate, rateOfAmounts } from './Rate.js';

/** Exact Decimal -> (integer, scale) with value = integer x 10^-scale. */
export function decimalToScaled(value: Decimal): Scaled {
  const text = value.toFixed();
  const point = text.indexOf('.');
  if (point === -1) return { int: BigInt(text), scale: 0 };
  return { int: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

/**
 * (a1 x a2 x ...) / (b1 x b2 x ...) with the products formed exactly and a single rounding (half-even,
 * 50 significant digits) in the final division. Terms are Decimals or integers (a rate's parts).
 */
export function exactQuotient(numerators: readonly (Decimal | bigint)[], denominators: readonly (Decimal | bigint)[]): Decimal {
  const toScaled = (term: Decimal | bigint): Scaled => (typeof term === 'bigint' ? { int: term, scale: 0 } : decimalToScaled(term));
  const product = (terms: readonly (Decimal | bigint)[]) =>
    terms.map(toScaled).reduce((acc, p) => ({ int: acc.int * p.int, scale: acc.scale + p.scale }), { int: 1n, scale: 0 });
  const top = product(numerators);
  const bottom = product(denominators);
  const quotient = new ExactDecimal(top.int.toString()).div(bottom.int.toString());
  const shift = bottom.scale - top.scale;
  return shift === 0 ? quotient : quotient.times(new ExactDecimal(`1e${shift}`));
}

/** Builds an exact rate from two exact Decimals (denominator > 0). */
export function rateOfDecimals(numerator: Decimal, denominator: Decimal): Rate {
  return rateOfAmounts(decimalToScaled(numerator), decimalToScaled(denominator));
}

/** A rate's value as a Decimal, rounded half-even to 50 significant digits (one rounding). */
export function decimalOfRate(rate: Rate): Decimal {
  const { n, d } = rate.parts();
  return new ExactDecimal(n.toString()).div(d.toString());
}
