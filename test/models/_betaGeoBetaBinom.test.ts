/**
 * The BG/BB mathematics against identities that hold for any parameters: the likelihood is a probability
 * distribution over the (x, t_x) patterns of n opportunities, the conditional predictions average back to
 * the unconditional ones (law of total expectation), the PMF sums to 1 with the model's mean, and the
 * closed forms equal the term-by-term sums.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import {
  type BgbbParams,
  bgbbExpectedPurchases,
  bgbbExpectedPurchasesNewCustomer,
  bgbbLnSurvivalSum,
  bgbbLogLikelihood,
  bgbbNegativeLogLikelihood,
  bgbbProbabilityAlive,
  bgbbPurchaseCountProbability,
  compressPatterns,
  expectedPurchasesKernel,
} from '../../src/models/_betaGeoBetaBinom.js';
import { lnBeta } from '../../src/models/_math/special.js';
import { fcOptions } from '../arbitraries/counts.js';

const published: BgbbParams = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };

/** Every possible history of n opportunities: (0, 0) and 1 <= x <= t_x <= n. */
function patternsOf(n: number): [number, number][] {
  const out: [number, number][] = [[0, 0]];
  for (let tx = 1; tx <= n; tx++) for (let x = 1; x <= tx; x++) out.push([x, tx]);
  return out;
}

/**
 * The likelihood is that of one sequence of transactions; C(t_x − 1, x − 1) sequences share (x, t_x)
 * (the last transaction at t_x, the other x − 1 anywhere before it).
 */
function sequences(x: number, tx: number): number {
  if (x === 0) return 1;
  let c = 1;
  for (let k = 1; k <= x - 1; k++) c = (c * (tx - x + k)) / k;
  return c;
}

/** Σ_{t=1}^{N} B(γ, δ+n+t)/B(γ, δ), term by term with lnBeta: the definition, as a reference. */
function survivalSumByDefinition(gamma: number, delta: number, n: number, horizon: number): number {
  let sum = 0;
  for (let t = 1; t <= horizon; t++) sum += Math.exp(lnBeta(gamma, delta + n + t) - lnBeta(gamma, delta));
  return sum;
}

const params = fc.record({
  alpha: fc.double({ min: 0.05, max: 20, noNaN: true }),
  beta: fc.double({ min: 0.05, max: 20, noNaN: true }),
  gamma: fc.double({ min: 0.05, max: 20, noNaN: true }),
  delta: fc.double({ min: 0.05, max: 20, noNaN: true }),
});

describe('BG/BB likelihood and predictions at the published donations parameters', () => {
  it('gives the 2^6 transaction sequences of 6 opportunities probabilities that sum to 1 (22 patterns)', () => {
    const patterns = patternsOf(6);
    expect(patterns).toHaveLength(22);
    expect(patterns.reduce((s, [x, tx]) => s + sequences(x, tx), 0)).toBe(64);
    const total = patterns.reduce((s, [x, tx]) => s + sequences(x, tx) * Math.exp(bgbbLogLikelihood(published, x, tx, 6)), 0);
    expect(total).toBeCloseTo(1, 13);
  });

  it('P(alive at n + 1) of a customer at the first transaction is δ/(γ + δ); recent activity raises it', () => {
    expect(bgbbProbabilityAlive(published, 0, 0, 0)).toBeCloseTo(published.delta / (published.gamma + published.delta), 14);
    const silent = bgbbProbabilityAlive(published, 0, 0, 6);
    const recent = bgbbProbabilityAlive(published, 1, 6, 6);
    const loyal = bgbbProbabilityAlive(published, 6, 6, 6);
    // A frequent donor who then went silent is more likely dead than one who never gave (FHS 2010, Table 6).
    const lapsed = bgbbProbabilityAlive(published, 3, 3, 6);
    expect(lapsed).toBeLessThan(silent);
    expect(silent).toBeLessThan(recent);
    // A transaction at opportunity n proves the customer alive through n, whatever x:
    // P(alive at n + 1) = E[1 − θ | alive through n] = (δ + n)/(γ + δ + n).
    expect(recent).toBeCloseTo((published.delta + 6) / (published.gamma + published.delta + 6), 14);
    expect(loyal).toBeCloseTo(recent, 14);
  });

  it('expected transactions of a new customer equal α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))] (FHS 2010 eq. 9)', () => {
    const { alpha, beta, gamma, delta } = published;
    for (const n of [1, 6, 11, 64, 65, 500]) {
      const closed = (alpha / (alpha + beta)) * (delta / (gamma - 1)) * (1 - Math.exp(lnBeta(gamma + delta, n) - lnBeta(1 + delta, n)));
      expect(bgbbExpectedPurchasesNewCustomer(published, n)).toBeCloseTo(closed, 11);
    }
    expect(bgbbExpectedPurchasesNewCustomer(published, 0)).toBe(0);
  });
});

