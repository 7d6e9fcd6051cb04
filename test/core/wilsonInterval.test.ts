import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rate, wilsonInterval } from '../../src/index.js';
import { countBetween, fcOptions, MAX, proportion } from '../arbitraries/counts.js';
import { expectMetricError, withFrozen } from '../arbitraries/exact.js';

const FN = 'wilsonInterval';
const Z95 = 1.959963984540054; // the two-sided 95% normal critical value, qnorm(0.975)

describe('wilsonInterval: documenting examples', () => {
  it('81 of 263 -> [0.2553, 0.3662] at 95% (the TSDoc example)', () => {
    const { lower, upper, confidence } = wilsonInterval({ successes: 81, trials: 263 });
    expect(lower.toFixed(4)).toBe('0.2553');
    expect(upper.toFixed(4)).toBe('0.3662');
    expect(confidence).toBe(0.95);
  });

  it('324 repeat buyers of 1200: 27.0% with [0.246, 0.296]', () => {
    const { lower, upper } = wilsonInterval({ successes: 324, trials: 1200 });
    expect([lower.toFixed(3), upper.toFixed(3)]).toEqual(['0.246', '0.296']);
  });

  it('widens with the confidence level', () => {
    const at = (confidence: number) => wilsonInterval({ successes: 81, trials: 263 }, { confidence });
    const [i90, i95, i99] = [at(0.9), at(0.95), at(0.99)];
    expect(i90.confidence).toBe(0.9);
    expect(i99.lower).toBeLessThan(i95.lower);
    expect(i95.lower).toBeLessThan(i90.lower);
    expect(i90.upper).toBeLessThan(i95.upper);
    expect(i95.upper).toBeLessThan(i99.upper);
  });

  it('is asymmetric near 0: 1 of 29 is far from the Wald interval, which would go below 0', () => {
    const { lower, upper } = wilsonInterval({ successes: 1, trials: 29 });
    const p = 1 / 29;
    const wald = Z95 * Math.sqrt((p * (1 - p)) / 29);
    expect(p - wald).toBeLessThan(0);
    expect(lower).toBeGreaterThan(0);
    expect(upper - p).toBeGreaterThan(p - lower);
  });
});

describe('wilsonInterval: golden values', () => {
  // Source: R. G. Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison
  // of seven methods", Statistics in Medicine 17, 857-872: the worked examples, method 3 (score method
  // without continuity correction, i.e. Wilson 1927), 95%. Tolerance: the published 4 decimals.
  it.each([
    [81, 263, '0.2553', '0.3662'],
    [15, 148, '0.0624', '0.1605'],
    [0, 20, '0.0000', '0.1611'],
    [1, 29, '0.0061', '0.1718'],
  ])('Newcombe (1998) score method: %i/%i -> %s to %s (4 decimals)', (successes, trials, lower, upper) => {
    const interval = wilsonInterval({ successes, trials });
    expect([interval.lower.toFixed(4), interval.upper.toFixed(4)]).toEqual([lower, upper]);
  });

  it('uses z = 1.959963984540054 at 95%: for 0 of n the upper bound is z^2 / (n + z^2) (to 1e-12)', () => {
    for (const n of [1, 20, 263, 10_000]) {
      const { upper } = wilsonInterval({ successes: 0, trials: n });
      const z2 = (n * upper) / (1 - upper);
      expect(Math.abs(Math.sqrt(z2) - Z95)).toBeLessThan(1e-12);
    }
  });
});

