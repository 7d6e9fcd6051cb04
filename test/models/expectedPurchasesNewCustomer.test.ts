/**
 * expectedPurchasesNewCustomer: Hardie's spreadsheet values for CDNOW (through lifetimes' tests), MBG/NBD,
 * bad input, then properties: the conditional expectation at x = t_x = T = 0, the mean of the PMF,
 * non-decreasing in t.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesNewCustomer, fitBetaGeo, fitModifiedBetaGeo, purchaseCountProbability } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { loadCdnowRecencyFrequency } from './_cdnow.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const PUBLISHED = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };

function cdnowColumns() {
  const d = loadCdnowRecencyFrequency();
  return { frequency: d.frequency, recency: d.recency, T: d.T };
}

describe('expectedPurchasesNewCustomer: examples', () => {
  it('CDNOW E[X(t)] at t = 0.1429, 1, 3, 31.8571, 32, 78 weeks is 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 (Hardie\'s BG/NBD spreadsheet via lifetimes\' test; ±1.5e-3, decimal = 3)', () => {
    const fit = fitBetaGeo(cdnowColumns());
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(Math.abs(expectedPurchasesNewCustomer(fit, { t }) - (expected[i] as number))).toBeLessThan(1.5e-3));
    // The first five agree to the spreadsheet's 4 decimals (the sixth is 1.8580: the CSV's 2-decimal rounding).
    nonEmpty(times.slice(0, 5)).forEach((t, i) => expect(expectedPurchasesNewCustomer(fit, { t }).toFixed(4)).toBe((expected[i] as number).toFixed(4)));
  });

  it('the documented values, and MBG/NBD within 5% of the BG/NBD spreadsheet (lifetimes ModifiedBetaGeoFitter test, rtol 0.05)', () => {
    expect(expectedPurchasesNewCustomer(PUBLISHED, { t: 39 }).toFixed(4)).toBe('1.1967');
    expect(expectedPurchasesNewCustomer(PUBLISHED, { t: 78 }).toFixed(4)).toBe('1.8605');
    const mbg = fitModifiedBetaGeo(cdnowColumns());
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(Math.abs(expectedPurchasesNewCustomer(mbg, { t }) / (expected[i] as number) - 1)).toBeLessThan(0.05));
  });

  it('t = 0 gives 0', () => {
    expect(expectedPurchasesNewCustomer(PUBLISHED, { t: 0 })).toBe(0);
  });
});

describe('expectedPurchasesNewCustomer: bad input', () => {
  const fn = 'expectedPurchasesNewCustomer';
  it('names what is wrong', () => {
    expectMetricError(() => expectedPurchasesNewCustomer({ model: 'kaplanMeier', params: {} }, { t: 1 }), { fn, code: 'INVALID_INPUT', field: 'fit.model' });
    expectMetricError(() => expectedPurchasesNewCustomer(PUBLISHED, { t: -2 }), { fn, code: 'INVALID_INPUT', field: 'options.t' });
    expectMetricError(() => expectedPurchasesNewCustomer(PUBLISHED, { t: '3' } as never), { fn, code: 'INVALID_INPUT', field: 'options.t' });
    expectMetricError(() => expectedPurchasesNewCustomer(PUBLISHED, {} as never), { fn, code: 'INVALID_INPUT', field: 'options.t' });
    expectMetricError(() => expectedPurchasesNewCustomer(PUBLISHED, 39 as never), { fn, code: 'INVALID_INPUT', field: 'options' });
  });
});

describe('expectedPurchasesNewCustomer: properties', () => {
  const paramsArb = fc.record({
    r: fc.double({ min: 0.05, max: 10, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
    a: fc.double({ min: 0.05, max: 10, noNaN: true }),
    b: fc.double({ min: 0.05, max: 10, noNaN: true }),
  });

  it('is the conditional expectation at x = t_x = T = 0, and the mean of the PMF (BG/NBD and MBG/NBD, relative 1e-9)', () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0.01, max: 5, noNaN: true }), fc.constantFrom('betaGeo', 'modifiedBetaGeo'), (params, ratio, model) => {
        const fit = { model, params };
        const t = ratio * params.alpha;
        const e = expectedPurchasesNewCustomer(fit, { t });
        expect(e).toBe(expectedPurchases(fit, { frequency: 0, recency: 0, T: 0 }, { t }));
        let mean = 0;
        let mass = 0;
        for (let n = 0; n < 100_000 && mass < 1 - 1e-15; n++) {
          const p = purchaseCountProbability(fit, { t, n });
          mean += n * p;
          mass += p;
        }
        fc.pre(mass > 1 - 1e-12);
        expect(Math.abs(mean - e)).toBeLessThanOrEqual(1e-8 * Math.max(e, 1e-3));
      }),
      fcOptions({ numRuns: 25 }),
    );
  });

  it('is non-decreasing in t', () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }), fc.constantFrom('betaGeo', 'modifiedBetaGeo'), (params, t1, t2, model) => {
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const fit = { model, params };
        // Subnormal horizons (t ~ 1e-323) carry no relative precision: an absolute slack of 1e-300 covers them.
        expect(expectedPurchasesNewCustomer(fit, { t: hi })).toBeGreaterThanOrEqual(expectedPurchasesNewCustomer(fit, { t: lo }) * (1 - 1e-12) - 1e-300);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });
});
