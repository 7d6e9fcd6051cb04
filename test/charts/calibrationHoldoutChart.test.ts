/**
 * calibrationHoldoutChart (issue 12, C2 and C4): lifetimes' plot_calibration_purchases_vs_holdout_purchases,
 * Fader, Hardie & Lee (2005) figure 4. Worked examples on the CDNOW sample (the actual means are the data,
 * tallied here from the raw rows; the predicted means an independent evaluation of FHL eq. 10), the SVG,
 * edges, bad input, and properties over random purchases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrationHoldoutChart, calibrationHoldoutSplit, expectedPurchases, type MetricErrorCode } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { cdnowSampleEvents } from '../models/_cdnow.js';
import { xmlProblems } from '../render/_xml.js';
import { cdnowDays, cleanSvg, FHL_PARAMS, floatExpected, purchasesArb } from './_fitCheck.js';
import { deepFrozen, fitArb } from './_matrix.js';

const split = calibrationHoldoutSplit(cdnowSampleEvents(), { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' });
const fhl = { model: 'betaGeo', params: FHL_PARAMS, timeUnit: 'week' } as const;

describe('calibrationHoldoutChart: worked examples (CDNOW, FHL 2005 figure 4)', () => {
  const chart = calibrationHoldoutChart(fhl, split);

  it('C2: buckets 0-6 and 7+ of calibration frequency with their customer counts and actual mean holdout purchases, tallied from the raw rows (exact)', () => {
    // Distinct purchase days: calibration = days 0..272 (1997-01-01..09-30), holdout = days 273..545 (to 1998-06-30).
    const groups = Array.from({ length: 8 }, () => ({ customers: 0, holdout: 0 }));
    for (const days of cdnowDays().values()) {
      const calibration = days.filter((d) => d <= 272).length;
      if (calibration === 0) continue;
      const group = groups[Math.min(7, calibration - 1)] as { customers: number; holdout: number };
      group.customers++;
      group.holdout += days.filter((d) => d > 272 && d <= 545).length;
    }
    expect(chart.data.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(chart.data.buckets.map((b) => b.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(chart.data.buckets.map((b) => b.customers)).toEqual(groups.map((g) => g.customers));
    nonEmpty(chart.data.buckets).forEach((b, k) => expect(b.actual).toBe((groups[k]?.holdout as number) / (groups[k]?.customers as number)));
    // The actual row to 3 decimals, pinned from the data (x* of the 39-week CDNOW holdout), so a change is seen.
    expect(chart.data.buckets.map((b) => (b.actual as number).toFixed(3))).toEqual(['0.237', '0.697', '1.393', '1.560', '2.532', '2.947', '3.862', '6.359']);
    expect(chart.data.duration).toBe(39);
    expect(chart.data.customers).toBe(2357);
  });

  it('C2: the predicted means are the mean conditional expectation over 39 weeks, FHL eq. 10 evaluated independently, to 1e-9 relative', () => {
    const sums = new Array<number>(8).fill(0);
    split.calibration.customers.forEach((c) => {
      const k = Math.min(7, c.frequency);
      sums[k] = (sums[k] as number) + floatExpected(FHL_PARAMS, c.frequency, c.recency, c.T, 39);
    });
    nonEmpty(chart.data.buckets).forEach((b, k) => {
      const reference = (sums[k] as number) / b.customers;
      expect(Math.abs((b.predicted as number) - reference) / reference).toBeLessThan(1e-9);
    });
  });

  it('C2: the model tracks the data (each predicted mean within 30% of the actual, the 7+ bucket within 5%)', () => {
    for (const b of nonEmpty(chart.data.buckets)) expect(Math.abs((b.predicted as number) - (b.actual as number)) / (b.actual as number)).toBeLessThan(0.3);
    const top = chart.data.buckets[7] as { actual: number; predicted: number };
    expect(Math.abs(top.predicted - top.actual) / top.actual).toBeLessThan(0.05);
  });

  it('C2: the SVG: well formed, title, description, axis titles with the holdout length, legend, counts under the axis, tooltips', () => {
    const svg = chart.toSVG();
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('<title>Holdout purchases by calibration frequency: actual vs BG/NBD</title>');
    expect(svg).toContain('<desc>Mean purchases per customer in the 39 weeks holdout, by repeat purchases in the calibration period (0 to 6, and 7+)');
    expect(svg).toContain('>Mean purchases in the holdout (39 weeks)</text>');
    expect(svg).toContain('>n=1,411</text>');
    expect(svg).toContain('<title>7+ in calibration (64 customers): 6.36 holdout purchases per customer (actual)</title>');
    expect(svg).toContain('>BG/NBD (predicted)</text>');
    expect(cleanSvg(svg)).toBe(true);
    expect(chart.kind).toBe('calibrationHoldout');
  });
});

describe('calibrationHoldoutChart: edges', () => {
  const purchases = [
    { customerId: 'ann', timestamp: '2024-01-03' },
    { customerId: 'ann', timestamp: '2024-02-07' },
    { customerId: 'bob', timestamp: '2024-02-14' },
    { customerId: 'bob', timestamp: '2024-03-20' },
  ];
  const small = calibrationHoldoutSplit(purchases, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28', observationEnd: '2024-03-27' });

  it('C2: empty buckets have null means and no point; a split without customers says so', () => {
    const chart = calibrationHoldoutChart(fhl, small);
    expect(chart.data.buckets[2]).toEqual({ label: '2', frequency: 2, customers: 0, actual: null, predicted: null });
    expect(chart.data.buckets[0]?.predicted).toBe(expectedPurchases(fhl, { frequency: 0, recency: 0, T: 2 }, { t: 4 }));
    const empty = calibrationHoldoutChart(fhl, calibrationHoldoutSplit([{ customerId: 'x', timestamp: '2024-03-10' }], { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28', observationEnd: '2024-03-27' }));
    expect(empty.data.customers).toBe(0);
    expect(empty.description).toContain('no calibration customer');
    expect(empty.toSVG()).toContain('No calibration customers');
    expect(xmlProblems(empty.toSVG())).toEqual([]);
  });

  it('C2: bad fit, split and options are MetricErrors naming the field', () => {
    const bad = (call: () => unknown, field: string, code: MetricErrorCode = 'INVALID_INPUT') => expectMetricError(call, { fn: 'calibrationHoldoutChart', code, field });
    bad(() => calibrationHoldoutChart(fhl, small, { maxFrequency: 101 }), 'options.maxFrequency');
    bad(() => calibrationHoldoutChart(fhl, small, { nope: 1 } as never), 'options.nope');
    bad(() => calibrationHoldoutChart({ model: 'betaGeoBetaBinom', params: { alpha: 1, beta: 1, gamma: 1, delta: 1 } }, small), 'fit.model');
    bad(() => calibrationHoldoutChart(fhl, { calibration: small.calibration } as never), 'split.holdout');
    bad(() => calibrationHoldoutChart(fhl, { ...small, holdout: { ...small.holdout, columns: { frequency: [1] } } } as never), 'split.holdout.columns.frequency', 'INCONSISTENT_INPUT');
    bad(() => calibrationHoldoutChart(fhl, { ...small, holdout: { ...small.holdout, columns: { frequency: [1, -1] } } } as never), 'split.holdout.columns.frequency[1]');
    bad(() => calibrationHoldoutChart({ ...fhl, timeUnit: 'day' }, small), 'split.calibration.timeUnit', 'INCONSISTENT_INPUT');
  });
});

describe('calibrationHoldoutChart: properties', () => {
  it('C4: over random purchases and fits: customers add up, each actual mean is the mean of holdout frequencies, each predicted mean the mean of expectedPurchases; SVG well formed, deterministic; input untouched', () => {
    fc.assert(
      fc.property(fitArb, purchasesArb, fc.integer({ min: 1, max: 8 }), (fit, purchases, maxFrequency) => {
        const s = deepFrozen(calibrationHoldoutSplit(purchases, { period: 'day', calibrationEnd: '2024-02-29', observationEnd: '2024-04-30' }));
        const chart = calibrationHoldoutChart(fit, s, { maxFrequency });
        const { buckets } = chart.data;
        expect(buckets.reduce((sum, b) => sum + b.customers, 0)).toBe(s.calibration.customers.length);
        const predicted = s.calibration.customers.map((c) => expectedPurchases(fit, c, { t: s.holdout.duration }));
        buckets.forEach((b, k) => {
          const members = s.calibration.customers.map((c, i) => ({ c, i })).filter(({ c }) => (k === maxFrequency ? c.frequency >= k : c.frequency === k));
          expect(b.customers).toBe(members.length);
          if (members.length === 0) expect([b.actual, b.predicted]).toEqual([null, null]);
          else {
            expect(b.actual).toBeCloseTo(members.reduce((sum, { i }) => sum + (s.holdout.columns.frequency[i] as number), 0) / members.length, 12);
            const mean = members.reduce((sum, { i }) => sum + (predicted[i] as number), 0) / members.length;
            expect(Math.abs((b.predicted as number) - mean)).toBeLessThan(1e-12 * Math.max(1, mean));
          }
        });
        const svg = chart.toSVG();
        expect(xmlProblems(svg)).toEqual([]);
        expect(cleanSvg(svg)).toBe(true);
        expect(calibrationHoldoutChart(fit, s, { maxFrequency }).toSVG()).toBe(svg);
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
