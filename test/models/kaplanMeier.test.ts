import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KaplanMeierFit, type KaplanMeierInput, kaplanMeier, survival } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { deepFreeze, expectMetricError } from '../arbitraries/exact.js';
import { type RCurve, R_VERSION, rCurves, rData } from './_kaplanMeierReference.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const FN = 'kaplanMeier';

/** |a − b| <= rel · max(|a|, |b|) (or both null). */
function close(actual: number | null | undefined, expected: number | null | undefined, rel: number): boolean {
  if (actual === null || expected === null || actual === undefined || expected === undefined) return actual === expected;
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected));
}

function expectColumnClose(label: string, actual: readonly (number | null | undefined)[], expected: readonly (number | null)[], rel: number): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((value, k) => expect(close(value, expected[k], rel), `${label}[${k}]: ${value} vs R ${expected[k]}`).toBe(true));
}

function column<K extends keyof KaplanMeierFit['table'][number]>(fit: KaplanMeierFit, key: K) {
  return fit.table.map((row) => row[key]);
}

/** Compares a fit to an R survfit curve: counts exactly, curve and interval to `rel`, median exactly. */
function expectMatchesR(fit: KaplanMeierFit, r: RCurve, rel = 1e-14): void {
  expect(column(fit, 'time')).toEqual(r.time);
  expectColumnClose('atRisk', column(fit, 'atRisk'), r.atRisk, 1e-14);
  expectColumnClose('events', column(fit, 'events'), r.events, 1e-14);
  expectColumnClose('censored', column(fit, 'censored'), r.censored, 1e-14);
  expectColumnClose('survival', column(fit, 'survival'), r.survival, rel);
  expectColumnClose('standardError', column(fit, 'standardError'), r.standardError, rel);
  expectColumnClose('lower', column(fit, 'lower'), r.lower, rel);
  expectColumnClose('upper', column(fit, 'upper'), r.upper, rel);
  expect([fit.median.time, fit.median.lower, fit.median.upper]).toEqual(r.median);
}

const aml: KaplanMeierInput = { durations: rData.amlTime, observed: rData.amlStatus };

describe('kaplanMeier: documenting examples', () => {
  it('ten subscriptions, months to cancellation: the TSDoc example', () => {
    const fit = kaplanMeier({
      durations: [1, 2, 2, 3, 4, 4, 5, 6, 8, 9],
      observed: [true, true, false, true, true, false, false, true, false, false],
    });
    expect(fit.model).toBe('kaplanMeier');
    expect(fit.table.map((row) => [row.time, row.atRisk, row.events, row.censored])).toEqual([
      [1, 10, 1, 0], [2, 9, 1, 1], [3, 7, 1, 0], [4, 6, 1, 1], [5, 4, 0, 1], [6, 3, 1, 0], [8, 2, 0, 1], [9, 1, 0, 1],
    ]);
    // S(3) = 9/10 · 8/9 · 6/7 = 24/35.
    expect(fit.table[2]?.survival).toBeCloseTo(24 / 35, 15);
    expect(fit.median).toEqual({ time: 6, lower: 1, upper: null });
    expect({ rows: fit.rows, subjects: fit.subjects, events: fit.events, confidence: fit.confidence, intervalType: fit.intervalType }).toEqual({
      rows: 10, subjects: 10, events: 5, confidence: 0.95, intervalType: 'log-log',
    });
    expectMatchesR(fit, rCurves.doc as RCurve);
  });

  it('customers observed only from when tracking began (late entry): those who joined before are at risk only after it', () => {
    // Tenure in months. Ann and Bob signed up before tracking began 6 months ago: they are counted from
    // tenure 6 on, since customers who churned before month 6 were never recorded (left truncation).
    const fit = kaplanMeier({
      durations: [2, 4, 4, 7, 9, 12],
      observed: [true, true, false, true, false, true],
      entry: [0, 0, 0, 6, 6, 0],
    });
    expect(fit.table.map((row) => [row.time, row.atRisk, row.entered])).toEqual([
      [2, 4, 4], [4, 3, 0], [7, 3, 2], [9, 2, 0], [12, 1, 0],
    ]);
    expect(fit.table.map((row) => row.survival)).toEqual([0.75, 0.5, 0.5 * (2 / 3), 0.5 * (2 / 3), 0]);
  });
});

