import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lnGammaRatio } from '../../../src/models/_math/lnGammaRatio.js';
import { digamma, lnGamma, trigamma } from '../../../src/models/_math/special.js';
import { fcOptions } from '../../arbitraries/counts.js';

const D = Decimal.clone({ precision: 60 });

/** ln Γ(x) − ½ ln 2π to ~45 digits (the constant cancels in the ratio): shift to x + N >= 60, Stirling's series with 8 terms. */
function referenceLnGamma(x: Decimal): Decimal {
  let z = x;
  let shift = new D(0);
  while (z.lt(60)) {
    shift = shift.plus(z.ln());
    z = z.plus(1);
  }
  const bernoulli = [[1, 12], [-1, 360], [1, 1260], [-1, 1680], [1, 1188], [-691, 360360], [1, 156], [-3617, 122400]] as const;
  let series = new D(0);
  bernoulli.forEach(([num, den], k) => {
    series = series.plus(new D(num).div(new D(den).times(z.pow(2 * k + 1))));
  });
  return z.minus(0.5).times(z.ln()).minus(z).plus(series).minus(shift);
}

/** ln Γ(u + h) − ln Γ(u) in 60-digit arithmetic (exact inputs: the doubles u and h as given). */
function reference(u: number, h: number): number {
  return referenceLnGamma(new D(u).plus(h)).minus(referenceLnGamma(new D(u))).toNumber();
}

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/**
 * Error relative to max(|exact|, |h|): the ratio is about h·ψ(u), so |h| is its natural scale; where
 * Γ(u + h) = Γ(u) exactly (u = 1, h = 1) no method has relative accuracy, only accuracy on that scale.
 */
function scaledError(a: number, b: number, h: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), Math.abs(h));
}

describe('lnGammaRatio', () => {
  it('matches 60-digit references across small, large and tiny arguments (error < 1e-13 of max(|value|, |h|))', () => {
    const cases: [number, number][] = [
      [0.5, 0.5],
      [1, 1],
      [2.783, 0.343],
      [3.44, -0.343],
      [0.1, 25],
      [30, -29.5],
      [1e6, 64],
      [1e6 + 7.44, -0.343],
      [1e9, 1e6],
      [5, 1e-12],
      [1e6, 1e-9],
      [0.7, -0.69],
    ];
    for (const [u, h] of cases) expect(scaledError(lnGammaRatio(u, h), reference(u, h), h), `u=${u} h=${h}`).toBeLessThan(1e-13);
  });

  it('keeps its relative accuracy as h → 0, where lnGamma(u + h) − lnGamma(u) cancels', () => {
    for (const u of [0.3, 7, 123.4, 5e5]) {
      for (const h of [1e-8, -1e-9, 1e-14]) {
        const series = h * digamma(u) + (h * h * trigamma(u)) / 2;
        expect(relativeError(lnGammaRatio(u, h), series), `u=${u} h=${h}`).toBeLessThan(1e-12);
      }
      expect(lnGammaRatio(u, 0)).toBe(0);
    }
    // The naive difference loses about half the digits here; the ratio does not.
    expect(relativeError(lnGamma(1e6 + 1e-7) - lnGamma(1e6), 1e-7 * digamma(1e6))).toBeGreaterThan(1e-9);
  });

  it('property: agrees with the reference for random u in (0, 1e7) and h with u + h > 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e7, noNaN: true }), fc.double({ min: -0.999, max: 100, noNaN: true }), (u, fraction) => {
        const h = fraction < 0 ? fraction * u : fraction;
        // Below 1e-20 the 60-digit reference itself rounds u + h to u.
        if (Math.abs(h) < 1e-20) return;
        expect(scaledError(lnGammaRatio(u, h), reference(u, h), h)).toBeLessThan(1e-12);
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
