/**
 * survivalChart (issue 12, A2): Kaplan-Meier step curves with the band, censoring ticks, the median and a
 * number-at-risk table (lifelines' add_at_risk_counts). Worked examples: every plotted number is the fit's
 * own row, and the numbers at risk are counted by hand from the raw durations (subjects with duration > t,
 * lifelines' default) on the TSDoc example and on R's `aml` and `lung` data (test/models/_kaplanMeierReference.ts),
 * and agree with the fit's rows (atRisk − events − censored at a row's time). Then edges (no event, all
 * events at once, durations 0, huge times, weights, late entry, hostile labels), bad input, and properties
 * over random survival data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KaplanMeierFit, kaplanMeier, MetricError, survivalChart } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { rData } from '../models/_kaplanMeierReference.js';
import { HOSTILE_LABELS } from '../render/_fixtures.js';
import { xmlProblems } from '../render/_xml.js';

/** The TSDoc example of kaplanMeier: months to cancellation, 10 subscribers. */
const DOC = { durations: [1, 2, 2, 3, 4, 4, 5, 6, 8, 9], observed: [true, true, false, true, true, false, false, true, false, false] };

/** Subjects (sum of weights) with duration > t, counted from the raw data: lifelines' at-risk count. */
function beyond(durations: readonly number[], t: number, weights?: readonly number[]): number {
  return durations.reduce((sum, d, i) => sum + (d > t ? (weights?.[i] ?? 1) : 0), 0);
}

function expectClean(chart: ReturnType<typeof survivalChart>): void {
  const svg = chart.toSVG();
  expect(xmlProblems(svg)).toEqual([]);
  expect(svg).not.toMatch(/NaN|Infinity|undefined|null/);
  expect(JSON.stringify(chart.data)).not.toMatch(/NaN|Infinity/);
  expect(JSON.parse(JSON.stringify(chart.data))).toEqual(chart.data);
}

/** The group's curve, band, censoring and median against the fit's own table. */
function expectMatchesFit(group: ReturnType<typeof survivalChart>['data']['groups'][number], fit: KaplanMeierFit): void {
  expect(group.steps).toEqual([{ time: 0, survival: 1 }, ...fit.table.map((r) => ({ time: r.time, survival: r.survival }))]);
  expect(group.band).toEqual(fit.table.flatMap((r) => (r.lower === null || r.upper === null ? [] : [{ time: r.time, lower: r.lower, upper: r.upper }])));
  expect(group.censored).toEqual(fit.table.flatMap((r) => (r.censored > 0 ? [{ time: r.time, survival: r.survival, count: r.censored }] : [])));
  expect(group.median).toEqual(fit.median);
  expect(group.confidence).toBe(fit.confidence);
  expect(group.subjects).toBe(fit.subjects);
  expect(group.events).toBe(fit.events);
  // At a tick on a row's time, the count at the end of that period is the row's atRisk − events − censored.
  for (const cell of nonEmpty(group.atRisk)) {
    const row = fit.table.find((r) => r.time === cell.time);
    if (row !== undefined && fit.table[0]!.entered === undefined) expect(cell.atRisk).toBe(row.atRisk - row.events - row.censored);
    expect(cell.events).toBe(fit.table.filter((r) => r.time <= cell.time).reduce((s, r) => s + r.events, 0));
    expect(cell.censored).toBe(fit.table.filter((r) => r.time <= cell.time).reduce((s, r) => s + r.censored, 0));
  }
}

