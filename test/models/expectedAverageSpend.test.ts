import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedAverageSpend, fitGammaGamma, type GammaGammaParamsFit } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { loadCdnowSummary } from './_cdnow.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const FN = 'expectedAverageSpend';
const published: GammaGammaParamsFit = { model: 'gammaGamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } };
const cdnow = loadCdnowSummary();
const first10 = { frequency: cdnow.frequency.slice(0, 10), monetaryValue: cdnow.monetaryValue.slice(0, 10) };
/** lifetimes test_estimation.py (from Hardie's Gamma-Gamma spreadsheet, note 025), customers 1-10 of CDNOW. */
const hardieSpreadsheet = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];

describe('expectedAverageSpend: documenting examples', () => {
  it("Hardie's spreadsheet for CDNOW customers 1-10, with the published parameters (lifetimes' tolerance 0.1)", () => {
    const values = expectedAverageSpend(published, first10);
    expect(values).toBeInstanceOf(Float64Array);
    values.forEach((v, i) => expect(Math.abs(v - (hardieSpreadsheet[i] as number))).toBeLessThan(0.1));
  });

  it("Hardie's spreadsheet for CDNOW customers 1-10, with the unrounded estimate of fitGammaGamma (to 0.01)", () => {
    const fit = fitGammaGamma({ frequency: cdnow.frequency, monetaryValue: cdnow.monetaryValue });
    nonEmpty(expectedAverageSpend(fit, first10)).forEach((v, i) => expect(Math.abs(v - (hardieSpreadsheet[i] as number))).toBeLessThan(0.01));
  });

  it('one customer gives a Decimal equal to the eq. 5 value; frequency 0 gives the population mean p·gamma/(q − 1)', () => {
    const one = expectedAverageSpend(published, { frequency: 2, monetaryValue: 22.35 });
    expect(Decimal.isDecimal(one)).toBe(true);
    expect(one.toFixed(10)).toBe(((15.44 + 2 * 22.35) * 6.25 / (6.25 * 2 + 3.74 - 1)).toFixed(10));
    expect(expectedAverageSpend(published, { frequency: 0, monetaryValue: 0 }).toFixed(12)).toBe((6.25 * 15.44 / 2.74).toFixed(12));
    // Money inputs: decimal strings and Decimals.
    expect(expectedAverageSpend(published, { frequency: 2, monetaryValue: '22.35' }).equals(one)).toBe(true);
    expect(expectedAverageSpend(published, { frequency: 2, monetaryValue: new Decimal('22.35') }).equals(one)).toBe(true);
  });

  it('rows, columns and { columns } agree with the single-customer Decimal to float precision', () => {
    const rows = first10.frequency.map((frequency, i) => ({ customerId: String(i + 1), frequency, monetaryValue: first10.monetaryValue[i] as number }));
    const fromRows = expectedAverageSpend(published, rows);
    const fromColumns = expectedAverageSpend(published, { columns: { frequency: Float64Array.from(first10.frequency), monetaryValue: Float64Array.from(first10.monetaryValue) } });
    expect(Array.from(fromRows)).toEqual(Array.from(fromColumns));
    rows.forEach((row, i) => expect(Math.abs(Number(expectedAverageSpend(published, row)) - (fromRows[i] as number))).toBeLessThan(1e-12));
    expect(expectedAverageSpend(published, [])).toEqual(new Float64Array(0));
  });

  it('works with a fit restored from JSON', () => {
    const fit = fitGammaGamma({ frequency: cdnow.frequency, monetaryValue: cdnow.monetaryValue });
    const restored = JSON.parse(JSON.stringify(fit)) as typeof fit;
    expect(expectedAverageSpend(restored, { frequency: 3, monetaryValue: 50 }).equals(expectedAverageSpend(fit, { frequency: 3, monetaryValue: 50 }))).toBe(true);
  });
});

