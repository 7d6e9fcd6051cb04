import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lnHyp2f1, lnHyp2f1UnitA } from '../../../src/models/_math/hyp2f1.js';
import { fcOptions } from '../../arbitraries/counts.js';

const D = Decimal.clone({ precision: 36 });

/**
 * ln 2F1(a, b; c; z) to ~30 digits by its defining series Σ (a)_n (b)_n / ((c)_n n!) zⁿ (all terms positive
 * for a, b, c > 0, 0 <= z < 1), summed until a term is below 1e-34 of the sum and shrinking.
 */
function referenceLnHyp2f1(a: number, b: number, c: number, z: number): number {
  const [A, B, C, Z] = [new D(a), new D(b), new D(c), new D(z)];
  let term = new D(1);
  let sum = new D(1);
  for (let n = 0; n < 1_000_000; n++) {
    const ratio = A.plus(n).times(B.plus(n)).times(Z).div(C.plus(n).times(n + 1));
    term = term.times(ratio);
    sum = sum.plus(term);
    if (ratio.lt(1) && term.lt(sum.times('1e-34'))) break;
  }
  return sum.ln().toNumber();
}

/** |a − b| <= rel × max(1, |b|). */
function close(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
}

describe('lnHyp2f1UnitA: ln 2F1(1, b; c; z)', () => {
  it('matches the 30-digit series for the Pareto/NBD parameter ranges (z up to 0.95), 1e-14', () => {
    const cases: [number, number, number][] = [
      [1.6061, 27.16, 0.0467], // CDNOW, customer 1516 (beta > alpha branch: b = s + 1)
      [26.55, 28.16, 0.05],
      [1000.5534, 1002.16, 0.0502], // frequency 1000
      [0.5534, 2.16, 0.75],
      [3.2, 4.5, 0.9],
      [1e-3, 1.001, 0.5],
      [0.5, 700, 0.95],
      [50, 50.5, 0.95],
    ];
    for (const [b, c, z] of cases) close(lnHyp2f1UnitA(b, c, z), referenceLnHyp2f1(1, b, c, z), 1e-14);
  });

  it('is exactly 0 at z = 0 and its derivatives there are 0, 0 and b/c', () => {
    const d = new Float64Array(3);
    expect(lnHyp2f1UnitA(2.5, 7, 0, d)).toBe(0);
    expect(d[0] === 0 && d[1] === 0).toBe(true);
    expect(d[2]).toBe(2.5 / 7);
  });

  it('gives derivatives in b, c and z that match central differences of the reference (1e-8)', () => {
    const d = new Float64Array(3);
    for (const [b, c, z] of [[1.6061, 27.16, 0.0467], [26.55, 28.16, 0.4], [0.7, 3.2, 0.75]] as const) {
      lnHyp2f1UnitA(b, c, z, d);
      const h = 1e-6;
      close(d[0] as number, (referenceLnHyp2f1(1, b + h, c, z) - referenceLnHyp2f1(1, b - h, c, z)) / (2 * h), 1e-8);
      close(d[1] as number, (referenceLnHyp2f1(1, b, c + h, z) - referenceLnHyp2f1(1, b, c - h, z)) / (2 * h), 1e-8);
      close(d[2] as number, (referenceLnHyp2f1(1, b, c, z + h) - referenceLnHyp2f1(1, b, c, z - h)) / (2 * h), 1e-8);
    }
  });

  it('lies between 0 and −ln(1 − z) and grows with z (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 0.9, noNaN: true }), (b, gap, z) => {
        const c = b + gap;
        const value = lnHyp2f1UnitA(b, c, z);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(-Math.log1p(-z) * (1 + 1e-15));
        expect(lnHyp2f1UnitA(b, c, Math.min(0.95, z + 0.01))).toBeGreaterThanOrEqual(value);
      }),
      fcOptions(),
    );
  });
});

describe('lnHyp2f1: the Pareto/NBD form 2F1(a, b; a+1; z) after Euler’s transformation', () => {
  it('matches the 30-digit direct series of Fader & Hardie’s 2F1(r+s+x, s+1 or r+x; r+s+x+1; z), 1e-14', () => {
    // CDNOW estimates r = 0.5534, alpha = 10.5776, s = 0.6061, beta = 11.665 (beta > alpha: b = r + x).
    const [r, alpha, s, beta] = [0.5534, 10.5776, 0.6061, 11.665];
    for (const [x, tau] of [[0, 0], [2, 30.43], [26, 30.86], [26, 31], [350, 38.5], [400, 30]] as const) {
      const a = r + s + x;
      const z = (beta - alpha) / (beta + tau);
      close(lnHyp2f1(a, r + x, a + 1, z), referenceLnHyp2f1(a, r + x, a + 1, z), 1e-14);
      close(lnHyp2f1(a, s + 1, a + 1, z), referenceLnHyp2f1(a, s + 1, a + 1, z), 1e-14);
    }
  });

  it('stays finite and exact at frequency 1000, where the direct double series overflows (1e-14)', () => {
    // a = r + s + x, b = r + x, z = (beta − alpha)/(beta + t_x) for frequency 1000, recency 10.
    const a = 1001.1595;
    const b = 1000.5534;
    const z = 1.0874 / 21.665;
    const value = lnHyp2f1(a, b, a + 1, z);
    expect(Number.isFinite(value)).toBe(true);
    close(value, referenceLnHyp2f1(a, b, a + 1, z), 1e-14);
    // At z = 0.6 the function itself is about e^916, past what a double holds; its log stays exact.
    close(lnHyp2f1(a, b, a + 1, 0.6), referenceLnHyp2f1(a, b, a + 1, 0.6), 1e-13);
    expect(lnHyp2f1(a, b, a + 1, 0.6)).toBeGreaterThan(Math.log(Number.MAX_VALUE));
  });

  it('handles the other contiguous forms and the general positive series (1e-13)', () => {
    close(lnHyp2f1(2.5, 3.5, 2.5, 0.3), referenceLnHyp2f1(2.5, 3.5, 2.5, 0.3), 1e-13);
    close(lnHyp2f1(1, 2.5, 7, 0.6), referenceLnHyp2f1(1, 2.5, 7, 0.6), 1e-13);
    close(lnHyp2f1(2.5, 1, 7, 0.6), referenceLnHyp2f1(2.5, 1, 7, 0.6), 1e-13);
    close(lnHyp2f1(0.7, 1.9, 2.6, 0.8), referenceLnHyp2f1(0.7, 1.9, 2.6, 0.8), 1e-13);
    close(lnHyp2f1(300, 200, 100, 0.4), referenceLnHyp2f1(300, 200, 100, 0.4), 1e-13);
    expect(lnHyp2f1(3, 4, 5, 0)).toBe(0);
  });

  it('returns NaN at once for an overflowed parameter or an argument outside [0, 1), so the optimiser backs off', () => {
    // Infinity/Infinity terms are NaN and never met the stopping test: each such call ran 10 million terms.
    const derivatives = new Float64Array(3);
    expect(lnHyp2f1UnitA(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0, derivatives)).toBeNaN();
    expect([...derivatives].every(Number.isNaN)).toBe(true);
    expect(lnHyp2f1UnitA(2, 3, Number.NaN)).toBeNaN();
    expect(lnHyp2f1UnitA(2, 3, 1)).toBeNaN();
    expect(lnHyp2f1(Number.POSITIVE_INFINITY, 2, Number.POSITIVE_INFINITY, 0.5)).toBeNaN();
    expect(lnHyp2f1(2, 3, 4, -0.1)).toBeNaN();
  });
});
