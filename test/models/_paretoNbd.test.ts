/**
 * The Pareto/NBD internals against independent high-precision references: the likelihood, P(alive), the
 * conditional expectation and the PMF computed in 40-digit decimal arithmetic from Fader & Hardie's
 * printed formulas (their 2F1 terms as direct series, no Euler transformation, no quadrature), for CDNOW
 * customers, extreme customers, both branches (alpha >= beta and alpha < beta), alpha = beta, and
 * parameters where the likelihood switches to quadrature.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compress } from '../../src/models/_betaGeo.js';
import {
  customerLogLikelihood,
  expectedPurchasesKernel,
  expectedPurchasesNewCustomer,
  lnProbabilityAlive,
  negativeLogLikelihood,
  type ParetoNbdParams,
  purchaseCountProbability,
} from '../../src/models/_paretoNbd.js';
import { fcOptions } from '../arbitraries/counts.js';

const D = Decimal.clone({ precision: 40 });
type Dec = InstanceType<typeof D>;

/** Fader & Hardie's CDNOW estimates (weeks). */
const CDNOW: ParetoNbdParams = { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 };

/** 2F1(a, b; c; z) by its defining series (positive terms), to ~35 digits. */
function hyp2f1(a: Dec, b: Dec, c: Dec, z: Dec): Dec {
  let term = new D(1);
  let sum = new D(1);
  for (let n = 0; n < 200_000; n++) {
    const ratio = a.plus(n).times(b.plus(n)).times(z).div(c.plus(n).times(n + 1));
    term = term.times(ratio);
    sum = sum.plus(term);
    if (ratio.lt(1) && term.lt(sum.times('1e-36'))) break;
  }
  return sum;
}

interface Reference {
  /** ln of the customer's likelihood. */
  readonly ll: number;
  /** ln P(alive). */
  readonly lnAlive: number;
  /** E[X(T, T + t]] for the given t. */
  readonly expected: number;
}

/**
 * Fader & Hardie (2005 note), as printed: L = Γ(r+x) α^r β^s / Γ(r) · [(α+T)^−(r+x) (β+T)^−s + s/(r+s+x) A₀],
 * A₀ = F(t_x) − F(T) with F(τ) = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+τ)) / (α+τ)^(r+s+x) when α >= β and
 * 2F1(r+s+x, r+x; r+s+x+1; (β−α)/(β+τ)) / (β+τ)^(r+s+x) otherwise; P(alive) = first term / bracket; the
 * conditional expectation (r+x)(β+T)/((α+T)(s−1)) [1 − ((β+T)/(β+T+t))^(s−1)] P(alive).
 */
function reference(p: ParetoNbdParams, x: number, tx: number, T: number, t = 39): Reference {
  const [r, alpha, s, beta] = [new D(p.r), new D(p.alpha), new D(p.s), new D(p.beta)];
  const [X, TX, TT] = [new D(x), new D(tx), new D(T)];
  const a = r.plus(s).plus(X);
  const F = (tau: Dec): Dec =>
    alpha.gte(beta)
      ? hyp2f1(a, s.plus(1), a.plus(1), alpha.minus(beta).div(alpha.plus(tau))).div(alpha.plus(tau).pow(a))
      : hyp2f1(a, r.plus(X), a.plus(1), beta.minus(alpha).div(beta.plus(tau))).div(beta.plus(tau).pow(a));
  const alive = alpha.plus(TT).pow(r.plus(X).neg()).times(beta.plus(TT).pow(s.neg()));
  const bracket = alive.plus(s.div(a).times(F(TX).minus(F(TT))));
  let gammaRatio = new D(1);
  for (let k = 0; k < x; k++) gammaRatio = gammaRatio.times(r.plus(k));
  const ll = gammaRatio.ln().plus(r.times(alpha.ln())).plus(s.times(beta.ln())).plus(bracket.ln());
  const pAlive = alive.div(bracket);
  const bT = beta.plus(TT);
  const decay = new D(1).minus(bT.div(bT.plus(t)).pow(s.minus(1)));
  const expected = r.plus(X).times(bT).div(alpha.plus(TT).times(s.minus(1))).times(decay).times(pAlive);
  return { ll: ll.toNumber(), lnAlive: pAlive.ln().toNumber(), expected: expected.toNumber() };
}