describe(`kaplanMeier: golden values from R (${R_VERSION}), survfit(conf.type = "log-log"), relative tolerance 1e-14`, () => {
  it('aml, both arms (ties: 2 events at 5, 8 and 23; an event and a censoring at 13 and at 45)', () => {
    const fit = kaplanMeier(aml);
    expectMatchesR(fit, rCurves.aml as RCurve);
    expect(fit.table[4]).toMatchObject({ time: 13, atRisk: 17, events: 1, censored: 1 });
    expect(fit.median).toEqual({ time: 27, lower: 13, upper: 34 });
  });

  it('aml, maintained arm, and the non-maintained arm at confidence 0.90', () => {
    const arm = (x: string) => rData.amlX.flatMap((group, i) => (group === x ? [i] : []));
    const pick = (indices: number[]) => ({ durations: indices.map((i) => rData.amlTime[i] as number), observed: indices.map((i) => rData.amlStatus[i] as number) });
    expectMatchesR(kaplanMeier(pick(arm('Maintained'))), rCurves.amlMaintained as RCurve);
    const fit90 = kaplanMeier(pick(arm('Nonmaintained')), { confidence: 0.9 });
    expect(fit90.confidence).toBe(0.9);
    expectMatchesR(fit90, rCurves.amlNonmaintained90 as RCurve);
  });

  it('ovarian (26 patients, no ties)', () => {
    expectMatchesR(kaplanMeier({ durations: rData.ovarianTime, observed: rData.ovarianStatus }), rCurves.ovarian as RCurve);
  });

  it('lung (228 patients, 186 distinct times, status 2 = dead): median 310 days, 95% interval 284 to 361', () => {
    const fit = kaplanMeier({ durations: rData.lungTime, observed: rData.lungStatus.map((s) => s === 2) });
    expectMatchesR(fit, rCurves.lung as RCurve);
    expect(fit.table.length).toBe(186);
    expect(fit.median).toEqual({ time: 310, lower: 284, upper: 361 });
  });

  it('aml with fractional case weights (and a zero weight): Greenwood with weighted counts, R with robust = FALSE', () => {
    // R >= 3.0 uses a robust (infinitesimal jackknife) variance by default when weights are not integers;
    // robust = FALSE gives Greenwood's formula on the weighted counts, which this function computes.
    const fit = kaplanMeier({ ...aml, weights: rData.amlWeights });
    expectMatchesR(fit, rCurves.amlWeighted as RCurve);
    expect(fit.subjects).toBeCloseTo(33.5, 12);
  });

  it('late entry: survfit(Surv(entry, time, status) ~ 1), entries tied with event times (entry 2 and an event at 2)', () => {
    const fit = kaplanMeier({ durations: rData.lateEntryDuration, observed: rData.lateEntryStatus, entry: rData.lateEntryEntry });
    expectMatchesR(fit, rCurves.lateEntry as RCurve);
  });

  it('medians: S flat at exactly 0.5 from 3 to 5 -> 4 (midpoint); S ending at 0.5 -> 2 (print.survfit; quantile.survfit says 3)', () => {
    const flat = kaplanMeier({ durations: [1, 2, 3, 4, 5, 6], observed: [1, 1, 1, 0, 1, 1] });
    expectMatchesR(flat, rCurves.flatHalf as RCurve);
    expect(flat.median.time).toBe(4);
    const ends = kaplanMeier({ durations: [1, 2, 3, 4], observed: [1, 1, 0, 0] });
    expectMatchesR(ends, rCurves.endsAtHalf as RCurve);
    expect(ends.median.time).toBe(2);
    expect(rCurves.endsAtHalf?.quantileMedian[0]).toBe(3);
  });

  it('everyone dies: S reaches 0, where the standard error and the interval are null (R: NaN and NA)', () => {
    const fit = kaplanMeier({ durations: [1, 2, 3], observed: [1, 1, 1] });
    expectMatchesR(fit, rCurves.allDie as RCurve);
    expect(fit.table[2]).toEqual({ time: 3, atRisk: 1, events: 1, censored: 0, survival: 0, standardError: null, lower: null, upper: null });
  });
});