describe('survivalChart: worked examples', () => {
  it('A2: the TSDoc data: at risk at 0, 2, 4, 6, 8 is 10, 7, 4, 2, 1 (by hand: durations beyond t), events 0, 2, 4, 5, 5, censored 0, 1, 2, 3, 4', () => {
    const fit = kaplanMeier(DOC);
    const chart = survivalChart(fit, { timeLabel: 'months since signup' });
    const [group] = chart.data.groups;
    expect(chart.data.ticks).toEqual([0, 2, 4, 6, 8]);
    expect(chart.data.timeDomain).toEqual([0, 9]);
    expect(group!.atRisk).toEqual([
      { time: 0, atRisk: 10, events: 0, censored: 0 },
      { time: 2, atRisk: 7, events: 2, censored: 1 },
      { time: 4, atRisk: 4, events: 4, censored: 2 },
      { time: 6, atRisk: 2, events: 5, censored: 3 },
      { time: 8, atRisk: 1, events: 5, censored: 4 },
    ]);
    for (const cell of nonEmpty(group!.atRisk)) expect(cell.atRisk).toBe(beyond(DOC.durations, cell.time));
    expectMatchesFit(group!, fit);
    expect(group!.label).toBe('all');
    expect(group!.median.time).toBe(6);
    expect(chart.kind).toBe('survival');
    expect(chart.description).toContain('all (10 subjects, 5 events, median 6)');
    expectClean(chart);
  });

  it('A2: R\'s aml data, two arms: at risk at 0, 50, 100, 150 is 11, 1, 1, 1 (maintained) and 12, 0, 0, 0 (by hand), the rows as the fits\'', () => {
    const arm = (x: string) => {
      const idx = rData.amlX.flatMap((g, i) => (g === x ? [i] : []));
      return { durations: idx.map((i) => rData.amlTime[i]!), observed: idx.map((i) => rData.amlStatus[i]!) };
    };
    const maintained = arm('Maintained');
    const non = arm('Nonmaintained');
    const fits = [kaplanMeier(maintained), kaplanMeier(non)];
    const chart = survivalChart([{ label: 'Maintained', fit: fits[0]! }, { label: 'Nonmaintained', fit: fits[1]! }], { timeLabel: 'weeks' });
    expect(chart.data.ticks).toEqual([0, 50, 100, 150]);
    expect(chart.data.groups.map((g) => g.atRisk.map((c) => c.atRisk))).toEqual([[11, 1, 1, 1], [12, 0, 0, 0]]);
    chart.data.groups.forEach((g, i) => expectMatchesFit(g, fits[i]!));
    expect(chart.data.groups.map((g) => g.median.time)).toEqual([31, 23]);
    expect(chart.data.groups.map((g) => g.colour)).toEqual(['#0072B2', '#D55E00']);
    const svg = chart.toSVG();
    expect(svg).toContain('>Number at risk</text>');
    expect(svg).toContain('fill="#0072B2">Maintained</text>');
    expect(svg).toContain('fill="#D55E00">Nonmaintained</text>');
    expectClean(chart);
  });

  it('A2: R\'s lung data (228 subjects, ties): every at-risk count equals the hand count of durations beyond the tick', () => {
    const fit = kaplanMeier({ durations: rData.lungTime, observed: rData.lungStatus.map((s) => s === 2) });
    const chart = survivalChart(fit, { timeLabel: 'days' });
    expect(chart.data.ticks).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(chart.data.groups[0]!.atRisk.map((c) => c.atRisk)).toEqual(chart.data.ticks.map((t) => beyond(rData.lungTime, t)));
    expect(chart.data.groups[0]!.atRisk[0]!.atRisk).toBe(228);
    expectMatchesFit(chart.data.groups[0]!, fit);
    expectClean(chart);
  });

  it('A2: the SVG: title, desc, axis titles, legend (interval, censored, median), step path, band, ticks and dotted median', () => {
    const chart = survivalChart(kaplanMeier(DOC), { timeLabel: 'months since signup', title: 'Subscriber survival' });
    const svg = chart.toSVG();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640"')).toBe(true);
    expect(svg).toContain('<title>Subscriber survival</title>');
    expect(svg).toContain('>months since signup</text>');
    expect(svg).toContain('>survival probability</text>');
    expect(svg).toContain('>95% interval (log-log)</text>');
    expect(svg).toContain('>censored</text>');
    expect(svg).toContain('>median</text>');
    expect(svg).toContain('stroke-dasharray="2 3"');
    expect(svg).toContain('fill-opacity="0.16"');
    expect(svg).toContain('<title>all: 1 censored at 2</title>');
    expect(chart.description).toMatch(/^Kaplan-Meier estimate of the survival probability by months since signup, one group: /);
    expect(chart.toHTML().startsWith('<figure')).toBe(true);
  });

  it('A2: a bare array of fits gets group labels; a JSON copy of a fit draws the same chart', () => {
    const a = kaplanMeier(DOC);
    const b = kaplanMeier({ durations: [2, 3, 3, 7], observed: [1, 0, 1, 1] });
    const chart = survivalChart([a, b]);
    expect(chart.data.groups.map((g) => g.label)).toEqual(['group 1', 'group 2']);
    const copy = survivalChart(JSON.parse(JSON.stringify([a, b])) as KaplanMeierFit[]);
    expect(copy.toSVG()).toBe(chart.toSVG());
    expect(chart.data.timeLabel).toBe('time');
  });
});

