/**
 * rateToDecimal (src/core/rateToDecimal.ts): a Rate's value as a Decimal of the library's clone, the
 * exact fraction rounded once, half-even, to 50 significant digits. DESIGN.md §2 (a rate converts on
 * demand) and §4 (MetricError). It replaces 0.1.0's `rate.toDecimal()`, so that a Rate carries no Decimal.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compoundChurnRate, purchaseFrequency, Rate, rateToDecimal } from '../../src/index.js';
import { anyRate, fcOptions } from '../arbitraries/counts.js';
import { expectMetricError, fractionOf } from '../arbitraries/exact.js';

const D1000 = Decimal.clone({ precision: 1000 });
const RULE = 'a Rate';

describe('rateToDecimal: examples', () => {
  it('gives 83 of 100 as 0.83 and 2/3 rounded half-even to 50 significant digits', () => {
    expect(rateToDecimal(Rate.of(83, 100)).toString()).toBe('0.83');
    expect(rateToDecimal(Rate.of(2, 3)).toString()).toBe(`0.${'6'.repeat(49)}7`);
    expect(rateToDecimal(Rate.of(1, 3)).toFixed()).toBe(`0.${'3'.repeat(50)}`);
  });

  it('turns 1,500 orders from 1,000 customers into 1.5 for money arithmetic', () => {
    expect(rateToDecimal(purchaseFrequency({ orders: 1500, customers: 1000 })).times('85.40').toString()).toBe('128.1');
  });

  it('returns a Decimal of the library clone (50 digits, half-even), not of the global constructor', () => {
    const value = rateToDecimal(Rate.of(1, 7));
    const D = value.constructor as typeof Decimal;
    expect(Decimal.isDecimal(value) && D !== Decimal && D.precision === 50 && D.rounding === Decimal.ROUND_HALF_EVEN).toBe(true);
  });
});

describe('rateToDecimal: edge cases and errors', () => {
  it('handles negative rates, zero and the bounds of the parts', () => {
    expect(rateToDecimal(Rate.of('-3', 4)).toString()).toBe('-0.75');
    expect(rateToDecimal(Rate.of(0, 9)).toString()).toBe('0');
    expect(rateToDecimal(Rate.of('1e30', '1e-30')).toString()).toBe('1e+60');
    expect(rateToDecimal(Rate.of('1e-30', '1e30')).toString()).toBe('1e-60');
  });

  it('rounds a rate with huge parts once (120 compounded periods)', () => {
    const annual = compoundChurnRate({ churnRate: Rate.of(1, 7), periods: 120 });
    const { n, d } = fractionOf(annual);
    const expected = new D1000(n.toString()).div(d.toString()).toSignificantDigits(50, Decimal.ROUND_HALF_EVEN);
    expect(rateToDecimal(annual).equals(expected)).toBe(true);
  });

  it.each<[unknown, string]>([
    [0.5, '0.5'],
    ['1/2', '"1/2"'],
    [null, 'null'],
    [{ numerator: '1', denominator: '2', value: 0.5 }, 'an object'],
    [new Decimal('0.5'), 'Decimal(0.5)'],
  ])('refuses %s: only a Rate', (value, received) => {
    expectMetricError(() => rateToDecimal(value as never), { fn: 'rateToDecimal', code: 'INVALID_INPUT', field: 'rate', rule: RULE, received });
  });

  it('refuses a second argument', () => {
    expectMetricError(() => (rateToDecimal as (...args: unknown[]) => unknown)(Rate.of(1, 2), { precision: 10 }), { fn: 'rateToDecimal', code: 'INVALID_INPUT', field: 'arguments' });
  });

  it('accepts a Rate of another copy of the library, rebuilt from its exact parts', async () => {
    const specifier = '../../src/core/Rate.ts?rate-to-decimal-copy';
    const copy = (await import(specifier)) as typeof import('../../src/core/Rate.js');
    expect(rateToDecimal(copy.Rate.of('12.5', 50) as never).toString()).toBe('0.25');
  });
});

describe('rateToDecimal: properties', () => {
  it('is the exact fraction rounded half-even to 50 significant digits (oracle: 1000-digit decimal.js)', () =>
    fc.assert(
      fc.property(anyRate, (rate) => {
        const { n, d } = fractionOf(rate);
        const expected = new D1000(n.toString()).div(d.toString()).toSignificantDigits(50, Decimal.ROUND_HALF_EVEN);
        expect(rateToDecimal(rate).toFixed()).toBe(expected.toFixed());
      }),
      fcOptions(),
    ));

  it('is exact, and equal to the rate, when the value has at most 50 significant digits', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 29n), max: 10n ** 29n }), fc.integer({ min: 0, max: 20 }), (k, shift) => {
        const rate = Rate.of(k, 10n ** BigInt(shift));
        expect(rate.equals(rateToDecimal(rate))).toBe(true);
      }),
      fcOptions(),
    ));
});
