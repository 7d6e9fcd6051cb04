import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnRate, compoundChurnRate, Rate } from '../../src/index.js';
import { fcOptions, unitRate } from '../arbitraries/counts.js';
import { expectMetricError, type Fraction, fractionOf, isFiniteRate, sameValue, times, withFrozen } from '../arbitraries/exact.js';

const FN = 'compoundChurnRate';
const RATE_RULE = 'a rate in [0, 1] (a Rate or a fraction such as 0.05)';

/** A high-precision Decimal for the oracles (never the library's constructor). */
const D = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_HALF_EVEN });

/** The exact value of a rate argument as a Rate. */
function asRate(c: Rate | number | string): Rate {
  return c instanceof Rate ? c : Rate.of(c, 1);
}

/** |a - b| <= tolerance * |b| (or <= tolerance when b = 0), in 120-digit arithmetic. */
function closeRelative(a: Rate | Fraction, b: Rate | Fraction, tolerance: string): boolean {
  const value = (r: Rate | Fraction): Decimal => {
    const { n, d } = r instanceof Rate ? fractionOf(r) : r;
    return new D(n.toString()).div(d.toString());
  };
  const x = value(a);
  const y = value(b);
  const scale = y.isZero() ? new D(1) : y.abs();
  return x.minus(y).abs().lte(scale.times(tolerance));
}

describe('compoundChurnRate: documenting examples', () => {
  it('5% monthly churn is 45.96% a year: 1 - 0.95^12, exactly (the TSDoc example)', () => {
    const annual = compoundChurnRate({ churnRate: 0.05, periods: 12 });
    expect(annual.toPercent(2)).toBe('45.96%');
    expect(annual.equals(Rate.of(100n ** 12n - 95n ** 12n, 100n ** 12n))).toBe(true);
    expect(annual.toString()).toBe('459639912337363037109375/1000000000000000000000000');
  });

  it('30% annual churn is 2.93% a month: 1 - 0.7^(1/12) (the TSDoc example)', () => {
    expect(compoundChurnRate({ churnRate: 0.3, periods: 1 / 12 }).toPercent(2)).toBe('2.93%');
  });

  it('2% monthly is 21.53% a year; a churn Rate from counts compounds exactly too', () => {
    expect(compoundChurnRate({ churnRate: '0.02', periods: 12 }).toPercent(2)).toBe('21.53%');
    const monthly = churnRate({ customersAtStart: 200, customersLost: 14 });
    const quarterly = compoundChurnRate({ churnRate: monthly, periods: 3 });
    expect(quarterly.equals(Rate.of(200n ** 3n - 186n ** 3n, 200n ** 3n))).toBe(true);
  });
});

