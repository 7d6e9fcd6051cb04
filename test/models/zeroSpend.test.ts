/**
 * Free orders on the model CLV path (issue 10, C15): repeat buyers whose repeat orders were all free
 * (monetary value 0) cannot be fitted by Gamma-Gamma. `fitGammaGamma(…, { zeroSpend: 'exclude' })` leaves
 * them out and counts them in `excludedZeroSpend`; `modelCustomerLifetimeValue({ …, zeroSpend: 'zero' })`
 * values them at 0 and keeps one value per customer. The default still refuses, naming the customer and
 * the option.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrationHoldoutSplit, fitBetaGeo, fitGammaGamma, modelCustomerLifetimeValue, parseEventsCsv } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const PUBLISHED = {
  transactionFit: { model: 'betaGeo' as const, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
  spendFit: { model: 'gammaGamma' as const, params: { p: 6.25, q: 3.74, gamma: 15.44 } },
  horizon: 12,
  horizonUnit: 'month' as const,
  modelUnit: 'week' as const,
  discountRate: 0.01,
  discountUnit: 'month' as const,
};

function demoSummary() {
  const { columns } = parseEventsCsv(readFileSync(new URL('../../examples/data/events.csv', import.meta.url)));
  return calibrationHoldoutSplit(columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30', observationEnd: '2024-12-31' }).calibration;
}

describe('free orders on the model CLV path (C15)', () => {
  it("C15: on the demo's events.csv, 5 repeat buyers whose orders were all free: refused by default naming the option, left out and counted with zeroSpend: 'exclude', valued at 0 with zeroSpend: 'zero'", () => {
    const summary = demoSummary();
    expect(summary.customers.length).toBe(1772);
    const free = summary.customers.filter((c) => c.frequency > 0 && c.monetaryValue === 0).length;
    expect(free).toBe(5);
    const error = expectMetricError(() => fitGammaGamma(summary), { fn: 'fitGammaGamma', code: 'INVALID_INPUT', field: 'summary.monetaryValue[181]' });
    expect(error.message).toMatch(/zeroSpend: 'exclude'/);
    const spend = fitGammaGamma(summary, { zeroSpend: 'exclude' });
    const repeat = summary.customers.filter((c) => c.frequency > 0).length;
    expect(spend.excludedZeroSpend).toBe(5);
    expect(spend.customers + spend.excludedZeroSpend + spend.excludedCustomers).toBe(1772);
    expect(spend.customers).toBe(repeat - 5);
    const transactions = fitBetaGeo(summary, { timeUnit: 'week' });
    const input = { ...PUBLISHED, transactionFit: transactions, spendFit: spend, customers: summary };
    expect(() => modelCustomerLifetimeValue(input)).toThrow(/zeroSpend: 'zero'/);
    const clv = modelCustomerLifetimeValue({ ...input, zeroSpend: 'zero' });
    expect(clv.length).toBe(1772);
    summary.customers.forEach((c, i) => {
      if (c.frequency > 0 && c.monetaryValue === 0) expect(clv[i]?.toNumber()).toBe(0);
      else expect(clv[i]?.toNumber()).toBeGreaterThan(0);
    });
  });

  it('C15: bad zeroSpend values are refused', () => {
    expectMetricError(() => fitGammaGamma([{ frequency: 1, monetaryValue: 2 }, { frequency: 2, monetaryValue: 3 }], { zeroSpend: 'drop' as never }), { fn: 'fitGammaGamma', code: 'INVALID_INPUT', field: 'options.zeroSpend' });
    const customer = { frequency: 1, recency: 2, T: 3, monetaryValue: 4 };
    expectMetricError(() => modelCustomerLifetimeValue({ ...PUBLISHED, customers: customer, zeroSpend: 'exclude' as never }), { fn: 'modelCustomerLifetimeValue', code: 'INVALID_INPUT', field: 'zeroSpend' });
  });

  it("C15 (class): for any customers with some free-order repeat buyers, zeroSpend: 'exclude' fits exactly the others and counts the rest; zeroSpend: 'zero' gives 0 for them and the others' values unchanged", () => {
    const customer = fc.record({
      frequency: fc.integer({ min: 0, max: 12 }),
      monetaryValue: fc.double({ min: 1, max: 500, noNaN: true }),
      free: fc.boolean(),
      recency: fc.double({ min: 0, max: 1, noNaN: true }),
      T: fc.double({ min: 1, max: 60, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 40 }), (drawn) => {
        const rows = drawn.map((c) => ({
          frequency: c.frequency,
          monetaryValue: c.frequency === 0 ? 0 : c.free ? 0 : c.monetaryValue,
          recency: c.frequency === 0 ? 0 : c.recency * c.T,
          T: c.T,
        }));
        const isFree = (c: { frequency: number; monetaryValue: number }) => c.frequency > 0 && c.monetaryValue === 0;
        const paying = rows.filter((c) => !isFree(c));
        const freeCount = rows.length - paying.length;
        // The fit: the same as on the paying customers, or the same refusal.
        const run = (data: typeof rows, options?: { zeroSpend: 'exclude' }) => {
          try {
            return fitGammaGamma(data, { ...options, requireConvergence: false });
          } catch (error) {
            return (error as Error).message;
          }
        };
        const excluded = run(rows, { zeroSpend: 'exclude' });
        const reference = run(paying);
        if (typeof excluded === 'string' || typeof reference === 'string') {
          expect(typeof excluded).toBe(typeof reference);
        } else {
          expect(excluded.params).toEqual(reference.params);
          expect(excluded.excludedZeroSpend).toBe(freeCount);
          expect(excluded.excludedCustomers).toBe(reference.excludedCustomers);
        }
        // CLV: 0 for the free-order buyers, the paying customers' values as without them.
        const all = modelCustomerLifetimeValue({ ...PUBLISHED, customers: rows, zeroSpend: 'zero' });
        const others = paying.length === 0 ? [] : modelCustomerLifetimeValue({ ...PUBLISHED, customers: paying });
        expect(all.length).toBe(rows.length);
        let k = 0;
        rows.forEach((c, i) => {
          if (isFree(c)) expect(all[i]?.toNumber()).toBe(0);
          else expect(all[i]?.toNumber()).toBe(others[k++]?.toNumber());
        });
        return true;
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