/** |a − b| <= rel × max(1, |b|). */
function close(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
}

function check(p: ParetoNbdParams, x: number, tx: number, T: number, rel = 1e-12): void {
  const ref = reference(p, x, tx, T);
  close(customerLogLikelihood(p, x, tx, T), ref.ll, rel);
  close(lnProbabilityAlive(p, x, tx, T), ref.lnAlive, rel);
  const expected = expectedPurchasesKernel(p, 39)(x, tx, T);
  expect(Math.abs(expected - ref.expected)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(ref.expected)) * 10);
}

describe('Pareto/NBD likelihood and predictions against the 40-digit reference', () => {
  it('CDNOW customers at Fader & Hardie’s estimates (beta > alpha branch), 1e-12', () => {
    for (const [x, tx, T] of [[0, 0, 38.86], [1, 1.71, 38.86], [2, 30.43, 38.86], [7, 35.71, 38.86], [26, 30.86, 31], [5, 38.71, 38.71]] as const) check(CDNOW, x, tx, T);
  });

  it('extreme customers stay finite and exact: (1000, 10, 100), (400, 30, 39), (350, 38.5, 39), 1e-12', () => {
    for (const [x, tx, T] of [[1000, 10, 100], [400, 30, 39], [350, 38.5, 39]] as const) {
      check(CDNOW, x, tx, T);
      expect(Number.isFinite(customerLogLikelihood(CDNOW, x, tx, T))).toBe(true);
    }
    // The same customers in the alpha > beta branch.
    const swapped = { r: 0.5534, alpha: 11.665, s: 0.6061, beta: 10.5776 };
    for (const [x, tx, T] of [[1000, 10, 100], [400, 30, 39], [3, 20, 39]] as const) check(swapped, x, tx, T);
  });

  it('very unequal alpha and beta (the quadrature part of the likelihood), both branches, 1e-11', () => {
    check({ r: 0.8, alpha: 20, s: 0.6, beta: 1 }, 0, 0, 39);
    check({ r: 0.8, alpha: 20, s: 0.6, beta: 1 }, 4, 3, 39);
    check({ r: 0.8, alpha: 1, s: 0.6, beta: 20 }, 0, 0, 39, 1e-11);
    check({ r: 0.8, alpha: 1, s: 0.6, beta: 20 }, 4, 2, 10, 1e-11);
    check({ r: 2, alpha: 100, s: 1.5, beta: 0.5 }, 30, 1, 20, 1e-11);
    // Frequent buyers in the quadrature region: a spike far narrower than (t_x, T].
    check({ r: 2, alpha: 100, s: 1.5, beta: 0.5 }, 300, 30, 39, 1e-11);
    check({ r: 2, alpha: 0.5, s: 1.5, beta: 100 }, 300, 1, 39, 1e-11);
  });

  it('is continuous through alpha = beta (where both branches meet and the series is 1)', () => {
    const at = (alpha: number): number => customerLogLikelihood({ r: 0.55, alpha, s: 0.6, beta: 11 }, 3, 20, 39);
    check({ r: 0.55, alpha: 11, s: 0.6, beta: 11 }, 3, 20, 39);
    for (const h of [1e-12, 1e-9, 1e-6]) {
      // |LL(β ± h) − LL(β)| must be of the order of |∂LL/∂α| · h, with no jump between the branches.
      expect(Math.abs(at(11 + h) - at(11))).toBeLessThan(10 * h + 1e-13);
      expect(Math.abs(at(11 - h) - at(11))).toBeLessThan(10 * h + 1e-13);
    }
  });
});

