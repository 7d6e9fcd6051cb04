/**
 * cumulativeTransactionsChart (issue 12, C3 and C4): the tracking plot of Fader, Hardie & Lee (2005) figure 3
 * and Fader & Hardie's note on cumulative / incremental tracking plots (lifetimes' plot_cumulative_transactions
 * and plot_incremental_transactions). Worked examples on the CDNOW sample (the actual line tallied here from
 * the raw rows; the expected line an independent evaluation of FHL eq. 9 per customer), the SVG, edges, bad
 * options, and properties over random purchases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cumulativeTransactionsChart, expectedPurchasesNewCustomer, type MetricErrorCode, rfmSummary } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { mayBeEmpty, nonEmpty } from '../arbitraries/nonEmpty.js';
import { cdnowSampleColumns, cdnowSampleEvents } from '../models/_cdnow.js';
import { xmlProblems } from '../render/_xml.js';
import { cdnowDays, cleanSvg, FHL_PARAMS, floatExpectedNew, purchasesArb } from './_fitCheck.js';
import { deepFrozen, fitArb } from './_matrix.js';

const fhl = { model: 'betaGeo', params: FHL_PARAMS, timeUnit: 'week' } as const;
const CDNOW = { period: 'day', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' } as const;

describe('cumulativeTransactionsChart: worked examples (CDNOW, FHL 2005 figure 3)', () => {
  const events = cdnowSampleEvents();
  const chart = cumulativeTransactionsChart(fhl, events, CDNOW);
  const days = cdnowDays();

  it('C3: 78 weekly points from 1997-01-01, calibration ending after week 39; the actual line is the raw rows\' repeat purchase days, week by week (exact)', () => {
    expect(chart.data.points).toHaveLength(78);
    expect(chart.data.points.map((p) => p.t)).toEqual(Array.from({ length: 78 }, (_, i) => i + 1));
    expect(chart.data.origin).toBe('1997-01-01T00:00:00.000Z');
    expect(chart.data.calibrationEnd).toBe(39);
    expect(chart.data.observationEnd).toBe(78);
    expect(chart.data.customers).toBe(2357);
    const weekly = new Array<number>(78).fill(0);
    for (const list of days.values()) for (const d of list.slice(1)) if (d <= 545) weekly[Math.floor(d / 7)] = (weekly[Math.floor(d / 7)] as number) + 1;
    let running = 0;
    chart.data.points.forEach((p, w) => {
      running += weekly[w] as number;
      expect(p.actual, `week ${w + 1}`).toBe(running);
    });
  });

  it('C3: the calibration total is the 2,457 repeat transactions of FHL\'s calibration data (Σx of the CDNOW summary, test/fixtures/README.md) and the 78-week total 4,339 (1,882 in the holdout, pinned from the data)', () => {
    expect(chart.data.points[38]?.actual).toBe(2457);
    expect(chart.data.points[77]?.actual).toBe(4339);
    expect(chart.data.repeatTransactions).toBe(4339);
  });

  it('C3: the expected line is Σ over the 2,357 customers of E[X(t − t0_i)], FHL eq. 9 evaluated independently per customer, to 1e-9 relative', () => {
    const memo = new Map<number, number>();
    const e = (sevenths: number): number => {
      let v = memo.get(sevenths);
      if (v === undefined) memo.set(sevenths, (v = floatExpectedNew(FHL_PARAMS, sevenths / 7)));
      return v;
    };
    for (const w of [1, 5, 13, 26, 39, 52, 65, 78]) {
      let reference = 0;
      for (const list of days.values()) reference += e(Math.max(0, 7 * w - (list[0] as number)));
      const point = chart.data.points[w - 1] as { expected: number };
      expect(Math.abs(point.expected - reference) / Math.max(1, reference), `week ${w}`).toBeLessThan(1e-9);
    }
  });

  it('C3: the model tracks the data as in FHL figure 3 (within 3% at the calibration end, 5% at week 78)', () => {
    const at = (w: number) => chart.data.points[w - 1] as { actual: number; expected: number };
    expect(Math.abs(at(39).expected - at(39).actual) / at(39).actual).toBeLessThan(0.03);
    expect(Math.abs(at(78).expected - at(78).actual) / at(78).actual).toBeLessThan(0.05);
  });

  it('C3: incremental: per-week counts whose running sums are the cumulative points; columns give the same chart as objects', () => {
    const weekly = cumulativeTransactionsChart(fhl, events, { ...CDNOW, incremental: true });
    expect(weekly.data.incremental).toBe(true);
    let actual = 0;
    let expected = 0;
    nonEmpty(weekly.data.points).forEach((p, i) => {
      actual += p.actual;
      expected += p.expected;
      expect(actual).toBe(chart.data.points[i]?.actual);
      expect(expected).toBeCloseTo(chart.data.points[i]?.expected as number, 8);
    });
    expect(weekly.title).toBe('Repeat transactions per week: actual vs BG/NBD');
    expect(cumulativeTransactionsChart(fhl, cdnowSampleColumns(), CDNOW).data).toEqual(chart.data);
  });

  it('C3: the SVG: well formed, title, description, axis titles, legend, the calibration end marked', () => {
    const svg = chart.toSVG();
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('<title>Cumulative repeat transactions: actual vs BG/NBD</title>');
    expect(svg).toContain('<desc>Cumulative repeat transactions of 2,357 customers over 78 weeks since 1997-01-01');
    expect(svg).toContain('>Weeks since 1997-01-01</text>');
    expect(svg).toContain('>Cumulative repeat transactions</text>');
    expect(svg).toContain('>end of calibration</text>');
    expect(svg).toContain('stroke-dasharray="3 3"');
    expect(cleanSvg(svg)).toBe(true);
    expect(chart.kind).toBe('cumulativeTransactions');
  });
});

describe('cumulativeTransactionsChart: edges', () => {
  const base = { period: 'day', calibrationEnd: '2024-01-14', observationEnd: '2024-01-28' } as const;

  it('C3: no purchase: an empty plot that says so', () => {
    const chart = cumulativeTransactionsChart(fhl, [], base);
    expect(chart.data.points).toEqual([]);
    expect(chart.data.origin).toBeNull();
    expect(chart.description).toContain('nothing to plot');
    expect(chart.toSVG()).toContain('No purchases to track');
    expect(xmlProblems(chart.toSVG())).toEqual([]);
  });

  it('C3: one customer with one purchase: zero actual, zero expected at the first step, finite', () => {
    const chart = cumulativeTransactionsChart(fhl, [{ customerId: 'a', timestamp: '2024-01-01' }], base);
    expect(chart.data.points.map((p) => p.actual)).toEqual([0, 0, 0, 0]);
    expect(chart.data.points[3]?.expected).toBe(expectedPurchasesNewCustomer(fhl, { t: 4 }));
  });

  it('C3: the same day twice is one purchase (rfmSummary\'s rule); purchases after the observation end are left out', () => {
    const chart = cumulativeTransactionsChart(fhl, [
      { customerId: 'a', timestamp: '2024-01-01T08:00:00Z' },
      { customerId: 'a', timestamp: '2024-01-03T08:00:00Z' },
      { customerId: 'a', timestamp: '2024-01-03T20:00:00Z' },
      { customerId: 'a', timestamp: '2024-02-20' },
    ], base);
    expect(chart.data.repeatTransactions).toBe(1);
  });

  it('C3: monthly grain in months; the time unit defaults to the fit\'s', () => {
    const monthly = { ...fhl, timeUnit: 'month' } as const;
    const chart = cumulativeTransactionsChart(monthly, [
      { customerId: 'a', timestamp: '2024-01-05' },
      { customerId: 'a', timestamp: '2024-03-05' },
      { customerId: 'b', timestamp: '2024-02-05' },
      { customerId: 'b', timestamp: '2024-05-05' },
    ], { period: 'month', calibrationEnd: '2024-03-31', observationEnd: '2024-06-30' });
    expect(chart.data.timeUnit).toBe('month');
    expect(chart.data.points.map((p) => p.actual)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(chart.data.calibrationEnd).toBe(3);
  });

  it('C3: a tracking plot longer than 100,000 steps is refused, not drawn', () => {
    expect(() => cumulativeTransactionsChart({ ...fhl, timeUnit: 'day' }, [{ customerId: 'a', timestamp: '1800-01-01' }], { period: 'day', calibrationEnd: '1900-01-01', observationEnd: '2200-01-01' })).toThrow(/at most 100,000 days/);
  });

  it('C3: bad options are MetricErrors naming the field', () => {
    const bad = (options: unknown, field: string, code: MetricErrorCode = 'INVALID_INPUT', fit: object = fhl) =>
      expectMetricError(() => cumulativeTransactionsChart(fit as never, [], options as never), { fn: 'cumulativeTransactionsChart', code, field });
    bad({ ...base, timeUnit: 'day' }, 'options.timeUnit', 'INCONSISTENT_INPUT');
    bad({ ...base, period: 'week', calibrationEnd: '2024-01-14', observationEnd: '2024-01-13' }, 'options.observationEnd', 'INCONSISTENT_INPUT');
    bad({ ...base, incremental: 'yes' }, 'options.incremental');
    bad({ ...base, colour: 'red' }, 'options.colour');
    bad({ period: 'day', calibrationEnd: '2024-01-14' }, 'options.observationEnd');
    bad({ ...base, timeZone: 'Nope/Zone' }, 'options.timeZone');
    bad(undefined, 'options');
    bad(base, 'fit.model', 'INVALID_INPUT', { model: 'betaGeoBetaBinom', params: {} });
    // The fit states no unit: the period's unit is taken, and a mismatch cannot be detected.
    expect(cumulativeTransactionsChart({ model: 'betaGeo', params: FHL_PARAMS }, [], base).data.timeUnit).toBe('day');
  });
});

describe('cumulativeTransactionsChart: properties', () => {
  const options = { period: 'day', timeUnit: 'day', calibrationEnd: '2024-02-29', observationEnd: '2024-04-30' } as const;

  it('C4: over random purchases and fits: the calibration-end point is Σ rfmSummary frequency, the last point every repeat purchase day, increments add up, expected is Σ E[X(t − t0_i)] and non-decreasing; SVG well formed, deterministic; input untouched', () => {
    fc.assert(
      fc.property(fitArb, purchasesArb, (fit, purchases) => {
        const frozen = deepFrozen(purchases.map((p) => ({ ...p })));
        const cumulative = cumulativeTransactionsChart(fit, frozen, options);
        const perStep = cumulativeTransactionsChart(fit, frozen, { ...options, incremental: true });
        const byCustomer = new Map<string, Set<number>>();
        for (const p of purchases) {
          const day = Math.floor(p.timestamp / 86_400_000);
          if (!byCustomer.has(p.customerId)) byCustomer.set(p.customerId, new Set());
          byCustomer.get(p.customerId)?.add(day);
        }
        const repeats = [...byCustomer.values()].reduce((sum, set) => sum + set.size - 1, 0);
        const points = cumulative.data.points;
        if (purchases.length === 0) expect(points).toEqual([]);
        else {
          expect(points[points.length - 1]?.actual).toBe(repeats);
          const calibration = rfmSummary(frozen, { period: 'day', calibrationEnd: options.calibrationEnd });
          const calPoint = points.find((p) => p.t === cumulative.data.calibrationEnd);
          if (cumulative.data.calibrationEnd >= 1) expect(calPoint?.actual).toBe(calibration.columns.frequency.reduce((s, f) => s + f, 0));
          const firsts = [...byCustomer.values()].map((set) => Math.min(...set));
          const origin = Math.min(...firsts);
          const last = points[points.length - 1] as { t: number; expected: number };
          const direct = firsts.reduce((sum, d) => sum + (d - origin < last.t ? expectedPurchasesNewCustomer(fit, { t: last.t - (d - origin) }) : 0), 0);
          expect(Math.abs(last.expected - direct)).toBeLessThan(1e-9 * Math.max(1, direct));
        }
        let actual = 0;
        let expected = 0;
        mayBeEmpty(perStep.data.points).forEach((p, i) => {
          actual += p.actual;
          expected += p.expected;
          expect(actual).toBe(points[i]?.actual);
          expect(Math.abs(expected - (points[i]?.expected as number))).toBeLessThan(1e-9 * Math.max(1, expected));
          // Non-decreasing up to the last bits of E[X(t)] near its ceiling (Pareto/NBD with large s).
          if (i > 0) expect(points[i]?.expected).toBeGreaterThanOrEqual((points[i - 1]?.expected as number) * (1 - 1e-12));
        });
        for (const chart of [cumulative, perStep]) {
          const svg = chart.toSVG();
          expect(xmlProblems(svg)).toEqual([]);
          expect(cleanSvg(svg)).toBe(true);
        }
        expect(cumulativeTransactionsChart(fit, frozen, options).toSVG()).toBe(cumulative.toSVG());
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
