import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedbackRate, purchaseFrequency, Rate } from '../../src/index.js';
import { count, fcOptions, MAX, positiveCount } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'feedbackRate';

describe('feedbackRate: documenting examples', () => {
  it('E1: 450 reviews from a base of 1,800 active customers is 0.25 items per customer (the TSDoc example)', () => {
    const rate = feedbackRate({ feedbackItems: 450, customers: 1800 });
    expect(rate.toString()).toBe('450/1800');
    expect(Number(rate)).toBe(0.25);
    expect(rate.equals(Rate.of(1, 4))).toBe(true);
  });

  it('E1: may exceed 1 (several items per customer) and, not being a share, has no Wilson interval', () => {
    const rate = feedbackRate({ feedbackItems: 90, customers: 60 });
    expect(Number(rate)).toBe(1.5);
    expect(rate.isProportion).toBe(false);
    expect(() => rate.interval()).toThrow(/share of counts/);
  });
});

describe('feedbackRate: edge cases and errors', () => {
  it('E1: no feedback is exactly 0; no customers is EMPTY_POPULATION', () => {
    expect(feedbackRate({ feedbackItems: 0, customers: 7 }).equals(0)).toBe(true);
    expectMetricError(() => feedbackRate({ feedbackItems: 3, customers: 0 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'customers',
      rule: 'positive: feedback per no customer is undefined',
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
    [MAX + 1, '9007199254740992'],
  ])('E1: refuses %s as a count', (value, received) => {
    for (const field of ['feedbackItems', 'customers'] as const) {
      const input = { feedbackItems: 10, customers: 3, [field]: value };
      expectMetricError(() => feedbackRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: 'a non-negative safe integer', received });
    }
  });

  it('E1: refuses unknown fields, non-objects and a second argument', () => {
    expectMetricError(() => feedbackRate({ feedbackItems: 1, customers: 3, reviews: 4 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'reviews', received: '4' });
    expectMetricError(() => feedbackRate(null as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: 'null' });
    expectMetricError(() => (feedbackRate as (...args: unknown[]) => unknown)({ feedbackItems: 1, customers: 3 }, {}), { fn: FN, code: 'INVALID_INPUT', field: 'arguments' });
  });
});

describe('feedbackRate: properties', () => {
  it('E1: is exactly items / customers, finite, never mutates its input, and equals purchaseFrequency of the same counts', () =>
    fc.assert(
      fc.property(count, positiveCount, (items, customers) => {
        const rate = withFrozen({ feedbackItems: items, customers }, (input) => feedbackRate(input));
        expect(rate.toString()).toBe(`${items}/${customers}`);
        expect(isFiniteRate(rate)).toBe(true);
        expect(rate.equals(purchaseFrequency({ orders: items, customers }))).toBe(true);
      }),
      fcOptions(),
    ));
});
