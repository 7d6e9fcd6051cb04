import { inspect } from 'node:util';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, Rate, type RateJSON, rateToDecimal, wilsonInterval } from '../../src/index.js';
import { anyRate, countBetween, fcOptions, MAX, moneyRate, positiveCount, proportion, proportionRate } from '../arbitraries/counts.js';
import { expectMetricError, type Fraction, fractionOf, isCorrectlyRounded, isFiniteRate, sameValue, withinUlps } from '../arbitraries/exact.js';

/** A high-precision Decimal for the oracles: every quotient below is exact or far past the digits compared. */
const D1000 = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });

describe('Rate: documenting examples', () => {
  it('keeps 83 retained of 100 customers exactly and converts on demand', () => {
    const retention = Rate.of(83, 100);
    expect(Number(retention)).toBe(0.83);
    expect(retention.toNumber()).toBe(0.83);
    expect(retention.toPercent(1)).toBe('83.0%');
    expect(retention.toString()).toBe('83/100');
    expect(`${retention}`).toBe('83/100');
    expect(retention.complement().toString()).toBe('17/100');
    expect(retention.plus(retention.complement()).equals(1)).toBe(true);
    expect(JSON.stringify(retention)).toBe('{"numerator":"83","denominator":"100","value":0.83}');
    expect(inspect(retention)).toBe('Rate(83/100 = 0.83)');
  });

  it('keeps the denominator when two rates share it, and reduces otherwise', () => {
    expect(Rate.of(83, 100).plus(Rate.of(17, 100)).toString()).toBe('100/100');
    expect(Rate.of(1, 4).plus(Rate.of(1, 4)).toString()).toBe('2/4');
    expect(Rate.of(1, 2).plus(Rate.of(1, 3)).toString()).toBe('5/6');
    expect(Rate.of(1, 2).minus(Rate.of(1, 3)).toString()).toBe('1/6');
    expect(Rate.of(1, 6).plus(Rate.of(1, 3)).toString()).toBe('1/2');
  });

  it('compares values, not representations: 2/4 equals 0.5/1 equals 0.5', () => {
    expect(Rate.of(2, 4).equals(Rate.of('0.5', 1))).toBe(true);
    expect(Rate.of(2, 4).equals(0.5)).toBe(true);
    expect(Rate.of(2, 4).equals('0.50')).toBe(true);
    expect(Rate.of(4, 2).equals(2n)).toBe(true);
    expect(Rate.of(2, 4).equals(new Decimal('0.5'))).toBe(true);
    expect(Rate.of(1, 3).equals(Rate.of(333, 1000))).toBe(false);
  });

  it('reads numbers at their shortest decimal form: 0.1 / 0.3 is exactly 1/3', () => {
    expect(Rate.of(0.1, 0.3).equals(Rate.of(1, 3))).toBe(true);
    expect(Rate.of(0.1, 1).plus(Rate.of(0.2, 1)).equals(0.3)).toBe(true);
  });

  it('accepts money amounts in every form and keeps them exact', () => {
    const rate = Rate.of('1234.50', 10000n);
    expect(rate.numerator).toBe('1234.5');
    expect(rate.denominator).toBe('10000');
    expect(rate.toString()).toBe('1234.5/10000');
    expect(Rate.of(new Decimal('12.25'), '49').equals(0.25)).toBe(true);
    expect(Rate.of('-3', 4).toNumber()).toBe(-0.75);
  });

  it('rounds half-even only when formatting', () => {
    expect(Rate.of(1, 8).toPercent(1)).toBe('12.5%');
    expect(Rate.of(1, 16).toPercent(1)).toBe('6.2%');
    expect(Rate.of(3, 16).toPercent(1)).toBe('18.8%');
    expect(Rate.of(2, 3).toPercent(0)).toBe('67%');
    expect(Rate.of(2, 3).toPercent()).toBe('66.7%');
    expect(rateToDecimal(Rate.of(1, 3)).toFixed()).toBe(`0.${'3'.repeat(50)}`);
  });

  it('writes its parts as plain decimal text, with no exponent and no trailing fractional zeros', () => {
    // The same text the parts gave with Decimal#toFixed() before they became strings (0.1.0).
    const rate = Rate.of('1.50', 3);
    expect([rate.numerator, rate.denominator, rate.toString()]).toEqual(['1.5', '3', '1.5/3']);
    expect(JSON.stringify(rate)).toBe('{"numerator":"1.5","denominator":"3","value":0.5}');
    expect(Rate.of('-0.50', '2.50').toString()).toBe('-0.5/2.5');
    expect(Rate.of('1e-30', '1e30').toString()).toBe(`0.${'0'.repeat(29)}1/1${'0'.repeat(30)}`);
    expect(Rate.of('12e3', '0.0125').toString()).toBe('12000/0.0125');
    expect(Rate.of(0, '2.5').toString()).toBe('0/2.5');
  });

  it('gives a share of counts its Wilson interval (324 repeat buyers of 1200)', () => {
    const rate = Rate.of(324, 1200);
    expect(rate.isProportion).toBe(true);
    const interval = rate.interval();
    expect(interval).toEqual(wilsonInterval({ successes: 324, trials: 1200 }));
    expect(interval.lower.toFixed(3)).toBe('0.246');
    expect(rate.interval({ confidence: 0.99 }).confidence).toBe(0.99);
  });

  it('round-trips through JSON', () => {
    const rate = Rate.of('0.25', 3);
    const json = JSON.parse(JSON.stringify(rate)) as RateJSON;
    expect(json).toEqual({ numerator: '0.25', denominator: '3', value: 0.08333333333333333 });
    expect(Rate.fromJSON(json).toString()).toBe('0.25/3');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(Rate.of(1, 2))).toBe(true);
  });
});

