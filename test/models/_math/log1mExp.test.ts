/**
 * log1mExp(x) = ln(1 − e^x) for x < 0, against a 50-digit Decimal reference with a relative tolerance: an
 * absolute one passes for 0 wherever the value is tiny (x = −50 gives −1.9e-22).
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log1mExp } from '../../../src/models/_math/special.js';
import { fcOptions } from '../../arbitraries/counts.js';

const D = Decimal.clone({ precision: 50 });

/**
 * ln(1 − e^x) to ~45 digits (Decimal's exp and ln are correctly rounded at the working precision). x is read
 * to 60 digits of its binary value, not its shortest decimal form: e^x has condition number |x|, so the
 * shortest form (off by up to half an ulp of x) would move e^-65 by 4e-15 relative.
 */
function reference(x: number): number {
  const d = new D(x.toPrecision(60));
  // Near 0, 1 − e^x by its series −x(1 + x/2 + x²/6 + x³/24 + x⁴/120) (error ~x⁵, below 1e-25 relative
  // here): 1 − e^x at 50 digits is 1 − 1 = 0 for x = −1e-300.
  const oneMinusExp = d.abs().lt(1e-5)
    ? d.neg().times(new D(1).plus(d.div(2)).plus(d.pow(2).div(6)).plus(d.pow(3).div(24)).plus(d.pow(4).div(120)))
    : new D(1).minus(d.exp());
  if (d.gt(-12)) return oneMinusExp.ln().toNumber();
  // Far from 0, y = e^x < 1e-5 and ln(1 − y) = −(y + y²/2 + y³/3 + y⁴/4 + …): 1 − y at 50 digits would keep
  // only 50 − 36 digits of y = e^-83.
  const y = d.exp();
  return y.plus(y.pow(2).div(2)).plus(y.pow(3).div(3)).plus(y.pow(4).div(4)).neg().toNumber();
}

/** |a / b − 1| <= rel: a relative error that 0 (or any value of the wrong size) can never pass. */
function relativeError(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

describe('log1mExp: relative accuracy', () => {
  it('E3: log1mExp(-50) is −e^-50 − e^-100/2 ≈ −1.9287498479639178e-22 to 1e-15 relative, and 0 fails that check', () => {
    const expected = reference(-50);
    expect(expected).toBeLessThan(-1.9e-22);
    expect(relativeError(log1mExp(-50), expected)).toBeLessThanOrEqual(1e-15);
    // The old check |value − expected| <= 1e-15 accepted 0; the relative one does not.
    expect(relativeError(0, expected)).toBeGreaterThan(1e-15);
  });

  it('E3: agrees with the reference to 4e-15 relative (about 18 ulps: Math.exp and Math.log1p are faithful, not correctly rounded, and errors of 5 ulps were seen) for x in [-745, -1e-300], both branches (x <> −ln 2) and the tiny-value range', () => {
    const x = fc.oneof(
      fc.double({ min: -745, max: -1e-300, noNaN: true }),
      fc.double({ min: -2, max: -1e-6, noNaN: true }),
      fc.double({ min: -745, max: -30, noNaN: true }),
    );
    fc.assert(
      fc.property(x, (value) => {
        const expected = reference(value);
        expect(expected).not.toBe(0);
        expect(relativeError(log1mExp(value), expected), `x = ${value}: ${log1mExp(value)} vs ${expected}`).toBeLessThanOrEqual(4e-15);
      }),
      fcOptions(),
    );
  });
});
