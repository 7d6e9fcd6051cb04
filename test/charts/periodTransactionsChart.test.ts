/**
 * periodTransactionsChart (issue 12, C1 and C4): lifetimes' plot_period_transactions, Fader, Hardie & Lee
 * (2005) figure 2. Worked examples on the CDNOW sample (the actual bars are the data, the model bars an
 * independent evaluation of FHL eq. 8), the SVG, then edges, bad options and properties over random
 * summaries and fits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitBetaGeo, type MetricErrorCode, periodTransactionsChart, purchaseCountProbability, rfmSummary, type TransactionModelFit } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { cdnowSampleEvents } from '../models/_cdnow.js';
import { xmlProblems } from '../render/_xml.js';
import { cleanSvg, FHL_PARAMS, floatPurchaseCountProbability } from './_fitCheck.js';
import { deepFrozen, fitArb } from './_matrix.js';

const summary = rfmSummary(cdnowSampleEvents(), { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30' });
const fhl = { model: 'betaGeo', params: FHL_PARAMS, timeUnit: 'week' } as const;

describe('periodTransactionsChart: worked examples (CDNOW, FHL 2005 figure 2)', () => {
  const chart = periodTransactionsChart(fhl, summary);

  it('C1: the actual bars are FHL 2005 figure 2\'s: 1,411 / 439 / 214 / 100 / 62 / 38 / 29 / 64 customers with 0-6 and 7+ repeat purchases (exact)', () => {
    expect(chart.data.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(chart.data.buckets.map((b) => b.actual)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(chart.data.customers).toBe(2357);
  });

  it('C1: the model bars are Σ P(X(T_i) = x) evaluated independently (FHL eq. 8 as printed, per distinct T), to 1e-9 relative', () => {
    const ages = new Map<number, number>();
    for (const T of summary.columns.T) ages.set(T, (ages.get(T) ?? 0) + 1);
    for (let x = 0; x < 7; x++) {
      let sum = 0;
      for (const [T, n] of ages) sum += n * floatPurchaseCountProbability(FHL_PARAMS, T, x);
      expect(Math.abs((chart.data.buckets[x]?.expected as number) - sum) / sum).toBeLessThan(1e-9);
    }
    // The model's mass above 6 repeat purchases, the "7+" bar.
    const rest = 2357 - chart.data.buckets.slice(0, 7).reduce((s, b) => s + b.expected, 0);
    expect(chart.data.buckets[7]?.expected).toBeCloseTo(rest, 9);
  });

  it('C1: the model bars are close to the data (the fit FHL report is good: the 0 bar within 1%, every bar within 15%)', () => {
    const zero = chart.data.buckets[0] as { actual: number; expected: number };
    expect(Math.abs(zero.expected - zero.actual) / zero.actual).toBeLessThan(0.01);
    for (const b of nonEmpty(chart.data.buckets)) expect(Math.abs(b.expected - b.actual) / b.actual).toBeLessThan(0.15);
  });

  it('C1/C4: both columns sum to the customer count: actual exactly, expected to 1e-9', () => {
    expect(chart.data.buckets.reduce((s, b) => s + b.actual, 0)).toBe(2357);
    expect(Math.abs(chart.data.buckets.reduce((s, b) => s + b.expected, 0) - 2357)).toBeLessThan(1e-9);
  });

  it('C1: the SVG is well formed, titled and described, with axis titles, a legend and a tooltip per bar', () => {
    const svg = chart.toSVG();
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('<title>Repeat purchases in the calibration period: actual vs BG/NBD</title>');
    expect(svg).toContain('<desc>Customers by number of repeat purchases in the calibration period (0 to 6, and 7+), actual counts against the BG/NBD model');
    expect(svg).toContain('>Customers</text>');
    expect(svg).toContain('>Repeat purchases in the calibration period</text>');
    expect(svg).toContain('>BG/NBD (expected)</text>');
    expect(svg).toContain('<title>0 repeat purchases: 1,411 customers (actual)</title>');
    expect(svg.match(/<rect x=/g)?.length).toBeGreaterThanOrEqual(16);
    expect(cleanSvg(svg)).toBe(true);
    expect(chart.kind).toBe('periodTransactions');
    expect(JSON.parse(JSON.stringify(chart)).data).toEqual(chart.data);
  });

  it('C1: a fit of the summary itself (lifetimes\' workflow) and maxFrequency 3', () => {
    const fit = fitBetaGeo(summary, { timeUnit: 'week' });
    const small = periodTransactionsChart(fit, summary, { maxFrequency: 3 });
    expect(small.data.buckets.map((b) => b.actual)).toEqual([1411, 439, 214, 293]);
    expect(small.data.buckets[0]?.expected).toBeCloseTo(summary.columns.T.reduce((s, T) => s + purchaseCountProbability(fit, { t: T, n: 0 }), 0), 8);
  });
});

describe('periodTransactionsChart: edges', () => {
  it('C1: no customers: zero bars, a drawing and a description that say so', () => {
    const chart = periodTransactionsChart(fhl, []);
    expect(nonEmpty(chart.data.buckets).every((b) => b.actual === 0 && b.expected === 0)).toBe(true);
    expect(chart.description).toContain('no customer');
    expect(chart.toSVG()).toContain('No customers in the summary');
    expect(xmlProblems(chart.toSVG())).toEqual([]);
  });

  it('C1: one customer, all customers equal, huge frequencies and ages stay finite', () => {
    const one = periodTransactionsChart(fhl, [{ frequency: 0, recency: 0, T: 0 }]);
    expect(one.data.buckets[0]?.expected).toBe(1);
    const huge = periodTransactionsChart(fhl, Array.from({ length: 5 }, () => ({ frequency: 5000, recency: 1e6, T: 1e6 })));
    expect(huge.data.buckets[7]?.actual).toBe(5);
    for (const b of nonEmpty(huge.data.buckets)) expect(Number.isFinite(b.expected) && b.expected >= 0).toBe(true);
    expect(cleanSvg(huge.toSVG())).toBe(true);
  });

  it('C1: BG/BB with customers in opportunities', () => {
    const donors = { model: 'betaGeoBetaBinom', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };
    const chart = periodTransactionsChart(donors, [{ frequency: 6, recency: 6, n: 6 }, { frequency: 0, recency: 0, n: 6 }], { maxFrequency: 6 });
    expect(chart.data.buckets[0]?.expected).toBeCloseTo(2 * purchaseCountProbability(donors, { t: 6, n: 0 }), 12);
    expect(chart.data.buckets[6]?.expected).toBeCloseTo(2 * purchaseCountProbability(donors, { t: 6, n: 6 }), 9);
  });

  it('C1: bad fit, summary and options are MetricErrors naming the field', () => {
    const bad = (call: () => unknown, field: string, code: MetricErrorCode = 'INVALID_INPUT') => expectMetricError(call, { fn: 'periodTransactionsChart', code, field });
    bad(() => periodTransactionsChart(fhl, summary, { maxFrequency: 0 }), 'options.maxFrequency');
    bad(() => periodTransactionsChart(fhl, summary, { maxFrequency: 2.5 }), 'options.maxFrequency');
    bad(() => periodTransactionsChart(fhl, summary, { colour: 'red' } as never), 'options.colour');
    bad(() => periodTransactionsChart(fhl, summary, { title: '' }), 'options.title');
    bad(() => periodTransactionsChart({ model: 'kaplanMeier', params: {} }, summary), 'fit.model');
    bad(() => periodTransactionsChart({ model: 'betaGeo', params: { r: 1, alpha: -1, a: 1, b: 1 } }, []), 'fit.params.alpha');
    bad(() => periodTransactionsChart(fhl, [{ frequency: -1, recency: 0, T: 1 }]), 'summary[0].frequency');
    bad(() => periodTransactionsChart({ ...fhl, timeUnit: 'day' }, summary), 'summary.timeUnit', 'INCONSISTENT_INPUT');
  });
});

describe('periodTransactionsChart: properties', () => {
  const customer = fc
    .record({ frequency: fc.nat({ max: 15 }), recency: fc.double({ min: 0, max: 60, noNaN: true }), T: fc.double({ min: 0, max: 60, noNaN: true }) })
    .map((c) => (c.frequency === 0 ? { ...c, recency: 0 } : { ...c, recency: Math.min(c.recency, c.T) }));

  it('C4: over random summaries and fits, bucket sums equal the customer count (actual exactly, expected to 1e-9), each bar is Σ P(X(T_i) = x), the SVG is well formed, deterministic, input untouched', () => {
    fc.assert(
      fc.property(fitArb, fc.array(customer, { maxLength: 30 }), fc.integer({ min: 1, max: 10 }), (fit: TransactionModelFit, rows, maxFrequency) => {
        const frozen = deepFrozen(rows.map((r) => ({ ...r })));
        const chart = periodTransactionsChart(fit, frozen, { maxFrequency });
        const { buckets } = chart.data;
        expect(buckets).toHaveLength(maxFrequency + 1);
        expect(buckets.reduce((s, b) => s + b.actual, 0)).toBe(rows.length);
        expect(Math.abs(buckets.reduce((s, b) => s + b.expected, 0) - rows.length)).toBeLessThan(1e-9 * Math.max(1, rows.length));
        for (let x = 0; x < maxFrequency; x++) {
          const direct = rows.reduce((s, r) => s + purchaseCountProbability(fit, { t: r.T, n: x }), 0);
          expect(Math.abs((buckets[x]?.expected as number) - direct)).toBeLessThan(1e-9 * Math.max(1, direct));
          expect(buckets[x]?.actual).toBe(rows.filter((r) => r.frequency === x).length);
        }
        for (const b of buckets) expect(Number.isFinite(b.expected) && b.expected >= 0).toBe(true);
        const svg = chart.toSVG();
        expect(xmlProblems(svg)).toEqual([]);
        expect(cleanSvg(svg)).toBe(true);
        expect(periodTransactionsChart(fit, frozen, { maxFrequency }).toSVG()).toBe(svg);
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
