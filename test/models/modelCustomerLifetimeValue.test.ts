import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedAverageSpend, expectedPurchases, MetricError, modelCustomerLifetimeValue } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';

// Published CDNOW parameters (weeks): BG/NBD, Fader, Hardie & Lee (2005); Gamma-Gamma, Fader & Hardie (2013).
const bgnbd = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
const pnbd = { model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 } } as const;
const gg = { model: 'gammaGamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } } as const;
const customer = { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.5 };
const newcomer = { frequency: 0, recency: 0, T: 38.86, monetaryValue: 0 };
const base = { transactionFit: bgnbd, spendFit: gg, horizon: 12, horizonUnit: 'month', modelUnit: 'week', discountRate: 0.01, discountUnit: 'month' } as const;
const WEEKS_PER_MONTH = 365.2425 / 12 / 7;

/** The documented sum, term by term, from the public predictions. */
function bySum(c: typeof customer, months: number, rate: number, modelPerPeriod = WEEKS_PER_MONTH): number {
  const spend = Number(expectedAverageSpend(gg, { frequency: c.frequency, monetaryValue: c.monetaryValue }));
  let total = 0;
  for (let k = 1; k <= months; k++) {
    const purchases = expectedPurchases(bgnbd, c, { t: k * modelPerPeriod }) - expectedPurchases(bgnbd, c, { t: (k - 1) * modelPerPeriod });
    total += (spend * purchases) / (1 + rate) ** k;
  }
  return total;
}

describe('modelCustomerLifetimeValue: documenting examples', () => {
  it('values a CDNOW customer over 12 months at 1 % a month from published parameters', () => {
    const clv = modelCustomerLifetimeValue({ ...base, customers: customer });
    expect(clv.toFixed(2)).toBe('36.49');
    expect(clv.toNumber()).toBeCloseTo(bySum(customer, 12, 0.01), 10);
  });

  it('values many customers at once, in order, rows and columns alike', () => {
    const rows = modelCustomerLifetimeValue({ ...base, customers: [customer, newcomer] });
    expect(rows.map((d) => d.toFixed(2))).toEqual(['36.49', '8.37']);
    const columns = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], monetaryValue: Float64Array.from([22.5, 0]) };
    expect(modelCustomerLifetimeValue({ ...base, customers: columns }).map(String)).toEqual(rows.map(String));
    expect(modelCustomerLifetimeValue({ ...base, customers: { columns } }).map(String)).toEqual(rows.map(String));
    expect(Object.isFrozen(rows)).toBe(true);
  });

  it('shows the unit bug it prevents: weekly data read as days overstates CLV almost fourfold', () => {
    const weeks = modelCustomerLifetimeValue({ ...base, customers: customer }).toNumber();
    const misread = modelCustomerLifetimeValue({ ...base, modelUnit: 'day', customers: customer }).toNumber();
    expect(misread / weeks).toBeGreaterThan(3.5);
    expect(() => modelCustomerLifetimeValue({ ...base, transactionFit: { ...bgnbd, timeUnit: 'week' }, modelUnit: 'day', customers: customer })).toThrow(
      expect.objectContaining({ code: 'INCONSISTENT_INPUT', field: 'modelUnit' }),
    );
  });

  it('works with a Pareto/NBD transaction model and a gross margin', () => {
    const revenue = modelCustomerLifetimeValue({ ...base, transactionFit: pnbd, customers: customer });
    const margin = modelCustomerLifetimeValue({ ...base, transactionFit: pnbd, customers: customer, grossMargin: 0.3 });
    expect(margin.toNumber()).toBeCloseTo(revenue.toNumber() * 0.3, 10);
  });
});

describe('modelCustomerLifetimeValue: units and periods', () => {
  it('without discounting is margin × spend × E[X(horizon)] (the sum telescopes)', () => {
    const clv = modelCustomerLifetimeValue({ ...base, discountRate: 0, horizon: 52, horizonUnit: 'week', discountUnit: 'week', customers: customer });
    const spend = Number(expectedAverageSpend(gg, customer));
    expect(clv.toNumber()).toBeCloseTo(spend * expectedPurchases(bgnbd, customer, { t: 52 }), 10);
  });

  it('discounts a partial last period at the horizon (6 weeks = 1.38 months)', () => {
    const clv = modelCustomerLifetimeValue({ ...base, horizon: 6, horizonUnit: 'week', customers: customer }).toNumber();
    const spend = Number(expectedAverageSpend(gg, customer));
    const first = expectedPurchases(bgnbd, customer, { t: WEEKS_PER_MONTH });
    const all = expectedPurchases(bgnbd, customer, { t: 6 });
    const periods = 6 / WEEKS_PER_MONTH;
    expect(clv).toBeCloseTo(spend * (first / 1.01 + (all - first) / 1.01 ** periods), 10);
  });

  it('converts a month horizon on a month model exactly', () => {
    const monthly = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414 / (365.2425 / 12 / 7), a: 0.793, b: 2.426 } } as const;
    const inMonths = { ...customer, recency: customer.recency / WEEKS_PER_MONTH, T: customer.T / WEEKS_PER_MONTH };
    const a = modelCustomerLifetimeValue({ ...base, transactionFit: monthly, modelUnit: 'month', customers: inMonths }).toNumber();
    const b = modelCustomerLifetimeValue({ ...base, customers: customer }).toNumber();
    expect(a).toBeCloseTo(b, 9);
  });

  it('does not depend on the unit the data are measured in (days vs weeks, alpha rescaled)', () => {
    const daily = { model: 'betaGeo', params: { ...bgnbd.params, alpha: bgnbd.params.alpha * 7 } } as const;
    const inDays = { ...customer, recency: customer.recency * 7, T: customer.T * 7 };
    const days = modelCustomerLifetimeValue({ ...base, transactionFit: daily, modelUnit: 'day', customers: inDays }).toNumber();
    expect(days).toBeCloseTo(modelCustomerLifetimeValue({ ...base, customers: customer }).toNumber(), 9);
  });
});