describe('survivalChart: edges', () => {
  it('A2: no event (all censored): S stays 1, no band, median not reached, said in the description', () => {
    const chart = survivalChart(kaplanMeier({ durations: [3, 5, 8], observed: [0, 0, 0] }));
    const group = chart.data.groups[0]!;
    expect(nonEmpty(group.steps).every((s) => s.survival === 1)).toBe(true);
    expect(group.band).toEqual([]);
    expect(group.median.time).toBeNull();
    expect(chart.description).toContain('median not reached');
    expect(chart.toSVG()).not.toContain('>median</text>');
    expectClean(chart);
  });

  it('A2: everyone has the event at once: S falls to 0, no band there, the median at that time', () => {
    const chart = survivalChart(kaplanMeier({ durations: [4, 4, 4], observed: [1, 1, 1] }));
    expect(chart.data.groups[0]!.steps).toEqual([{ time: 0, survival: 1 }, { time: 4, survival: 0 }]);
    expect(chart.data.groups[0]!.band).toEqual([]);
    expect(chart.data.groups[0]!.median.time).toBe(4);
    expect(chart.data.groups[0]!.atRisk.map((c) => c.atRisk)).toEqual(chart.data.ticks.map((t) => beyond([4, 4, 4], t)));
    expectClean(chart);
  });

  it('A2: all durations 0, or a subnormal last time: the x axis is 0 to 1 and nothing is NaN', () => {
    const chart = survivalChart(kaplanMeier({ durations: [0, 0], observed: [1, 0] }));
    expect(chart.data.timeDomain).toEqual([0, 1]);
    expectClean(chart);
    // Found by the property below (seed 529297112): a last time of 5e-324 made the pixels per unit Infinity.
    const tiny = survivalChart(kaplanMeier({ durations: [0, 5e-324], observed: [0, 0] }));
    expect(tiny.data.timeDomain).toEqual([0, 1]);
    expectClean(tiny);
  });

  it('A2: huge times (1e300) stay finite; fractional weights give fractional counts at risk', () => {
    const huge = survivalChart(kaplanMeier({ durations: [1e300, 1.5e300, 1.7e308], observed: [1, 0, 1] }));
    expectClean(huge);
    expect(huge.data.ticks.length).toBeGreaterThan(1);
    const weights = [1.5, 0.25, 2, 1];
    const weighted = survivalChart(kaplanMeier({ durations: [1, 2, 3, 4], observed: [1, 0, 1, 1], weights }));
    expect(weighted.data.groups[0]!.atRisk.map((c) => c.atRisk)).toEqual(weighted.data.ticks.map((t) => beyond([1, 2, 3, 4], t, weights)));
    expect(weighted.toSVG()).toContain('>3.25</text>');
    expectClean(weighted);
  });

  it('A2: late entry: the count is the atRisk of the next row (entries between the tick and that row included)', () => {
    const fit = kaplanMeier({ durations: rData.lateEntryDuration, observed: rData.lateEntryStatus, entry: rData.lateEntryEntry });
    const chart = survivalChart(fit);
    for (const cell of nonEmpty(chart.data.groups[0]!.atRisk)) {
      const next = fit.table.find((r) => r.time > cell.time);
      expect(cell.atRisk).toBe(next?.atRisk ?? 0);
    }
    expectClean(chart);
  });

  it('A2: labels with markup and control characters, long labels and eight groups stay well-formed', () => {
    const fit = kaplanMeier(DOC);
    const groups = [...HOSTILE_LABELS, 'a very long group label that goes on and on'].map((label) => ({ label, fit }));
    const chart = survivalChart(groups, { title: '<b>&"\'</b>', timeLabel: '\u0001days\ud800' });
    expectClean(chart);
    expect(chart.data.groups[7]!.colour).toBe(chart.data.groups[0]!.colour);
    expect(chart.toSVG()).toContain('a very long group lab…');
  });

  it('A2: the fits are not changed and the chart is deterministic', () => {
    const plain = JSON.parse(JSON.stringify(kaplanMeier(DOC))) as KaplanMeierFit;
    const before = JSON.stringify(plain);
    const a = survivalChart(plain);
    expect(JSON.stringify(plain)).toBe(before);
    expect(survivalChart(plain).toSVG()).toBe(a.toSVG());
    expect(Object.isFrozen(a.data.groups[0]!.atRisk[0])).toBe(true);
  });
});

