import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyp2f1OnePositive } from '../../../src/models/_math/hyp2f1Positive.js';
import { fcOptions } from '../../arbitraries/counts.js';

/** Σ_k (b)_k/(c)_k z^k summed term by term until the terms stop counting. */
function series(b: number, c: number, z: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 0; k < 20_000_000; k++) {
    term *= ((b + k) / (c + k)) * z;
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return sum;
}

describe('hyp2f1OnePositive: 2F1(1, b; b + α; e^−λ) for b, α > 0', () => {
  it('closed forms: 2F1(1, 1; 2; z) = −ln(1 − z)/z, and Gauss at z = 1: (c − 1)/(α − 1)', () => {
    for (const z of [0.1, 0.5, 0.9, 0.999]) {
      expect(hyp2f1OnePositive(1, 1, -Math.log(z))).toBeCloseTo(-Math.log1p(-z) / z, 12);
    }
    expect(hyp2f1OnePositive(2, 3, 0)).toBe(2);
    expect(hyp2f1OnePositive(2, 0.5, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('the Euler–Maclaurin tail (forced after 50 or 1000 terms) matches the plain series to 1e-10 relative', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 40, noNaN: true }), fc.double({ min: 0.05, max: 10, noNaN: true }), fc.double({ min: 1e-4, max: 0.05, noNaN: true }), (b, alpha, lambda) => {
        const reference = series(b, b + alpha, Math.exp(-lambda));
        for (const terms of [50, 1000]) {
          const value = hyp2f1OnePositive(b, alpha, lambda, terms);
          expect(Math.abs(value - reference)).toBeLessThanOrEqual(1e-10 * reference);
        }
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it("tends to Gauss's sum as λ → 0 when α > 1, and grows without bound when α <= 1", () => {
    expect(hyp2f1OnePositive(2, 3, 1e-12)).toBeCloseTo(2, 9);
    expect(hyp2f1OnePositive(0.5, 0.5, 1e-8)).toBeGreaterThan(hyp2f1OnePositive(0.5, 0.5, 1e-6));
    expect(Number.isFinite(hyp2f1OnePositive(0.5, 0.5, Number.MIN_VALUE))).toBe(true);
  });
});
