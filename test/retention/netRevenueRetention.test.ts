import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grossRevenueRetention, netRevenueRetention, Rate } from '../../src/index.js';
import { fcOptions, grossInput, netInput, revenueCase } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'netRevenueRetention';
const MONEY_RULE = 'a non-negative finite amount (number, decimal string, bigint or Decimal)';

describe('netRevenueRetention: documenting examples', () => {
  it('$50,000 start, $2,500 churned, $1,000 contraction, $7,250 expansion: 107.5% (the TSDoc example)', () => {
    const nrr = netRevenueRetention({ startingRevenue: 50000, churnedRevenue: 2500, contractionRevenue: 1000, expansionRevenue: 7250 });
    expect(nrr.toPercent(1)).toBe('107.5%');
    expect(nrr.toString()).toBe('53750/50000');
    expect(Number(nrr)).toBe(1.075);
  });

  it('counts reactivation only when given', () => {
    const base = { startingRevenue: '48210.50', churnedRevenue: '1203.25', contractionRevenue: '310.75', expansionRevenue: '4120.40' };
    expect(netRevenueRetention(base).toString()).toBe('50816.9/48210.5');
    const withReactivation = netRevenueRetention({ ...base, reactivationRevenue: '250' });
    expect(withReactivation.toString()).toBe('51066.9/48210.5');
    expect(withReactivation.toPercent(2)).toBe('105.92%');
  });

  it('minus GRR is the expansion share: 107.5% - 93.0% = 7,250 / 50,000', () => {
    const input = { startingRevenue: 50000, churnedRevenue: 2500, contractionRevenue: 1000 };
    const nrr = netRevenueRetention({ ...input, expansionRevenue: 7250 });
    expect(nrr.minus(grossRevenueRetention(input)).equals(Rate.of(7250, 50000))).toBe(true);
  });
});

describe('netRevenueRetention: edge cases and errors', () => {
  it('may exceed 1 by far, and is 0 when everything is lost and nothing gained', () => {
    expect(netRevenueRetention({ startingRevenue: 1, churnedRevenue: 0, contractionRevenue: 0, expansionRevenue: '1e30' }).toNumber()).toBe(1e30 + 1);
    expect(netRevenueRetention({ startingRevenue: 10, churnedRevenue: 10, contractionRevenue: 0, expansionRevenue: 0 }).equals(0)).toBe(true);
  });

  // Same root cause as the grossRevenueRetention bug: 50-digit rounding in src/core/_revenue.ts.
  it('keeps NRR - GRR = expansion / start exact at both ends of the accepted range', () => {
    const input = { startingRevenue: '1e30', churnedRevenue: 0, contractionRevenue: 0 };
    const nrr = netRevenueRetention({ ...input, expansionRevenue: '1e-30' });
    expect(nrr.minus(grossRevenueRetention(input)).equals(Rate.of('1e-30', '1e30'))).toBe(true);
  });

  it('refuses a starting revenue of 0 (EMPTY_POPULATION), even with expansion', () => {
    expectMetricError(() => netRevenueRetention({ startingRevenue: 0, churnedRevenue: 0, contractionRevenue: 0, expansionRevenue: 500 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'startingRevenue',
      rule: 'positive: a share of no revenue is undefined',
    });
  });

  it('refuses churned + contraction above the starting revenue (INCONSISTENT_INPUT), whatever the expansion', () => {
    expectMetricError(() => netRevenueRetention({ startingRevenue: 100, churnedRevenue: 90, contractionRevenue: 11, expansionRevenue: 1000 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'churnedRevenue',
      rule: 'plus contractionRevenue <= startingRevenue (100)',
    });
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    ['0x10', '"0x10"'],
    ['Infinity', '"Infinity"'],
    ['1e', '"1e"'],
    ['', '""'],
    [null, 'null'],
    [{}, 'an object'],
    [new Decimal(NaN), 'Decimal(NaN)'],
  ])('refuses the amount %s in every field, reactivation included', (value, received) => {
    for (const field of ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue', 'reactivationRevenue'] as const) {
      const input = { startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7, reactivationRevenue: 2, [field]: value };
      expectMetricError(() => netRevenueRetention(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: MONEY_RULE, received });
    }
  });

  it('refuses negative expansion or reactivation (they are amounts, not net changes)', () => {
    expectMetricError(() => netRevenueRetention({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: -7 }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'expansionRevenue',
      rule: 'a non-negative finite amount',
      received: '-7',
    });
    expectMetricError(() => netRevenueRetention({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7, reactivationRevenue: '-2' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'reactivationRevenue',
      received: '"-2"',
    });
  });

  it('refuses a missing expansion, unknown fields and an own __proto__', () => {
    expectMetricError(() => netRevenueRetention({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'expansionRevenue', received: 'undefined' });
    expectMetricError(() => netRevenueRetention({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7, newRevenue: 9 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'newRevenue',
      rule: 'one of the known fields (startingRevenue, churnedRevenue, contractionRevenue, expansionRevenue, reactivationRevenue)',
      received: '9',
    });
    const json = JSON.parse('{"startingRevenue": 100, "churnedRevenue": 5, "contractionRevenue": 1, "expansionRevenue": 7, "__proto__": {"reactivationRevenue": 1}}') as never;
    expectMetricError(() => netRevenueRetention(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
  });

  it('treats an explicit undefined reactivation as absent', () => {
    const input = { startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7 };
    expect(netRevenueRetention({ ...input, reactivationRevenue: undefined } as never).equals(netRevenueRetention(input))).toBe(true);
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (netRevenueRetention as (...args: unknown[]) => unknown)({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('netRevenueRetention: properties', () => {
  it('NRR - GRR == (expansion + reactivation) / start exactly, for amounts in every form', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        const nrr = netRevenueRetention(netInput(c));
        const grr = grossRevenueRetention(grossInput(c));
        const gained = c.expansion.units + (c.reactivation?.units ?? 0n);
        expect(nrr.minus(grr).equals(Rate.of(gained, c.starting.units))).toBe(true);
        expect(grr.plus(Rate.of(gained, c.starting.units)).equals(nrr)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is exactly (start - churned - contraction + expansion + reactivation) / start, >= GRR, never NaN', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        const nrr = netRevenueRetention(netInput(c));
        const numerator = c.starting.units - c.churned.units - c.contraction.units + c.expansion.units + (c.reactivation?.units ?? 0n);
        expect(nrr.equals(Rate.of(numerator, c.starting.units))).toBe(true);
        expect(isFiniteRate(nrr)).toBe(true);
        expect(Number(nrr)).toBeGreaterThanOrEqual(Number(grossRevenueRetention(grossInput(c))));
      }),
      fcOptions(),
    ));

  it('does not mutate its (deep-frozen) input', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        withFrozen(netInput(c), (input) => netRevenueRetention(input));
      }),
      fcOptions({ numRuns: 50 }),
    ));
});