describe('BG/BB edge cases', () => {
  it('survival sum: term by term up to 64 future opportunities, closed form beyond, equal at the seam and as γ → 1', () => {
    for (const gamma of [0.657, 1, 1 + 1e-9, 1 - 1e-12, 3.2, 0.05]) {
      for (const n of [0, 6, 1000]) {
        for (const horizon of [1, 64, 65, 300]) {
          const reference = survivalSumByDefinition(gamma, 2.783, n, horizon);
          expect(Math.exp(bgbbLnSurvivalSum(gamma, 2.783, n, horizon)) / reference - 1, `γ=${gamma} n=${n} N=${horizon}`).toBeCloseTo(0, 11);
        }
      }
    }
    expect(bgbbLnSurvivalSum(0.657, 2.783, 6, 0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('stays finite and correct for long histories (x = 1000, t_x = 1005, n = 2000) and huge horizons', () => {
    const lnL = bgbbLogLikelihood(published, 1000, 1005, 2000);
    expect(Number.isFinite(lnL)).toBe(true);
    const alive = bgbbProbabilityAlive(published, 1000, 1005, 2000);
    expect(alive).toBeGreaterThanOrEqual(0);
    expect(alive).toBeLessThan(1e-6); // 995 silent opportunities after buying at half of them
    const active = bgbbProbabilityAlive(published, 1000, 2000, 2000);
    expect(active).toBeGreaterThan(0.99);
    const next = bgbbExpectedPurchases(published, 1000, 2000, 2000, 10);
    expect(next).toBeGreaterThan(4);
    expect(next).toBeLessThan(10);
    const forever = bgbbExpectedPurchases(published, 3, 5, 6, 1e12);
    expect(Number.isFinite(forever) && forever > bgbbExpectedPurchases(published, 3, 5, 6, 1e6)).toBe(true);
    expect(bgbbPurchaseCountProbability(published, 6, 7)).toBe(0);
  });

  it('the analytic gradient matches central differences (relative 1e-7)', () => {
    const patterns = compressPatterns(Float64Array.of(0, 1, 2, 3, 5, 2), Float64Array.of(0, 4, 2, 6, 6, 9), Float64Array.of(6, 6, 6, 6, 6, 12), Float64Array.of(30, 5, 7, 2, 9, 4));
    const nll = bgbbNegativeLogLikelihood(patterns);
    for (const point of [[1.204, 0.75, 0.657, 2.783], [0.3, 4, 1, 0.2], [7, 0.4, 2.5, 11]]) {
      const at = Float64Array.from(point);
      const gradient = new Float64Array(4);
      nll(at, gradient);
      for (let k = 0; k < 4; k++) {
        const h = 1e-5 * (at[k] as number);
        const up = Float64Array.from(at);
        const down = Float64Array.from(at);
        up[k] = (up[k] as number) + h;
        down[k] = (down[k] as number) - h;
        const numeric = (nll(up, undefined) - nll(down, undefined)) / (2 * h);
        expect(Math.abs((gradient[k] as number) - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(1e-7);
      }
    }
  });

  it('merges identical rows into weighted patterns and drops weight-0 rows', () => {
    const merged = compressPatterns(Float64Array.of(1, 0, 1, 2), Float64Array.of(3, 0, 3, 2), Float64Array.of(6, 6, 6, 6), Float64Array.of(2, 1, 0.5, 0));
    expect(Array.from(merged.x)).toEqual([1, 0]);
    expect(Array.from(merged.weight)).toEqual([2.5, 1]);
    // (x = 3, t_x = 1, n = 6) and (x = 0, t_x = 2, n = 6) would collide with a naive key; the key is per n.
    const keys = compressPatterns(Float64Array.of(0, 1), Float64Array.of(1, 0), Float64Array.of(6, 6), Float64Array.of(1, 1));
    expect(keys.length).toBe(2);
  });
});

describe('BG/BB properties', () => {
  it('the likelihood is a distribution over the transaction sequences of n opportunities; P(alive) and E[X(n, n+n*)] average back to the unconditional values', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 80 }), (p, n, horizon) => {
        let probability = 0;
        let alive = 0;
        let future = 0;
        const kernel = expectedPurchasesKernel(p, horizon);
        for (const [x, tx] of nonEmpty(patternsOf(n))) {
          const likelihood = sequences(x, tx) * Math.exp(bgbbLogLikelihood(p, x, tx, n));
          const pAlive = bgbbProbabilityAlive(p, x, tx, n);
          expect(pAlive).toBeGreaterThanOrEqual(0);
          expect(pAlive).toBeLessThanOrEqual(1);
          const expected = bgbbExpectedPurchases(p, x, tx, n, horizon);
          expect(kernel(x, tx, n)).toBe(expected);
          probability += likelihood;
          alive += likelihood * pAlive;
          future += likelihood * expected;
        }
        expect(probability).toBeCloseTo(1, 11);
        // E[P(alive at n + 1 | history)] = P(alive at n + 1) = B(γ, δ + n + 1) / B(γ, δ).
        expect(alive).toBeCloseTo(Math.exp(lnBeta(p.gamma, p.delta + n + 1) - lnBeta(p.gamma, p.delta)), 11);
        // E[X(n, n + n*)] = E[X(n + n*)] − E[X(n)].
        const unconditional = bgbbExpectedPurchasesNewCustomer(p, n + horizon) - bgbbExpectedPurchasesNewCustomer(p, n);
        expect(Math.abs(future - unconditional)).toBeLessThanOrEqual(1e-9 * Math.max(1, unconditional));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('the PMF of X(n) sums to 1 over x = 0..n and its mean is E[X(n)]', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 60 }), (p, n) => {
        let total = 0;
        let mean = 0;
        for (let x = 0; x <= n; x++) {
          const probability = bgbbPurchaseCountProbability(p, n, x);
          expect(probability).toBeGreaterThanOrEqual(0);
          total += probability;
          mean += x * probability;
        }
        expect(total).toBeCloseTo(1, 11);
        expect(Math.abs(mean - bgbbExpectedPurchasesNewCustomer(p, n))).toBeLessThanOrEqual(1e-10 * Math.max(1, mean));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('expected transactions are non-decreasing in the number of future opportunities, closed form included', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (p, n, seedOffset) => {
        const patterns = patternsOf(n);
        const [x, tx] = patterns[seedOffset % patterns.length] as [number, number];
        let previous = 0;
        for (const horizon of [0, 1, 2, 5, 20, 63, 64, 65, 66, 100, 1000, 1e5]) {
          const value = bgbbExpectedPurchases(p, x, tx, n, horizon);
          expect(value).toBeGreaterThanOrEqual(previous * (1 - 1e-12));
          expect(value).toBeLessThanOrEqual(horizon);
          previous = value;
        }
      }),
      fcOptions({ numRuns: 80 }),
    );
  });
});
