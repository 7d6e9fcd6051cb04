/**
 * Issue 12, the heatmap's colour domain (H1) and axis titles (H2), for cohortTableToSvg and
 * cohortTableToHtml (and so table.toSVG / table.toHTML): a hand-worked domain on a small table, the
 * option's validation and clamping, the legend text, the degenerate domains, the axis titles of each kind
 * of table, then a property over generated tables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { CohortBuilder, CohortTable, cohortTableToHtml, cohortTableToSvg, MetricError } from '../../src/index.js';
import type { CohortTableData } from '../../src/cohort/CohortTable.js';
import { shade } from '../../src/render/_palette.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { markupProblems, textsOf } from './_fixtures.js';

/** A table straight from its counts: monthly, UTC, nothing incomplete. */
function tableOf(counts: (number | null)[][], extra: Partial<CohortTableData> = {}): CohortTable {
  const columns = counts[0]?.map((_, k) => k) ?? [];
  const data: CohortTableData = {
    calendar: { unit: 'month', timeZone: 'UTC', weekStartsOn: 1 },
    returnRule: 'on',
    columns,
    cohorts: counts.map((row, i) => ({ label: `2024-0${i + 1}`, start: new Date(Date.UTC(2024, i, 1)), end: new Date(Date.UTC(2024, i + 1, 1)), size: row[0]! })),
    counts,
    revenue: counts.map((row) => row.map(() => null)),
    incomplete: counts.map((row) => row.map(() => false)),
    repeaters: counts.map(() => 0),
    observedTo: new Date(Date.UTC(2024, counts.length, 1) - 1),
    ...extra,
  };
  return new CohortTable(data);
}

/**
 * Returning cells 40 %, 20 %, 6 % (January), 20 %, 10 % (February), 15 % (March): the domain is
 * [0.06, 0.40], so 20 % sits at (0.20 - 0.06) / 0.34 = 0.4118 of the palette.
 */
const COUNTS = [
  [100, 40, 20, 6],
  [50, 10, 5, null],
  [20, 3, null, null],
];

/** The fill of each shaded cell of an SVG, by its tooltip. */
function svgFills(svg: string): Map<string, string> {
  const fills = new Map<string, string>();
  for (const m of svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*><title>([^<]*)<\/title>/g)) fills.set(m[2]!, m[1]!);
  return fills;
}

