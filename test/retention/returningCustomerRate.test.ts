import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rate, returningCustomerRate } from '../../src/index.js';
import { fcOptions, MAX, proportion } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'returningCustomerRate';

describe('returningCustomerRate: documenting examples', () => {
  it('296 of 800 customers who ordered this month have ordered before: 37% (the TSDoc example)', () => {
    const rate = returningCustomerRate({ customersWithOrders: 800, returningCustomers: 296 });
    expect(rate.toPercent(0)).toBe('37%');
    expect(rate.toString()).toBe('296/800');
  });

  it('Shopify-style monthly report: 1,940 customers ordered, 512 had ordered before -> 26.4%', () => {
    const rate = returningCustomerRate({ customersWithOrders: 1940, returningCustomers: 512 });
    expect(rate.toPercent(1)).toBe('26.4%');
    const { lower, upper } = rate.interval();
    expect(lower).toBeLessThan(0.264);
    expect(upper).toBeGreaterThan(0.264);
  });
});

describe('returningCustomerRate: edge cases and errors', () => {
  it('is 0 for a launch month and 1 when every buyer is a returning one', () => {
    expect(returningCustomerRate({ customersWithOrders: 50, returningCustomers: 0 }).equals(0)).toBe(true);
    expect(returningCustomerRate({ customersWithOrders: 50, returningCustomers: 50 }).equals(1)).toBe(true);
    expect(returningCustomerRate({ customersWithOrders: MAX, returningCustomers: 1 }).toString()).toBe(`1/${MAX}`);
  });

  it('refuses no customers with orders (EMPTY_POPULATION)', () => {
    expectMetricError(() => returningCustomerRate({ customersWithOrders: 0, returningCustomers: 0 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'customersWithOrders',
      rule: 'positive: a share of no customers is undefined',
      received: '0',
    });
  });

  it('refuses more returning customers than customers with orders (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => returningCustomerRate({ customersWithOrders: 800, returningCustomers: 801 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'returningCustomers',
      rule: '<= customersWithOrders (800)',
      received: '801',
    });
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    [-1, '-1'],
    [0.5, '0.5'],
    ['12', '"12"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[], 'an array of 0'],
    [true, 'true'],
  ])('refuses %s as a count', (value, received) => {
    for (const field of ['customersWithOrders', 'returningCustomers'] as const) {
      const input = { customersWithOrders: 10, returningCustomers: 3, [field]: value };
      expectMetricError(() => returningCustomerRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: 'a non-negative safe integer', received });
    }
  });

  it('refuses unknown fields (including an own __proto__) and non-objects', () => {
    expectMetricError(() => returningCustomerRate({ customersWithOrders: 10, customersWithRepeatOrders: 3 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'customersWithRepeatOrders',
      rule: 'one of the known fields (customersWithOrders, returningCustomers)',
      received: '3',
    });
    const json = JSON.parse('{"customersWithOrders": 10, "returningCustomers": 3, "__proto__": null}') as never;
    expectMetricError(() => returningCustomerRate(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'null' });
    expectMetricError(() => returningCustomerRate(10 as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: '10' });
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (returningCustomerRate as (...args: unknown[]) => unknown)({ customersWithOrders: 10, returningCustomers: 3 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('returningCustomerRate: properties', () => {
  it('is exactly k / n, in [0, 1], never NaN, with an interval containing it, and does not mutate its input', () =>
    fc.assert(
      fc.property(proportion, ({ k, n }) => {
        const rate = withFrozen({ customersWithOrders: n, returningCustomers: k }, (input) => returningCustomerRate(input));
        expect(rate.equals(Rate.of(k, n))).toBe(true);
        expect(rate.toString()).toBe(`${k}/${n}`);
        expect(isFiniteRate(rate)).toBe(true);
        const { lower, upper } = rate.interval();
        expect(0 <= lower && lower <= Number(rate) && Number(rate) <= upper && upper <= 1).toBe(true);
      }),
      fcOptions(),
    ));

  it('returning and first-time buyers add up to exactly 1', () =>
    fc.assert(
      fc.property(proportion, ({ k, n }) => {
        const returning = returningCustomerRate({ customersWithOrders: n, returningCustomers: k });
        const firstTime = returningCustomerRate({ customersWithOrders: n, returningCustomers: n - k });
        expect(returning.plus(firstTime).equals(1)).toBe(true);
      }),
      fcOptions(),
    ));
});
