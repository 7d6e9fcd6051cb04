import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grossRevenueChurnRate, netRevenueChurnRate, netRevenueRetention, Rate } from '../../src/index.js';
import { fcOptions, grossInput, netInput, revenueCase } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'netRevenueChurnRate';
const MONEY_RULE = 'a non-negative finite amount (number, decimal string, bigint or Decimal)';

describe('netRevenueChurnRate: documenting examples', () => {
  it('expansion outweighs losses: -7.5% ("negative churn", the TSDoc example)', () => {
    const churn = netRevenueChurnRate({ startingRevenue: 50000, churnedRevenue: 2500, contractionRevenue: 1000, expansionRevenue: 7250 });
    expect(churn.toPercent(1)).toBe('-7.5%');
    expect(churn.toString()).toBe('-3750/50000');
    expect(Number(churn)).toBe(-0.075);
  });

  it('losses outweigh expansion: $3,500 lost, $1,000 expansion, $500 reactivation of $50,000 -> 4.0%', () => {
    const churn = netRevenueChurnRate({ startingRevenue: '50000', churnedRevenue: '2500', contractionRevenue: '1000', expansionRevenue: '1000', reactivationRevenue: '500' });
    expect(churn.toPercent(1)).toBe('4.0%');
  });

  it('is exactly 1 - NRR on the same movements', () => {
    const input = { startingRevenue: '48210.50', churnedRevenue: '1203.25', contractionRevenue: '310.75', expansionRevenue: '4120.40', reactivationRevenue: '250' };
    const churn = netRevenueChurnRate(input);
    expect(churn.toString()).toBe('-2856.4/48210.5');
    expect(churn.plus(netRevenueRetention(input)).equals(1)).toBe(true);
  });
});

describe('netRevenueChurnRate: edge cases and errors', () => {
  it('equals gross revenue churn without expansion or reactivation', () => {
    const input = { startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1 };
    expect(netRevenueChurnRate({ ...input, expansionRevenue: 0 }).equals(grossRevenueChurnRate(input))).toBe(true);
  });

  it('may go far below 0 and reach 1 when everything is lost', () => {
    expect(netRevenueChurnRate({ startingRevenue: 1, churnedRevenue: 0, contractionRevenue: 0, expansionRevenue: 99 }).equals(-99)).toBe(true);
    expect(netRevenueChurnRate({ startingRevenue: 1, churnedRevenue: 1, contractionRevenue: 0, expansionRevenue: 0 }).equals(1)).toBe(true);
  });

  it('refuses a starting revenue of 0 (EMPTY_POPULATION)', () => {
    expectMetricError(() => netRevenueChurnRate({ startingRevenue: 0n, churnedRevenue: 0, contractionRevenue: 0, expansionRevenue: 10 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'startingRevenue',
      rule: 'positive: a share of no revenue is undefined',
      received: '0n',
    });
  });

  it('refuses churned + contraction above the starting revenue (INCONSISTENT_INPUT), whatever the expansion', () => {
    expectMetricError(() => netRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 101, contractionRevenue: 0, expansionRevenue: 500 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'churnedRevenue',
      rule: 'plus contractionRevenue <= startingRevenue (100)',
      received: '101',
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
    [true, 'true'],
    [new Decimal(Infinity), 'Decimal(Infinity)'],
  ])('refuses the amount %s in every field, reactivation included', (value, received) => {
    for (const field of ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue', 'reactivationRevenue'] as const) {
      const input = { startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7, reactivationRevenue: 2, [field]: value };
      expectMetricError(() => netRevenueChurnRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: MONEY_RULE, received });
    }
  });

  it('refuses negative expansion (pass losses as churn or contraction)', () => {
    expectMetricError(() => netRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: '-7' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'expansionRevenue',
      rule: 'a non-negative finite amount',
      received: '"-7"',
    });
  });

  it('refuses a missing expansion, unknown fields and an own __proto__', () => {
    expectMetricError(() => netRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'expansionRevenue', received: 'undefined' });
    expectMetricError(() => netRevenueChurnRate({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7, newRevenue: 3 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'newRevenue',
      rule: 'one of the known fields (startingRevenue, churnedRevenue, contractionRevenue, expansionRevenue, reactivationRevenue)',
      received: '3',
    });
    const json = JSON.parse('{"startingRevenue": 100, "churnedRevenue": 5, "contractionRevenue": 1, "expansionRevenue": 7, "__proto__": {}}') as never;
    expectMetricError(() => netRevenueChurnRate(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (netRevenueChurnRate as (...args: unknown[]) => unknown)({ startingRevenue: 100, churnedRevenue: 5, contractionRevenue: 1, expansionRevenue: 7 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('netRevenueChurnRate: properties', () => {
  it('equals NRR.complement() exactly, never NaN', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        const churn = netRevenueChurnRate(netInput(c));
        const nrr = netRevenueRetention(netInput(c));
        expect(churn.equals(nrr.complement())).toBe(true);
        expect(churn.plus(nrr).equals(1)).toBe(true);
        expect(isFiniteRate(churn)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is gross revenue churn minus (expansion + reactivation) / start, exactly', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        const gained = c.expansion.units + (c.reactivation?.units ?? 0n);
        const net = netRevenueChurnRate(netInput(c));
        expect(net.equals(grossRevenueChurnRate(grossInput(c)).minus(Rate.of(gained, c.starting.units)))).toBe(true);
        const lost = c.churned.units + c.contraction.units;
        expect(net.equals(Rate.of(lost - gained, c.starting.units))).toBe(true);
      }),
      fcOptions(),
    ));

  it('does not mutate its (deep-frozen) input', () =>
    fc.assert(
      fc.property(revenueCase, (c) => {
        withFrozen(netInput(c), (input) => netRevenueChurnRate(input));
      }),
      fcOptions({ numRuns: 50 }),
    ));
});
