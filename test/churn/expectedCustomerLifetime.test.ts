import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnRate, compoundChurnRate, expectedCustomerLifetime, Rate } from '../../src/index.js';
import { countUpTo, fcOptions, positiveCount, unitRate } from '../arbitraries/counts.js';
import { expectMetricError, fractionOf, withFrozen } from '../arbitraries/exact.js';

const FN = 'expectedCustomerLifetime';
const RATE_RULE = 'a rate in [0, 1] (a Rate or a fraction such as 0.05)';
const D = Decimal.clone({ precision: 120 });

describe('expectedCustomerLifetime: documenting examples', () => {
  it('4% monthly churn: customers stay 25 months on average (the TSDoc example)', () => {
    const lifetime = expectedCustomerLifetime({ churnRate: 0.04 });
    expect(lifetime.toString()).toBe('25');
    expect(Decimal.isDecimal(lifetime)).toBe(true);
  });

  it('2.5% monthly churn: 40 months; 1/3 yearly: 3 years', () => {
    expect(expectedCustomerLifetime({ churnRate: '0.025' }).toFixed()).toBe('40');
    expect(expectedCustomerLifetime({ churnRate: Rate.of(1, 3) }).toFixed()).toBe('3');
  });

  it('from a measured churn rate: 14 lost of 200 -> 200/14 = 14.29 months', () => {
    const lifetime = expectedCustomerLifetime({ churnRate: churnRate({ customersAtStart: 200, customersLost: 14 }) });
    expect(lifetime.toFixed(2)).toBe('14.29');
    expect(lifetime.toFixed()).toBe('14.285714285714285714285714285714285714285714285714');
  });

  it('3% monthly: 33.33... months, to 50 significant digits', () => {
    expect(expectedCustomerLifetime({ churnRate: 0.03 }).toFixed()).toBe(`33.${'3'.repeat(48)}`);
  });
});

