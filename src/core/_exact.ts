import type { Decimal } from 'decimal.js';
import { ExactDecimal } from './_decimal.js';

/** Exact Decimal -> (integer, scale) with value = integer x 10^-scale. */
export function decimalToScaled(value: Decimal): { readonly int: bigint; readonly scale: number } {
  const text = value.toFixed();
  const point = text.indexOf('.');
  if (point === -1) return { int: BigInt(text), scale: 0 };
  return { int: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

/**
 * Exact signed sum of Decimals (no rounding at any precision): Decimal's own `plus` rounds to the
 * constructor's precision, which loses 1e-30 next to 1e30.
 */
export function exactSum(terms: readonly Decimal[], signs?: readonly (1 | -1)[]): Decimal {
  const parts = terms.map(decimalToScaled);
  const scale = Math.max(0, ...parts.map((p) => p.scale));
  let total = 0n;
  parts.forEach((p, i) => {
    total += BigInt(signs?.[i] ?? 1) * p.int * 10n ** BigInt(scale - p.scale);
  });
  return scaledToDecimal(total, scale);
}

/**
 * (a1 x a2 x ...) / (b1 x b2 x ...) with the products formed exactly and a single rounding (half-even,
 * 50 significant digits) in the final division.
 */
export function exactQuotient(numerators: readonly Decimal[], denominators: readonly Decimal[]): Decimal {
  const product = (terms: readonly Decimal[]) =>
    terms.map(decimalToScaled).reduce((acc, p) => ({ int: acc.int * p.int, scale: acc.scale + p.scale }), { int: 1n, scale: 0 });
  const top = product(numerators);
  const bottom = product(denominators);
  const quotient = new ExactDecimal(top.int.toString()).div(bottom.int.toString());
  const shift = bottom.scale - top.scale;
  return shift === 0 ? quotient : quotient.times(new ExactDecimal(`1e${shift}`));
}

export function scaledToDecimal(int: bigint, scale: number): Decimal {
  return new ExactDecimal(scale === 0 ? int.toString() : `${int}e-${scale}`);
}