describe('survivalChart: bad input', () => {
  const fit = kaplanMeier(DOC);
  const plain = JSON.parse(JSON.stringify(fit)) as { table: { time: number; survival: number }[] };
  const cases: [string, () => unknown, RegExp][] = [
    ['not a fit', () => survivalChart({} as never), /^survivalChart: fits must be a Kaplan-Meier fit/],
    ['another model', () => survivalChart({ model: 'betaGeo', params: {} } as never), /^survivalChart: fits must be a Kaplan-Meier fit/],
    ['empty array', () => survivalChart([]), /^survivalChart: fits must be a Kaplan-Meier fit or a non-empty array/],
    ['bad entry in an array', () => survivalChart([fit, 3 as never]), /^survivalChart: fits\[1\] must be a Kaplan-Meier fit/],
    ['mixed labelled and bare', () => survivalChart([{ label: 'a', fit }, fit] as never), /^survivalChart: fits\[1\]\.model must be one of the known fields \(label, fit\)/],
    ['empty label', () => survivalChart([{ label: ' ', fit }]), /^survivalChart: fits\[0\]\.label must be a non-empty string/],
    ['repeated label', () => survivalChart([{ label: 'a', fit }, { label: 'a', fit }]), /^survivalChart: fits\[1\]\.label must be a label not used by another group/],
    ['unknown group key', () => survivalChart([{ label: 'a', fit, colour: 'red' }] as never), /^survivalChart: fits\[0\]\.colour must be one of the known fields/],
    ['empty table', () => survivalChart({ ...plain, table: [] } as never), /^survivalChart: fits\.table must be a non-empty array/],
    ['times not increasing', () => survivalChart({ ...plain, table: [plain.table[1], plain.table[0]] } as never), /^survivalChart: fits\.table\[1\]\.time must be a time > the previous row's/],
    ['survival rising', () => survivalChart({ ...plain, table: [plain.table[1], { ...plain.table[2], survival: 0.95 }] } as never), /^survivalChart: fits\.table\[1\]\.survival must be at most the previous row's/],
    ['NaN in a row', () => survivalChart({ ...plain, table: [{ ...plain.table[0], atRisk: Number.NaN }] } as never), /^survivalChart: fits\.table\[0\]\.atRisk must be a finite number/],
    ['bad median', () => survivalChart({ ...plain, median: { time: -1, lower: null, upper: null } } as never), /^survivalChart: fits\.median\.time must be null or a finite number >= 0/],
    ['unknown option', () => survivalChart(fit, { atRisk: false } as never), /^survivalChart: options\.atRisk must be one of the known fields/],
    ['timeLabel', () => survivalChart(fit, { timeLabel: 3 as never }), /^survivalChart: options\.timeLabel must be a string/],
    ['third argument', () => (survivalChart as (...a: unknown[]) => unknown)(fit, {}, {}), /^survivalChart: arguments must be at most 2/],
  ];
  for (const [name, call, message] of cases) {
    it(`A2: ${name} is a MetricError naming the field`, () => {
      expect(call).toThrowError(MetricError);
      expect(call).toThrowError(message);
    });
  }
});

describe('survivalChart: properties', () => {
  const data = fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.record({
      durations: fc.array(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 60, noNaN: true }), fc.constantFrom(5e-324, 1e-310, 1e300)), { minLength: n, maxLength: n }),
      observed: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      weights: fc.option(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: n, maxLength: n }), { nil: undefined }),
    }),
  );

  it('A2: over random survival data and 1-3 groups: well-formed, clean, the fit\'s rows, at risk = the hand count of durations beyond each tick, deterministic', () => {
    fc.assert(
      fc.property(fc.array(data, { minLength: 1, maxLength: 3 }), (sets) => {
        const fits = sets.map((set) => kaplanMeier({ durations: set.durations, observed: set.observed, ...(set.weights === undefined ? {} : { weights: set.weights }) }));
        const chart = survivalChart(fits.map((fit, i) => ({ label: `g${i}`, fit })));
        expectClean(chart);
        nonEmpty(chart.data.groups).forEach((group, i) => {
          expectMatchesFit(group, fits[i]!);
          const set = sets[i]!;
          for (const cell of nonEmpty(group.atRisk)) expect(cell.atRisk).toBeCloseTo(beyond(set.durations, cell.time, set.weights), 9);
        });
        const last = Math.max(...sets.flatMap((s) => s.durations));
        expect(nonEmpty(chart.data.ticks).every((t) => t >= 0 && t <= Math.max(1, last))).toBe(true);
        expect(survivalChart(fits.map((fit, i) => ({ label: `g${i}`, fit }))).toSVG()).toBe(chart.toSVG());
      }),
      fcOptions({ numRuns: 80 }),
    );
  });
});
