import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breaksAround, integrate } from '../../../src/models/_math/quadrature.js';
import { fcOptions } from '../../arbitraries/counts.js';

function scalar(f: (x: number) => number, lo: number, hi: number, breaks: readonly number[] = []): number {
  return integrate((x, out) => {
    out[0] = f(x);
  }, 1, lo, hi, breaks)[0] as number;
}

describe('integrate (adaptive Gauss–Kronrod 7/15)', () => {
  it('is exact for polynomials up to degree 22 on one panel (checks the QUADPACK nodes and weights)', () => {
    for (let k = 0; k <= 22; k++) expect(scalar((x) => x ** k, 0, 1)).toBeCloseTo(1 / (k + 1), 14);
    expect(scalar((x) => 3 * x * x - 2 * x + 5, -1, 2)).toBeCloseTo(21, 13);
  });

  it('matches closed forms of smooth and sharply peaked integrands to 1e-12', () => {
    expect(scalar(Math.exp, 0, 1)).toBeCloseTo(Math.E - 1, 13);
    expect(scalar((x) => 1 / (1 + x * x), 0, 1e3)).toBeCloseTo(Math.atan(1e3), 12);
    // (1 + u/ε)^−p with ε = 1e-9 and p = 2000: a spike of width ε/p = 5e-13 at the left end of [0, 100],
    // invisible to the nodes of [0, 100] (they all see 0), resolved with break points at its width.
    const eps = 1e-9;
    const p = 2000;
    const exact = eps / (p - 1);
    const spike = (u: number): number => Math.exp(-p * Math.log1p(u / eps));
    expect(scalar(spike, 0, 100)).toBe(0);
    const value = scalar(spike, 0, 100, breaksAround(0, eps / p, 0, 100));
    expect(Math.abs(value - exact) / exact).toBeLessThan(1e-12);
  });

  it('integrates several integrands on the same nodes (a function and its derivative in a parameter)', () => {
    // ∫₀² e^{−θx} dx and ∂/∂θ of it, at θ = 1.5.
    const theta = 1.5;
    const [value, derivative] = integrate((x, out) => {
      out[0] = Math.exp(-theta * x);
      out[1] = -x * Math.exp(-theta * x);
    }, 2, 0, 2);
    expect(value).toBeCloseTo((1 - Math.exp(-2 * theta)) / theta, 14);
    expect(derivative).toBeCloseTo(-(1 - Math.exp(-2 * theta)) / theta ** 2 + (2 * Math.exp(-2 * theta)) / theta, 13);
  });

  it('uses break points inside the interval and ignores those outside', () => {
    const f = (x: number): number => Math.exp(-1e4 * (x - 0.3) ** 2);
    const exact = Math.sqrt(Math.PI / 1e4);
    expect(scalar(f, 0, 1, [0.3, -5, 7])).toBeCloseTo(exact, 13);
    expect(scalar(f, 0, 1)).toBeCloseTo(exact, 12);
  });

  it('breaksAround doubles the panels away from the centre, inside the interval', () => {
    expect(breaksAround(1, 0.5, 0, 4)).toEqual([1, 0.5, 1.5, 2, 3]);
    expect(breaksAround(0, 1, 0, 5)).toEqual([1, 2, 4]);
    expect(breaksAround(0, 0, 0, 5)).toEqual([]);
    expect(breaksAround(0, 1e-300, 0, 1).length).toBeLessThan(1000);
  });

  it('is additive over subintervals (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (k, split) => {
        const f = (x: number): number => (1 + x) ** -k;
        const whole = scalar(f, 0, 10);
        const parts = scalar(f, 0, 10 * split) + scalar(f, 10 * split, 10);
        expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1e-12 * whole);
      }),
      fcOptions(),
    );
  });
});
