import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnRate, type DailyChurnCounts, dailySummedChurnRate, Rate } from '../../src/index.js';
import { countUpTo, fcOptions, MAX, positiveCount } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'dailySummedChurnRate';

/** A day with at least one customer at its start. */
const activeDay: fc.Arbitrary<DailyChurnCounts> = positiveCount.chain((atStart) => countUpTo(atStart).map((lost) => ({ atStart, lost })));
/** Any valid day, including an empty one (0 of 0). */
const day: fc.Arbitrary<DailyChurnCounts> = fc.oneof({ weight: 9, arbitrary: activeDay }, { weight: 1, arbitrary: fc.constant({ atStart: 0, lost: 0 }) });
const month = fc.array(day, { minLength: 1, maxLength: 31 }).filter((days) => days.some((d) => d.atStart > 0));

function sumOfDays(days: readonly DailyChurnCounts[]): Rate {
  return days.reduce((total, d) => (d.atStart > 0 ? total.plus(Rate.of(d.lost, d.atStart)) : total), Rate.of(0, 1));
}

describe('dailySummedChurnRate: documenting examples', () => {
  it('three days: 2/1000 + 3/1010 + 1/990 = 0.005980 (the TSDoc example)', () => {
    const rate = dailySummedChurnRate([
      { atStart: 1000, lost: 2 },
      { atStart: 1010, lost: 3 },
      { atStart: 990, lost: 1 },
    ]);
    expect(rate.toNumber().toFixed(6)).toBe('0.005980');
    expect(rate.equals(Rate.of(2, 1000).plus(Rate.of(3, 1010)).plus(Rate.of(1, 990)))).toBe(true);
    expect(rate.toString()).toBe('29899/4999500');
  });

  it('a steady base: 30 days of 1,000 customers losing 1 a day is 30/1000 = 3.0% for the month', () => {
    const days = Array.from({ length: 30 }, () => ({ atStart: 1000, lost: 1 }));
    expect(dailySummedChurnRate(days).equals(Rate.of(30, 1000))).toBe(true);
    expect(dailySummedChurnRate(days).toPercent(1)).toBe('3.0%');
  });

  it('Shopify method (Noble, Shopify Engineering) on a growing base: below start-of-period churn', () => {
    // A base growing from 100 to 190 over 10 days: 10 lost out of 100 at the start reads 10% on the
    // start basis, but the losses land on a bigger base day by day: sum of 1/100 + 1/110 + ... + 1/190.
    const days = Array.from({ length: 10 }, (_, i) => ({ atStart: 100 + 10 * i, lost: 1 }));
    const summed = dailySummedChurnRate(days);
    const standard = churnRate({ customersAtStart: 100, customersLost: 10 });
    expect(Number(summed)).toBeLessThan(Number(standard));
    expect(summed.toPercent(2)).toBe('7.19%');
  });
});

