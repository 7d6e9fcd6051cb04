/**
 * Special functions in float64 for the customer-base models. Everything the likelihoods need in log space,
 * so that extreme customers (frequency 1000, long T) stay finite.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: relative error below 1e-14 over the models' range). */
export function lnGamma(x: number): number {
  // Γ(x) = Γ(x+1)/x for 0 < x < 0.5: the reflection formula's π/sin(πx) overflows for subnormal x.
  if (x > 0 && x < 0.5) return lnGamma(x + 1) - Math.log(x);
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  if (x > 1e7) return stirlingLnGamma(x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Stirling's series: exact to double precision for large x, where Lanczos loses digits to cancellation. */
function stirlingLnGamma(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/** ψ(x) = d/dx ln Γ(x) for x > 0 (recurrence up to x >= 10, then the asymptotic series). */
export function digamma(x: number): number {
  let result = 0;
  let z = x;
  while (z < 10) {
    result -= 1 / z;
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  return result + Math.log(z) - 0.5 * inv - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
}

/** ψ'(x), the trigamma function, for x > 0 (recurrence up to x >= 12, then the asymptotic series). */
export function trigamma(x: number): number {
  let result = 0;
  let z = x;
  while (z < 12) {
    result += 1 / (z * z);
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  return result + inv + 0.5 * inv2 + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 / 30)));
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b) for a >= b, without overflow or cancellation (−Infinity when a = b). */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a + log1mExp(b - a);
}

/** ln(1 − e^x) for x <= 0, accurate near 0 and for very negative x (Mächler 2012). */
export function log1mExp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}