describe('kaplanMeier: published R output, the survival package\'s own tests/doaml.Rout.save (R 2.11.1), to the printed digits', () => {
  // summary(survfit(Surv(aml$time, aml$status) ~ aml$x)): time, n.risk, n.event, survival, std.err.
  // (Its interval columns are R's default conf.type = "log", not the log-log interval computed here.)
  const published: Record<string, readonly (readonly [number, number, number, string, string])[]> = {
    Maintained: [
      [9, 11, 1, '0.909', '0.0867'], [13, 10, 1, '0.818', '0.1163'], [18, 8, 1, '0.716', '0.1397'], [23, 7, 1, '0.614', '0.1526'],
      [31, 5, 1, '0.491', '0.1642'], [34, 4, 1, '0.368', '0.1627'], [48, 2, 1, '0.184', '0.1535'],
    ],
    Nonmaintained: [
      [5, 12, 2, '0.8333', '0.1076'], [8, 10, 2, '0.6667', '0.1361'], [12, 8, 1, '0.5833', '0.1423'], [23, 6, 1, '0.4861', '0.1481'],
      [27, 5, 1, '0.3889', '0.1470'], [30, 4, 1, '0.2917', '0.1387'], [33, 3, 1, '0.1944', '0.1219'], [43, 2, 1, '0.0972', '0.0919'],
    ],
  };
  const halfUnit = (printed: string) => 0.5 * 10 ** -(printed.split('.')[1]?.length ?? 0) + 1e-12;
  it.each(Object.keys(published))('%s arm: survival and std.err at each event time', (x) => {
    const indices = rData.amlX.flatMap((group, i) => (group === x ? [i] : []));
    const fit = kaplanMeier({ durations: indices.map((i) => rData.amlTime[i] as number), observed: indices.map((i) => rData.amlStatus[i] as number) });
    for (const [time, atRisk, events, s, se] of nonEmpty(published[x] ?? [])) {
      const row = fit.table.find((r) => r.time === time);
      expect(row).toMatchObject({ atRisk, events });
      expect(Math.abs((row?.survival ?? NaN) - Number(s))).toBeLessThanOrEqual(halfUnit(s));
      expect(Math.abs((row?.standardError ?? NaN) - Number(se))).toBeLessThanOrEqual(halfUnit(se));
    }
  });
});

describe('kaplanMeier: late entry computed by hand', () => {
  // Five subjects (entry, duration, event?): A (0, 2, yes), B (0, 5, no), C (1, 3, yes), D (2, 4, yes), E (3, 6, yes).
  // At risk at t means entry < t <= duration:
  //   t = 2: A, B, C (D enters at 2, so it is not yet at risk at 2)  n = 3, d = 1  S = 2/3
  //   t = 3: B, C, D (E enters at 3)                                   n = 3, d = 1  S = 4/9
  //   t = 4: B, D, E                                                   n = 3, d = 1  S = 8/27
  //   t = 5: B, E (B censored)                                         n = 2, d = 0  S = 8/27
  //   t = 6: E                                                         n = 1, d = 1  S = 0
  // Greenwood: Σ d / (n (n − d)) = 1/6 at 2, 1/3 at 3, 1/2 at 4 and 5; SE = S √Σ. Median: S(3) = 4/9 <= 0.5 -> 3.
  // Ignoring the entry times would give S(2) = 4/5: the left-truncated subjects would be counted as at
  // risk before they were observed.
  const input = { durations: [2, 5, 3, 4, 6], observed: [1, 0, 1, 1, 1], entry: [0, 0, 1, 2, 3] };
  const fit = kaplanMeier(input);

  it('risk sets, entries and survival', () => {
    expect(fit.table.map((r) => [r.time, r.atRisk, r.events, r.censored, r.entered])).toEqual([
      [2, 3, 1, 0, 3], [3, 3, 1, 0, 1], [4, 3, 1, 0, 1], [5, 2, 0, 1, 0], [6, 1, 1, 0, 0],
    ]);
    const expected = [2 / 3, 4 / 9, 8 / 27, 8 / 27, 0];
    nonEmpty(fit.table).forEach((row, k) => expect(row.survival).toBeCloseTo(expected[k] as number, 15));
  });

  it('Greenwood standard errors, the log-log interval formula, and the median', () => {
    const sums = [1 / 6, 1 / 3, 1 / 2, 1 / 2];
    const z = 1.959963984540054;
    sums.forEach((sum, k) => {
      const row = fit.table[k];
      if (row === undefined) throw new Error('row');
      expect(row.standardError).toBeCloseTo(row.survival * Math.sqrt(sum), 15);
      const spread = (z * Math.sqrt(sum)) / -Math.log(row.survival);
      expect(row.lower).toBeCloseTo(row.survival ** Math.exp(spread), 14);
      expect(row.upper).toBeCloseTo(row.survival ** Math.exp(-spread), 14);
    });
    expect(fit.table[4]).toMatchObject({ survival: 0, standardError: null, lower: null, upper: null });
    expect(fit.median.time).toBe(3);
  });

  it('atRisk = previous atRisk − previous events − previous censored + entered, on every row', () => {
    nonEmpty(fit.table).forEach((row, k) => {
      const previous = fit.table[k - 1];
      const carried = previous === undefined ? 0 : previous.atRisk - previous.events - previous.censored;
      expect(row.atRisk).toBe(carried + (row.entered ?? NaN));
    });
  });
});

