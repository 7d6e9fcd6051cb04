/**
 * The regularised incomplete beta function I_x(a, b) in log space (continued fraction, modified Lentz;
 * Press et al., Numerical Recipes, 3rd ed., §6.4). It gives the negative-binomial tail
 * P(N >= n) = I_q(n, r) that the BG/NBD and MBG/NBD count distributions need, without summing n terms.
 */
import { lnBeta, log1mExp } from './special.js';

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 1_000_000;

/**
 * ln I_x(a, b) for a, b > 0, with x and y = 1 − x both given (so that neither loses digits when the other
 * is tiny). −Infinity at x = 0, 0 at y = 0.
 */
export function lnRegularizedIncompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  if (y <= 0) return 0;
  const lnFront = a * Math.log(x) + b * Math.log(y) - lnBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return lnFront + Math.log(continuedFraction(a, b, x, y)) - Math.log(a);
  return log1mExp(Math.min(0, lnFront + Math.log(continuedFraction(b, a, y, x)) - Math.log(b)));
}

/** The continued fraction of I_x(a, b) (Numerical Recipes `betacf`), converging fast for x < (a+1)/(a+b+2). */
function continuedFraction(a: number, b: number, x: number, _y: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    // A NaN (from an overflowed parameter) stops at once instead of running every iteration.
    if (!(Math.abs(delta - 1) >= EPSILON)) return h;
  }
  return h;
}