/** The background of each shaded cell of an HTML table, by its tooltip. */
function htmlFills(html: string): Map<string, string> {
  const fills = new Map<string, string>();
  for (const m of html.matchAll(/background-color:(#[0-9a-f]{6});[^"]*" title="([^"]*)"/g)) fills.set(m[2]!, m[1]!);
  return fills;
}

const DARKEST = shade(1).background;
const PALEST = shade(0).background;

describe('H1: the colour domain spreads over the returning cells', () => {
  it('H1: hand-worked domain [6 %, 40 %] on a small table: 6 % palest, 40 % and offset 0 darkest, 20 % at 0.4118', () => {
    const table = tableOf(COUNTS);
    for (const fills of [svgFills(table.toSVG()), htmlFills(table.toHTML())]) {
      expect(fills.get('100/100 customers')).toBe(DARKEST);
      expect(fills.get('40/100 customers')).toBe(DARKEST);
      expect(fills.get('6/100 customers')).toBe(PALEST);
      expect(fills.get('20/100 customers')).toBe(shade((0.2 - 0.06) / (0.4 - 0.06)).background);
      expect(fills.get('3/20 customers')).toBe(shade((0.15 - 0.06) / (0.4 - 0.06)).background);
    }
    // Under the old fixed 0-100 % scale 20 % was one of the three palest colours; now it is mid-palette.
    expect(svgFills(table.toSVG()).get('20/100 customers')).not.toBe(shade(0.2).background);
  });

  it('H1: the legend shows the domain used: "colour: 6.0% to 40.0%", its ends and the <desc> (SVG), the <tfoot> note (HTML)', () => {
    const table = tableOf(COUNTS);
    const note = 'colour: 6.0% to 40.0% (offset 0, the cohort itself, darkest)';
    const svg = cohortTableToSvg(table);
    expect(textsOf(svg, 'text')).toContain(note);
    expect(textsOf(svg, 'text')).toEqual(expect.arrayContaining(['6.0%', '40.0%']));
    expect(textsOf(svg, 'desc')[0]).toContain(note);
    expect(textsOf(cohortTableToHtml(table), 'td')).toContain(note);
    // With digits: 0, the legend rounds like the cells.
    expect(textsOf(cohortTableToSvg(table, { digits: 0 }), 'text')).toContain('colour: 6% to 40% (offset 0, the cohort itself, darkest)');
    // values: 'counts' shows counts but colours (and the legend) still follow retention.
    expect(textsOf(cohortTableToHtml(table, { values: 'counts' }), 'td')).toContain(note);
  });

  it('H1: colorDomain fixes the domain; values outside are clamped to its ends; offset 0 stays darkest', () => {
    const table = tableOf(COUNTS);
    for (const render of [(o: object) => svgFills(table.toSVG(o)), (o: object) => htmlFills(table.toHTML(o)), (o: object) => svgFills(cohortTableToSvg(table, o)), (o: object) => htmlFills(cohortTableToHtml(table, o))]) {
      const fills = render({ colorDomain: [0.1, 0.3] });
      expect(fills.get('40/100 customers')).toBe(DARKEST); // 40 % > 30 %: clamped to the high end
      expect(fills.get('6/100 customers')).toBe(PALEST); // 6 % < 10 %: clamped to the low end
      expect(fills.get('20/100 customers')).toBe(shade(0.5).background);
      expect(fills.get('100/100 customers')).toBe(DARKEST);
      // [0, 1] is the old fixed scale.
      expect(render({ colorDomain: [0, 1] }).get('20/100 customers')).toBe(shade(0.2).background);
    }
    expect(textsOf(table.toSVG({ colorDomain: [0.1, 0.3] }), 'text')).toContain('colour: 10.0% to 30.0% (offset 0, the cohort itself, darkest)');
  });

  it('H1: colorDomain other than [lo, hi] with 0 <= lo < hi <= 1 is refused with a MetricError naming options.colorDomain', () => {
    const table = tableOf(COUNTS);
    const bad: unknown[] = [[0.5, 0.5], [0.6, 0.4], [-0.1, 0.5], [0, 1.5], [Number.NaN, 1], [0, Number.POSITIVE_INFINITY], [0], [0, 0.5, 1], ['0', 1], '0,1', null, { 0: 0, 1: 1, length: 2 }];
    for (const colorDomain of bad) {
      for (const [fn, render] of [
        ['cohortTableToSvg', () => cohortTableToSvg(table, { colorDomain } as never)],
        ['cohortTableToHtml', () => cohortTableToHtml(table, { colorDomain } as never)],
        ['cohortTableToSvg', () => table.toSVG({ colorDomain } as never)],
        ['cohortTableToHtml', () => table.toHTML({ colorDomain } as never)],
      ] as const) {
        let error: unknown;
        try {
          render();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(MetricError);
        expect((error as MetricError).code).toBe('INVALID_INPUT');
        expect((error as MetricError).field).toBe('options.colorDomain');
        expect((error as MetricError).message).toMatch(new RegExp(`^${fn}: options\\.colorDomain must be an array \\[lo, hi\\] of two fractions with 0 <= lo < hi <= 1, received `));
      }
    }
    // Non-record options are still refused as before, through the table's methods too.
    expect(() => table.toSVG(5 as never)).toThrow(MetricError);
    expect(() => table.toHTML([] as never)).toThrow(MetricError);
    expect(() => table.toSVG({ rowTitle: 1 } as never)).toThrow(/options\.rowTitle/);
    expect(() => table.toHTML({ columnTitle: null } as never)).toThrow(/options\.columnTitle/);
    // An explicit undefined is a missing title: the table's own.
    expect(table.toSVG({ rowTitle: undefined } as never)).toBe(table.toSVG());
  });

  it('H1: degenerate domains: no returning cell, or all equal, give the fixed 0 % to 100 %, never NaN', () => {
    const fixed = 'colour: 0.0% to 100.0% (offset 0, the cohort itself, darkest)';
    const cases = [
      tableOf([[10]]), // only offset 0
      tableOf([[10, null], [0, null]]), // no returning cell exists
      tableOf([[4, 1], [8, 2]]), // all 25 %
      tableOf([[4, 0], [8, 0]]), // all 0 %
      tableOf([[0, 0]]), // an empty cohort: no retention at all
    ];
    for (const table of cases) {
      const svg = table.toSVG();
      const html = table.toHTML();
      expect(textsOf(svg, 'text')).toContain(fixed);
      expect(textsOf(html, 'td')).toContain(fixed);
      for (const out of [svg, html]) {
        expect(out).not.toMatch(/NaN|Infinity/);
        expect(markupProblems(out)).toEqual([]);
      }
    }
    expect(svgFills(tableOf([[4, 1], [8, 2]]).toSVG()).get('1/4 customers')).toBe(shade(0.25).background);
    expect(svgFills(tableOf([[4, 0], [8, 0]]).toSVG()).get('0/4 customers')).toBe(PALEST);
  });

  it('H1: bracket columns: the domain is over the brackets (columns >= 1), column 0 stays darkest', () => {
    const table = new CohortBuilder({ period: 'month' })
      .addAll([
        { customerId: 'x', timestamp: '2024-01-02T00:00:00Z' },
        { customerId: 'y', timestamp: '2024-01-03T00:00:00Z' },
        { customerId: 'z', timestamp: '2024-01-04T00:00:00Z' },
        { customerId: 'x', timestamp: '2024-02-02T00:00:00Z' },
        { customerId: 'y', timestamp: '2024-04-02T00:00:00Z' },
        { customerId: 'w', timestamp: '2024-05-02T00:00:00Z' },
      ])
      .build({ to: '2024-06-30T23:59:59.999Z', returnRule: { brackets: [1, 2, 4] } });
    const svg = table.toSVG();
    expect(textsOf(svg, 'text')).toContain('colour: 0.0% to 33.3% (offset 0, the cohort itself, darkest)');
    expect(svgFills(svg).get('3/3 customers')).toBe(DARKEST);
    expect(svgFills(svg).get('1/3 customers')).toBe(DARKEST);
  });
});

describe('H2: axis titles', () => {
  it("H2: a monthly table: \"cohort (month of first event)\" and \"months since the cohort's month\", in SVG <text> and an HTML head row", () => {
    const table = tableOf(COUNTS);
    const svgTexts = textsOf(table.toSVG(), 'text');
    expect(svgTexts.slice(0, 2)).toEqual(['cohort (month of first event)', 'months since the cohort&#39;s month']);
    const html = table.toHTML();
    expect(textsOf(html, 'th').slice(0, 2)).toEqual(['cohort (month of first event)', 'months since the cohort&#39;s month']);
    expect(html).toContain('<th scope="colgroup" colspan="4" style="padding:4px 8px;text-align:left;font-weight:400;font-style:italic;color:#555555">months since the cohort&#39;s month</th>');
    // With a title, the axis titles come after the heading.
    expect(textsOf(table.toSVG({ title: 'T' }), 'text').slice(0, 3)).toEqual(['T', 'cohort (month of first event)', 'months since the cohort&#39;s month']);
  });

  it('H2: the titles follow the unit, rolling windows and brackets', () => {
    const unit = (u: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year', extra: Partial<CohortTableData> = {}) =>
      textsOf(tableOf(COUNTS, { calendar: { unit: u, timeZone: 'UTC', weekStartsOn: 1 }, ...extra }).toSVG(), 'text').slice(0, 2);
    expect(unit('week')).toEqual(['cohort (week of first event)', 'weeks since the cohort&#39;s week']);
    expect(unit('day')).toEqual(['cohort (day of first event)', 'days since the cohort&#39;s day']);
    expect(unit('quarter')).toEqual(['cohort (quarter of first event)', 'quarters since the cohort&#39;s quarter']);
    expect(unit('month', { timeWindow: 'rolling' })).toEqual(['cohort (month of first event)', '30-day windows since the first event']);
    expect(unit('week', { timeWindow: 'rolling' })[1]).toBe('7-day windows since the first event');
    expect(unit('day', { timeWindow: 'rolling' })[1]).toBe('24-hour windows since the first event');
    expect(unit('hour', { timeWindow: 'rolling' })[1]).toBe('1-hour windows since the first event');
    expect(unit('year', { timeWindow: 'rolling' })[1]).toBe('365-day windows since the first event');
    expect(unit('month', { returnRule: { brackets: [1, 2, 3] } })[1]).toBe('offset brackets (months since the cohort&#39;s month)');
    // From the builder: a rolling table.
    const rolling = new CohortBuilder({ period: 'month', timeWindow: 'rolling' }).addAll([{ customerId: 'a', timestamp: '2024-01-05T10:00:00Z' }]).build();
    expect(textsOf(rolling.toHTML(), 'th')[1]).toBe('30-day windows since the first event');
  });

  it('H2: rowTitle and columnTitle override them, escaped; the render functions title a table as its methods do; a bare table view gets the generic "period" titles', () => {
    const table = tableOf(COUNTS);
    const svg = table.toSVG({ rowTitle: 'signup <month>', columnTitle: 'months since "signup" & co' });
    expect(markupProblems(svg)).toEqual([]);
    expect(textsOf(svg, 'text').slice(0, 2)).toEqual(['signup &lt;month&gt;', 'months since &quot;signup&quot; &amp; co']);
    const html = cohortTableToHtml(table, { rowTitle: 'signup <month>' });
    expect(markupProblems(html)).toEqual([]);
    expect(textsOf(html, 'th').slice(0, 2)).toEqual(['signup &lt;month&gt;', 'months since the cohort&#39;s month']);
    expect(cohortTableToSvg(table)).toBe(table.toSVG());
    const bare = { cohorts: table.cohorts, columns: table.columns, returnRule: table.returnRule, counts: () => table.counts(), retention: () => table.retention(), incomplete: () => table.incomplete() };
    expect(textsOf(cohortTableToSvg(bare), 'text').slice(0, 2)).toEqual(['cohort (period of first event)', 'periods since the cohort&#39;s period']);
  });
});

/** The expected fill of each shaded cell, row-major, and the domain, worked out from the table's rows. */
function expected(table: CohortTable, colorDomain?: readonly [number, number]): { fills: string[]; domain: readonly [number, number] } {
  const returning = table.toRows().filter((r) => r.offset >= 1 && r.retention !== null).map((r) => r.retention!);
  const lo = Math.min(...returning);
  const hi = Math.max(...returning);
  const domain = colorDomain ?? (returning.length > 0 && lo < hi ? ([lo, hi] as const) : ([0, 1] as const));
  const fills: string[] = [];
  const columns = table.columns;
  table.retention().forEach((row) =>
    row.forEach((rate, k) => {
      if (rate === null) return;
      const t = columns[k]! < 1 ? 1 : Math.min(1, Math.max(0, (rate.toNumber() - domain[0]) / (domain[1] - domain[0])));
      fills.push(shade(t).background);
    }),
  );
  return { fills, domain };
}

describe('H1/H2: properties', () => {
  it('H1 property: any generated table: every cell fill is the palette colour of its place in the domain, offset 0 darkest, the default domain is [min, max] of the returning cells, the legend says so, never NaN', () => {
    const domainArb = fc.option(
      fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).filter(([a, b]) => a < b),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        eventsArb({ maxLength: 30 }),
        fc.constantFrom<'on' | 'onOrAfter' | { brackets: number[] }>('on', 'onOrAfter', { brackets: [1, 2, 4] }),
        fc.boolean(),
        domainArb,
        fc.constantFrom('retention' as const, 'counts' as const),
        (events, returnRule, rolling, colorDomain, values) => {
          const table = new CohortBuilder(rolling ? { timeWindow: 'rolling' } : {}).addAll(events).build({ from: RANGE_FROM, to: RANGE_TO, returnRule });
          const want = expected(table, colorDomain);
          const options = colorDomain === undefined ? { values } : { values, colorDomain };
          const svg = table.toSVG(options);
          const html = table.toHTML(options);
          const svgCells = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*><title>/g)].map((m) => m[1]);
          const htmlCells = [...html.matchAll(/background-color:(#[0-9a-f]{6});/g)].map((m) => m[1]);
          expect(svgCells).toEqual(want.fills);
          expect(htmlCells).toEqual(want.fills);
          const note = `colour: ${(want.domain[0] * 100).toFixed(1)}% to ${(want.domain[1] * 100).toFixed(1)}% (offset 0, the cohort itself, darkest)`;
          expect(textsOf(svg, 'text')).toContain(note);
          expect(textsOf(html, 'td')).toContain(note);
          for (const out of [svg, html]) {
            expect(out).not.toMatch(/NaN|Infinity/);
            expect(markupProblems(out)).toEqual([]);
          }
          expect(nonEmpty(svg.match(/ (?:width|height|x|y)="([^"]*)"/g) ?? []).every((a) => Number.isFinite(Number(a.split('"')[1])))).toBe(true);
        },
      ),
      fcOptions({ numRuns: 80 }),
    );
  });
});