describe('wilsonInterval: edge cases and errors', () => {
  it('is [0, upper] at k = 0 and [lower, 1] at k = n, exactly', () => {
    expect(wilsonInterval({ successes: 0, trials: 1 }).lower).toBe(0);
    expect(wilsonInterval({ successes: 1, trials: 1 }).upper).toBe(1);
    expect(wilsonInterval({ successes: 0, trials: MAX }).lower).toBe(0);
    expect(wilsonInterval({ successes: MAX, trials: MAX }).upper).toBe(1);
  });

  it('n = 1 gives the widest intervals', () => {
    const zero = wilsonInterval({ successes: 0, trials: 1 });
    const one = wilsonInterval({ successes: 1, trials: 1 });
    expect(zero.upper).toBeCloseTo(Z95 ** 2 / (1 + Z95 ** 2), 14);
    expect(one.lower).toBeCloseTo(1 - zero.upper, 14);
  });

  it('refuses more successes than trials (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => wilsonInterval({ successes: 3, trials: 2 }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'successes', rule: '<= trials (2)', received: '3' });
  });

  it('refuses zero trials (EMPTY_POPULATION)', () => {
    expectMetricError(() => wilsonInterval({ successes: 0, trials: 0 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'trials',
      rule: 'positive: a proportion of no trials is undefined',
      received: '0',
    });
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-1, '-1'],
    [1.5, '1.5'],
    ['3', '"3"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, 'an object'],
    [3n, '3n'],
    [MAX + 1, '9007199254740992'],
  ])('refuses the count %s', (value, received) => {
    expectMetricError(() => wilsonInterval({ successes: value as never, trials: 10 }), { fn: FN, code: 'INVALID_INPUT', field: 'successes', rule: 'a non-negative safe integer', received });
    expectMetricError(() => wilsonInterval({ successes: 1, trials: value as never }), { fn: FN, code: 'INVALID_INPUT', field: 'trials', rule: 'a non-negative safe integer', received });
  });

  it.each<[unknown, string]>([
    [0, '0'],
    [1, '1'],
    [-0.5, '-0.5'],
    [95, '95'],
    [NaN, 'NaN'],
    ['0.95', '"0.95"'],
    [null, 'null'],
  ])('refuses the confidence %s', (confidence, received) => {
    expectMetricError(() => wilsonInterval({ successes: 1, trials: 10 }, { confidence: confidence as never }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'options.confidence',
      rule: 'a number in (0, 1)',
      received,
    });
  });

  it('refuses unknown fields and options, and a non-object input', () => {
    expectMetricError(() => wilsonInterval({ successes: 1, trials: 10, failures: 9 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'failures', received: '9' });
    expectMetricError(() => wilsonInterval({ successes: 1, trials: 10 }, { level: 0.9 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'options.level', received: '0.9' });
    expectMetricError(() => wilsonInterval({ successes: 1, trials: 10 }, 0.95 as never), { fn: FN, code: 'INVALID_INPUT', field: 'options', rule: 'an object', received: '0.95' });
    expectMetricError(() => wilsonInterval(null as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: 'null' });
    expectMetricError(() => wilsonInterval([1, 10] as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: 'an array of 2' });
  });

  it('refuses an own __proto__ key (from JSON.parse) and does not read inherited counts', () => {
    const withProto = JSON.parse('{"successes": 1, "trials": 10, "__proto__": {"x": 1}}') as never;
    expectMetricError(() => wilsonInterval(withProto), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
    const inherited = Object.create({ successes: 1, trials: 10 }) as never;
    expectMetricError(() => wilsonInterval(inherited), { fn: FN, code: 'INVALID_INPUT', field: 'successes', received: 'undefined' });
  });

  it('refuses a third argument', () => {
    expectMetricError(() => (wilsonInterval as (...args: unknown[]) => unknown)({ successes: 1, trials: 10 }, {}, {}), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most 2 arguments',
      received: '3',
    });
  });
});

describe('wilsonInterval: properties', () => {
  const proportions = fc.oneof(proportion, fc.constantFrom({ k: 0, n: 1 }, { k: 1, n: 1 }, { k: 0, n: MAX }, { k: MAX, n: MAX }, { k: 1, n: MAX }));
  const levels = fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99, 0.999);

  it('contains k / n, lies in [0, 1], never NaN, and does not mutate its input', () =>
    fc.assert(
      fc.property(proportions, levels, ({ k, n }, confidence) => {
        const { lower, upper } = withFrozen({ input: { successes: k, trials: n }, options: { confidence } }, ({ input, options }) => wilsonInterval(input, options));
        expect(Number.isFinite(lower) && Number.isFinite(upper)).toBe(true);
        expect(0 <= lower && lower <= k / n && k / n <= upper && upper <= 1).toBe(true);
      }),
      fcOptions(),
    ));

  it('agrees with Rate.interval', () =>
    fc.assert(
      fc.property(proportions, levels, ({ k, n }, confidence) => {
        expect(Rate.of(k, n).interval({ confidence })).toEqual(wilsonInterval({ successes: k, trials: n }, { confidence }));
      }),
      fcOptions(),
    ));

  it('mirrors: the interval of n - k is 1 minus the interval of k (to 1e-12)', () =>
    fc.assert(
      fc.property(proportion, ({ k, n }) => {
        const a = wilsonInterval({ successes: k, trials: n });
        const b = wilsonInterval({ successes: n - k, trials: n });
        expect(Math.abs(a.lower - (1 - b.upper))).toBeLessThan(1e-12);
        expect(Math.abs(a.upper - (1 - b.lower))).toBeLessThan(1e-12);
      }),
      fcOptions(),
    ));

  it('each bound inside (0, 1) solves the score equation (p - b)^2 = z^2 b (1 - b) / n (relative 1e-9)', () =>
    fc.assert(
      fc.property(
        countBetween(1, 100_000).chain((n) => countBetween(0, n).map((k) => ({ k, n }))),
        ({ k, n }) => {
          const p = k / n;
          const { lower, upper } = wilsonInterval({ successes: k, trials: n });
          for (const b of [lower, upper]) {
            if (b === 0 || b === 1) continue;
            const lhs = (p - b) ** 2;
            const rhs = (Z95 ** 2 * b * (1 - b)) / n;
            expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-9 * rhs);
          }
        },
      ),
      fcOptions(),
    ));

  it('is monotone in k: both bounds do not decrease when k grows', () =>
    fc.assert(
      fc.property(countBetween(1, 1_000_000).chain((n) => countBetween(0, n - 1).map((k) => ({ k, n }))), ({ k, n }) => {
        const a = wilsonInterval({ successes: k, trials: n });
        const b = wilsonInterval({ successes: k + 1, trials: n });
        expect(b.lower).toBeGreaterThanOrEqual(a.lower);
        expect(b.upper).toBeGreaterThanOrEqual(a.upper);
      }),
      fcOptions(),
    ));

  it('higher confidence gives a nested, wider interval (up to float rounding: 1 ulp near 1)', () =>
    // At n ~ 1e16 the true bounds of two levels can differ by less than an ulp (k = n: n / (n + z^2)).
    fc.assert(
      fc.property(proportion, fc.double({ min: 0.01, max: 0.98, noNaN: true }), fc.double({ min: 0.001, max: 0.01, noNaN: true }), ({ k, n }, level, step) => {
        const narrow = wilsonInterval({ successes: k, trials: n }, { confidence: level });
        const wide = wilsonInterval({ successes: k, trials: n }, { confidence: level + step });
        expect(wide.lower).toBeLessThanOrEqual(narrow.lower + Number.EPSILON);
        expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper - Number.EPSILON);
      }),
      fcOptions(),
    ));

  it('narrows as n grows for k = n / 2', () =>
    fc.assert(
      fc.property(countBetween(1, 1_000_000), fc.integer({ min: 1, max: 1000 }), (m, step) => {
        const width = (half: number) => {
          const { lower, upper } = wilsonInterval({ successes: half, trials: 2 * half });
          return upper - lower;
        };
        expect(width(m + step)).toBeLessThan(width(m));
      }),
      fcOptions(),
    ));
});