describe('modelCustomerLifetimeValue: bad input', () => {
  const call = (patch: Record<string, unknown>) => () => modelCustomerLifetimeValue({ ...base, customers: customer, ...patch } as never);

  it('requires every unit', () => {
    expect(call({ modelUnit: undefined })).toThrow('modelCustomerLifetimeValue: modelUnit must be one of hour, day, week, month, quarter, year (required: units are never assumed), received undefined');
    expect(call({ horizonUnit: 'months' })).toThrow(/horizonUnit/);
    expect(call({ discountUnit: 7 })).toThrow(/discountUnit/);
  });

  it('checks the numbers', () => {
    expect(call({ horizon: 0 })).toThrow(/horizon must be/);
    expect(call({ discountRate: -0.01 })).toThrow(/discountRate/);
    expect(call({ grossMargin: 1.5 })).toThrow(/grossMargin/);
    expect(call({ horizon: 30, horizonUnit: 'year', discountUnit: 'day' })).toThrow(/at most 10000 discount periods/);
    expect(call({ extra: 1 })).toThrow(/extra must be one of the known fields/);
  });

  it('checks the fits', () => {
    expect(call({ transactionFit: { model: 'betaGeoBetaBinom', params: {} } })).toThrow(/transactionFit\.model must be one of betaGeo, modifiedBetaGeo, paretoNbd/);
    expect(call({ transactionFit: { model: 'betaGeo', params: { r: 1, alpha: 1, a: 1 } } })).toThrow(/transactionFit\.params\.b/);
    expect(call({ transactionFit: { model: '__proto__', params: {} } })).toThrow(/transactionFit\.model/);
    expect(call({ spendFit: bgnbd })).toThrow(/spendFit\.model must be 'gammaGamma'/);
    expect(call({ spendFit: { model: 'gammaGamma', params: { p: 6, q: 1, gamma: 15 } } })).toThrow(expect.objectContaining({ code: 'UNDEFINED_RESULT', field: 'spendFit.params.q' }));
  });

  it('names the customer and field at fault', () => {
    expect(call({ customers: [customer, { ...customer, monetaryValue: 0 }] })).toThrow("modelCustomerLifetimeValue: customers[1].monetaryValue must be a finite number >= 0 (mean repeat spend), > 0 when frequency > 0 (or zeroSpend: 'zero' to value repeat buyers whose orders were all free at 0), received 0");
    expect(call({ customers: [{ ...customer, recency: 40 }] })).toThrow(expect.objectContaining({ code: 'INCONSISTENT_INPUT', field: 'customers[0].recency' }));
    expect(call({ customers: { frequency: [1], recency: [1], T: [2], monetaryValue: [1, 2] } })).toThrow(/customers\.monetaryValue must be as long as/);
    expect(call({ customers: null })).toThrow(MetricError);
  });
});

describe('modelCustomerLifetimeValue: properties', () => {
  const customers = fc.record({ frequency: fc.integer({ min: 0, max: 60 }), recencyShare: fc.double({ min: 0, max: 1, noNaN: true }), T: fc.double({ min: 0.5, max: 100, noNaN: true }), spend: fc.double({ min: 0.01, max: 1000, noNaN: true }) }).map(({ frequency, recencyShare, T, spend }) => ({ frequency, recency: frequency === 0 ? 0 : recencyShare * T, T, monetaryValue: frequency === 0 ? 0 : spend }));

  it('is non-increasing in the discount rate and never negative', () => {
    fc.assert(
      fc.property(customers, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (c, d1, d2) => {
        const [low, high] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const atLow = modelCustomerLifetimeValue({ ...base, discountRate: low, customers: c }).toNumber();
        const atHigh = modelCustomerLifetimeValue({ ...base, discountRate: high, customers: c }).toNumber();
        expect(atHigh).toBeGreaterThanOrEqual(0);
        expect(atHigh).toBeLessThanOrEqual(atLow * (1 + 1e-12));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('gives each customer of a batch the value it gets alone', () => {
    fc.assert(
      fc.property(fc.array(customers, { minLength: 1, maxLength: 8 }), (batch) => {
        const together = modelCustomerLifetimeValue({ ...base, customers: batch }).map(String);
        expect(together).toEqual(batch.map((c) => String(modelCustomerLifetimeValue({ ...base, customers: c }))));
      }),
      fcOptions({ numRuns: 30 }),
    );
  });
});
