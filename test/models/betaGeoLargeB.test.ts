/**
 * BG/NBD and MBG/NBD predictions for large b (hand-written or restored fits; issue 10, A6). As b -> infinity
 * the dropout probability goes to 0 and the model becomes the NBD: E[X(t) | x, t_x, T] -> (r + x)·t/(α + T),
 * E[X(t)] of a new customer -> r·t/α, P(alive) -> 1, P(X(t) = n) -> the negative binomial of (r, α/(α + t)).
 * The old closed form subtracted two numbers of order b: b = 1e16 gave 13.5 for 1.4286, 1e50 gave 5.7e34.
 */
import { describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesNewCustomer, MetricError, probabilityAlive, purchaseCountProbability } from '../../src/index.js';
import { lnGamma } from '../../src/models/_math/special.js';

const CUSTOMER = { frequency: 2, recency: 10, T: 20 };
const fitWith = (model: 'betaGeo' | 'modifiedBetaGeo', params: { r: number; alpha: number; a: number; b: number }) => ({ model, params });

/** The NBD probability of n purchases in t: Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n. */
function nbd(r: number, alpha: number, t: number, n: number): number {
  return Math.exp(lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1) + r * Math.log(alpha / (alpha + t)) + n * Math.log(t / (alpha + t)));
}

describe('BG/NBD predictions for large b (A6)', () => {
  it('A6: E[X(10)] for { x 2, t_x 10, T 20 } at r = alpha = a = 1 tends to 1.4286 (b = 1e16 gave 13.5, 1e18 gave 512, 1e50 gave 5.7e34)', () => {
    for (const b of [1e16, 1e18, 1e50, 1e300]) {
      const value = expectedPurchases(fitWith('betaGeo', { r: 1, alpha: 1, a: 1, b }), CUSTOMER, { t: 10 });
      expect(value).toBeCloseTo(30 / 21, 12);
    }
  });

  it('A6: expectedPurchasesNewCustomer and purchaseCountProbability tend to the NBD (r t / alpha = 10; P(3) = 0.0683)', () => {
    for (const b of [1e16, 1e18, 1e50, 1e300]) {
      const fit = fitWith('betaGeo', { r: 1, alpha: 1, a: 1, b });
      expect(expectedPurchasesNewCustomer(fit, { t: 10 })).toBeCloseTo(10, 10);
      expect(purchaseCountProbability(fit, { t: 10, n: 3 })).toBeCloseTo(nbd(1, 1, 10, 3), 12);
    }
  });

  it('A6 (class): a sweep of b over 1e0..1e300, with a, r, alpha, the customer, t and both models: finite, monotone in b, and at the b -> infinity limit', () => {
    let checked = 0;
    for (const model of ['betaGeo', 'modifiedBetaGeo'] as const) {
      for (const r of [0.2, 1, 10]) {
        for (const alpha of [0.1, 10]) {
          for (const a of [0.5, 1, 3]) {
            for (const [x, tx, T] of [
              [0, 0, 20],
              [2, 10, 20],
              [30, 19, 20],
            ] as const) {
              for (const t of [1, 10, 100]) {
                const expected: number[] = [];
                const fresh: number[] = [];
                const alive: number[] = [];
                for (let e = 0; e <= 300; e += 20) {
                  const fit = fitWith(model, { r, alpha, a, b: 10 ** e });
                  const values = [
                    expectedPurchases(fit, { frequency: x, recency: tx, T }, { t }),
                    expectedPurchasesNewCustomer(fit, { t }),
                    probabilityAlive(fit, { frequency: x, recency: tx, T }),
                    purchaseCountProbability(fit, { t, n: 3 }),
                  ];
                  for (const v of values) expect(Number.isFinite(v) && v >= 0).toBe(true);
                  expected.push(values[0] as number);
                  fresh.push(values[1] as number);
                  alive.push(values[2] as number);
                  checked++;
                }
                // Less dropout, more purchases: non-decreasing in b (to rounding), up to the NBD limit.
                for (const series of [expected, fresh, alive]) {
                  for (let i = 1; i < series.length; i++) expect(series[i]).toBeGreaterThanOrEqual((series[i - 1] as number) * (1 - 1e-12));
                }
                const limit = ((r + x) * t) / (alpha + T);
                expect(Math.abs((expected.at(-1) as number) - limit)).toBeLessThanOrEqual(1e-10 * limit);
                expect(Math.abs((fresh.at(-1) as number) - (r * t) / alpha)).toBeLessThanOrEqual((1e-10 * r * t) / alpha);
                expect(alive.at(-1)).toBe(1);
                const last = purchaseCountProbability(fitWith(model, { r, alpha, a, b: 1e300 }), { t, n: 3 });
                expect(Math.abs(last - nbd(r, alpha, t, 3))).toBeLessThanOrEqual(1e-10 * Math.max(nbd(r, alpha, t, 3), 1e-300));
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('A6: parameters whose terms cannot be computed in float64 are refused with a MetricError, never NaN or Infinity', () => {
    // r = 1e6 at b = 1 (MBG/NBD): the series' terms overflow and cancel; it used to return NaN and Infinity.
    const fit = fitWith('modifiedBetaGeo', { r: 1e6, alpha: 1, a: 1, b: 1 });
    for (const call of [() => expectedPurchases(fit, CUSTOMER, { t: 10 }), () => expectedPurchasesNewCustomer(fit, { t: 10 })]) {
      let value: number | undefined;
      try {
        value = call();
      } catch (error) {
        expect(error).toBeInstanceOf(MetricError);
        expect((error as MetricError).code).toBe('UNDEFINED_RESULT');
      }
      if (value !== undefined) expect(Number.isFinite(value)).toBe(true);
    }
  });
});
