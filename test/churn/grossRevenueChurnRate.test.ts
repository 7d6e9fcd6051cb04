import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grossRevenueChurnRate, grossRevenueRetention, Rate } from '../../src/index.js';
import { fcOptions, grossInput, revenueCase } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'grossRevenueChurnRate';
const MONEY_RULE = 'a non-negative finite amount (number, decimal string, bigint or Decimal)';

describe('grossRevenueChurnRate: documenting examples', () => {
  it('$2,500 churned + $1,000 contraction of $50,000: 7.0% (the TSDoc example)', () => {
    const churn = grossRevenueChurnRate({ startingRevenue: 50000, churnedRevenue: 2500, contractionRevenue: 1000 });
    expect(churn.toPercent(1)).toBe('7.0%');
    expect(churn.toString()).toBe('3500/50000');
  });

  it('is exactly 1 - GRR on the same movements (93.0% + 7.0%)', () => {
    const input = { startingRevenue: '48210.50', churnedRevenue: '1203.25', contractionRevenue: '310.75' };
    const churn = grossRevenueChurnRate(input);
    expect(churn.toString()).toBe('1514/48210.5');
    expect(churn.plus(grossRevenueRetention(input)).equals(1)).toBe(true);
    expect(churn.toPercent(2)).toBe('3.14%');
  });

  it('accepts every money form', () => {
    const churn = grossRevenueChurnRate({ startingRevenue: 50000n, churnedRevenue: new Decimal('2500.00'), contractionRevenue: '1e3' });
    expect(churn.equals(Rate.of(7, 100))).toBe(true);
  });
});

describe('grossRevenueChurnRate: edge cases and errors', () => {
  it('is 0 with no losses and 1 when all revenue is lost', () => {
    expect(grossRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 0, contractionRevenue: 0 }).equals(0)).toBe(true);
    expect(grossRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 99.99, contractionRevenue: 0.01 }).equals(1)).toBe(true);
  });

  it('refuses a starting revenue of 0 (EMPTY_POPULATION)', () => {
    expectMetricError(() => grossRevenueChurnRate({ startingRevenue: '0', churnedRevenue: 0, contractionRevenue: 0 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'startingRevenue',
      rule: 'positive: a share of no revenue is undefined',
      received: '"0"',
    });
  });

  it('refuses churned + contraction above the starting revenue (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => grossRevenueChurnRate({ startingRevenue: 100, churnedRevenue: '99.99', contractionRevenue: '0.02' }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'churnedRevenue',
      rule: 'plus contractionRevenue <= startingRevenue (100)',
      received: '"99.99"',
    });
  });

  it.each<[unknown, string]>([
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
  ])('refuses the amount %s in every field', (value, received) => {
    for (const field of ['startingRevenue', 'churnedRevenue', 'contractionRevenue'] as const) {
      const input = { startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, [field]: value };
      expectMetricError(() => grossRevenueChurnRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: MONEY_RULE, received });
    }
  });

  it('refuses negative amounts', () => {
    expectMetricError(() => grossRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: -1 }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'contractionRevenue',
      rule: 'a non-negative finite amount',
      received: '-1',
    });
  });

  it('refuses unknown fields (expansion is net churn), an own __proto__ and a non-object', () => {
    expectMetricError(() => grossRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 9 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'expansionRevenue',
      rule: 'one of the known fields (startingRevenue, churnedRevenue, contractionRevenue)',
      received: '9',
    });
    const json = JSON.parse('{"startingRevenue": 100, "churnedRevenue": 5, "contractionRevenue": 1, "__proto__": {}}') as never;
    expectMetricError(() => grossRevenueChurnRate(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
    expectMetricError(() => grossRevenueChurnRate([] as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: 'an array of 0' });
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (grossRevenueChurnRate as (...args: unknown[]) => unknown)({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('grossRevenueChurnRate: properties', () => {
  it('equals GRR.complement() exactly, and (churned + contraction) / start, in [0, 1]', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        const churn = grossRevenueChurnRate(grossInput(c));
        const grr = grossRevenueRetention(grossInput(c));
        expect(churn.equals(grr.complement())).toBe(true);
        expect(churn.plus(grr).equals(1)).toBe(true);
        expect(churn.equals(Rate.of(c.churned.units + c.contraction.units, c.starting.units))).toBe(true);
        expect(isFiniteRate(churn)).toBe(true);
        expect(Number(churn) >= 0 && Number(churn) <= 1).toBe(true);
      }),
      fcOptions(),
    ));

  it('does not mutate its (deep-frozen) input', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        withFrozen(grossInput(c), (input) => grossRevenueChurnRate(input));
      }),
      fcOptions({ numRuns: 50 }),
    ));
});
