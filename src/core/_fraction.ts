/**
 * Conversions of an exact fraction n / d of bigints (d > 0): the nearest float and fixed-point text, each
 * with one rounding, half-even, from the exact value. No Decimal: a Rate converts without decimal.js.
 */

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function isSafe(value: bigint): boolean {
  return value >= MIN_SAFE && value <= MAX_SAFE;
}

/** The number of bits of a positive bigint. */
function bitLength(value: bigint): number {
  const hex = value.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0] as string, 16)));
}

/** floor(num / den) rounded half-even on the exact remainder (num >= 0, den > 0). */
function divideHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twiceRest = (num % den) * 2n;
  return twiceRest > den || (twiceRest === den && q % 2n === 1n) ? q + 1n : q;
}

/**
 * n / d as the nearest float, ties to even, for parts of any size; 0 is +0. Safe-integer parts convert
 * exactly, so one IEEE division rounds correctly. Otherwise the quotient is taken in bigints down to the
 * last bit a double keeps (52 bits below the leading one, never below 2^-1074, the subnormal step) and
 * rounded half-even on the exact remainder; q x 2^low with q <= 2^53 is then a float, formed with no
 * further rounding. (Library rates stay far inside the float range, so q x 2^low never overflows.)
 */
export function fractionToNumber(n: bigint, d: bigint): number {
  if (isSafe(n) && isSafe(d)) {
    const value = Number(n) / Number(d);
    return value === 0 ? 0 : value;
  }
  if (n === 0n) return 0;
  const negative = n < 0n;
  const a = negative ? -n : n;
  // e = floor(log2(a / d)): the value lies in [2^e, 2^(e + 1)).
  let e = bitLength(a) - bitLength(d);
  if (e >= 0 ? a < d << BigInt(e) : a << BigInt(-e) < d) e -= 1;
  const low = Math.max(e - 52, -1074);
  const q = low >= 0 ? divideHalfEven(a, d << BigInt(low)) : divideHalfEven(a << BigInt(-low), d);
  const magnitude = Number(q) * 2 ** low;
  return magnitude === 0 ? 0 : negative ? -magnitude : magnitude;
}

/**
 * n / d as fixed-point text with exactly `digits` decimals, rounded half-even from the exact value. A
 * negative value that rounds to zero keeps its sign ('-0.0'), as `Number#toFixed` and decimal.js write it.
 */
export function fractionToFixed(n: bigint, d: bigint, digits: number): string {
  const negative = n < 0n;
  const units = divideHalfEven((negative ? -n : n) * 10n ** BigInt(digits), d);
  const text = units.toString().padStart(digits + 1, '0');
  const fixed = digits === 0 ? text : `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  return negative ? `-${fixed}` : fixed;
}
