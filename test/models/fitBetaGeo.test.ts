/**
 * fitBetaGeo: the documented example, the CDNOW goldens (the lifetimes summary CSV and an RFM summary
 * built from the raw CDNOW sample), degenerate and bad input, then properties: the data log-likelihood
 * is the sum of the customers', the analytic gradient matches finite differences, compressed weighted
 * rows fit like expanded rows, and fitting in days instead of weeks changes no prediction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBetaGeo, MetricError, probabilityAlive, rfmSummary } from '../../src/index.js';
import { compress, customerLogLikelihood, negativeLogLikelihood } from '../../src/models/_betaGeo.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { referenceLogLikelihood } from './_betaGeoReference.js';
import { cdnowSampleEvents, loadCdnowRecencyFrequency } from './_cdnow.js';
import { simulateBetaGeo } from './_simulateBetaGeo.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** The weighted example of the docs: 323 customers as 8 distinct (x, t_x, T) rows. */
const EXAMPLE = [
  { frequency: 0, recency: 0, T: 38 },
  { frequency: 1, recency: 20, T: 38 },
  { frequency: 2, recency: 30, T: 38 },
  { frequency: 4, recency: 36, T: 38 },
  { frequency: 1, recency: 2, T: 36 },
  { frequency: 6, recency: 10, T: 36 },
  { frequency: 3, recency: 33, T: 35 },
  { frequency: 0, recency: 0, T: 35 },
];
const EXAMPLE_WEIGHTS = [120, 30, 18, 8, 25, 3, 9, 110];

function cdnowColumns() {
  const d = loadCdnowRecencyFrequency();
  return { frequency: d.frequency, recency: d.recency, T: d.T };
}