describe('Rate: edge cases and errors', () => {
  it('handles 0, 1 and the largest safe counts', () => {
    expect(Rate.of(0, 1).toNumber()).toBe(0);
    expect(Object.is(Rate.of(-0, 5).toNumber(), 0)).toBe(true);
    expect(Object.is(Rate.of(0, 5).complement().complement().toNumber(), 0)).toBe(true);
    expect(Rate.of(MAX, MAX).equals(1)).toBe(true);
    expect(Rate.of(1, MAX).toNumber()).toBe(1 / MAX);
    expect(Rate.of(MAX, MAX).interval()).toEqual({ lower: expect.any(Number) as number, upper: 1, confidence: 0.95 });
    expect(Rate.of(0, MAX).interval().lower).toBe(0);
  });

  it('is not a proportion for money ratios, negative values or values above 1', () => {
    expect(Rate.of('0.5', 1).isProportion).toBe(false);
    expect(Rate.of(-1, 2).isProportion).toBe(false);
    expect(Rate.of(3, 2).isProportion).toBe(false);
    expect(Rate.of(1, MAX).plus(Rate.of(1, MAX - 1)).isProportion).toBe(false);
    expectMetricError(() => Rate.of('0.5', 1).interval(), {
      fn: 'Rate.interval',
      code: 'UNDEFINED_RESULT',
      field: 'rate',
      rule: 'a share of counts (integer k of n, 0 <= k <= n) to have a Wilson interval',
      received: '"0.5/1"',
    });
    expectMetricError(() => Rate.of(3, 2).interval(), { fn: 'Rate.interval', code: 'UNDEFINED_RESULT', field: 'rate', received: '"3/2"' });
  });

  it('refuses a zero, negative or non-finite denominator', () => {
    expectMetricError(() => Rate.of(1, 0), { fn: 'Rate.of', code: 'INVALID_INPUT', field: 'denominator', rule: 'a positive finite amount', received: '0' });
    expectMetricError(() => Rate.of(1, -2), { fn: 'Rate.of', code: 'INVALID_INPUT', field: 'denominator', received: '-2' });
    expectMetricError(() => Rate.of(1, '-0'), { fn: 'Rate.of', code: 'INVALID_INPUT', field: 'denominator', received: '"-0"' });
    expectMetricError(() => Rate.of(1, Infinity), { fn: 'Rate.of', code: 'INVALID_INPUT', field: 'denominator', received: 'Infinity' });
  });

  it.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['0x10', '"0x10"'],
    ['Infinity', '"Infinity"'],
    ['1e', '"1e"'],
    ['', '""'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, 'an object'],
    [new Decimal(NaN), 'Decimal(NaN)'],
    [new Decimal(-Infinity), 'Decimal(-Infinity)'],
  ])('refuses the numerator %s', (value, received) => {
    expectMetricError(() => Rate.of(value as never, 1), {
      fn: 'Rate.of',
      code: 'INVALID_INPUT',
      field: 'numerator',
      rule: 'a finite amount (number, decimal string, bigint or Decimal)',
      received,
    });
  });

  it('refuses amounts outside 1e-30..1e30 in magnitude', () => {
    expectMetricError(() => Rate.of('1e31', 1), { fn: 'Rate.of', code: 'INVALID_INPUT', field: 'numerator', rule: 'a finite amount of magnitude 0 or from 1e-30 to 1e30' });
    expectMetricError(() => Rate.of(1, '1e-31'), { fn: 'Rate.of', code: 'INVALID_INPUT', field: 'denominator', rule: 'a positive finite amount of magnitude 0 or from 1e-30 to 1e30' });
    expect(Rate.of('1e30', '1e-30').toNumber()).toBe(1e60);
  });

  it('only shares of counted things have an interval: not sums, not money, not restored JSON', () => {
    expect(Rate.of(1, 4).plus(Rate.of(1, 4)).isProportion).toBe(false);
    expect(Rate.of(3, 4).minus(Rate.of(1, 4)).isProportion).toBe(false);
    expect(Rate.of(2n, 4n).isProportion).toBe(false);
    expect(Rate.fromJSON(Rate.of(1, 4).toJSON()).isProportion).toBe(false);
    expect(Rate.of(1, 4).complement().isProportion).toBe(true);
  });

  // BUG (src/core/Rate.ts isRate): any object with `parts` and `toNumber` methods is taken for a Rate, so a
  // look-alike whose denominator is 0 makes `plus` return a Rate worth Infinity (and compoundChurnRate /
  // expectedCustomerLifetime throw a TypeError, rate.toDecimal is not a function) instead of a MetricError.
  it('refuses a Rate look-alike with a zero denominator instead of returning Infinity', () => {
    const lookAlike = { parts: () => ({ n: 1n, d: 0n, scale: 0 }), toNumber: () => 0.1 };
    expectMetricError(() => Rate.of(1, 2).plus(lookAlike as never), { fn: 'Rate.plus', code: 'INVALID_INPUT', field: 'other' });
  });

  it('refuses bad operands of plus, minus and equals, naming the method', () => {
    expectMetricError(() => Rate.of(1, 2).plus(NaN), { fn: 'Rate.plus', code: 'INVALID_INPUT', field: 'other', received: 'NaN' });
    expectMetricError(() => Rate.of(1, 2).minus('abc'), { fn: 'Rate.minus', code: 'INVALID_INPUT', field: 'other', received: '"abc"' });
    expectMetricError(() => Rate.of(1, 2).equals(null as never), { fn: 'Rate.equals', code: 'INVALID_INPUT', field: 'other', received: 'null' });
  });

  it.each([-1, 1.5, 21, NaN, '1'])('refuses toPercent(%s)', (digits) => {
    expectMetricError(() => Rate.of(1, 3).toPercent(digits as never), { fn: 'Rate.toPercent', code: 'INVALID_INPUT', field: 'digits', rule: 'an integer from 0 to 20' });
  });

  it('validates interval options', () => {
    expectMetricError(() => Rate.of(1, 2).interval({ confidence: 1 }), { fn: 'Rate.interval', code: 'INVALID_INPUT', field: 'options.confidence', rule: 'a number in (0, 1)', received: '1' });
    expectMetricError(() => Rate.of(1, 2).interval({ confidence: 0 }), { fn: 'Rate.interval', code: 'INVALID_INPUT', field: 'options.confidence', received: '0' });
    expectMetricError(() => Rate.of(1, 2).interval({ confidence: NaN }), { fn: 'Rate.interval', code: 'INVALID_INPUT', field: 'options.confidence', received: 'NaN' });
    expectMetricError(() => Rate.of(1, 2).interval({ level: 0.9 } as never), { fn: 'Rate.interval', code: 'INVALID_INPUT', field: 'options.level', received: '0.9' });
    expectMetricError(() => Rate.of(1, 2).interval(null as never), { fn: 'Rate.interval', code: 'INVALID_INPUT', field: 'options', rule: 'an object', received: 'null' });
  });

  it('refuses a malformed serialised rate, ignoring inherited keys', () => {
    expectMetricError(() => Rate.fromJSON(null as never), { fn: 'Rate.fromJSON', code: 'INVALID_INPUT', field: 'json', received: 'null' });
    expectMetricError(() => Rate.fromJSON({ numerator: '1' } as never), { fn: 'Rate.fromJSON', code: 'INVALID_INPUT', field: 'json.denominator', received: 'undefined' });
    expectMetricError(() => Rate.fromJSON({ numerator: '1', denominator: '0', value: 0 }), { fn: 'Rate.fromJSON', code: 'INVALID_INPUT', field: 'json.denominator', received: '"0"' });
    const inherited = JSON.parse('{"__proto__": {"numerator": "1", "denominator": "2"}}') as RateJSON;
    expectMetricError(() => Rate.fromJSON(inherited), { fn: 'Rate.fromJSON', code: 'INVALID_INPUT', field: 'json.numerator', received: 'undefined' });
    // The convenience `value` is ignored: the exact parts win.
    expect(Rate.fromJSON({ numerator: '1', denominator: '3', value: 0.9 }).equals(Rate.of(1, 3))).toBe(true);
  });

  it('throws MetricError, not a bare Error', () => {
    expect(() => Rate.of(1, 0)).toThrow(MetricError);
  });

  it('formats a percentage from the exact fraction, past 50 digits (a 50-digit Decimal ended in ...30%)', () => {
    expect(Rate.of('1e29', 3).toPercent(20)).toBe(`${'3'.repeat(31)}.${'3'.repeat(20)}%`);
    expect(Rate.of(2n ** 80n + 1n, 3n).toPercent(20)).toBe('40297527320487639156872566.66666666666666666667%');
  });

  it('rounds ties to even in toPercent and keeps the sign of a negative value that rounds to zero', () => {
    expect([5, 15, 25, 35].map((k) => Rate.of(k, 1000).toPercent(0))).toEqual(['0%', '2%', '2%', '4%']);
    expect(Rate.of(-25, 1000).toPercent(0)).toBe('-2%');
    // As Number#toFixed and decimal.js's toFixed write it: '-0.0' says the value is below zero.
    expect(Rate.of(-1, 100000).toPercent(1)).toBe('-0.0%');
    expect(Rate.of(-5, 1000).toPercent(0)).toBe('-0%');
    expect(Rate.of(0, 7).toPercent(2)).toBe('0.00%');
    expect(Rate.of(0, 7).complement().minus(1).toPercent(1)).toBe('0.0%');
  });

  // REGRESSION (fixed in src, pinned here) (src/core/Rate.ts toNumber): parts beyond safe integers went
  // through a 50-digit Decimal, so 2^53 + 1 + 1e-36 (just above the midpoint of 2^53 and 2^53 + 2) was
  // first rounded to the midpoint and then to even, 2^53: two roundings, the wrong float.
  it('converts non-safe parts to the correctly rounded float, with one rounding', () => {
    const justAboveMidpoint = `9007199254740993.${'0'.repeat(35)}1`;
    expect(Rate.of(justAboveMidpoint, 1).toNumber()).toBe(9007199254740994);
    expect(Rate.of(`-${justAboveMidpoint}`, 1).toNumber()).toBe(-9007199254740994);
    expect(Rate.of('9007199254740993', 1).toNumber()).toBe(9007199254740992);
    expect(Rate.of('1e30', '1e-30').toNumber()).toBe(1e60);
    expect(Rate.of('1e-30', '1e30').toNumber()).toBe(1e-60);
    expect(Rate.of(2n ** 80n + 1n, 3n).toNumber()).toBe(4.029752732048764e23);
  });

  it('converts parts of any size, down to subnormals, with ties to even (internal constructor: such parts are out of reach of the public bounds)', () => {
    expect(new Rate(1n, 2n ** 1074n, 0).toNumber()).toBe(Number.MIN_VALUE);
    expect(new Rate(3n, 2n ** 1075n, 0).toNumber()).toBe(2 * Number.MIN_VALUE); // 1.5 x 2^-1074: tie, to even
    expect(Object.is(new Rate(-1n, 2n ** 1075n, 0).toNumber(), 0)).toBe(true); // 0.5 x 2^-1074: tie, to +0
    expect(new Rate(10n ** 400n + 1n, 10n ** 400n, 0).toNumber()).toBe(1);
    expect(new Rate(2n ** 1023n * 3n, 2n, 0).toNumber()).toBe(1.5 * 2 ** 1023);
  });

  it('accepts a Rate of another copy of the library (as the CommonJS build beside the ESM one), by its brand', async () => {
    // A second instance of the module (a distinct Rate class), as a second copy of the package would be.
    const specifier = '../../src/core/Rate.ts?another-copy';
    const copy = (await import(specifier)) as typeof import('../../src/core/Rate.js');
    const foreign = copy.Rate.of('1.5', 4);
    expect(foreign instanceof Rate).toBe(true); // by the registered brand since issue 10 (C19): test/core/brands.test.ts
    expect(Rate.of(1, 8).plus(foreign as never).toString()).toBe('1/2');
    expect(Rate.of('1.5', 4).plus(foreign as never).toString()).toBe('3/4');
    expect(Rate.of(3, 8).equals(foreign as never)).toBe(true);
    expect(rateToDecimal(foreign as never).toString()).toBe('0.375');
    expect(Object.isFrozen(foreign)).toBe(true);
  });
});

