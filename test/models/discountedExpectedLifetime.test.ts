import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountedExpectedLifetime, fitShiftedBetaGeometric, type ShiftedBetaGeometricParamsFit } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const FN = 'discountedExpectedLifetime';
const highEnd: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha: 0.668, beta: 3.806 } };
const regular: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha: 0.704, beta: 1.182 } };

/**
 * Σ_{t>=n} [S(t)/S(n − 1)]·(1 + d)^−(t − n), by the retention-rate recursion S(t) = S(t − 1)·r(t),
 * r(t) = (β + t − 1)/(α + β + t − 1), summed until the terms stop counting (independent of the library).
 */
function residualSum(alpha: number, beta: number, d: number, n: number): number {
  let sum = 0;
  let term = 1;
  for (let t = n; t < n + 50_000_000; t++) {
    term *= (beta + t - 1) / (alpha + beta + t - 1);
    if (t > n) term /= 1 + d;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/** Σ_{t>=0} S(t)·(1 + d)^−t = 1 + Σ_{t>=1} S(t)(1 + d)^−t = 1 + residualSum(n = 1)/(1 + d). */
function lifetimeSum(alpha: number, beta: number, d: number): number {
  return 1 + residualSum(alpha, beta, d, 1) / (1 + d);
}

describe('discountedExpectedLifetime: documenting examples', () => {
  it('DEL of a new customer = Σ_{t>=0} S(t)/(1 + d)^t (truncated sum, to 1e-12 relative): high end 5.923, regular 3.695 years at 10%', () => {
    const del = discountedExpectedLifetime(highEnd, { discountRate: 0.1 });
    expect(del.toFixed(3)).toBe('5.923');
    expect(Math.abs(del - lifetimeSum(0.668, 3.806, 0.1))).toBeLessThan(1e-12 * del);
    const delRegular = discountedExpectedLifetime(regular, { discountRate: 0.1 });
    expect(delRegular.toFixed(3)).toBe('3.695');
    expect(Math.abs(delRegular - lifetimeSum(0.704, 1.182, 0.1))).toBeLessThan(1e-12 * delRegular);
  });

  it('jdmaturen/shifted_beta_geometric_py README: DERL of high-end survivors after 7 years at 10% = 7.530 (to 5e-4)', () => {
    const fit = fitShiftedBetaGeometric({ activeCustomers: [1000, 869, 743, 653, 593, 551, 517, 491] });
    expect(Math.abs(discountedExpectedLifetime(fit, { discountRate: 0.1, renewals: 7 }) - 7.53)).toBeLessThan(5e-4);
  });

  it('DERL(d | n − 1 renewals) = Σ_{t>=n} S(t)/S(n − 1)/(1 + d)^(t − n) (Fader & Hardie 2010), to 1e-12 relative', () => {
    for (const renewals of [0, 1, 2, 5, 7, 20, 100]) {
      const derl = discountedExpectedLifetime(regular, { discountRate: 0.1, renewals });
      expect(Math.abs(derl - residualSum(0.704, 1.182, 0.1, renewals + 1))).toBeLessThan(1e-12 * derl);
    }
  });

  it('a customer who has just joined: DERL(0 renewals) = (DEL − 1)(1 + d)', () => {
    const d = 0.08;
    const del = discountedExpectedLifetime(highEnd, { discountRate: d });
    expect(discountedExpectedLifetime(highEnd, { discountRate: d, renewals: 0 })).toBeCloseTo((del - 1) * (1 + d), 12);
  });

  it('undiscounted (d = 0): DEL = (alpha + beta − 1)/(alpha − 1) when alpha > 1, and continuous as d → 0', () => {
    const fit: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha: 3.8, beta: 15.2 } };
    expect(discountedExpectedLifetime(fit, { discountRate: 0 })).toBeCloseTo(18 / 2.8, 12);
    expect(discountedExpectedLifetime(fit, { discountRate: 1e-10 })).toBeCloseTo(18 / 2.8, 6);
    // Survivors of n − 1 renewals have churn beta(alpha, beta + n − 1): residual lifetime (beta + n − 1)/(alpha − 1).
    expect(discountedExpectedLifetime(fit, { discountRate: 0, renewals: 4 })).toBeCloseTo((15.2 + 4) / 2.8, 10);
  });

  it('small discount rates (the Euler–Maclaurin tail) match the truncated sum to 1e-9 relative', () => {
    for (const [alpha, beta, d] of [[0.704, 1.182, 1e-4], [1.5, 2, 2e-5], [0.3, 0.9, 5e-5]] as const) {
      const fit: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha, beta } };
      const del = discountedExpectedLifetime(fit, { discountRate: d });
      expect(Math.abs(del - lifetimeSum(alpha, beta, d))).toBeLessThan(1e-9 * del);
    }
  });
});