describe('the data log-likelihood and its analytic gradient', () => {
  const rows = { x: Float64Array.of(0, 0, 1, 2, 7, 26, 350), tx: Float64Array.of(0, 0, 1.71, 30.43, 35.71, 30.86, 38.5), T: Float64Array.of(38.86, 20, 38.86, 38.86, 38.86, 31, 39) };
  const weights = Float64Array.of(3, 1, 2, 1, 1, 1, 1);
  const data = compress(rows.x, rows.tx, rows.T, weights);
  const nll = negativeLogLikelihood(data);

  it('is the weighted sum of the customers’ log-likelihoods', () => {
    let sum = 0;
    for (let i = 0; i < rows.x.length; i++) sum += (weights[i] as number) * customerLogLikelihood(CDNOW, rows.x[i] as number, rows.tx[i] as number, rows.T[i] as number);
    close(-nll(Float64Array.of(CDNOW.r, CDNOW.alpha, CDNOW.s, CDNOW.beta), undefined), sum, 1e-13);
  });

  it('is the weighted sum of the customers’ log-likelihoods, with duplicated rows merged into weights (property)', () => {
    const paramsArb = fc.record({ r: fc.double({ min: 1e-2, max: 100, noNaN: true }), alpha: fc.double({ min: 1e-2, max: 500, noNaN: true }), s: fc.double({ min: 1e-2, max: 100, noNaN: true }), beta: fc.double({ min: 1e-2, max: 500, noNaN: true }) });
    const rowArb = fc.record({ x: fc.oneof(fc.nat({ max: 20 }), fc.integer({ min: 300, max: 1000 })), T: fc.double({ min: 0.5, max: 100, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }), w: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(paramsArb, fc.array(rowArb, { minLength: 1, maxLength: 8 }), (p, drawn) => {
        const all = [...drawn, ...drawn.slice(0, 2)].map((c) => ({ ...c, tx: c.x === 0 ? 0 : c.share * c.T }));
        const data = compress(Float64Array.from(all, (c) => c.x), Float64Array.from(all, (c) => c.tx), Float64Array.from(all, (c) => c.T), Float64Array.from(all, (c) => c.w));
        let sum = 0;
        for (const c of all) sum += c.w * customerLogLikelihood(p, c.x, c.tx, c.T);
        close(-negativeLogLikelihood(data)(Float64Array.of(p.r, p.alpha, p.s, p.beta), undefined), sum, 1e-11);
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('has a gradient equal to 5-point central differences, in both branches and in the quadrature region (1e-7)', () => {
    const gradient = new Float64Array(4);
    for (const point of [[0.5534, 10.5776, 0.6061, 11.665], [1.3, 40, 0.5, 20], [0.5, 3, 2, 40], [2, 40, 0.3, 1], [0.3, 0.5, 0.8, 60], [0.7, 12, 0.9, 12]]) {
      const at = Float64Array.from(point);
      nll(at, gradient);
      for (let k = 0; k < 4; k++) {
        const h = 1e-4 * (at[k] as number);
        const f = (d: number): number => {
          const moved = Float64Array.from(at);
          moved[k] = (moved[k] as number) + d;
          return nll(moved, undefined);
        };
        const numeric = (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);
        expect(Math.abs((gradient[k] as number) - numeric)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('changes by −x ln k per customer when time is rescaled by k (alpha, beta, recency, T all times k) (property)', () => {
    fc.assert(
      fc.property(
        fc.record({ r: fc.double({ min: 0.05, max: 20, noNaN: true }), alpha: fc.double({ min: 0.05, max: 200, noNaN: true }), s: fc.double({ min: 0.05, max: 20, noNaN: true }), beta: fc.double({ min: 0.05, max: 200, noNaN: true }) }),
        fc.nat({ max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.constantFrom(1 / 7, 7, 52, 365),
        (p, x, share, T, k) => {
          const tx = x === 0 ? 0 : share * T;
          const scaled = { r: p.r, alpha: k * p.alpha, s: p.s, beta: k * p.beta };
          close(customerLogLikelihood(scaled, x, k * tx, k * T), customerLogLikelihood(p, x, tx, T) - x * Math.log(k), 1e-11);
          close(lnProbabilityAlive(scaled, x, k * tx, k * T), lnProbabilityAlive(p, x, tx, T), 1e-10);
        },
      ),
      fcOptions({ numRuns: 60 }),
    );
  });
});

describe('P(X(t) = n), the PMF of Fader & Hardie’s 2006 note', () => {
  /**
   * The note's closed form in 40 digits (where its 2F1 differences cancel harmlessly): for α >= β
   * P = Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n (β/(β+t))^s + α^r β^s B(r+n, s+1)/B(r, s) · [B₁ − Σ_{i=0}^{n}
   * Γ(r+s+i)/(Γ(r+s) i!) tⁱ B₂(i)], B₁ = 2F1(r+s, s+1; r+s+n+1; (α−β)/α)/α^(r+s), B₂(i) = 2F1(r+s+i, s+1;
   * r+s+n+1; (α−β)/(α+t))/(α+t)^(r+s+i); for α < β the same with s+1 → r+n and α ↔ β in the 2F1 terms.
   */
  function referencePmf(p: ParetoNbdParams, t: number, n: number): number {
    const [r, alpha, s, beta, T] = [new D(p.r), new D(p.alpha), new D(p.s), new D(p.beta), new D(t)];
    const gammaRatio = (base: Dec, k: number): Dec => {
      let out = new D(1);
      for (let j = 0; j < k; j++) out = out.times(base.plus(j)).div(j + 1);
      return out;
    };
    const first = gammaRatio(r, n).times(alpha.div(alpha.plus(T)).pow(r)).times(T.div(alpha.plus(T)).pow(n)).times(beta.div(beta.plus(T)).pow(s));
    const big = alpha.gte(beta) ? alpha : beta;
    const second = alpha.gte(beta) ? s.plus(1) : r.plus(n);
    const zAt = (tau: Dec): Dec => alpha.minus(beta).abs().div(big.plus(tau));
    const c = r.plus(s).plus(n + 1);
    const b1 = hyp2f1(r.plus(s), second, c, zAt(new D(0))).div(big.pow(r.plus(s)));
    let sum = new D(0);
    for (let i = 0; i <= n; i++) sum = sum.plus(gammaRatio(r.plus(s), i).times(T.pow(i)).times(hyp2f1(r.plus(s).plus(i), second, c, zAt(T)).div(big.plus(T).pow(r.plus(s).plus(i)))));
    // B(r+n, s+1)/B(r, s) = s/(r+s) · Π_{j<n} (r+j)/(r+s+1+j).
    let betaRatio = s.div(r.plus(s));
    for (let j = 0; j < n; j++) betaRatio = betaRatio.times(r.plus(j)).div(r.plus(s).plus(1 + j));
    return first.plus(alpha.pow(r).times(beta.pow(s)).times(betaRatio).times(b1.minus(sum))).toNumber();
  }

  it('matches the note’s closed form in 40 digits, both branches (1e-12 relative)', () => {
    for (const p of [CDNOW, { r: 1.3, alpha: 20, s: 2.5, beta: 4 }]) {
      for (const [t, n] of [[39, 0], [39, 3], [2, 10], [30, 11], [30, 20], [78, 40]] as const) {
        const value = purchaseCountProbability(p, t, n);
        const ref = referencePmf(p, t, n);
        expect(Math.abs(value - ref)).toBeLessThanOrEqual(1e-12 * ref);
      }
    }
  });

  it('sums to 1 and has mean E[X(t)] (1e-12), for ordinary and extreme parameters', () => {
    for (const [p, t] of [[CDNOW, 39], [CDNOW, 2], [{ r: 2, alpha: 1, s: 0.3, beta: 50 }, 10], [{ r: 0.3, alpha: 40, s: 3, beta: 0.05 }, 100]] as const) {
      let total = 0;
      let mean = 0;
      let tail = 1;
      for (let n = 0; n < 2000 && tail > 1e-17; n++) {
        const q = purchaseCountProbability(p, t, n);
        total += q;
        mean += n * q;
        tail = n > 5 ? q : 1;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
      expect(Math.abs(mean - expectedPurchasesNewCustomer(p, t))).toBeLessThan(1e-11 * Math.max(1, mean));
    }
  });

  it('is 1 at n = 0 and 0 otherwise when t = 0', () => {
    expect(purchaseCountProbability(CDNOW, 0, 0)).toBe(1);
    expect(purchaseCountProbability(CDNOW, 0, 3)).toBe(0);
  });
});
