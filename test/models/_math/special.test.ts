import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digamma, lnBeta, lnGamma, log1mExp, logAddExp, logSubExp, trigamma } from '../../../src/models/_math/special.js';
import { fcOptions } from '../../arbitraries/counts.js';

/** ln Γ(x) to ~30 digits: ln Γ(x) = ln Γ(x + N) − Σ ln(x + k), Stirling's series with 8 terms at x + N >= 60. */
function referenceLnGamma(x: number): number {
  const D = Decimal.clone({ precision: 45 });
  let z = new D(x);
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
  const halfLogTwoPi = new D(2).times(D.acos(-1)).ln().div(2);
  return z.minus(0.5).times(z.ln()).minus(z).plus(halfLogTwoPi).plus(series).minus(shift).toNumber();
}

/** |a − b| <= rel × max(1, |b|). */
function close(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
}

describe('lnGamma', () => {
  it('matches exact values: Γ(n) = (n−1)!, Γ(1/2) = √π (reference values, 1e-14)', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      close(lnGamma(n), Math.log(factorial), 1e-14);
      factorial *= n;
    }
    close(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    close(lnGamma(1.5), Math.log(Math.sqrt(Math.PI) / 2), 1e-14);
  });

  it('matches a 40-digit reference (Stirling series after shifting by recurrence, decimal.js) from 1e-8 to 1e9, 1e-13', () => {
    for (const x of [1e-8, 0.01, 0.243, 0.793, 2.426, 4.414, 15.44, 123.456, 1000.5, 2.5e5, 1e7, 3e7, 1e9]) {
      close(lnGamma(x), referenceLnGamma(x), 1e-13);
    }
  });

  it('stays finite down to the smallest subnormal, where Γ(x) ~ 1/x (found by the contract property; 1e-15)', () => {
    // The reflection formula's π/sin(πx) overflowed to Infinity below about 1e-308.
    for (const x of [1e-300, 1e-310, 5e-324]) close(lnGamma(x), -Math.log(x), 1e-15);
    expect(Number.isFinite(lnBeta(5e-324, 5e-324))).toBe(true);
  });

  it('satisfies the recurrence ln Γ(x + 1) = ln Γ(x) + ln x', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (x) => {
        close(lnGamma(x + 1), lnGamma(x) + Math.log(x), 1e-12);
      }),
      fcOptions(),
    );
  });
});

describe('digamma and trigamma', () => {
  it('match exact values: ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ′(1) = π²/6 (1e-13)', () => {
    const euler = 0.5772156649015329;
    close(digamma(1), -euler, 1e-13);
    close(digamma(0.5), -euler - 2 * Math.LN2, 1e-13);
    close(trigamma(1), (Math.PI * Math.PI) / 6, 1e-13);
    close(trigamma(0.5), (Math.PI * Math.PI) / 2, 1e-13);
  });

  it('are the derivatives of lnGamma and digamma (central differences)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1e4, noNaN: true }), (x) => {
        const h = 1e-5 * x;
        close(digamma(x), (lnGamma(x + h) - lnGamma(x - h)) / (2 * h), 1e-6);
        close(trigamma(x), (digamma(x + h) - digamma(x - h)) / (2 * h), 1e-5);
      }),
      fcOptions(),
    );
  });
});

describe('log-space helpers', () => {
  it('lnBeta(a, b) = ln(Γ(a)Γ(b)/Γ(a+b)) and is symmetric', () => {
    close(lnBeta(2, 3), Math.log(1 / 12), 1e-14);
    close(lnBeta(0.793, 2.426), lnBeta(2.426, 0.793), 1e-15);
  });

  it('logAddExp and logSubExp do not overflow', () => {
    close(logAddExp(1000, 1000), 1000 + Math.LN2, 1e-15);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    close(logSubExp(1000, 1000 - Math.LN2), 1000 - Math.LN2, 1e-14);
    expect(logSubExp(5, 5)).toBe(Number.NEGATIVE_INFINITY);
    close(log1mExp(-1e-20), Math.log(1e-20), 1e-12);
    // Relative (E3): close() is absolute below 1, where 0 would pass for -e^-50 ≈ -1.9e-22.
    expect(Math.abs(log1mExp(-50) / -Math.exp(-50) - 1)).toBeLessThanOrEqual(1e-15);
  });

  it('logAddExp agrees with the direct formula where that is finite', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: -300, max: 300, noNaN: true }), (a, b) => {
        close(logAddExp(a, b), Math.log(Math.exp(a) + Math.exp(b)), 1e-12);
      }),
      fcOptions(),
    );
  });
});