describe('dailySummedChurnRate: edge cases and errors', () => {
  it('a single day equals the churn rate of that day', () => {
    expect(dailySummedChurnRate([{ atStart: 250, lost: 4 }]).equals(churnRate({ customersAtStart: 250, customersLost: 4 }))).toBe(true);
  });

  it('a day with 0 customers and 0 losses contributes 0', () => {
    expect(dailySummedChurnRate([{ atStart: 0, lost: 0 }, { atStart: 50, lost: 5 }]).equals(Rate.of(5, 50))).toBe(true);
  });

  it('can exceed 1 over a long period (a sum of shares is not a share)', () => {
    const rate = dailySummedChurnRate([
      { atStart: 2, lost: 2 },
      { atStart: 3, lost: 3 },
    ]);
    expect(rate.equals(2)).toBe(true);
    expect(rate.isProportion).toBe(false);
  });

  it('handles days of Number.MAX_SAFE_INTEGER customers exactly', () => {
    const rate = dailySummedChurnRate([
      { atStart: MAX, lost: 1 },
      { atStart: MAX, lost: MAX },
    ]);
    expect(rate.equals(Rate.of(1, MAX).plus(1))).toBe(true);
  });

  it('refuses no days (EMPTY_POPULATION)', () => {
    expectMetricError(() => dailySummedChurnRate([]), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'days',
      rule: 'a non-empty array: churn over no days is undefined',
      received: 'an array of 0',
    });
  });

  it('refuses more losses than customers on a day, naming the index (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => dailySummedChurnRate([{ atStart: 10, lost: 1 }, { atStart: 5, lost: 6 }]), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'days[1].lost',
      rule: '<= days[1].atStart (5)',
      received: '6',
    });
    expectMetricError(() => dailySummedChurnRate([{ atStart: 0, lost: 1 }]), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'days[0].lost', rule: '<= days[0].atStart (0)', received: '1' });
  });

  it.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, 'an object'],
    [{ length: 1, 0: { atStart: 1, lost: 0 } }, 'an object'],
    ['days', '"days"'],
    [3, '3'],
  ])('refuses %s instead of an array', (value, received) => {
    expectMetricError(() => dailySummedChurnRate(value as never), { fn: FN, code: 'INVALID_INPUT', field: 'days', rule: 'an array of { atStart, lost }', received });
  });

  it.each<[unknown, string]>([
    [null, 'null'],
    [5, '5'],
    [[10, 1], 'an array of 2'],
    ['day', '"day"'],
  ])('refuses a day that is %s, naming its index', (value, received) => {
    expectMetricError(() => dailySummedChurnRate([{ atStart: 1, lost: 0 }, value] as never), { fn: FN, code: 'INVALID_INPUT', field: 'days[1]', rule: 'an object', received });
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [-1, '-1'],
    [0.5, '0.5'],
    ['3', '"3"'],
    [undefined, 'undefined'],
    [Infinity, 'Infinity'],
  ])('refuses %s as a count of a day', (value, received) => {
    expectMetricError(() => dailySummedChurnRate([{ atStart: 10, lost: 1 }, { atStart: 10, lost: 1 }, { atStart: value, lost: 0 }] as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'days[2].atStart',
      rule: 'a non-negative safe integer',
      received,
    });
    expectMetricError(() => dailySummedChurnRate([{ atStart: 10, lost: value }] as never), { fn: FN, code: 'INVALID_INPUT', field: 'days[0].lost', received });
  });

  it('refuses unknown keys in a day, including an own __proto__', () => {
    expectMetricError(() => dailySummedChurnRate([{ atStart: 10, lost: 1, date: '2024-01-01' }] as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'days[0].date',
      rule: 'one of the known fields (atStart, lost)',
      received: '"2024-01-01"',
    });
    const days = JSON.parse('[{"atStart": 10, "lost": 1}, {"atStart": 10, "lost": 1, "__proto__": {}}]') as DailyChurnCounts[];
    expectMetricError(() => dailySummedChurnRate(days), { fn: FN, code: 'INVALID_INPUT', field: 'days[1].__proto__', received: 'an object' });
  });

  // BUG (src/churn/dailySummedChurnRate.ts): `days.forEach` skips holes, so a sparse array's missing days
  // are dropped silently (and `new Array(3)` returns 0/1) instead of being refused by index.
  it('refuses a hole in a sparse array, naming its index', () => {
    const sparse: DailyChurnCounts[] = [{ atStart: 10, lost: 1 }];
    sparse[2] = { atStart: 10, lost: 1 };
    expectMetricError(() => dailySummedChurnRate(sparse), { fn: FN, code: 'INVALID_INPUT', field: 'days[1]', received: 'undefined' });
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (dailySummedChurnRate as (...args: unknown[]) => unknown)([{ atStart: 10, lost: 1 }], { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('dailySummedChurnRate: properties', () => {
  it('equals the exact sum of the per-day rates, never NaN, and does not mutate its input', () =>
    fc.assert(
      fc.property(month, (days) => {
        const rate = withFrozen(days, (frozen) => dailySummedChurnRate(frozen));
        expect(rate.equals(sumOfDays(days))).toBe(true);
        expect(isFiniteRate(rate)).toBe(true);
        expect(Number(rate)).toBeGreaterThanOrEqual(0);
        expect(Number(rate)).toBeLessThanOrEqual(days.length);
      }),
      fcOptions({ numRuns: 100 }),
    ));

  it('with the same base every day, equals total losses / base exactly', () =>
    fc.assert(
      fc.property(
        positiveCount.chain((atStart) => fc.array(countUpTo(atStart), { minLength: 1, maxLength: 31 }).map((losses) => ({ atStart, losses }))),
        ({ atStart, losses }) => {
          const rate = dailySummedChurnRate(losses.map((lost) => ({ atStart, lost })));
          const total = losses.reduce((sum, lost) => sum + BigInt(lost), 0n);
          expect(rate.equals(Rate.of(total, atStart))).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it('a single day equals churnRate for that day', () =>
    fc.assert(
      fc.property(activeDay, ({ atStart, lost }) => {
        expect(dailySummedChurnRate([{ atStart, lost }]).equals(churnRate({ customersAtStart: atStart, customersLost: lost }))).toBe(true);
      }),
      fcOptions(),
    ));

  it('is additive over concatenation and does not depend on the order of the days', () =>
    fc.assert(
      fc.property(month, month, (a, b) => {
        const whole = dailySummedChurnRate([...a, ...b]);
        expect(whole.equals(dailySummedChurnRate(a).plus(dailySummedChurnRate(b)))).toBe(true);
        expect(whole.equals(dailySummedChurnRate([...b, ...a.slice().reverse()]))).toBe(true);
      }),
      fcOptions({ numRuns: 100 }),
    ));

  it('empty days (0 of 0) change nothing wherever they are', () =>
    fc.assert(
      fc.property(month, fc.nat(), (days, at) => {
        const index = at % (days.length + 1);
        const withEmpty = [...days.slice(0, index), { atStart: 0, lost: 0 }, ...days.slice(index)];
        expect(dailySummedChurnRate(withEmpty).equals(dailySummedChurnRate(days))).toBe(true);
      }),
      fcOptions({ numRuns: 100 }),
    ));
});