describe('kaplanMeier: edge cases', () => {
  it('all censored: S = 1, standard error 0, interval and median null', () => {
    const fit = kaplanMeier({ durations: [3, 5, 5], observed: [false, false, false] });
    expect(fit.table).toEqual([
      { time: 3, atRisk: 3, events: 0, censored: 1, survival: 1, standardError: 0, lower: null, upper: null },
      { time: 5, atRisk: 2, events: 0, censored: 2, survival: 1, standardError: 0, lower: null, upper: null },
    ]);
    expect(fit.median).toEqual({ time: null, lower: null, upper: null });
    expect(fit.events).toBe(0);
  });

  it('one subject with an event; durations of 0 are allowed', () => {
    expect(kaplanMeier({ durations: [4], observed: [1] }).median).toEqual({ time: 4, lower: null, upper: null });
    const fit = kaplanMeier({ durations: [0, 0, 1, 2], observed: [1, 0, 1, 0] });
    expect(fit.table[0]).toMatchObject({ time: 0, atRisk: 4, events: 1, censored: 1, survival: 0.75 });
  });

  it('events at t come before censorings at t: the censored are in the risk set', () => {
    const fit = kaplanMeier({ durations: [5, 5, 5, 9], observed: [1, 0, 0, 1] });
    expect(fit.table[0]).toMatchObject({ atRisk: 4, events: 1, censored: 2, survival: 0.75 });
  });

  it('zero-weight rows still make rows (as in R) but change nothing else', () => {
    const weighted = kaplanMeier({ durations: [1, 2, 3, 4], observed: [1, 1, 0, 1], weights: [2, 0, 1, 1] });
    const dropped = kaplanMeier({ durations: [1, 3, 4], observed: [1, 0, 1], weights: [2, 1, 1] });
    expect(weighted.table.map((r) => r.time)).toEqual([1, 2, 3, 4]);
    expect(weighted.table[1]).toMatchObject({ atRisk: 2, events: 0, censored: 0, survival: 0.5 });
    expect(weighted.table.filter((r) => r.time !== 2)).toEqual(dropped.table);
    expect(weighted.median).toEqual(dropped.median);
    expect([weighted.rows, weighted.subjects, dropped.subjects]).toEqual([4, 4, 4]);
  });

  it('accepts typed arrays and 0/1 flags; the order of the rows does not matter', () => {
    const fromArrays = kaplanMeier({ durations: [4, 1, 3, 2], observed: [true, false, true, true] });
    const fromTyped = kaplanMeier({ durations: Float64Array.of(1, 2, 3, 4), observed: Uint8Array.of(0, 1, 1, 1) });
    expect(fromTyped).toEqual(fromArrays);
  });

  it('the fit is frozen, plain JSON, and the input is not mutated', () => {
    const input = deepFreeze({ durations: [1, 2, 2, 3], observed: [1, 0, 1, 1], entry: [0, 0, 0.5, 1], weights: [1, 2, 1, 1] });
    const fit = kaplanMeier(input);
    expect(Object.isFrozen(fit) && Object.isFrozen(fit.table) && Object.isFrozen(fit.median) && nonEmpty(fit.table).every(Object.isFrozen)).toBe(true);
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
    expect(survival(JSON.parse(JSON.stringify(fit)) as KaplanMeierFit, 2.5)).toBe(survival(fit, 2.5));
  });
});