describe('compoundChurnRate: edge cases and errors', () => {
  it('0 periods is no churn; 1 period is the rate itself; 0 and 1 are fixed points', () => {
    expect(compoundChurnRate({ churnRate: 0.05, periods: 0 }).equals(0)).toBe(true);
    expect(compoundChurnRate({ churnRate: 1, periods: 0 }).equals(0)).toBe(true);
    expect(compoundChurnRate({ churnRate: 0.05, periods: 1 }).equals(0.05)).toBe(true);
    expect(compoundChurnRate({ churnRate: 0, periods: 120 }).equals(0)).toBe(true);
    expect(compoundChurnRate({ churnRate: 1, periods: 7 }).equals(1)).toBe(true);
    expect(compoundChurnRate({ churnRate: 1, periods: 0.5 }).equals(1)).toBe(true);
  });

  it('beyond 120 whole periods or for fractional periods it is a 50-digit Decimal (relative 1e-45)', () => {
    const exact = { n: 10n ** 121n - 9n ** 121n, d: 10n ** 121n };
    const at121 = compoundChurnRate({ churnRate: 0.1, periods: 121 });
    expect(closeRelative(at121, exact, '1e-45')).toBe(true);
    expect(isFiniteRate(compoundChurnRate({ churnRate: 0.999, periods: 1e6 }))).toBe(true);
  });

  it.each<[unknown, string]>([
    [-0.01, '-0.01'],
    [1.5, '1.5'],
    ['1.0001', '"1.0001"'],
    ['-0.5', '"-0.5"'],
  ])('refuses the churn rate %s outside [0, 1]', (churn, received) => {
    expectMetricError(() => compoundChurnRate({ churnRate: churn as never, periods: 12 }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', rule: RATE_RULE, received });
  });

  it('refuses a Rate outside [0, 1], rendering it as a fraction', () => {
    expectMetricError(() => compoundChurnRate({ churnRate: Rate.of(3, 2), periods: 12 }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', rule: RATE_RULE, received: '"3/2"' });
  });

  // BUG (src/core/_rateInput.ts): the bounds are checked on rate.toDecimal(), rounded to 50 digits, so a
  // Rate just above 1 (here 1 + 1e-60) passes as 1 and the "churn" returned exceeds 1.
  it('refuses a Rate just above 1 (1 + 1e-60)', () => {
    const justAboveOne = Rate.of(1, 1).plus(Rate.of('1e-30', '1e30'));
    expectMetricError(() => compoundChurnRate({ churnRate: justAboveOne, periods: 1 }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', rule: RATE_RULE });
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, 'an object'],
    [5n, '5n'],
    [true, 'true'],
  ])('refuses the churn rate %s of the wrong type', (churn, received) => {
    expectMetricError(() => compoundChurnRate({ churnRate: churn as never, periods: 12 }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', rule: RATE_RULE, received });
  });

  it.each<[string, string]>([
    ['0x10', '"0x10"'],
    ['Infinity', '"Infinity"'],
    ['1e', '"1e"'],
    ['', '""'],
  ])('refuses the malformed churn string %s', (churn, received) => {
    expectMetricError(() => compoundChurnRate({ churnRate: churn, periods: 12 }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', received });
  });

  it.each<[unknown, string]>([
    [-1, '-1'],
    [-0.5, '-0.5'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['12', '"12"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [12n, '12n'],
  ])('refuses the periods %s', (periods, received) => {
    expectMetricError(() => compoundChurnRate({ churnRate: 0.05, periods: periods as never }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'periods',
      rule: 'a finite number >= 0',
      received,
    });
  });

  it('refuses unknown fields, an own __proto__ and options it does not take', () => {
    expectMetricError(() => compoundChurnRate({ churnRate: 0.05, periods: 12, from: 'month' } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'from',
      rule: 'one of the known fields (churnRate, periods)',
      received: '"month"',
    });
    const json = JSON.parse('{"churnRate": 0.05, "periods": 12, "__proto__": {}}') as never;
    expectMetricError(() => compoundChurnRate(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
    expectMetricError(() => compoundChurnRate(0.05 as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: '0.05' });
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (compoundChurnRate as (...args: unknown[]) => unknown)({ churnRate: 0.05, periods: 12 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('compoundChurnRate: properties', () => {
  const exactPeriods = fc.integer({ min: 0, max: 120 });
  const rates = unitRate(1_000_000);

  it('compounding over p then over q periods equals compounding over p + q: survival multiplies, exactly', () =>
    fc.assert(
      fc.property(rates, exactPeriods, exactPeriods, (c, p0, q0) => {
        const p = Math.min(p0, 120 - Math.min(q0, 120));
        const q = Math.min(q0, 120 - p);
        const survivalP = fractionOf(compoundChurnRate({ churnRate: c, periods: p }).complement());
        const survivalQ = fractionOf(compoundChurnRate({ churnRate: c, periods: q }).complement());
        const survivalPQ = fractionOf(compoundChurnRate({ churnRate: c, periods: p + q }).complement());
        expect(sameValue(times(survivalP, survivalQ), survivalPQ)).toBe(true);
      }),
      fcOptions(),
    ));

  it('compounding a p-period churn over q periods equals compounding over p * q periods, exactly', () =>
    fc.assert(
      fc.property(rates, fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), (c, p, q0) => {
        const q = p === 0 ? q0 : Math.min(q0, Math.floor(120 / p));
        const twice = compoundChurnRate({ churnRate: compoundChurnRate({ churnRate: c, periods: p }), periods: q });
        expect(twice.equals(compoundChurnRate({ churnRate: c, periods: p * q }))).toBe(true);
      }),
      fcOptions(),
    ));

  it('is exactly 1 - (1 - c)^p for whole p <= 120, in [0, 1], never NaN, without mutating its input', () =>
    fc.assert(
      fc.property(rates, exactPeriods, (c, p) => {
        const result = withFrozen({ churnRate: c, periods: p }, (input) => compoundChurnRate(input));
        const { n, d } = fractionOf(asRate(c));
        const k = BigInt(p);
        expect(sameValue(fractionOf(result), { n: d ** k - (d - n) ** k, d: d ** k })).toBe(true);
        expect(isFiniteRate(result)).toBe(true);
        expect(Number(result) >= 0 && Number(result) <= 1).toBe(true);
      }),
      fcOptions(),
    ));

  it('does not decrease with more periods', () =>
    fc.assert(
      fc.property(rates, fc.integer({ min: 0, max: 119 }), (c, p) => {
        const a = compoundChurnRate({ churnRate: c, periods: p });
        const b = compoundChurnRate({ churnRate: c, periods: p + 1 });
        expect(b.minus(a).numerator.startsWith('-')).toBe(false);
      }),
      fcOptions(),
    ));

  it('fractional periods: 1/2^j then 2^j periods gives back c (relative 1e-30)', () =>
    fc.assert(
      fc.property(rates, fc.integer({ min: 1, max: 6 }), (c, j) => {
        const k = 2 ** j;
        const short = compoundChurnRate({ churnRate: c, periods: 1 / k });
        const back = compoundChurnRate({ churnRate: short, periods: k });
        expect(closeRelative(back, asRate(c), '1e-30')).toBe(true);
        expect(Number(short)).toBeLessThanOrEqual(Number(asRate(c)));
      }),
      fcOptions({ numRuns: 100 }),
    ));

  it('fractional periods: 1/12 then 12 gives back c to the precision of the float 1/12 (relative 1e-15)', () =>
    // periods is a number, and the float 1/12 is 0.08333333333333333 (17 digits): the round trip is off by
    // about c * 4e-17. Exact dyadic fractions (previous property) reach 1e-30.
    fc.assert(
      fc.property(rates, (c) => {
        const monthly = compoundChurnRate({ churnRate: c, periods: 1 / 12 });
        const annual = compoundChurnRate({ churnRate: monthly, periods: 12 });
        expect(closeRelative(annual, asRate(c), '1e-15')).toBe(true);
      }),
      fcOptions({ numRuns: 100 }),
    ));

  it('fractional then whole: compound(c, a + w) = 1 - (1 - compound(c, a)) (1 - compound(c, w)) (relative 1e-30)', () =>
    // Compared on the churn, not on the survival: a 50-digit churn near 1 leaves few digits to a tiny survival.
    fc.assert(
      fc.property(rates, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 50 }), (c, quarters, whole) => {
        const a = quarters / 4; // exact in binary
        const left = compoundChurnRate({ churnRate: c, periods: a + whole });
        const survival = times(
          fractionOf(compoundChurnRate({ churnRate: c, periods: a }).complement()),
          fractionOf(compoundChurnRate({ churnRate: c, periods: whole }).complement()),
        );
        expect(closeRelative(left, { n: survival.d - survival.n, d: survival.d }, '1e-30')).toBe(true);
      }),
      fcOptions({ numRuns: 100 }),
    ));
});
