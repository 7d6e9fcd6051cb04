/**
 * High-precision references for BG/NBD (shift 0) and MBG/NBD (shift 1), written independently of the
 * library: the papers' formulas as printed (no Euler transformation, no log space), evaluated with
 * 80-digit decimals, for integer frequencies (every gamma and beta ratio is then a finite product).
 */
import { Decimal } from 'decimal.js';

export const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof D>;

export interface ReferenceParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Γ(s + n)/Γ(s) = s (s+1) ... (s+n−1). */
function rising(s: Dec, n: number): Dec {
  let out = new D(1);
  for (let j = 0; j < n; j++) out = out.times(s.plus(j));
  return out;
}

/** B(a, b + n)/B(a, b) = Π_{j<n} (b + j)/(a + b + j). */
function betaRatio(a: Dec, b: Dec, n: number): Dec {
  let out = new D(1);
  for (let j = 0; j < n; j++) out = out.times(b.plus(j)).div(a.plus(b).plus(j));
  return out;
}

/** 2F1(p, q; c; z) by its series, to 1e−70 relative. */
function hyp2f1(p: Dec, q: Dec, c: Dec, z: Dec): Dec {
  let term = new D(1);
  let sum = new D(1);
  for (let k = 0; k < 200000; k++) {
    term = term.times(p.plus(k)).times(q.plus(k)).div(c.plus(k)).div(k + 1).times(z);
    sum = sum.plus(term);
    if (k > 10 && term.abs().lt(sum.abs().times('1e-70'))) return sum;
  }
  throw new Error('2F1 reference did not converge');
}

function decimals(p: ReferenceParams) {
  return { r: new D(p.r), alpha: new D(p.alpha), a: new D(p.a), b: new D(p.b) };
}

/** P(alive | x, t_x, T) (FHL 2008 note; MBG/NBD with b + x). */
export function referenceProbabilityAlive(p: ReferenceParams, shift: 0 | 1, x: number, tx: number, T: number): Dec {
  if (x + shift === 0) return new D(1);
  const { r, alpha, a, b } = decimals(p);
  const odds = a.div(b.plus(x - 1 + shift)).times(alpha.plus(T).div(alpha.plus(tx)).pow(r.plus(x)));
  return new D(1).div(odds.plus(1));
}

/** E[X(t) | x, t_x, T] as printed (FHL 2005 eq. 10; MBG/NBD: b → b + 1 in the b + x terms). */
export function referenceExpectedPurchases(p: ReferenceParams, shift: 0 | 1, x: number, tx: number, T: number, t: number): Dec {
  const { r, alpha, a, b } = decimals(p);
  const c = a.plus(b).plus(x - 1 + shift);
  const z = new D(t).div(alpha.plus(T).plus(t));
  const g = alpha.plus(T).div(alpha.plus(T).plus(t)).pow(r.plus(x));
  const bracket = new D(1).minus(g.times(hyp2f1(r.plus(x), b.plus(x + shift), c, z)));
  return c.div(a.minus(1)).times(bracket).times(referenceProbabilityAlive(p, shift, x, tx, T));
}

/**
 * P(X(t) = n) as printed (FHL 2005 eq. 8; MBG/NBD as derived in the docs), with the negative-binomial
 * terms by their recurrence and the tail P(NB >= n) as 1 − Σ_{j<n} NB(j), or, when that sum exceeds 1/2,
 * as Σ_{j>=n} NB(j) summed until the terms vanish (so that a tail of 1e-80 keeps its digits).
 */
export function referencePurchaseCountProbability(p: ReferenceParams, shift: 0 | 1, t: number, n: number): Dec {
  const { r, alpha, a, b } = decimals(p);
  const p0 = alpha.div(alpha.plus(t));
  const q = new D(t).div(alpha.plus(t));
  // NB(j) for j = 0..n by NB(j+1) = NB(j) · (r + j)/(j + 1) · q.
  let nb = p0.pow(r);
  let lower = new D(0);
  for (let j = 0; j < n; j++) {
    lower = lower.plus(nb);
    nb = nb.times(r.plus(j)).div(j + 1).times(q);
  }
  const nbN = nb;
  const first = betaRatio(a, b, n + shift).times(nbN);
  if (n + shift === 0) return first;
  let tail: Dec;
  if (lower.lt(0.5)) tail = new D(1).minus(lower);
  else {
    tail = new D(0);
    let term = nbN;
    for (let j = n; j < n + 10_000_000; j++) {
      tail = tail.plus(term);
      term = term.times(r.plus(j)).div(j + 1).times(q);
      if (j > n + 10 && term.lt(tail.times('1e-75'))) break;
    }
  }
  // B(a+1, b+n−1+shift)/B(a, b) = a/(b+n−1+shift) · B(a, b+n+shift)/B(a, b).
  const second = a.div(b.plus(n - 1 + shift)).times(betaRatio(a, b, n + shift)).times(tail);
  return first.plus(second);
}

/** One customer's log-likelihood (FHL 2005 eq. 6; MBG/NBD: Batislam et al. 2007). */
export function referenceLogLikelihood(p: ReferenceParams, shift: 0 | 1, x: number, tx: number, T: number): Dec {
  const { r, alpha, a, b } = decimals(p);
  const common = rising(r, x).times(alpha.pow(r)).times(betaRatio(a, b, x + shift));
  const alive = new D(1).div(alpha.plus(T).pow(r.plus(x)));
  const dead = x + shift > 0 ? a.div(b.plus(x - 1 + shift)).div(alpha.plus(tx).pow(r.plus(x))) : new D(0);
  return common.times(alive.plus(dead)).ln();
}