describe('expectedAverageSpend: edge cases and bad input', () => {
  it('q <= 1 is UNDEFINED_RESULT (infinite mean spend)', () => {
    expectMetricError(() => expectedAverageSpend({ model: 'gammaGamma', params: { p: 2, q: 1, gamma: 5 } }, { frequency: 1, monetaryValue: 10 }), {
      fn: FN,
      field: 'fit.params.q',
      code: 'UNDEFINED_RESULT',
      rule: 'greater than 1 (with q <= 1 the mean spend p·gamma / (q − 1) is infinite)',
      received: '1',
    });
  });

  it.each([
    ['fit.model', { model: 'betaGeo', params: { p: 1, q: 2, gamma: 3 } }, { frequency: 1, monetaryValue: 5 }],
    ['fit.params.gamma', { model: 'gammaGamma', params: { p: 1, q: 2 } }, { frequency: 1, monetaryValue: 5 }],
    ['fit.params.p', { model: 'gammaGamma', params: { p: -1, q: 2, gamma: 3 } }, { frequency: 1, monetaryValue: 5 }],
    ['customer.frequency', published, { frequency: 1.5, monetaryValue: 5 }],
    ['customer.monetaryValue', published, { frequency: 1, monetaryValue: 0 }],
    ['customer.monetaryValue', published, { frequency: 1, monetaryValue: -5 }],
    ['customer.monetaryValue', published, { frequency: 1 }],
    ['customer[1].monetaryValue', published, [{ frequency: 1, monetaryValue: 5 }, { frequency: 2, monetaryValue: '7' }]],
    ['customer[0]', published, [null]],
    ['customer.frequency[1]', published, { frequency: [1, -2], monetaryValue: [3, 4] }],
    ['customer.monetaryValue[0]', published, { frequency: [1], monetaryValue: [Number.NaN] }],
    ['customer', published, 7],
  ])('%s is refused', (field, fit, customer) => {
    expect(() => expectedAverageSpend(fit as never, customer as never)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field }));
  });

  it('columns of different lengths are INCONSISTENT_INPUT; an extra argument is refused', () => {
    expect(() => expectedAverageSpend(published, { frequency: [1, 2], monetaryValue: [3] })).toThrowError(expect.objectContaining({ code: 'INCONSISTENT_INPUT' }));
    expect(() => (expectedAverageSpend as (...args: unknown[]) => unknown)(published, { frequency: 1, monetaryValue: 3 }, {})).toThrowError(expect.objectContaining({ field: 'arguments' }));
  });

  it('frequency 0 ignores the monetary value; extreme customers stay finite', () => {
    expect(expectedAverageSpend(published, { frequency: 0, monetaryValue: 123 }).equals(expectedAverageSpend(published, { frequency: 0, monetaryValue: 0 }))).toBe(true);
    const [big] = expectedAverageSpend(published, { frequency: [Number.MAX_SAFE_INTEGER], monetaryValue: [1e300] });
    expect(big).toBeCloseTo(1e300, -290);
    expect(Number.isFinite(Number(expectedAverageSpend(published, { frequency: 1000, monetaryValue: '1e30' })))).toBe(true);
  });
});

describe('expectedAverageSpend: properties', () => {
  const params = fc.record({ p: fc.double({ min: 0.05, max: 50, noNaN: true }), q: fc.double({ min: 1.01, max: 50, noNaN: true }), gamma: fc.double({ min: 0.01, max: 1000, noNaN: true }) });
  const amount = fc.double({ min: 0.01, max: 1e6, noNaN: true });

  it('lies between the population mean and the customer\'s own mean, and moves toward the latter as frequency grows', () => {
    fc.assert(
      fc.property(params, amount, fc.integer({ min: 1, max: 500 }), ({ p, q, gamma }, m, x) => {
        const fit: GammaGammaParamsFit = { model: 'gammaGamma', params: { p, q, gamma } };
        const population = (p * gamma) / (q - 1);
        const [now, later] = expectedAverageSpend(fit, { frequency: [x, x + 1], monetaryValue: [m, m] }) as unknown as [number, number];
        const tolerance = 1e-12 * Math.max(population, m);
        expect(now).toBeGreaterThanOrEqual(Math.min(population, m) - tolerance);
        expect(now).toBeLessThanOrEqual(Math.max(population, m) + tolerance);
        expect(Math.abs(later - m)).toBeLessThanOrEqual(Math.abs(now - m) + tolerance);
      }),
      fcOptions({ numRuns: 300 }),
    );
  });

  it('the Decimal for one customer equals the float column value to 1e-11 relative', () => {
    fc.assert(
      fc.property(params, amount, fc.integer({ min: 0, max: 1000 }), ({ p, q, gamma }, m, x) => {
        const fit: GammaGammaParamsFit = { model: 'gammaGamma', params: { p, q, gamma } };
        const single = Number(expectedAverageSpend(fit, { frequency: x, monetaryValue: m }));
        const [column] = expectedAverageSpend(fit, { frequency: [x], monetaryValue: [m] });
        expect(Math.abs(single - (column as number))).toBeLessThanOrEqual(1e-11 * single);
      }),
      fcOptions({ numRuns: 200 }),
    );
  });
});