describe('discountedExpectedLifetime: edge cases and bad input', () => {
  it('d = 0 with alpha <= 1 is UNDEFINED_RESULT (infinite expected lifetime)', () => {
    expectMetricError(() => discountedExpectedLifetime(highEnd, { discountRate: 0 }), {
      fn: FN,
      field: 'discountRate',
      code: 'UNDEFINED_RESULT',
      rule: 'positive when alpha <= 1 (alpha = 0.668: the undiscounted expected lifetime is infinite)',
      received: '0',
    });
  });

  it.each([
    ['fit.model', { model: 'kaplanMeier', params: { alpha: 1, beta: 1 } }, { discountRate: 0.1 }],
    ['fit.params.beta', { model: 'shiftedBetaGeometric', params: { alpha: 1 } }, { discountRate: 0.1 }],
    ['discountRate', highEnd, { discountRate: -0.1 }],
    ['discountRate', highEnd, { discountRate: Number.NaN }],
    ['discountRate', highEnd, { discountRate: '0.1' }],
    ['discountRate', highEnd, {}],
    ['renewals', highEnd, { discountRate: 0.1, renewals: 1.5 }],
    ['renewals', highEnd, { discountRate: 0.1, renewals: -1 }],
    ['period', highEnd, { discountRate: 0.1, period: 3 }],
    ['input', highEnd, 0.1],
  ])('%s is refused', (field, fit, input) => {
    expect(() => discountedExpectedLifetime(fit as never, input as never)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field }));
  });

  it('extreme rates and parameters stay finite or throw UNDEFINED_RESULT, never Infinity', () => {
    expect(discountedExpectedLifetime(highEnd, { discountRate: 1e12 })).toBeCloseTo(1, 10);
    expect(discountedExpectedLifetime(highEnd, { discountRate: Number.MAX_VALUE })).toBe(1);
    expect(Number.isFinite(discountedExpectedLifetime(highEnd, { discountRate: Number.MIN_VALUE }))).toBe(true);
    expect(Number.isFinite(discountedExpectedLifetime(highEnd, { discountRate: 0.1, renewals: Number.MAX_SAFE_INTEGER }))).toBe(true);
    const heavy: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha: 1e-6, beta: 1 } };
    expect(() => discountedExpectedLifetime(heavy, { discountRate: Number.MIN_VALUE })).toThrowError(expect.objectContaining({ code: 'UNDEFINED_RESULT' }));
  });
});

describe('discountedExpectedLifetime: properties', () => {
  const positive = fc.double({ min: 0.02, max: 30, noNaN: true });
  const rate = fc.double({ min: 1e-3, max: 2, noNaN: true });

  it('non-increasing in the discount rate; DERL non-decreasing in the renewals made; DEL >= 1', () => {
    fc.assert(
      fc.property(positive, positive, rate, rate, fc.integer({ min: 0, max: 200 }), (alpha, beta, d1, d2, renewals) => {
        const fit: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha, beta } };
        const [low, high] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const delLow = discountedExpectedLifetime(fit, { discountRate: low });
        const delHigh = discountedExpectedLifetime(fit, { discountRate: high });
        expect(delHigh).toBeLessThanOrEqual(delLow * (1 + 1e-12));
        expect(delHigh).toBeGreaterThanOrEqual(1);
        const now = discountedExpectedLifetime(fit, { discountRate: low, renewals });
        const later = discountedExpectedLifetime(fit, { discountRate: low, renewals: renewals + 1 });
        expect(later).toBeGreaterThanOrEqual(now * (1 - 1e-12));
        // Bounded by the no-churn annuity Σ (1 + d)^−t = (1 + d)/d.
        expect(later).toBeLessThanOrEqual(((1 + low) / low) * (1 + 1e-12));
      }),
      fcOptions({ numRuns: 200 }),
    );
  });

  it('equals the truncated sum of S(t)/(1 + d)^t for random parameters (to 1e-10 relative)', () => {
    fc.assert(
      fc.property(positive, positive, fc.double({ min: 0.01, max: 1, noNaN: true }), (alpha, beta, d) => {
        const fit: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha, beta } };
        const del = discountedExpectedLifetime(fit, { discountRate: d });
        expect(Math.abs(del - lifetimeSum(alpha, beta, d))).toBeLessThanOrEqual(1e-10 * del);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });
});
