/**
 * lnRegularizedIncompleteBeta: closed forms (I_x(1, b) = 1 − (1−x)^b, I_x(a, 1) = x^a, I_½(a, a) = ½),
 * the symmetry I_x(a, b) = 1 − I_{1−x}(b, a), and the negative-binomial tail it stands for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lnRegularizedIncompleteBeta } from '../../../src/models/_math/incompleteBeta.js';
import { fcOptions } from '../../arbitraries/counts.js';

const I = (x: number, a: number, b: number) => Math.exp(lnRegularizedIncompleteBeta(x, 1 - x, a, b));

describe('lnRegularizedIncompleteBeta', () => {
  it('closed forms and end points', () => {
    expect(I(0.3, 1, 2.5)).toBeCloseTo(1 - 0.7 ** 2.5, 14);
    expect(I(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    expect(I(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 13);
    expect(lnRegularizedIncompleteBeta(0, 1, 2, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(lnRegularizedIncompleteBeta(1, 0, 2, 3)).toBe(0);
    // A tail of 1e-300 keeps its digits in log space: I_x(1, b) = 1 − (1−x)^b, and for a = 1, I_x(a, b) with tiny x ~ b·x.
    expect(lnRegularizedIncompleteBeta(1e-300, 1, 1, 2)).toBeCloseTo(Math.log(2e-300), 10);
  });

  it('I_x(a, b) = 1 − I_{1−x}(b, a), in [0, 1], increasing in x', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0.01, max: 500, noNaN: true }), (x, a, b) => {
        const v = I(x, a, b);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(Math.abs(v + I(1 - x, b, a) - 1)).toBeLessThan(1e-11);
        expect(I(Math.min(1 - 1e-9, x * 1.01), a, b)).toBeGreaterThanOrEqual(v * (1 - 1e-12));
      }),
      fcOptions({ numRuns: 200 }),
    );
  });

  it('is the negative-binomial tail P(N >= n) = I_q(n, r) (against the summed probabilities)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 0.95, noNaN: true }), fc.integer({ min: 1, max: 60 }), (r, q, n) => {
        let term = (1 - q) ** r;
        let lower = 0;
        for (let j = 0; j < n; j++) {
          lower += term;
          term *= ((r + j) / (j + 1)) * q;
        }
        expect(Math.abs(I(q, n, r) - (1 - lower))).toBeLessThan(1e-12);
      }),
      fcOptions({ numRuns: 200 }),
    );
  });
});
