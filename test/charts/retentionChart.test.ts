/**
 * retentionChart (issue 12, A1): retention curves by offset, one line per cohort, with the table's own
 * weighted mean and its Wilson band. Worked examples (every plotted number equals the table's methods,
 * cell by cell: retention(), counts(), incomplete(), mean({ weighting: 'weighted' }) and Rate.interval),
 * the sample data of examples/ (default of the last 12 cohorts), then edges (empty table, one cell, a view
 * without mean, huge counts, hostile labels), bad options, and properties over random event sets.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortTable, type CohortTableView, MetricError, Rate, retentionChart } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { mayBeEmpty, nonEmpty } from '../arbitraries/nonEmpty.js';
import { eventsArb } from '../arbitraries/events.js';
import { bracketTable, emptyTable, HOSTILE_LABELS, smallTable } from '../render/_fixtures.js';
import { xmlProblems } from '../render/_xml.js';

/** The sample events of examples/data, monthly cohorts of first purchases, 2023-01 to 2024-12. */
function sampleTable(): CohortTable {
  const csv = readFileSync(new URL('../../examples/data/events.csv', import.meta.url), 'utf8');
  const lines = csv.trim().split('\n').slice(1);
  const builder = new CohortBuilder({ period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' });
  builder.addAll(lines.map((line) => {
    const [customerId, timestamp, , event] = line.split(',');
    return { customerId: customerId!, timestamp: timestamp!, event: event! };
  }));
  return builder.build({ from: '2023-01-01', to: '2024-12-15' });
}

/** Every point of the chart against the table's own methods, cell by cell (and nothing left out). */
function expectMatchesTable(table: CohortTable, chart: ReturnType<typeof retentionChart>, confidence = 0.95, startOffset = 0): void {
  const counts = table.counts();
  const retention = table.retention();
  const incomplete = table.incomplete();
  const labels = table.cohorts.map((c) => c.label);
  // The cohorts drawn may be none (a startOffset past the table); the mean below is compared whole.
  for (const cohort of mayBeEmpty(chart.data.cohorts)) {
    const i = labels.indexOf(cohort.label);
    expect(cohort.size).toBe(table.cohorts[i]!.size);
    const expected = table.columns.flatMap((offset, k) => (counts[i]![k] === null || offset < startOffset ? [] : [{ offset, retention: retention[i]![k]?.toNumber() ?? null, retained: counts[i]![k], incomplete: incomplete[i]![k] }]));
    expect(cohort.points).toEqual(expected);
  }
  const mean = table.mean({ weighting: 'weighted' });
  const expectedMean = table.columns.flatMap((offset, k) => {
    const rate = mean[k];
    if (rate === null || rate === undefined || offset < startOffset) return [];
    const { lower, upper } = rate.interval({ confidence });
    const cohorts = counts.filter((row, i) => counts[i]![0]! > 0 && row[k] !== null && !incomplete[i]![k]).length;
    return [{ offset, retention: rate.toNumber(), retained: Number(rate.numerator), customers: Number(rate.denominator), lower, upper, cohorts }];
  });
  expect(chart.data.mean).toEqual(expectedMean);
}

/** No NaN, Infinity or undefined anywhere: in the SVG text and in the data. */
function expectClean(chart: ReturnType<typeof retentionChart>): void {
  const svg = chart.toSVG();
  expect(xmlProblems(svg)).toEqual([]);
  expect(svg).not.toMatch(/NaN|Infinity|undefined|null/);
  expect(JSON.parse(JSON.stringify(chart.data))).toEqual(chart.data);
  expect(JSON.stringify(chart.data)).not.toMatch(/NaN|Infinity/);
}

describe('retentionChart: worked examples', () => {
  it('A1: every point is the table\'s retention(), counts() and incomplete() cell; the mean is table.mean({ weighting: "weighted" }) with Rate.interval', () => {
    const table = smallTable();
    const chart = retentionChart(table);
    expectMatchesTable(table, chart);
    expect(chart.kind).toBe('retention');
    // Counts [[2,1,1],[1,0,null],[0,null,null]]; March incomplete. Mean at 0: 3 of 3 (the empty cohort is
    // out); at 1: 1 of 2 (February's cell is incomplete, so out); at 2: only January's incomplete cell -> none.
    expect(chart.data.mean.map((m) => [m.offset, m.retained, m.customers, m.cohorts])).toEqual([[0, 3, 3, 2], [1, 1, 2, 1]]);
    expect(chart.data.cohorts.map((c) => c.points.map((p) => p.incomplete))).toEqual([[false, false, true], [false, true], [true]]);
    expect(chart.data.xTitle).toBe("months since the cohort's month");
    expect(chart.data.yDomain).toEqual([0, 1]);
  });

  it('A1: the sample data (24 monthly cohorts): the last 12 by default, and the description says 12 of 24', () => {
    const table = sampleTable();
    expect(table.cohorts.length).toBe(24);
    const chart = retentionChart(table);
    expect(chart.data.cohorts.map((c) => c.label)).toEqual(table.cohorts.slice(12).map((c) => c.label));
    expect(chart.data.totalCohorts).toBe(24);
    expect(chart.description).toContain('12 of 24 cohorts (the last 12)');
    expect(chart.description).toContain('weighted mean over all 24 cohorts');
    expectMatchesTable(table, chart);
    expectClean(chart);
    // The mean is over all 24 cohorts, not only the 12 drawn.
    expect(chart.data.mean.length).toBeGreaterThan(12);
  });

  it('A1: cohorts by label (drawn in table order), the last n, confidence, startOffset and yDomain', () => {
    const table = sampleTable();
    const picked = retentionChart(table, { cohorts: ['2024-03', '2023-01'] });
    expect(picked.data.cohorts.map((c) => c.label)).toEqual(['2023-01', '2024-03']);
    expect(picked.description).toContain('2 of 24 cohorts, 2023-01 to 2024-03');
    expectMatchesTable(table, picked);
    const all = retentionChart(table, { last: 24 });
    expect(all.data.cohorts.length).toBe(24);
    expect(all.description).toContain('24 of 24 cohorts');
    const ninety = retentionChart(table, { last: 3, confidence: 0.9, startOffset: 1, yDomain: 'data' });
    expect(ninety.data.confidence).toBe(0.9);
    expect(ninety.data.offsets[0]).toBe(1);
    expectMatchesTable(table, ninety, 0.9, 1);
    expect(ninety.description).toContain('90% Wilson interval');
    const high = Math.max(...ninety.data.cohorts.flatMap((c) => c.points.map((p) => p.retention ?? 0)), ...ninety.data.mean.map((m) => m.upper));
    expect(ninety.data.yDomain).toEqual([0, high]);
    expect(high).toBeLessThan(0.5);
  });

  it('A1: the SVG: title and desc, axis titles with units, percent ticks, a legend naming the mean, the band and incomplete points', () => {
    const chart = retentionChart(smallTable(), { title: 'Monthly retention' });
    const svg = chart.toSVG();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640"')).toBe(true);
    expect(svg).toContain('<title>Monthly retention</title>');
    expect(svg).toContain(`<desc>${chart.description.replace(/'/g, '&#39;')}</desc>`);
    expect(svg).toContain('>months since the cohort&#39;s month</text>');
    expect(svg).toContain('>retention (% of cohort)</text>');
    for (const tick of ['0%', '20%', '100%']) expect(svg).toContain(`>${tick}</text>`);
    expect(svg).toContain('>weighted mean</text>');
    expect(svg).toContain('>95% interval (Wilson)</text>');
    expect(svg).toContain('>incomplete period</text>');
    expect(svg).toContain('stroke-dasharray'); // the dashed segments into incomplete points
    expect(svg).toContain('fill="#ffffff" stroke="#0072B2"'); // a hollow marker
    expect(chart.description).toContain('Hollow points on dashed lines are incomplete periods');
    expect(chart.toHTML().startsWith('<figure')).toBe(true);
    expect(chart.toJSON()).toEqual({ kind: 'retention', title: 'Monthly retention', description: chart.description, data: chart.data });
    expectClean(chart);
  });

  it('A1: the x axis title follows the period, rolling windows and brackets, as the heatmap\'s', () => {
    const events = [
      { customerId: 'a', timestamp: '2024-01-01T10:00:00Z' },
      { customerId: 'a', timestamp: '2024-01-09T10:00:00Z' },
      { customerId: 'b', timestamp: '2024-01-10T10:00:00Z' },
    ];
    expect(retentionChart(new CohortBuilder({ period: 'week' }).addAll(events).build()).data.xTitle).toBe("weeks since the cohort's week");
    expect(retentionChart(new CohortBuilder({ period: 'day', timeWindow: 'rolling' }).addAll(events).build()).data.xTitle).toBe('24-hour windows since the first event');
    const brackets = retentionChart(bracketTable());
    expect(brackets.data.xTitle).toBe("offset brackets (months since the cohort's month)");
    expect(brackets.data.offsets).toEqual([0, 1, 2, 4]);
    expect(retentionChart(bracketTable(), { xTitle: 'months after signup' }).data.xTitle).toBe('months after signup');
  });
});

describe('retentionChart: edges', () => {
  it('A1: a table with no cohorts says so in the drawing and the description', () => {
    const chart = retentionChart(emptyTable());
    expect(chart.description).toBe('No retention to plot: the table has no cohorts.');
    expect(chart.data.cohorts).toEqual([]);
    expect(chart.data.mean).toEqual([]);
    expect(chart.toSVG()).toContain('>No retention to plot: the table has no cohorts.</text>');
    expectClean(chart);
  });

  it('A1: startOffset past the last column: nothing drawn, said so', () => {
    const chart = retentionChart(smallTable(), { startOffset: 9 });
    expect(chart.data.offsets).toEqual([]);
    expect(chart.description).toContain('No retention to plot');
    expectClean(chart);
  });

  it('A1: one customer, one cell: a point, and its mean (the cell is incomplete, so no mean)', () => {
    const table = new CohortBuilder().addAll([{ customerId: 'a', timestamp: '2024-01-05T10:00:00Z' }]).build();
    const chart = retentionChart(table);
    expect(chart.data.cohorts).toEqual([{ label: '2024-01', size: 1, points: [{ offset: 0, retention: 1, retained: 1, incomplete: true }] }]);
    expect(chart.data.mean).toEqual([]);
    expect(chart.description).toContain('The table gives no weighted mean.');
    expectClean(chart);
  });

  it('A1: all cohorts equal (every customer returns every month): flat lines at 100%, the band reaches 100%', () => {
    const events = ['a', 'b', 'c'].flatMap((id) => ['01', '02', '03', '04'].map((m) => ({ customerId: id, timestamp: `2024-${m}-05T10:00:00Z` })));
    const table = new CohortBuilder().addAll(events).build({ to: '2024-04-30T23:59:59.999Z' });
    const chart = retentionChart(table, { yDomain: 'data' });
    expect(chart.data.cohorts[0]!.points.map((p) => p.retention)).toEqual([1, 1, 1, 1]);
    expect(nonEmpty(chart.data.mean).every((m) => m.retention === 1 && m.upper === 1)).toBe(true);
    expect(chart.data.yDomain).toEqual([0, 1]);
    expectClean(chart);
  });

  it('A1: a CohortTableView without mean() (huge counts): cohorts drawn from the view, no mean line', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const view: CohortTableView = {
      cohorts: [{ label: 'x', size: big }, { label: 'y', size: big - 1 }],
      columns: [0, 1],
      returnRule: 'on',
      counts: () => [[big, big - 7], [big - 1, null]],
      retention: () => [[Rate.of(big, big), Rate.of(big - 7, big)], [Rate.of(big - 1, big - 1), null]],
      incomplete: () => [[false, false], [false, false]],
    };
    const chart = retentionChart(view);
    expect(chart.data.mean).toEqual([]);
    expect(chart.data.cohorts[0]!.points[1]!.retained).toBe(big - 7);
    expect(chart.data.xTitle).toBe("periods since the cohort's period");
    expectClean(chart);
  });

  it('A1: labels with markup and control characters stay well-formed XML', () => {
    const labels = [...HOSTILE_LABELS, '\u0001\ud800'];
    const view: CohortTableView = {
      cohorts: labels.map((label) => ({ label, size: 2 })),
      columns: [0, 1],
      returnRule: 'on',
      counts: () => labels.map(() => [2, 1]),
      retention: () => labels.map(() => [Rate.of(2, 2), Rate.of(1, 2)]),
      incomplete: () => labels.map(() => [false, true]),
    };
    const chart = retentionChart(view, { title: '<b>&"\'</b>', last: 3 });
    expectClean(chart);
    expect(chart.toSVG()).toContain('<title>&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</title>');
  });

  it('A1: the table is not changed and the chart is deterministic', () => {
    const table = sampleTable();
    const before = JSON.stringify(table);
    const a = retentionChart(table, { last: 5 });
    const b = retentionChart(table, { last: 5 });
    expect(JSON.stringify(table)).toBe(before);
    expect(a.toSVG()).toBe(b.toSVG());
    expect(Object.isFrozen(a.data.cohorts[0]!.points[0])).toBe(true);
  });
});

describe('retentionChart: bad input', () => {
  const table = smallTable();
  const cases: [string, () => unknown, RegExp][] = [
    ['not a table', () => retentionChart({} as never), /^retentionChart: table must be a CohortTable/],
    ['unknown option', () => retentionChart(table, { colour: 'red' } as never), /^retentionChart: options\.colour must be one of the known fields/],
    ['unknown cohort', () => retentionChart(table, { cohorts: ['2024-01', '2023-12'] }), /^retentionChart: options\.cohorts\[1\] must be a label of the table's cohorts \(2024-01, 2024-02, 2024-03\), received "2023-12"/],
    ['repeated cohort', () => retentionChart(table, { cohorts: ['2024-01', '2024-01'] }), /^retentionChart: options\.cohorts\[1\] must be a label not given twice/],
    ['cohorts not an array', () => retentionChart(table, { cohorts: '2024-01' as never }), /^retentionChart: options\.cohorts must be an array/],
    ['last 0', () => retentionChart(table, { last: 0 }), /^retentionChart: options\.last must be a positive integer, received 0/],
    ['last 1.5', () => retentionChart(table, { last: 1.5 }), /options\.last must be a positive integer/],
    ['both', () => retentionChart(table, { last: 1, cohorts: [] }), /^retentionChart: options must be either cohorts or last, not both/],
    ['confidence 1', () => retentionChart(table, { confidence: 1 }), /^retentionChart: options\.confidence must be/],
    ['yDomain', () => retentionChart(table, { yDomain: [0, 1] as never }), /^retentionChart: options\.yDomain must be 'full'/],
    ['startOffset', () => retentionChart(table, { startOffset: -1 }), /^retentionChart: options\.startOffset must be a non-negative integer/],
    ['title', () => retentionChart(table, { title: 5 as never }), /^retentionChart: options\.title must be a string/],
    ['third argument', () => (retentionChart as (...a: unknown[]) => unknown)(table, {}, {}), /^retentionChart: arguments must be at most 2/],
    ['mean() of the wrong shape', () => retentionChart(Object.assign(Object.create(null) as object, { cohorts: table.cohorts, columns: table.columns, returnRule: 'on', counts: () => table.counts(), retention: () => table.retention(), incomplete: () => table.incomplete(), mean: () => [0.5] }) as never), /^retentionChart: table must be a CohortTable \(its mean/],
  ];
  for (const [name, call, message] of cases) {
    it(`A1: ${name} is a MetricError naming the field`, () => {
      expect(call).toThrowError(MetricError);
      expect(call).toThrowError(message);
    });
  }
});

describe('retentionChart: properties', () => {
  it('A1: over random event sets and options: well-formed XML, no NaN/Infinity/undefined, the table\'s numbers cell by cell, deterministic, table unchanged', () => {
    fc.assert(
      fc.property(
        eventsArb({ maxLength: 40 }).filter((events) => events.length > 0),
        fc.constantFrom('day', 'week', 'month'),
        fc.record({ last: fc.integer({ min: 1, max: 20 }), confidence: fc.double({ min: 0.5, max: 0.999, noNaN: true }), yDomain: fc.constantFrom('full', 'data'), startOffset: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }),
        (events, period, options) => {
          const table = new CohortBuilder({ period: period as 'day' }).addAll(events).build();
          const before = JSON.stringify(table);
          const chart = retentionChart(table, options as never);
          expectClean(chart);
          expectMatchesTable(table, chart, (options as { confidence?: number }).confidence ?? 0.95, (options as { startOffset?: number }).startOffset ?? 0);
          expect(chart.data.cohorts.length).toBe(Math.min(table.cohorts.length, (options as { last?: number }).last ?? 12));
          expect(chart.description).toContain(` ${table.cohorts.length} cohorts`);
          expect(retentionChart(table, options as never).toSVG()).toBe(chart.toSVG());
          expect(JSON.stringify(table)).toBe(before);
        },
      ),
      fcOptions({ numRuns: 60 }),
    );
  });
});