describe('kaplanMeier: bad input', () => {
  const call = (input: unknown, options?: unknown) => () => kaplanMeier(input as KaplanMeierInput, options as never);
  it.each([
    ['input', null, 'INVALID_INPUT'],
    ['durations', { observed: [1] }, 'INVALID_INPUT'],
    ['durations', { durations: '1,2', observed: [1] }, 'INVALID_INPUT'],
    ['durations', { durations: [], observed: [] }, 'EMPTY_POPULATION'],
    ['durations[1]', { durations: [1, -1], observed: [1, 1] }, 'INVALID_INPUT'],
    ['durations[0]', { durations: [NaN], observed: [1] }, 'INVALID_INPUT'],
    ['durations[0]', { durations: ['3'], observed: [1] }, 'INVALID_INPUT'],
    ['durations[0]', { durations: [Infinity], observed: [1] }, 'INVALID_INPUT'],
    ['observed', { durations: [1, 2] }, 'INVALID_INPUT'],
    ['observed', { durations: [1, 2], observed: [1] }, 'INCONSISTENT_INPUT'],
    ['observed[1]', { durations: [1, 2], observed: [1, 2] }, 'INVALID_INPUT'],
    ['observed[0]', { durations: [1], observed: ['yes'] }, 'INVALID_INPUT'],
    ['observed[0]', { durations: [1], observed: [null] }, 'INVALID_INPUT'],
    ['entry', { durations: [1, 2], observed: [1, 1], entry: [0] }, 'INCONSISTENT_INPUT'],
    ['entry[1]', { durations: [1, 2], observed: [1, 1], entry: [0, 2] }, 'INCONSISTENT_INPUT'],
    ['entry[0]', { durations: [1], observed: [1], entry: [-0.5] }, 'INVALID_INPUT'],
    ['weights[0]', { durations: [1], observed: [1], weights: [-1] }, 'INVALID_INPUT'],
    ['weights[0]', { durations: [1], observed: [1], weights: [NaN] }, 'INVALID_INPUT'],
    ['weights[0]', { durations: [1], observed: [1], weights: [1e-200] }, 'INVALID_INPUT'],
    ['weights', { durations: [1, 2], observed: [1, 1], weights: [1] }, 'INCONSISTENT_INPUT'],
    ['weights', { durations: [1, 2], observed: [1, 1], weights: [0, 0] }, 'EMPTY_POPULATION'],
    ['weight', { durations: [1], observed: [1], weight: [1] }, 'INVALID_INPUT'],
  ] as const)('%s: %j -> %s', (field, input, code) => {
    expectMetricError(call(input), { fn: FN, field, code });
  });

  it('messages name the index, the rule and the value', () => {
    expectMetricError(call({ durations: [1, 2], observed: [1, 1], entry: [0, 2] }), {
      fn: FN, field: 'entry[1]', code: 'INCONSISTENT_INPUT', rule: '< durations[1] (2): a subject enters the risk set strictly before its event or censoring', received: '2',
    });
    expectMetricError(call({ durations: [1, -1], observed: [1, 1] }), { fn: FN, field: 'durations[1]', code: 'INVALID_INPUT', rule: 'a finite number >= 0', received: '-1' });
  });

  it('options: confidence in (0, 1), no unknown keys, no third argument', () => {
    for (const confidence of [0, 1, NaN, '0.9']) expectMetricError(call(aml, { confidence }), { fn: FN, field: 'options.confidence', code: 'INVALID_INPUT' });
    expectMetricError(call(aml, { conf: 0.9 }), { fn: FN, field: 'options.conf', code: 'INVALID_INPUT' });
    expectMetricError(() => (kaplanMeier as (...args: unknown[]) => unknown)(aml, {}, {}), { fn: FN, field: 'arguments', code: 'INVALID_INPUT' });
  });
});

