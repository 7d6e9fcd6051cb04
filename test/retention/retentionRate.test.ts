import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnRate, Rate, retentionRate } from '../../src/index.js';
import { activePeriod, countBetween, countUpTo, fcOptions, MAX, period } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'retentionRate';

describe('retentionRate: documenting examples', () => {
  it('100 customers at the start, 95 at the end of which 12 are new: 83% retained (the TSDoc example)', () => {
    const crr = retentionRate({ customersAtStart: 100, customersAtEnd: 95, newCustomers: 12 });
    expect(Number(crr)).toBe(0.83);
    expect(crr.toPercent(1)).toBe('83.0%');
    expect(crr.toString()).toBe('83/100');
  });

  it('a subscription box: 1,250 subscribers in March, 1,310 at the end with 180 new -> 90.4%', () => {
    const crr = retentionRate({ customersAtStart: 1250, customersAtEnd: 1310, newCustomers: 180 });
    expect(crr.toString()).toBe('1130/1250');
    expect(crr.toPercent(1)).toBe('90.4%');
    expect(crr.interval().lower).toBeLessThan(0.904);
  });

  it('plus the matching churn rate is exactly 1 (S = 100, L = 17, N = 12, E = 95)', () => {
    const crr = retentionRate({ customersAtStart: 100, customersAtEnd: 95, newCustomers: 12 });
    const churn = churnRate({ customersAtStart: 100, customersLost: 17 });
    expect(crr.plus(churn).equals(1)).toBe(true);
    expect(crr.complement().toString()).toBe('17/100');
  });
});