describe('fitBetaGeo: examples', () => {
  it('fits compressed rows with weights, and the fit drives the predictions', () => {
    const fit = fitBetaGeo(EXAMPLE, { weights: EXAMPLE_WEIGHTS, timeUnit: 'week' });
    expect(fit.model).toBe('betaGeo');
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(323);
    expect(fit.rows).toBe(8);
    expect(fit.timeUnit).toBe('week');
    expect(fit.logLikelihood.toFixed(2)).toBe('-834.77');
    expect(Object.keys(fit.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(fit.summary.map((row) => row.parameter)).toEqual(['r', 'alpha', 'a', 'b']);
    for (const row of nonEmpty(fit.summary)) {
      expect(row.standardError).not.toBeNull();
      expect(row.lower as number).toBeLessThan(row.estimate);
      expect(row.upper as number).toBeGreaterThan(row.estimate);
    }
    expect(Object.isFrozen(fit) && Object.isFrozen(fit.params) && Object.isFrozen(fit.summary)).toBe(true);
    // The one who bought 6 times and went silent 26 weeks ago is less likely alive than the steady buyer.
    expect(probabilityAlive(fit, EXAMPLE[5] as never)).toBeLessThan(probabilityAlive(fit, EXAMPLE[3] as never));
    expect(probabilityAlive(fit, EXAMPLE[0] as never)).toBe(1);
    // JSON round trip: predictions read only model and params.
    const restored = JSON.parse(JSON.stringify(fit)) as typeof fit;
    expect(expectedPurchases(restored, EXAMPLE[2] as never, { t: 10 })).toBe(expectedPurchases(fit, EXAMPLE[2] as never, { t: 10 }));
  });

  it('accepts rows, columns, typed-array columns and { columns } (an rfmSummary result) alike', () => {
    const expanded = EXAMPLE.flatMap((row, i) => Array.from({ length: EXAMPLE_WEIGHTS[i] as number }, () => ({ ...row, customerId: `c${i}`, monetaryValue: 0 })));
    const columns = { frequency: expanded.map((c) => c.frequency), recency: expanded.map((c) => c.recency), T: expanded.map((c) => c.T) };
    const typed = { frequency: Float64Array.from(columns.frequency), recency: Float64Array.from(columns.recency), T: Float64Array.from(columns.T) };
    const fits = [fitBetaGeo(expanded), fitBetaGeo(columns), fitBetaGeo(typed), fitBetaGeo({ columns: typed })];
    for (const fit of fits) expect(fit.params).toEqual(fits[0]?.params);
    expect(fits[0]?.rows).toBe(8);
    expect(fits[0]?.customers).toBe(323);
  });
});

describe('fitBetaGeo: CDNOW goldens', () => {
  it('cdnow_customers_summary.csv gives r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4 (Fader, Hardie & Lee 2005; DEFINITIONS.md; 3 significant digits, LL to 0.1)', () => {
    const fit = fitBetaGeo(cdnowColumns(), { timeUnit: 'week' });
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    expect(fit.rows).toBeLessThan(2357);
    for (const [name, value] of Object.entries(PUBLISHED)) expect(fit.params[name as keyof typeof PUBLISHED].toPrecision(3)).toBe(value.toPrecision(3));
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    // lifetimes' assert_array_almost_equal(decimal=3) on the same data: |estimate − published| < 1.5e-3.
    for (const [name, value] of Object.entries(PUBLISHED)) expect(Math.abs(fit.params[name as keyof typeof PUBLISHED] - value)).toBeLessThan(1.5e-3);
  });

  it('an RFM summary built with rfmSummary from CDNOW_sample.txt (days, weeks = days / 7, calibration to 1997-09-30) gives the published fit (3 significant digits)', () => {
    const summary = rfmSummary(cdnowSampleEvents(), { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30' });
    expect(summary.customers.length).toBe(2357);
    const fit = fitBetaGeo(summary, { timeUnit: 'week' });
    for (const [name, value] of Object.entries(PUBLISHED)) expect(fit.params[name as keyof typeof PUBLISHED].toPrecision(3)).toBe(value.toPrecision(3));
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 0);
    // The unrounded summary and the 2-decimal CSV agree to the 4th significant digit.
    const csv = fitBetaGeo(cdnowColumns());
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit.params[name] / csv.params[name] - 1)).toBeLessThan(2e-3);
  });

  it('standard errors are those of the observed information (FHL 2005 do not print them; lifetimes gives r 0.0126, alpha 0.378, a 0.186, b 0.705; 2 significant digits)', () => {
    const fit = fitBetaGeo(cdnowColumns());
    expect(fit.standardErrors.r?.toPrecision(2)).toBe('0.013');
    expect(fit.standardErrors.alpha?.toPrecision(2)).toBe('0.38');
    expect(fit.standardErrors.a?.toPrecision(2)).toBe('0.19');
    expect(fit.standardErrors.b?.toPrecision(2)).toBe('0.71');
  });
});

describe('fitBetaGeo: degenerate and bad input', () => {
  const fn = 'fitBetaGeo';
  it('refuses data with no repeat buyer, or fewer than 2 customers (EMPTY_POPULATION)', () => {
    expectMetricError(() => fitBetaGeo([{ frequency: 0, recency: 0, T: 10 }, { frequency: 0, recency: 0, T: 12 }]), { fn, code: 'EMPTY_POPULATION', field: 'summary', received: '"no repeat buyers"' });
    expectMetricError(() => fitBetaGeo([{ frequency: 3, recency: 5, T: 10 }]), { fn, code: 'EMPTY_POPULATION', field: 'summary', received: '1' });
    expectMetricError(() => fitBetaGeo([]), { fn, code: 'EMPTY_POPULATION', field: 'summary' });
    expectMetricError(() => fitBetaGeo(EXAMPLE, { weights: EXAMPLE.map(() => 0) }), { fn, code: 'EMPTY_POPULATION', field: 'summary' });
    // Repeat buyers with zero weight do not count.
    expectMetricError(() => fitBetaGeo(EXAMPLE, { weights: EXAMPLE.map((c) => (c.frequency === 0 ? 5 : 0)) }), { fn, code: 'EMPTY_POPULATION', field: 'summary' });
  });

  it('refuses impossible histories (INCONSISTENT_INPUT), naming the customer', () => {
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: 0, recency: 3, T: 10 }]), { fn, code: 'INCONSISTENT_INPUT', field: 'summary[8].recency', rule: /frequency 0 with recency > 0/ });
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: 2, recency: 12, T: 10 }]), { fn, code: 'INCONSISTENT_INPUT', field: 'summary[8].recency', rule: /recency > T/ });
    expectMetricError(() => fitBetaGeo({ frequency: [1, 2], recency: [1, 11], T: [5, 10] }), { fn, code: 'INCONSISTENT_INPUT', field: 'summary.recency[1]' });
    expectMetricError(() => fitBetaGeo({ frequency: [1, 2], recency: [1], T: [5, 10] }), { fn, code: 'INCONSISTENT_INPUT', field: 'summary.recency' });
    expectMetricError(() => fitBetaGeo(EXAMPLE, { weights: [1, 2] }), { fn, code: 'INCONSISTENT_INPUT', field: 'options.weights' });
  });

  it('refuses values out of their domain (INVALID_INPUT)', () => {
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: 1.5, recency: 3, T: 10 }]), { fn, code: 'INVALID_INPUT', field: 'summary[8].frequency' });
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: -1, recency: 0, T: 10 }]), { fn, code: 'INVALID_INPUT', field: 'summary[8].frequency' });
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: 1, recency: -1, T: 10 }]), { fn, code: 'INVALID_INPUT', field: 'summary[8].recency' });
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: 0, recency: 0, T: -1 }]), { fn, code: 'INVALID_INPUT', field: 'summary[8].T', rule: 'a finite number >= 0' });
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: 1, recency: Number.NaN, T: 10 }]), { fn, code: 'INVALID_INPUT', field: 'summary[8].recency' });
    expectMetricError(() => fitBetaGeo([...EXAMPLE, { frequency: 1, recency: 1 }] as never), { fn, code: 'INVALID_INPUT', field: 'summary[8].T' });
    expectMetricError(() => fitBetaGeo({ frequency: 2, recency: 1, T: 3 } as never), { fn, code: 'INVALID_INPUT', field: 'summary' });
    expectMetricError(() => fitBetaGeo(null as never), { fn, code: 'INVALID_INPUT', field: 'summary' });
    expectMetricError(() => fitBetaGeo(EXAMPLE, { initialParams: { r: -1 } }), { fn, code: 'INVALID_INPUT', field: 'options.initialParams.r' });
    expectMetricError(() => fitBetaGeo(EXAMPLE, { initialParams: { s: 1 } as never }), { fn, code: 'INVALID_INPUT', field: 'options.initialParams.s' });
    expectMetricError(() => fitBetaGeo(EXAMPLE, { timeUnit: 'fortnight' as never }), { fn, code: 'INVALID_INPUT', field: 'options.timeUnit' });
    expectMetricError(() => fitBetaGeo(EXAMPLE, { weight: [1] } as never), { fn, code: 'INVALID_INPUT', field: 'options.weight' });
  });

  it('says CONVERGENCE_FAILURE with a hint when the optimiser stops early, or returns the last point on request', () => {
    const error = expectMetricError(() => fitBetaGeo(cdnowColumns(), { maxIterations: 2 }), { fn, code: 'CONVERGENCE_FAILURE', field: 'summary' });
    expect(error.message).toContain('raise options.maxIterations');
    const last = fitBetaGeo(cdnowColumns(), { maxIterations: 2, requireConvergence: false });
    expect(last.converged).toBe(false);
    expect(Number.isFinite(last.logLikelihood)).toBe(true);
  });

  it('does not mutate its input', () => {
    const rows = structuredClone(EXAMPLE);
    const weights = [...EXAMPLE_WEIGHTS];
    fitBetaGeo(Object.freeze(rows.map((r) => Object.freeze(r))), { weights: Object.freeze(weights) });
    expect(rows).toEqual(EXAMPLE);
    expect(weights).toEqual(EXAMPLE_WEIGHTS);
  });

  it('a penalizer shrinks the parameters (lifetimes penalizer_coef)', () => {
    const plain = fitBetaGeo(cdnowColumns());
    const penalised = fitBetaGeo(cdnowColumns(), { penalizer: 0.1 });
    expect(penalised.penalizer).toBe(0.1);
    expect(penalised.params.alpha).toBeLessThan(plain.params.alpha);
    expect(penalised.logLikelihood).toBeLessThan(plain.logLikelihood);
  });
});

