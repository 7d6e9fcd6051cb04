/**
 * money / moneyField / optionalMoneyField (src/core/_money.ts): money as a Decimal of the library's
 * precision, built from the exact reading of src/core/_amount.ts, so that there is one set of rules.
 * DESIGN.md §2: money is accepted as number | string | bigint | Decimal and returned as a Decimal of a
 * private clone. The oracle is 0.1.0's money(), which read every form with decimal.js
 * (test/arbitraries/amountInputs.ts): results and refusals must be unchanged.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, moneyField, optionalMoneyField } from '../../src/core/_money.js';
import { MetricError } from '../../src/index.js';
import { amountInput, CjsDecimal, referenceMoney, signs } from '../arbitraries/amountInputs.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const ctx = { fn: 'f' };

/** The library's Decimal clone: 50 significant digits, half-even. */
function isLibraryDecimal(value: Decimal): boolean {
  const D = value.constructor as typeof Decimal;
  return Decimal.isDecimal(value) && D !== Decimal && D.precision === 50 && D.rounding === Decimal.ROUND_HALF_EVEN;
}

describe('money: examples', () => {
  it('returns a Decimal of the library clone with the exact value, from every form', () => {
    for (const [input, text] of [
      ['1234.50', '1234.5'],
      [19.99, '19.99'],
      [0.1, '0.1'],
      [1500n, '1500'],
      [new Decimal('0.075'), '0.075'],
      [new CjsDecimal('12.25'), '12.25'],
      [' 1e3 ', '1000'],
    ] as const) {
      const value = money(ctx, 'revenue', input);
      expect(value.toString()).toBe(text);
      expect(isLibraryDecimal(value)).toBe(true);
    }
  });

  it('reads fields by own key only', () => {
    expect(moneyField(ctx, { revenue: '10.5' }, 'revenue').toString()).toBe('10.5');
    expect(optionalMoneyField(ctx, {}, 'revenue')).toBeUndefined();
    expect(optionalMoneyField(ctx, { revenue: 0 }, 'revenue')?.toString()).toBe('0');
    const inherited = Object.create({ revenue: 5 }) as object;
    expectMetricError(() => moneyField(ctx, inherited, 'revenue'), { fn: 'f', code: 'INVALID_INPUT', field: 'revenue', received: 'undefined' });
  });
});

describe('money: edge cases and errors', () => {
  it('returns +0 for every zero, and a new Decimal each time', () => {
    const zero = money(ctx, 'x', '-0');
    expect(zero.isZero() && !zero.isNegative()).toBe(true);
    expect(money(ctx, 'x', 0)).not.toBe(money(ctx, 'x', 0));
  });

  it('keeps every digit of a long amount (the constructor does not round to 50 digits)', () => {
    const long = `1.${'0'.repeat(70)}1`;
    expect(money(ctx, 'x', long).toFixed()).toBe(long);
  });

  it('names the field and keeps the value received', () => {
    const error = expectMetricError(() => money(ctx, 'churnedRevenue', -5), { fn: 'f', code: 'INVALID_INPUT', field: 'churnedRevenue', rule: 'a non-negative finite amount', received: '-5' });
    expect(error.received).toBe(-5);
    expect(() => money(ctx, 'x', NaN)).toThrow(MetricError);
  });
});

describe('money: properties', () => {
  it('is unchanged from 0.1.0 (decimal.js reading): the same Decimal, or the same MetricError', () =>
    fc.assert(
      fc.property(amountInput, signs, (value, sign) => {
        const expected = referenceMoney(value, sign);
        if ('rule' in expected) {
          const error = expectMetricError(() => money(ctx, 'x', value, sign), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: expected.rule });
          expect(Object.is(error.received, value)).toBe(true);
        } else {
          const result = money(ctx, 'x', value, sign);
          expect(result.toString()).toBe(expected.value.toString());
          expect(result.toFixed()).toBe(expected.value.toFixed());
          expect(isLibraryDecimal(result)).toBe(true);
        }
      }),
      fcOptions({ numRuns: 1000 }),
    ));
});
