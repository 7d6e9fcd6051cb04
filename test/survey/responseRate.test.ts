import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rate, responseRate, wilsonInterval } from '../../src/index.js';
import { fcOptions, MAX, proportion } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'responseRate';

describe('responseRate: documenting examples', () => {
  it('E1: 36 of 48 negative reviews answered is 75.0%, with its Wilson interval (the TSDoc example)', () => {
    const rate = responseRate({ answered: 36, total: 48 });
    expect(rate.toPercent(1)).toBe('75.0%');
    expect(rate.toString()).toBe('36/48');
    expect(rate.interval().lower.toFixed(3)).toBe('0.612');
    expect(rate.interval()).toEqual(wilsonInterval({ successes: 36, trials: 48 }));
  });
});

describe('responseRate: edge cases and errors', () => {
  it('E1: 0 and 1 at the extremes; exact at Number.MAX_SAFE_INTEGER', () => {
    expect(responseRate({ answered: 0, total: 5 }).equals(0)).toBe(true);
    expect(responseRate({ answered: 5, total: 5 }).equals(1)).toBe(true);
    expect(responseRate({ answered: MAX - 1, total: MAX }).complement().toString()).toBe(`1/${MAX}`);
  });

  it('E1: refuses no items (EMPTY_POPULATION) and more answered than items (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => responseRate({ answered: 0, total: 0 }), { fn: FN, code: 'EMPTY_POPULATION', field: 'total', rule: 'positive: a share of no items is undefined', received: '0' });
    expectMetricError(() => responseRate({ answered: 11, total: 10 }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'answered', rule: '<= total (10)', received: '11' });
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [-1, '-1'],
    [0.5, '0.5'],
    ['3', '"3"'],
    [null, 'null'],
    [10n, '10n'],
  ])('E1: refuses %s as a count', (value, received) => {
    for (const field of ['answered', 'total'] as const) {
      const input = { answered: 1, total: 3, [field]: value };
      expectMetricError(() => responseRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: 'a non-negative safe integer', received });
    }
  });

  it('E1: refuses unknown fields and a second argument', () => {
    expectMetricError(() => responseRate({ answered: 1, total: 3, negative: 3 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'negative', received: '3' });
    expectMetricError(() => (responseRate as (...args: unknown[]) => unknown)({ answered: 1, total: 3 }, { confidence: 0.9 }), { fn: FN, code: 'INVALID_INPUT', field: 'arguments' });
  });
});

describe('responseRate: properties', () => {
  it('E1: is exactly k / n, a share in [0, 1] with an interval containing it, plus its complement is 1, input untouched', () =>
    fc.assert(
      fc.property(proportion, ({ k, n }) => {
        const rate = withFrozen({ answered: k, total: n }, (input) => responseRate(input));
        expect(rate.equals(Rate.of(k, n))).toBe(true);
        expect(isFiniteRate(rate)).toBe(true);
        expect(rate.isProportion).toBe(true);
        expect(rate.plus(rate.complement()).equals(1)).toBe(true);
        const { lower, upper } = rate.interval();
        expect(0 <= lower && lower <= Number(rate) && Number(rate) <= upper && upper <= 1).toBe(true);
      }),
      fcOptions(),
    ));
});
