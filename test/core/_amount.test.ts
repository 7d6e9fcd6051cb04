/**
 * amount / scaledToText / sumScaled (src/core/_amount.ts): exact amounts as scaled integers with no
 * decimal.js, so that a Rate and the count-only formulas bundle without it. DESIGN.md §2 (money accepted as
 * number | string | bigint | Decimal) and §4 (MetricError with field and value). The oracle of the
 * properties is decimal.js itself, through 0.1.0's money() (test/arbitraries/amountInputs.ts): the reader
 * must accept exactly what it accepted, with the same value, and refuse the rest with the same message.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amount, type Scaled, scaledToText, sumScaled } from '../../src/core/_amount.js';
import { amountInput, CjsDecimal, decimals, referenceMoney, signs } from '../arbitraries/amountInputs.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { OtherDecimal } from '../arbitraries/money.js';

const ctx = { fn: 'f' };
const read = (value: unknown, sign: 'any' | 'nonNegative' | 'positive' = 'nonNegative'): Scaled => amount(ctx, 'x', value, sign);
const D1000 = Decimal.clone({ precision: 1000 });

describe('amount: examples', () => {
  it('reads every accepted form as an exact scaled integer (value = int x 10^-scale)', () => {
    expect(read('1234.50')).toEqual({ int: 12345n, scale: 1 });
    expect(read(0.1)).toEqual({ int: 1n, scale: 1 }); // the shortest decimal form of the float, not its binary value
    expect(read(19.99)).toEqual({ int: 1999n, scale: 2 });
    expect(read(1e21)).toEqual({ int: 10n ** 21n, scale: 0 });
    expect(read('1e3')).toEqual({ int: 1000n, scale: 0 });
    expect(read(' +.5E+1 ')).toEqual({ int: 5n, scale: 0 });
    expect(read(120n)).toEqual({ int: 120n, scale: 0 });
    expect(read(new Decimal('0.0750'))).toEqual({ int: 75n, scale: 3 });
    expect(read(new CjsDecimal('-2.5'), 'any')).toEqual({ int: -25n, scale: 1 });
    expect(read(new OtherDecimal('123456.789'))).toEqual({ int: 123456789n, scale: 3 }); // precision 5 is not applied
  });

  it('writes scaled integers as decimal.js toFixed() does', () => {
    expect(scaledToText(15n, 1)).toBe('1.5');
    expect(scaledToText(30n, 1)).toBe('3');
    expect(scaledToText(-5n, 3)).toBe('-0.005');
    expect(scaledToText(0n, 4)).toBe('0');
    expect(scaledToText(10n ** 30n, 0)).toBe(`1${'0'.repeat(30)}`);
  });

  it('sums exactly, 1e-30 next to 1e30, in canonical form', () => {
    expect(sumScaled([read('1e30'), read('1e-30')])).toEqual({ int: 10n ** 60n + 1n, scale: 30 });
    expect(sumScaled([read('0.25'), read('0.75')])).toEqual({ int: 1n, scale: 0 });
    expect(sumScaled([read('2.5'), read('2.5')], [1, -1])).toEqual({ int: 0n, scale: 0 });
  });
});

describe('amount: edge cases and errors', () => {
  it('accepts zero in every form and sign, as 0 (except where it must be positive)', () => {
    for (const zero of [0, -0, '0', '-0', '+0.000', '0e999999999999999999999', 0n, new Decimal('-0'), new CjsDecimal(0)]) {
      expect(read(zero)).toEqual({ int: 0n, scale: 0 });
      expectMetricError(() => read(zero, 'positive'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: 'a positive finite amount' });
    }
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['0x10', '"0x10"'],
    ['Infinity', '"Infinity"'],
    ['1e', '"1e"'],
    ['.', '"."'],
    ['', '""'],
    ['1_000', '"1_000"'],
    ['1 000', '"1 000"'],
    ['١', '"١"'],
    [null, 'null'],
    [{}, 'an object'],
    [new Decimal(NaN), 'Decimal(NaN)'],
    [new CjsDecimal(-Infinity), 'Decimal(-Infinity)'],
  ])('refuses %s with the type rule', (value, received) => {
    expectMetricError(() => read(value, 'any'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: 'a finite amount (number, decimal string, bigint or Decimal)', received });
  });

  it('applies the sign rules: -1 is not non-negative, -0 is', () => {
    expectMetricError(() => read('-1'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: 'a non-negative finite amount', received: '"-1"' });
    expectMetricError(() => read(-1n, 'positive'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: 'a positive finite amount', received: '-1n' });
    expect(read('-1', 'any')).toEqual({ int: -1n, scale: 0 });
  });

  it('keeps amounts within 1e-30..1e30 in magnitude, bounds included', () => {
    expect(read('1e30')).toEqual({ int: 10n ** 30n, scale: 0 });
    expect(read('-1e-30', 'any')).toEqual({ int: -1n, scale: 30 });
    const rule = 'a non-negative finite amount of magnitude 0 or from 1e-30 to 1e30';
    expectMetricError(() => read('1.0000000000000000000000000001e30'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
    expectMetricError(() => read('0.99e-30'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
    expectMetricError(() => read(5e-324), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule, received: '5e-324' });
    expectMetricError(() => read(Number.MAX_VALUE), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
  });

  // Deliberate difference from 0.1.0: decimal.js reads a non-zero amount below its smallest exponent
  // (1e-9000000000000000) as 0, so '1e-9000000000000001' was accepted as zero revenue. It is refused now,
  // like every other non-zero amount below 1e-30.
  it('refuses a non-zero amount past decimal.js exponent range instead of reading it as 0', () => {
    const rule = 'a non-negative finite amount of magnitude 0 or from 1e-30 to 1e30';
    expectMetricError(() => read('1e-9000000000000001'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
    expectMetricError(() => read('1e9000000000000001'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
    expectMetricError(() => read(`1e${'9'.repeat(40)}`), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
    expect(read(`0e-${'9'.repeat(40)}`)).toEqual({ int: 0n, scale: 0 });
  });

  it('checks the magnitude of a huge Decimal without writing out its digits', () => {
    const huge = new Decimal('1e8000000000000000');
    expectMetricError(() => read(huge), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: 'a non-negative finite amount of magnitude 0 or from 1e-30 to 1e30' });
    expectMetricError(() => read(new CjsDecimal('-1e-8000000000000000'), 'any'), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: 'a finite amount of magnitude 0 or from 1e-30 to 1e30' });
  });

  // REGRESSION (fixed in src, pinned here) (src/core/_validate.ts money): an object carrying decimal.js's
  // toStringTag but not its methods made `new Decimal(value)` throw a TypeError, an untyped throw.
  it('refuses a Decimal look-alike with a MetricError, not a TypeError', () => {
    const rule = 'a non-negative finite amount (number, decimal string, bigint or Decimal)';
    expectMetricError(() => read({ toStringTag: '[object Decimal]' }), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule, received: 'an object' });
    const throwing = { toStringTag: '[object Decimal]', isFinite: () => true, toExponential: () => { throw new Error('boom'); } };
    expectMetricError(() => read(throwing), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
    const lying = { toStringTag: '[object Decimal]', isFinite: () => true, toExponential: () => 'NaN' };
    expectMetricError(() => read(lying), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule });
  });

  it('refuses boxed numbers and objects that only inherit the Decimal tag', () => {
    expectMetricError(() => read(Object(5)), { fn: 'f', code: 'INVALID_INPUT', field: 'x', received: 'an object' });
    expectMetricError(() => read(Object.create({ toStringTag: '[object Decimal]' })), { fn: 'f', code: 'INVALID_INPUT', field: 'x' });
  });
});

describe('amount: properties', () => {
  it('agrees with decimal.js: the same value for every accepted input, the same refusal for every other', () =>
    fc.assert(
      fc.property(amountInput, signs, (value, sign) => {
        const expected = referenceMoney(value, sign);
        if ('rule' in expected) {
          expectMetricError(() => read(value, sign), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: expected.rule });
        } else {
          const { int, scale } = read(value, sign);
          expect(scaledToText(int, scale)).toBe(expected.value.toFixed());
        }
      }),
      fcOptions({ numRuns: 1000 }),
    ));

  it('gives canonical parts: no trailing fractional zero, so equal values have equal parts', () =>
    fc.assert(
      fc.property(amountInput, (value) => {
        let parts: Scaled;
        try {
          parts = read(value, 'any');
        } catch {
          return;
        }
        expect(parts.scale >= 0 && Number.isInteger(parts.scale)).toBe(true);
        if (parts.scale > 0) expect(parts.int % 10n).not.toBe(0n);
        if (parts.int === 0n) expect(parts.scale).toBe(0);
      }),
      fcOptions({ numRuns: 500 }),
    ));

  it('reads a Decimal of any copy of decimal.js as the Decimal it is', () =>
    fc.assert(
      fc.property(decimals, (value) => {
        fc.pre((value as Decimal).isFinite() && !(value as Decimal).isZero());
        const d = value as Decimal;
        fc.pre(d.abs().gte('1e-30') && d.abs().lte('1e30'));
        const { int, scale } = read(d, 'any');
        expect(new D1000(int.toString()).div(new D1000(10).pow(scale)).equals(d.toString())).toBe(true);
      }),
      fcOptions(),
    ));

  it('scaledToText is decimal.js toFixed() of int x 10^-scale', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 70n), max: 10n ** 70n }), fc.nat(80), (int, scale) => {
        expect(scaledToText(int, scale)).toBe(new Decimal(`${int}e-${scale}`).toFixed());
      }),
      fcOptions(),
    ));

  it('sumScaled is the exact signed sum', () =>
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.nat(40), fc.constantFrom<1 | -1>(1, -1)), { maxLength: 6 }),
        (terms) => {
          const sum = sumScaled(
            terms.map(([int, scale]) => ({ int, scale })),
            terms.map(([, , sign]) => sign),
          );
          const expected = terms.reduce((acc, [int, scale, sign]) => acc.plus(new D1000(`${int}e-${scale}`).times(sign)), new D1000(0));
          expect(scaledToText(sum.int, sum.scale)).toBe(expected.toFixed());
        },
      ),
      fcOptions(),
    ));
});