describe('retentionRate: edge cases and errors', () => {
  it('keeps everyone (100%) or no one (0%)', () => {
    expect(retentionRate({ customersAtStart: 40, customersAtEnd: 40, newCustomers: 0 }).equals(1)).toBe(true);
    expect(retentionRate({ customersAtStart: 40, customersAtEnd: 7, newCustomers: 7 }).equals(0)).toBe(true);
    expect(retentionRate({ customersAtStart: 1, customersAtEnd: 1, newCustomers: 0 }).toString()).toBe('1/1');
  });

  it('handles counts up to Number.MAX_SAFE_INTEGER exactly', () => {
    const crr = retentionRate({ customersAtStart: MAX, customersAtEnd: MAX, newCustomers: 1 });
    expect(crr.toString()).toBe(`${MAX - 1}/${MAX}`);
    expect(crr.complement().toString()).toBe(`1/${MAX}`);
  });

  it('refuses a start of 0 customers (EMPTY_POPULATION)', () => {
    expectMetricError(() => retentionRate({ customersAtStart: 0, customersAtEnd: 5, newCustomers: 5 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'customersAtStart',
      rule: 'positive: retention of no customers is undefined',
      received: '0',
    });
    expectMetricError(() => retentionRate({ customersAtStart: 0, customersAtEnd: 0, newCustomers: 0 }), { fn: FN, code: 'EMPTY_POPULATION', field: 'customersAtStart' });
  });

  it('refuses more new customers than customers at the end (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => retentionRate({ customersAtStart: 100, customersAtEnd: 10, newCustomers: 11 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'newCustomers',
      rule: '<= customersAtEnd (10)',
      received: '11',
    });
  });

  it('refuses more retained customers than there were (INCONSISTENT_INPUT), pointing at reactivations', () => {
    expectMetricError(() => retentionRate({ customersAtStart: 100, customersAtEnd: 130, newCustomers: 20 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'customersAtEnd',
      rule: '<= customersAtStart + newCustomers (100 + 20); count reactivated customers as new',
      received: '130',
    });
    // The consistency checks come before the empty-population check.
    expectMetricError(() => retentionRate({ customersAtStart: 0, customersAtEnd: 1, newCustomers: 0 }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'customersAtEnd' });
  });

  const fields = ['customersAtStart', 'customersAtEnd', 'newCustomers'] as const;
  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-1, '-1'],
    [1.5, '1.5'],
    ['3', '"3"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, 'an object'],
    [5n, '5n'],
    [MAX + 1, '9007199254740992'],
  ])('refuses %s in every count field', (value, received) => {
    for (const field of fields) {
      const input = { customersAtStart: 100, customersAtEnd: 95, newCustomers: 12, [field]: value };
      expectMetricError(() => retentionRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: 'a non-negative safe integer', received });
    }
  });

  it('refuses a missing field, an unknown field and a non-object', () => {
    expectMetricError(() => retentionRate({ customersAtStart: 100, customersAtEnd: 95 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'newCustomers', received: 'undefined' });
    expectMetricError(() => retentionRate({ customersAtStart: 100, customersAtEnd: 95, newCustomers: 12, customersLost: 17 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'customersLost',
      rule: 'one of the known fields (customersAtStart, customersAtEnd, newCustomers)',
      received: '17',
    });
    expectMetricError(() => retentionRate({ customerAtStart: 100, customersAtEnd: 95, newCustomers: 12 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'customerAtStart' });
    expectMetricError(() => retentionRate(null as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: 'null' });
    expectMetricError(() => retentionRate([100, 95, 12] as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', received: 'an array of 3' });
    expectMetricError(() => retentionRate('100' as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', received: '"100"' });
  });

  it('refuses an own __proto__ key (JSON.parse) and ignores inherited fields', () => {
    const json = JSON.parse('{"customersAtStart": 100, "customersAtEnd": 95, "newCustomers": 12, "__proto__": {"newCustomers": 0}}') as never;
    expectMetricError(() => retentionRate(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
    const inherited = Object.create({ customersAtStart: 100, customersAtEnd: 95, newCustomers: 12 }) as never;
    expectMetricError(() => retentionRate(inherited), { fn: FN, code: 'INVALID_INPUT', field: 'customersAtStart', received: 'undefined' });
  });

  it('accepts -0 as 0', () => {
    expect(retentionRate({ customersAtStart: 10, customersAtEnd: 5, newCustomers: -0 }).toString()).toBe('5/10');
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (retentionRate as (...args: unknown[]) => unknown)({ customersAtStart: 100, customersAtEnd: 95, newCustomers: 12 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('retentionRate: properties', () => {
  it('retention + churn == 1 exactly and retention.complement() == churn, for every consistent period (E = S - L + N)', () =>
    fc.assert(
      fc.property(period, ({ S, L, N, E }) => {
        const retention = () => retentionRate({ customersAtStart: S, customersAtEnd: E, newCustomers: N });
        const churn = () => churnRate({ customersAtStart: S, customersLost: L }, { basis: 'start' });
        if (S === 0) {
          expectMetricError(retention, { fn: FN, code: 'EMPTY_POPULATION', field: 'customersAtStart' });
          expectMetricError(churn, { fn: 'churnRate', code: 'EMPTY_POPULATION', field: 'customersAtStart' });
          return;
        }
        const r = retention();
        const c = churn();
        expect(r.plus(c).equals(1)).toBe(true);
        expect(r.complement().equals(c)).toBe(true);
        expect(c.complement().equals(r)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is exactly (E - N) / S, a proportion in [0, 1] with its interval, never NaN', () =>
    fc.assert(
      fc.property(activePeriod, ({ S, L, N, E }) => {
        const r = retentionRate({ customersAtStart: S, customersAtEnd: E, newCustomers: N });
        expect(r.equals(Rate.of(S - L, S))).toBe(true);
        expect(r.toString()).toBe(`${S - L}/${S}`);
        expect(isFiniteRate(r)).toBe(true);
        expect(r.isProportion).toBe(true);
        const { lower, upper } = r.interval();
        expect(lower <= Number(r) && Number(r) <= upper).toBe(true);
      }),
      fcOptions(),
    ));

  it('does not mutate its (deep-frozen) input', () =>
    fc.assert(
      fc.property(activePeriod, ({ S, N, E }) => {
        withFrozen({ customersAtStart: S, customersAtEnd: E, newCustomers: N }, (input) => retentionRate(input));
      }),
      fcOptions({ numRuns: 50 }),
    ));

  it('refuses E - N > S with INCONSISTENT_INPUT, whatever the sizes', () =>
    fc.assert(
      fc.property(
        countBetween(1, MAX).chain((E) => countUpTo(E - 1).chain((S) => countUpTo(E - 1 - S).map((N) => ({ S, N, E })))),
        ({ S, N, E }) => {
          expectMetricError(() => retentionRate({ customersAtStart: S, customersAtEnd: E, newCustomers: N }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'customersAtEnd' });
        },
      ),
      fcOptions(),
    ));
});