describe('kaplanMeier: properties', () => {
  const subject = fc.record({
    duration: fc.integer({ min: 0, max: 12 }),
    observed: fc.boolean(),
    lag: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    weight: fc.integer({ min: 0, max: 4 }),
  });
  const subjects = fc.array(subject, { minLength: 1, maxLength: 40 });
  const toInput = (rows: readonly { duration: number; observed: boolean; lag?: number | undefined; weight: number }[], options: { entry?: boolean; weights?: boolean } = {}) => ({
    durations: rows.map((r) => r.duration + (options.entry ? 1 : 0)),
    observed: rows.map((r) => r.observed),
    ...(options.entry ? { entry: rows.map((r) => Math.max(0, r.duration + 1 - (r.lag ?? r.duration + 1))) } : {}),
    ...(options.weights ? { weights: rows.map((r) => r.weight) } : {}),
  });

  it('S is non-increasing and in [0, 1]; lower <= S <= upper; the standard error is >= 0 (with late entry and weights)', () => {
    fc.assert(
      fc.property(subjects, fc.boolean(), fc.boolean(), (rows, entry, weights) => {
        fc.pre(!weights || rows.some((r) => r.weight > 0));
        const fit = kaplanMeier(toInput(rows, { entry, weights }));
        let previous = 1;
        for (const row of nonEmpty(fit.table)) {
          expect(row.survival).toBeGreaterThanOrEqual(0);
          expect(row.survival).toBeLessThanOrEqual(previous);
          previous = row.survival;
          if (row.lower !== null && row.upper !== null) {
            expect(row.lower).toBeGreaterThanOrEqual(0);
            expect(row.lower).toBeLessThanOrEqual(row.survival);
            expect(row.upper).toBeGreaterThanOrEqual(row.survival);
            expect(row.upper).toBeLessThanOrEqual(1);
          }
          if (row.standardError !== null) expect(row.standardError).toBeGreaterThanOrEqual(0);
        }
        const times = fit.table.map((r) => r.time);
        const grid = [0, ...times, ...times.map((t) => t + 0.5)].sort((a, b) => a - b);
        const values = survival(fit, grid);
        values.forEach((s, k) => k > 0 && expect(s).toBeLessThanOrEqual(values[k - 1] as number));
      }),
      fcOptions(),
    );
  });

  it('integer weights w give the fit of the rows repeated w times (counts, curve, variance, interval, median)', () => {
    fc.assert(
      fc.property(subjects, fc.boolean(), (rows, entry) => {
        fc.pre(rows.some((r) => r.weight > 0));
        const weighted = kaplanMeier(toInput(rows, { entry, weights: true }));
        const expanded = kaplanMeier(toInput(rows.flatMap((r) => Array.from({ length: r.weight }, () => r)), { entry }));
        const present = weighted.table.filter((row) => expanded.table.some((e) => e.time === row.time));
        expect(present.length).toBe(expanded.table.length);
        present.forEach((row, k) => {
          const e = expanded.table[k];
          expect([row.time, row.atRisk, row.events, row.censored]).toEqual([e?.time, e?.atRisk, e?.events, e?.censored]);
          // Zero-weight rows make rows of their own, which split the entries between rows differently.
          if (present.length === weighted.table.length) expect(row.entered).toBe(e?.entered);
          for (const key of ['survival', 'standardError', 'lower', 'upper'] as const) {
            expect(close(row[key], e?.[key] ?? null, 1e-12), `${key} at ${row.time}`).toBe(true);
          }
        });
        expect(weighted.median).toEqual(expanded.median);
        expect(weighted.subjects).toBe(expanded.rows);
      }),
      fcOptions(),
    );
  });

  it('without censoring or late entry, S(t) is exactly the share of durations > t', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 60 }), fc.array(fc.double({ min: 0, max: 35, noNaN: true }), { maxLength: 10 }), (durations, ts) => {
        const fit = kaplanMeier({ durations, observed: durations.map(() => true) });
        const share = (t: number) => durations.filter((d) => d > t).length / durations.length;
        for (const row of nonEmpty(fit.table)) expect(row.survival).toBe(share(row.time));
        for (const t of ts) expect(survival(fit, t)).toBe(share(t));
      }),
      fcOptions(),
    );
  });

  it('equal weights c leave S unchanged and divide the Greenwood variance by c (the survival package\'s doaml test)', () => {
    fc.assert(
      fc.property(subjects, fc.integer({ min: 2, max: 5 }), (rows, c) => {
        const plain = kaplanMeier(toInput(rows));
        const scaled = kaplanMeier({ ...toInput(rows), weights: rows.map(() => c) });
        nonEmpty(plain.table).forEach((row, k) => {
          const other = scaled.table[k];
          expect(close(other?.survival, row.survival, 1e-14)).toBe(true);
          if (row.standardError !== null) expect(close((other?.standardError ?? NaN) ** 2 * c, row.standardError ** 2, 1e-12)).toBe(true);
        });
      }),
      fcOptions(),
    );
  });

  it('entry 0 for every subject (durations > 0) is the same as no entry', () => {
    fc.assert(
      fc.property(subjects, (rows) => {
        const input = toInput(rows.map((r) => ({ ...r, duration: r.duration + 1 })));
        const withEntry = kaplanMeier({ ...input, entry: input.durations.map(() => 0) });
        const { table, ...rest } = kaplanMeier(input);
        expect({ ...withEntry, table: withEntry.table.map(({ entered: _entered, ...row }) => row) }).toEqual({ ...rest, table });
      }),
      fcOptions(),
    );
  });
});