describe('fitBetaGeo: properties', () => {
  const paramsArb = fc.record({
    r: fc.double({ min: 0.05, max: 20, noNaN: true }),
    alpha: fc.double({ min: 0.05, max: 100, noNaN: true }),
    a: fc.double({ min: 0.05, max: 20, noNaN: true }),
    b: fc.double({ min: 0.05, max: 20, noNaN: true }),
  });
  const customerArb = fc
    .record({ x: fc.nat({ max: 60 }), T: fc.double({ min: 0.1, max: 100, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ x, T, share }) => ({ x, tx: x === 0 ? 0 : share * T, T }));

  it('per-customer log-likelihood matches an 80-digit evaluation of FHL 2005 eq. 6 (relative 1e-11)', () => {
    fc.assert(
      fc.property(paramsArb, customerArb, fc.constantFrom<0 | 1>(0, 1), (p, c, shift) => {
        const ours = customerLogLikelihood(p, shift, c.x, c.tx, c.T);
        const ref = referenceLogLikelihood(p, shift, c.x, c.tx, c.T).toNumber();
        expect(Math.abs(ours - ref)).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(ref)));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('the data log-likelihood is the weighted sum of the customers\' (compressed or not), and the gradient is the derivative', () => {
    fc.assert(
      fc.property(paramsArb, fc.array(fc.tuple(customerArb, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 12 }), fc.constantFrom<0 | 1>(0, 1), (p, rows, shift) => {
        // Duplicates on purpose, so that compression merges rows.
        const all = [...rows, ...rows.slice(0, 3)];
        const x = Float64Array.from(all, ([c]) => c.x);
        const tx = Float64Array.from(all, ([c]) => c.tx);
        const T = Float64Array.from(all, ([c]) => c.T);
        const w = Float64Array.from(all, ([, weight]) => weight);
        const data = compress(x, tx, T, w);
        let sum = 0;
        for (const [c, weight] of all) sum += weight * customerLogLikelihood(p, shift, c.x, c.tx, c.T);
        const nll = negativeLogLikelihood(data, shift);
        const point = Float64Array.of(p.r, p.alpha, p.a, p.b);
        const gradient = new Float64Array(4);
        const value = nll(point, gradient);
        expect(Math.abs(-value - sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
        for (let i = 0; i < 4; i++) {
          const h = 1e-5 * (point[i] as number);
          const up = Float64Array.from(point);
          const down = Float64Array.from(point);
          up[i] = (point[i] as number) + h;
          down[i] = (point[i] as number) - h;
          const numeric = (nll(up, undefined) - nll(down, undefined)) / (2 * h);
          const scale = Math.max(1, Math.abs(numeric), Math.abs(value) / (point[i] as number));
          expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThanOrEqual(1e-5 * scale);
        }
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('fit.logLikelihood is the sum of the customers\' at the estimate (CDNOW)', () => {
    const columns = cdnowColumns();
    const fit = fitBetaGeo(columns);
    let sum = 0;
    for (let i = 0; i < columns.frequency.length; i++) sum += customerLogLikelihood(fit.params, 0, columns.frequency[i] as number, columns.recency[i] as number, columns.T[i] as number);
    expect(fit.logLikelihood).toBeCloseTo(sum, 7);
  });

  it('weighted compressed rows fit exactly like the expanded rows, however the weights are split', () => {
    const simulated = simulateBetaGeo({ customers: 600, params: PUBLISHED, seed: 11, minT: 20, maxT: 39, grain: 1 });
    const expanded = fitBetaGeo(simulated);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 }), { minLength: 600, maxLength: 600 }), (splits) => {
        // Row i of the simulated data becomes splits[i] + 1 rows whose weights add up to 1.
        const rows: { frequency: number; recency: number; T: number }[] = [];
        const weights: number[] = [];
        splits.forEach((parts, i) => {
          for (let k = 0; k <= parts; k++) {
            rows.push({ frequency: simulated.frequency[i] as number, recency: simulated.recency[i] as number, T: simulated.T[i] as number });
            weights.push(1 / (parts + 1));
          }
        });
        const split = fitBetaGeo(rows, { weights });
        for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(split.params[name]).toBeCloseTo(expanded.params[name], 6);
        expect(split.logLikelihood).toBeCloseTo(expanded.logLikelihood, 6);
      }),
      fcOptions({ numRuns: 10 }),
    );
  });

  it('fitting in days instead of weeks multiplies alpha by 7 and changes no prediction (CDNOW)', () => {
    const weeks = cdnowColumns();
    const days = { frequency: weeks.frequency, recency: weeks.recency.map((v) => v * 7), T: weeks.T.map((v) => v * 7) };
    const fitWeeks = fitBetaGeo(weeks);
    const fitDays = fitBetaGeo(days);
    // Equal up to the optimiser's tolerance (the two runs take the same path up to rounding).
    expect(Math.abs(fitDays.params.alpha / fitWeeks.params.alpha / 7 - 1)).toBeLessThan(1e-5);
    for (const name of ['r', 'a', 'b'] as const) expect(Math.abs(fitDays.params[name] / fitWeeks.params[name] - 1)).toBeLessThan(1e-5);
    // The likelihood of continuous times changes by the Jacobian: −Σx · ln 7.
    const repeat = weeks.frequency.reduce((s, v) => s + v, 0);
    expect(fitDays.logLikelihood).toBeCloseTo(fitWeeks.logLikelihood - repeat * Math.log(7), 5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2356 }), fc.double({ min: 0, max: 104, noNaN: true }), (i, t) => {
        const week = { frequency: weeks.frequency[i] as number, recency: weeks.recency[i] as number, T: weeks.T[i] as number };
        const day = { frequency: week.frequency, recency: week.recency * 7, T: week.T * 7 };
        expect(expectedPurchases(fitDays, day, { t: 7 * t })).toBeCloseTo(expectedPurchases(fitWeeks, week, { t }), 4);
        expect(probabilityAlive(fitDays, day)).toBeCloseTo(probabilityAlive(fitWeeks, week), 5);
        // With the same parameters (alpha × 7) the predictions agree to rounding.
        const scaled = { model: 'betaGeo', params: { ...fitWeeks.params, alpha: fitWeeks.params.alpha * 7 } };
        expect(expectedPurchases(scaled, day, { t: 7 * t })).toBeCloseTo(expectedPurchases(fitWeeks, week, { t }), 11);
        expect(probabilityAlive(scaled, day)).toBeCloseTo(probabilityAlive(fitWeeks, week), 12);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('recovers the parameters of a simulated BG/NBD population (20,000 customers, within 4 standard errors)', () => {
    const truth = { r: 0.5, alpha: 6, a: 0.8, b: 2.5 };
    const data = simulateBetaGeo({ customers: 20_000, params: truth, seed: 2024, minT: 10, maxT: 52, grain: 1 / 7 });
    const fit = fitBetaGeo(data, { timeUnit: 'week' });
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(4 * (fit.standardErrors[name] as number));
    }
  });

  it('every refusal is a MetricError', () => {
    expect(() => fitBetaGeo('x' as never)).toThrow(MetricError);
  });
});

describe('fitBetaGeo: a customer first seen at the end of calibration (T = 0)', () => {
  it('is accepted and adds nothing to the likelihood (lifetimes keeps such customers too)', () => {
    const rows = [
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 1, recency: 5, T: 20 },
      { frequency: 0, recency: 0, T: 12 },
      { frequency: 4, recency: 25, T: 30 },
    ];
    // Five customers do not identify the dropout (a -> 0, b -> infinity: A5), so compare the last points.
    const without = fitBetaGeo(rows, { requireConvergence: false });
    const withNewcomer = fitBetaGeo([...rows, { frequency: 0, recency: 0, T: 0 }], { requireConvergence: false });
    expect(without.boundary).toEqual(['a', 'b']);
    expect(withNewcomer.logLikelihood).toBeCloseTo(without.logLikelihood, 6);
    expect(withNewcomer.params.r).toBeCloseTo(without.params.r, 4);
  });
});
