import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rate, repeatPurchaseRate, returningCustomerRate, wilsonInterval } from '../../src/index.js';
import { fcOptions, MAX, proportion } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'repeatPurchaseRate';

describe('repeatPurchaseRate: documenting examples', () => {
  it('324 of 1,200 customers who ordered in the quarter ordered twice or more: 27.0% (the TSDoc example)', () => {
    const rate = repeatPurchaseRate({ customersWithOrders: 1200, customersWithRepeatOrders: 324 });
    expect(rate.toPercent(1)).toBe('27.0%');
    expect(rate.toString()).toBe('324/1200');
    expect(rate.interval().lower.toFixed(3)).toBe('0.246');
    expect(rate.interval()).toEqual(wilsonInterval({ successes: 324, trials: 1200 }));
  });

  it('a small shop: 38 of 410 buyers came back within the window -> 9.3%', () => {
    expect(repeatPurchaseRate({ customersWithOrders: 410, customersWithRepeatOrders: 38 }).toPercent(1)).toBe('9.3%');
  });

  it('differs from the returning customer rate on the same window (orders before the window do not count)', () => {
    const inWindow = repeatPurchaseRate({ customersWithOrders: 800, customersWithRepeatOrders: 120 });
    const ever = returningCustomerRate({ customersWithOrders: 800, returningCustomers: 296 });
    expect(inWindow.toPercent(0)).toBe('15%');
    expect(ever.toPercent(0)).toBe('37%');
  });
});

describe('repeatPurchaseRate: edge cases and errors', () => {
  it('is 0 or 1 at the extremes, and exact at Number.MAX_SAFE_INTEGER', () => {
    expect(repeatPurchaseRate({ customersWithOrders: 5, customersWithRepeatOrders: 0 }).equals(0)).toBe(true);
    expect(repeatPurchaseRate({ customersWithOrders: 5, customersWithRepeatOrders: 5 }).equals(1)).toBe(true);
    expect(repeatPurchaseRate({ customersWithOrders: MAX, customersWithRepeatOrders: MAX - 1 }).complement().toString()).toBe(`1/${MAX}`);
  });

  it('refuses no customers with orders (EMPTY_POPULATION)', () => {
    expectMetricError(() => repeatPurchaseRate({ customersWithOrders: 0, customersWithRepeatOrders: 0 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'customersWithOrders',
      rule: 'positive: a share of no customers is undefined',
      received: '0',
    });
  });

  it('refuses more repeat customers than customers with orders (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => repeatPurchaseRate({ customersWithOrders: 100, customersWithRepeatOrders: 101 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'customersWithRepeatOrders',
      rule: '<= customersWithOrders (100)',
      received: '101',
    });
    expectMetricError(() => repeatPurchaseRate({ customersWithOrders: 0, customersWithRepeatOrders: 1 }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'customersWithRepeatOrders' });
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
    [MAX + 1, '9007199254740992'],
  ])('refuses %s as a count', (value, received) => {
    for (const field of ['customersWithOrders', 'customersWithRepeatOrders'] as const) {
      const input = { customersWithOrders: 10, customersWithRepeatOrders: 3, [field]: value };
      expectMetricError(() => repeatPurchaseRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: 'a non-negative safe integer', received });
    }
  });

  it('refuses unknown fields (including an own __proto__) and non-objects', () => {
    expectMetricError(() => repeatPurchaseRate({ customersWithOrders: 10, customersWithRepeatOrders: 3, returningCustomers: 4 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'returningCustomers',
      rule: 'one of the known fields (customersWithOrders, customersWithRepeatOrders)',
      received: '4',
    });
    const json = JSON.parse('{"customersWithOrders": 10, "customersWithRepeatOrders": 3, "__proto__": {}}') as never;
    expectMetricError(() => repeatPurchaseRate(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
    expectMetricError(() => repeatPurchaseRate(undefined as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: 'undefined' });
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (repeatPurchaseRate as (...args: unknown[]) => unknown)({ customersWithOrders: 10, customersWithRepeatOrders: 3 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('repeatPurchaseRate: properties', () => {
  it('is exactly k / n, in [0, 1], never NaN, with an interval containing it, and does not mutate its input', () =>
    fc.assert(
      fc.property(proportion, ({ k, n }) => {
        const rate = withFrozen({ customersWithOrders: n, customersWithRepeatOrders: k }, (input) => repeatPurchaseRate(input));
        expect(rate.equals(Rate.of(k, n))).toBe(true);
        expect(rate.toString()).toBe(`${k}/${n}`);
        expect(isFiniteRate(rate)).toBe(true);
        expect(rate.isProportion).toBe(true);
        const { lower, upper } = rate.interval();
        expect(0 <= lower && lower <= Number(rate) && Number(rate) <= upper && upper <= 1).toBe(true);
      }),
      fcOptions(),
    ));

  it('customers with one order only are the exact complement', () =>
    fc.assert(
      fc.property(proportion, ({ k, n }) => {
        const repeat = repeatPurchaseRate({ customersWithOrders: n, customersWithRepeatOrders: k });
        const once = repeatPurchaseRate({ customersWithOrders: n, customersWithRepeatOrders: n - k });
        expect(repeat.plus(once).equals(1)).toBe(true);
        expect(repeat.complement().equals(once)).toBe(true);
      }),
      fcOptions(),
    ));
});
