/**
 * Issue 10, D: every rate argument accepts a Decimal, like every money argument
 * (src/core/_rateInput.ts). `customerLifetimeValue({ ..., grossMargin: new Decimal('0.8') })` was refused
 * with "grossMargin must be a rate in [0, 1] (a Rate or a fraction such as 0.05), received Decimal(0.8)",
 * although the same call took `averageRevenuePerCustomer: new Decimal(...)`. The class: for every function
 * with a rate argument, each accepted form of the same fraction (number, decimal string, Decimal of any
 * copy of decimal.js, Rate) gives the same result.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacPaybackPeriod, compoundChurnRate, customerLifetimeValue, expectedCustomerLifetime, Rate } from '../../src/index.js';
import { CjsDecimal } from '../arbitraries/amountInputs.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { D100, OtherDecimal } from '../arbitraries/money.js';

/** Every accepted form of the fraction k / 10^4. */
function rateForms(k: number): unknown[] {
  const text = new D100(k).div(10_000).toFixed();
  const forms: unknown[] = [Number(text), text, new Decimal(text), new OtherDecimal(text), new CjsDecimal(text), Rate.of(k, 10_000)];
  return forms;
}

/** Each function with a rate argument, called with `rate` in that argument (the others fixed). */
const rateArguments: readonly [string, (rate: never) => unknown][] = [
  ['customerLifetimeValue churnRate', (rate) => customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: rate, discountRate: 0.01 }).toString()],
  ['customerLifetimeValue grossMargin', (rate) => customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: rate }).toString()],
  ['customerLifetimeValue discountRate', (rate) => customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, discountRate: rate }).toString()],
  ['cacPaybackPeriod grossMargin', (rate) => cacPaybackPeriod({ customerAcquisitionCost: 300, averageRevenuePerCustomer: 50, grossMargin: rate }).toString()],
  // A Rate result is compared by value: a Rate argument keeps its denominator (0/10000), a number does not (0/1).
  ['compoundChurnRate churnRate', (rate) => compoundChurnRate({ churnRate: rate, periods: 12 }).toNumber()],
  ['expectedCustomerLifetime churnRate', (rate) => expectedCustomerLifetime({ churnRate: rate }).toString()],
];

/** The outcome of a call: its value, or the code of the MetricError it threw. */
function outcome(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    return { code: (error as { code?: unknown }).code };
  }
}

describe('D: a rate argument accepts a Decimal like every money argument', () => {
  it('D: customerLifetimeValue takes grossMargin as a Decimal (it was refused), with the value of the number form', () => {
    const margin = new Decimal('0.8');
    expect(customerLifetimeValue({ averageRevenuePerCustomer: new Decimal(120), churnRate: 0.04, grossMargin: margin }).toString()).toBe('2400');
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: new CjsDecimal('0.04'), grossMargin: 0.8 }).toString()).toBe('2400');
    expect(cacPaybackPeriod({ customerAcquisitionCost: 300, averageRevenuePerCustomer: 50, grossMargin: new OtherDecimal('0.75') }).toString()).toBe('8');
  });

  it('D: a Decimal rate outside its bounds, or not finite, is refused with the field named', () => {
    const rule = 'a rate in [0, 1] (a Rate or a fraction such as 0.05)';
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: new Decimal('1.0000000000000000000000000000000000000000000000000001') }), {
      fn: 'customerLifetimeValue',
      code: 'INVALID_INPUT',
      field: 'grossMargin',
      rule,
    });
    // A bigint stays refused: it is a count, and a rate given as one could only be 0 or 1.
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 1n as never }), { fn: 'customerLifetimeValue', code: 'INVALID_INPUT', field: 'grossMargin', rule, received: '1n' });
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: new Decimal(NaN) }), { fn: 'customerLifetimeValue', code: 'INVALID_INPUT', field: 'grossMargin' });
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: {} as never }), { fn: 'customerLifetimeValue', code: 'INVALID_INPUT', field: 'grossMargin', rule, received: 'an object' });
  });

  it('D: every rate argument gives the same result for every accepted form of the same fraction', () =>
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 10_000)), fc.constantFrom(...rateArguments), (k, [name, call]) => {
        const [first, ...rest] = rateForms(k).map((form) => outcome(() => call(form as never)));
        for (const other of rest) expect(other, `${name} at ${k} / 10^4`).toEqual(first);
      }),
      fcOptions({ numRuns: 150 }),
    ));
});
