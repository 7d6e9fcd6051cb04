import { inspect } from 'node:util';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, Rate, type RateJSON, wilsonInterval } from '../../src/index.js';
import { anyRate, countBetween, fcOptions, MAX, moneyRate, positiveCount, proportion, proportionRate } from '../arbitraries/counts.js';
import { expectMetricError, fractionOf, isFiniteRate, sameValue, withinUlps } from '../arbitraries/exact.js';

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
    expect(rate.numerator.toFixed()).toBe('1234.5');
    expect(rate.denominator.toFixed()).toBe('10000');
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
    expect(Rate.of(1, 3).toDecimal().toFixed()).toBe(`0.${'3'.repeat(50)}`);
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

  it('shares of counts are proportions; their complements too', () =>
    fc.assert(
      fc.property(proportionRate, (a) => {
        expect(a.isProportion).toBe(true);
        expect(a.complement().isProportion).toBe(true);
      }),
      fcOptions(),
    ));
});