describe('expectedCustomerLifetime: edge cases and errors', () => {
  it('is 1 period when everyone leaves every period', () => {
    expect(expectedCustomerLifetime({ churnRate: 1 }).toFixed()).toBe('1');
    expect(expectedCustomerLifetime({ churnRate: Rate.of(7, 7) }).toFixed()).toBe('1');
  });

  it('is a finite Decimal for the smallest churn the inputs allow', () => {
    expect(expectedCustomerLifetime({ churnRate: '1e-30' }).toFixed()).toBe(`1${'0'.repeat(30)}`);
    expect(expectedCustomerLifetime({ churnRate: Rate.of(1, Number.MAX_SAFE_INTEGER) }).toFixed()).toBe(String(Number.MAX_SAFE_INTEGER));
  });

  it('refuses zero churn: an infinite lifetime is never returned (UNDEFINED_RESULT)', () => {
    for (const [zero, received] of [
      [0, '0'],
      ['0', '"0"'],
      ['0.000', '"0.000"'],
      [Rate.of(0, 5), 'an object'],
    ] as const) {
      const error = expectMetricError(() => expectedCustomerLifetime({ churnRate: zero }), {
        fn: FN,
        code: 'UNDEFINED_RESULT',
        field: 'churnRate',
        rule: 'positive: with zero churn the expected lifetime is infinite',
        received,
      });
      expect(error.received).toBe(zero);
    }
  });

  it.each<[unknown, string]>([
    [-0.04, '-0.04'],
    [1.01, '1.01'],
    [4, '4'],
    ['-1', '"-1"'],
  ])('refuses the churn rate %s outside [0, 1]', (churn, received) => {
    expectMetricError(() => expectedCustomerLifetime({ churnRate: churn as never }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', rule: RATE_RULE, received });
  });

  it('refuses a Rate above 1', () => {
    expectMetricError(() => expectedCustomerLifetime({ churnRate: Rate.of(5, 4) }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', rule: RATE_RULE, received: '"5/4"' });
  });

  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[0.04], 'an array of 1'],
    [new Decimal('1.04'), 'Decimal(1.04)'], // a Decimal in [0, 1] is accepted since issue 10 (D)
    [1n, '1n'],
  ])('refuses the churn rate %s of the wrong type', (churn, received) => {
    expectMetricError(() => expectedCustomerLifetime({ churnRate: churn as never }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', rule: RATE_RULE, received });
  });

  it.each<[string, string]>([
    ['0x10', '"0x10"'],
    ['Infinity', '"Infinity"'],
    ['1e', '"1e"'],
    ['', '""'],
    ['4%', '"4%"'],
  ])('refuses the malformed churn string %s', (churn, received) => {
    expectMetricError(() => expectedCustomerLifetime({ churnRate: churn }), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', received });
  });

  it('refuses unknown fields, an own __proto__ and a non-object', () => {
    expectMetricError(() => expectedCustomerLifetime({ churnRate: 0.04, periods: 12 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'periods',
      rule: 'one of the known fields (churnRate)',
      received: '12',
    });
    const json = JSON.parse('{"churnRate": 0.04, "__proto__": {"churnRate": 0}}') as never;
    expectMetricError(() => expectedCustomerLifetime(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
    expectMetricError(() => expectedCustomerLifetime(0.04 as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: '0.04' });
    expectMetricError(() => expectedCustomerLifetime({} as never), { fn: FN, code: 'INVALID_INPUT', field: 'churnRate', received: 'undefined' });
  });

  it('refuses a second argument: it takes no options object', () => {
    expectMetricError(() => (expectedCustomerLifetime as (...args: unknown[]) => unknown)({ churnRate: 0.04 }, { basis: 'start' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most one argument (this function takes no options object)',
      received: '2',
    });
  });
});

describe('expectedCustomerLifetime: properties', () => {
  it('churn 1/k gives exactly k periods', () =>
    fc.assert(
      fc.property(positiveCount, (k) => {
        expect(expectedCustomerLifetime({ churnRate: Rate.of(1, k) }).toFixed()).toBe(String(k));
      }),
      fcOptions(),
    ));

  it('lifetime x churn = 1 to 49 significant digits, lifetime >= 1, never NaN, input not mutated', () =>
    fc.assert(
      fc.property(
        unitRate(1_000_000).filter((c) => !(c instanceof Rate ? c.equals(0) : Number(c) === 0)),
        (c) => {
          const lifetime = withFrozen({ churnRate: c }, (input) => expectedCustomerLifetime(input));
          expect(lifetime.isFinite()).toBe(true);
          const churn = c instanceof Rate ? fractionOf(c) : fractionOf(Rate.of(c, 1));
          const product = new D(lifetime.toFixed()).times(churn.n.toString()).div(churn.d.toString());
          expect(product.minus(1).abs().lte('1e-49')).toBe(true);
          expect(lifetime.gte(1)).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it('is shorter for higher churn', () =>
    fc.assert(
      fc.property(
        positiveCount.chain((n) => countUpTo(n - 1).chain((k) => countUpTo(n - k - 1).map((extra) => ({ n, k: k + 1, more: k + 1 + extra })))),
        ({ n, k, more }) => {
          fc.pre(more <= n);
          const slow = expectedCustomerLifetime({ churnRate: Rate.of(k, n) });
          const fast = expectedCustomerLifetime({ churnRate: Rate.of(more, n) });
          expect(fast.lte(slow)).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it('over a longer period, the lifetime in those periods is shorter (compound churn)', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 2, max: 24 }), (units, periods) => {
        const monthly = Rate.of(units, 10_000);
        const longer = compoundChurnRate({ churnRate: monthly, periods });
        expect(expectedCustomerLifetime({ churnRate: longer }).lte(expectedCustomerLifetime({ churnRate: monthly }))).toBe(true);
      }),
      fcOptions({ numRuns: 100 }),
    ));
});