describe('Rate: properties', () => {
  it('a + b - b == a exactly', () =>
    fc.assert(
      fc.property(anyRate, anyRate, (a, b) => {
        expect(a.plus(b).minus(b).equals(a)).toBe(true);
        expect(a.minus(b).plus(b).equals(a)).toBe(true);
      }),
      fcOptions(),
    ));

  it('plus is commutative and associative; minus is plus of the negation', () =>
    fc.assert(
      fc.property(anyRate, anyRate, anyRate, (a, b, c) => {
        expect(a.plus(b).equals(b.plus(a))).toBe(true);
        expect(a.plus(b).plus(c).equals(a.plus(b.plus(c)))).toBe(true);
        expect(a.minus(b).equals(Rate.of(0, 1).minus(b).plus(a))).toBe(true);
        expect(a.minus(a).equals(0)).toBe(true);
      }),
      fcOptions(),
    ));

  it('complement twice is the same rate; a + complement(a) == 1', () =>
    fc.assert(
      fc.property(anyRate, (a) => {
        expect(a.complement().complement().equals(a)).toBe(true);
        expect(a.complement().complement().toString()).toBe(a.toString());
        expect(a.plus(a.complement()).equals(1)).toBe(true);
        expect(a.complement().equals(Rate.of(1, 1).minus(a))).toBe(true);
      }),
      fcOptions(),
    ));

  it('equals is scale-invariant: k/n == (k m)/(n m) == decimal forms', () =>
    fc.assert(
      fc.property(proportion, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 6 }), ({ k, n }, m, shift) => {
        const base = Rate.of(k, n);
        expect(Rate.of(BigInt(k) * BigInt(m), BigInt(n) * BigInt(m)).equals(base)).toBe(true);
        // k / n == (k / 10^shift) / (n / 10^shift), written as decimal strings.
        const scaleDown = (v: number): string => new Decimal(v).div(10 ** shift).toFixed();
        expect(Rate.of(scaleDown(k), scaleDown(n)).equals(base)).toBe(true);
        expect(base.equals(Rate.of(k + 1, n))).toBe(false);
      }),
      fcOptions(),
    ));

  it('Number(rate) is within 1 ulp of numerator / denominator, and never NaN', () =>
    fc.assert(
      fc.property(anyRate, (a) => {
        const x = Number(a);
        expect(isFiniteRate(a)).toBe(true);
        expect(x).toBe(a.toNumber());
        expect(withinUlps(x, fractionOf(a), 1), `${a.toString()} -> ${x}`).toBe(true);
      }),
      fcOptions(),
    ));

  it('a share of counts converts to the correctly rounded float k / n', () =>
    fc.assert(
      fc.property(proportion, ({ k, n }) => {
        expect(Rate.of(k, n).toNumber()).toBe(k / n);
      }),
      fcOptions(),
    ));

  it('toJSON round-trips through Rate.fromJSON exactly', () =>
    fc.assert(
      fc.property(anyRate, (a) => {
        const json = JSON.parse(JSON.stringify(a)) as RateJSON;
        const back = Rate.fromJSON(json);
        expect(back.equals(a)).toBe(true);
        expect(back.toString()).toBe(a.toString());
        expect(json.value).toBe(a.toNumber());
      }),
      fcOptions(),
    ));

  it('the interval of k of n contains k / n and lies in [0, 1] (k = 0, k = n, n = 1, n = MAX_SAFE_INTEGER)', () =>
    fc.assert(
      fc.property(
        fc.oneof(proportion, fc.constantFrom({ k: 0, n: 1 }, { k: 1, n: 1 }, { k: 0, n: MAX }, { k: MAX, n: MAX }, { k: 1, n: MAX }, { k: MAX - 1, n: MAX })),
        fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99, 0.999),
        ({ k, n }, confidence) => {
          const rate = Rate.of(k, n);
          const { lower, upper } = rate.interval({ confidence });
          const p = Number(rate);
          expect(0 <= lower && lower <= p && p <= upper && upper <= 1, `${k}/${n}: [${lower}, ${upper}]`).toBe(true);
          if (k === 0) expect(lower).toBe(0);
          if (k === n) expect(upper).toBe(1);
        },
      ),
      fcOptions(),
    ));

  it('the interval narrows as n grows for a fixed share (k = n / 2)', () =>
    fc.assert(
      fc.property(countBetween(1, 1_000_000), fc.integer({ min: 1, max: 1000 }), (m, step) => {
        const width = (half: number): number => {
          const { lower, upper } = Rate.of(half, 2 * half).interval();
          return upper - lower;
        };
        expect(width(m + step)).toBeLessThan(width(m));
      }),
      fcOptions(),
    ));

  it('the interval narrows when n doubles, up to n = 2^52 (k = n / 2)', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 50 }), (m) => {
        const at = (half: number) => Rate.of(half, 2 * half).interval();
        const small = at(m);
        const large = at(2 * m);
        expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
        expect(small.lower <= large.lower && large.upper <= small.upper).toBe(true);
      }),
      fcOptions(),
    ));

  it('money ratios keep their exact parts through arithmetic', () =>
    fc.assert(
      fc.property(moneyRate, positiveCount, (a, n) => {
        const sum = a.plus(Rate.of(1, n));
        const { n: an, d: ad } = fractionOf(a);
        expect(sameValue(fractionOf(sum), { n: an * BigInt(n) + ad, d: ad * BigInt(n) })).toBe(true);
        expect(sameValue(fractionOf(a.minus(Rate.of(1, n))), { n: an * BigInt(n) - ad, d: ad * BigInt(n) })).toBe(true);
      }),
      fcOptions({ numRuns: 100 }),
    ));

  it('toNumber() is the correctly rounded float of the exact fraction, for parts far beyond safe integers', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }),
        fc.bigInt({ min: 1n, max: 10n ** 60n }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (n, d, scaleN, scaleD) => {
          // Parts as a user gives them (up to 30 digits and 30 decimals, within 1e-30..1e30), then sums.
          const a = Rate.of(`${n % 10n ** 30n}e-${scaleN}`, `${d % 10n ** 30n || 1n}e-${scaleD}`);
          const b = a.plus(Rate.of(`${n / 10n ** 30n}`, `${(d % 999_983n) + 1n}`));
          for (const rate of [a, b, a.minus(b), b.complement()]) {
            const x = rate.toNumber();
            expect(isCorrectlyRounded(x, fractionOf(rate)), `${rate.toString()} -> ${x}`).toBe(true);
          }
        },
      ),
      fcOptions(),
    ));

  it('toNumber() is correctly rounded for any parts, subnormal results and ties included (internal constructor)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 1100n), max: 2n ** 1100n }),
        fc.bigInt({ min: 1n, max: 2n ** 1100n }),
        fc.integer({ min: -1074, max: 1020 }),
        (n, d, e) => {
          const [num, den] = e >= 0 ? [n, d] : [n, d * 2n ** BigInt(-e)];
          fc.pre(num === 0n || Math.abs(bitLength(num) - bitLength(den)) < 1020);
          const x = new Rate(num, den, 0).toNumber();
          expect(isCorrectlyRounded(x, { n: num, d: den }), `${num}/${den} -> ${x}`).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it('toNumber() rounds exact midpoints between floats to the even one', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 52n, max: 2n ** 53n - 1n }), fc.integer({ min: -1100, max: 900 }), fc.boolean(), (m, e, negative) => {
        // (2m + 1) x 2^(e - 1) lies halfway between m x 2^e and (m + 1) x 2^e.
        const odd = 2n * m + 1n;
        const exact: Fraction = e - 1 >= 0 ? { n: odd * 2n ** BigInt(e - 1), d: 1n } : { n: odd, d: 2n ** BigInt(1 - e) };
        const signed = negative ? { n: -exact.n, d: exact.d } : exact;
        const x = new Rate(signed.n, signed.d, 0).toNumber();
        expect(isCorrectlyRounded(x, signed), `${signed.n}/${signed.d} -> ${x}`).toBe(true);
      }),
      fcOptions(),
    ));

  it('toPercent(digits) is n x 100 / d rounded half-even to digits decimals, exactly (oracle: 1000-digit decimal.js)', () =>
    fc.assert(
      fc.property(
        fc.oneof(anyRate, moneyRate, fc.tuple(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), fc.bigInt({ min: 1n, max: 10n ** 60n })).map(([n, d]) => new Rate(n, d, 0))),
        fc.integer({ min: 0, max: 20 }),
        (rate, digits) => {
          const { n, d } = fractionOf(rate);
          const expected = new D1000(n.toString()).times(100).div(d.toString()).toFixed(digits, Decimal.ROUND_HALF_EVEN);
          expect(rate.toPercent(digits)).toBe(`${expected}%`);
        },
      ),
      fcOptions(),
    ));

  it('toPercent(digits) rounds exact ties to the even last digit, on both sides of zero', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: 0, max: 20 }), (k, digits) => {
        // (2k + 1) / (2 x 10^(digits + 2)) is (k + 1/2) units in the last printed place of the percentage.
        const rate = Rate.of(2n * k + 1n, 2n * 10n ** BigInt(digits + 2));
        const expected = new D1000((2n * k + 1n).toString()).div(2).div(new D1000(10).pow(digits)).toFixed(digits, Decimal.ROUND_HALF_EVEN);
        expect(rate.toPercent(digits)).toBe(`${expected}%`);
        const lastDigit = Number(rate.toPercent(digits).replace(/\D/g, '').slice(-1));
        expect(lastDigit % 2).toBe(0);
      }),
      fcOptions(),
    ));

  it('numerator and denominator are the exact parts in decimal.js toFixed() form, and their ratio is the value', () =>
    fc.assert(
      fc.property(anyRate, (rate) => {
        const numerator = new D1000(rate.numerator);
        const denominator = new D1000(rate.denominator);
        expect(numerator.toFixed()).toBe(rate.numerator);
        expect(denominator.toFixed()).toBe(rate.denominator);
        expect(denominator.isPositive()).toBe(true);
        const { n, d } = fractionOf(rate);
        expect(numerator.times(d.toString()).equals(denominator.times(n.toString()))).toBe(true);
        expect(rate.toString()).toBe(`${rate.numerator}/${rate.denominator}`);
      }),
      fcOptions(),
    ));

  it('shares of counts are proportions; their complements too', () =>
    fc.assert(
      fc.property(proportionRate, (a) => {
        expect(a.isProportion).toBe(true);
        expect(a.complement().isProportion).toBe(true);
      }),
      fcOptions(),
    ));
});

function bitLength(value: bigint): number {
  return (value < 0n ? -value : value).toString(2).length;
}
