/**
 * htmlReport (issue 12, R1): a realistic report page (KPIs with intervals, a fit's tables, the heatmap, a
 * chart, paragraphs), then the edges (escaping, intervals, digits, every refused field named by its path),
 * then properties: any report either builds a well-formed page that is the same bytes on every call and
 * leaves its input untouched, or throws a MetricError naming a field under `report`.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HtmlReport, htmlReport, type HtmlReportItem, MetricError, netPromoterScore, Rate } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { HOSTILE_LABELS, hostileTable, markupProblems, smallTable, textsOf } from './_fixtures.js';

/** A stand-in with the Chart surface the report reads (title, description, toHTML). */
const fakeChart = {
  title: 'Retention by month',
  description: 'Share of each cohort who came back k months later.',
  toHTML: () => '<figure class="lm-chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 300" role="img"><title>Retention by month</title><rect width="640" height="300" fill="#ffffff"/></svg></figure>',
};

function demoReport(): HtmlReport {
  const retention = Rate.of(550, 658);
  const nps = netPromoterScore({ promoters: 215, passives: 142, detractors: 43 });
  return {
    title: 'Fjord & Co. report, December 2024',
    subtitle: 'A fictional shop, one reporting month',
    dataNote: 'Period KPIs and cohorts from examples/data/events.csv (25,000 events, January 2023 to December 2024).',
    sections: [
      {
        heading: 'Customers',
        intro: 'December 2024; a customer is active with an event in the last 90 days.',
        items: [
          {
            type: 'kpis',
            caption: 'Period KPIs',
            rows: [
              { label: 'Retention rate', value: retention, interval: retention.interval(), note: 'retained / at start' },
              { label: 'Churn rate', value: retention.complement(), interval: retention.complement().interval() },
              { label: 'Revenue', value: new Decimal('41234.5'), note: 'EUR' },
              { label: 'Customers at start', value: 658 },
            ],
          },
          { type: 'cohortTable', table: smallTable(), caption: 'Monthly cohorts' },
        ],
      },
      {
        heading: 'Models',
        items: [
          { type: 'table', caption: 'BG/NBD parameters', columns: ['parameter', 'estimate', 'standard error'], rows: [['r', 0.17, 0.011], ['alpha', 0.39, null]], digits: 3, note: 'calibration 2023 - June 2024' },
          { type: 'chart', chart: fakeChart },
          { type: 'kpis', rows: [{ label: 'NPS', value: nps.score, interval: nps.interval, digits: 1 }] },
          { type: 'paragraph', text: 'Predicted 4,333 repeat purchases; 3,987 happened.' },
        ],
      },
    ],
  };
}

/** The page without its doctype line, which an XML checker does not read. */
function body(html: string): string {
  expect(html.startsWith('<!doctype html>\n')).toBe(true);
  return html.slice('<!doctype html>\n'.length);
}

describe('htmlReport: a realistic report', () => {
  it('R1: one self-contained page: title, data note, contents, sections with KPIs, the heatmap, a fit table, a chart and a paragraph', () => {
    const html = htmlReport(demoReport());
    expect(markupProblems(body(html))).toEqual([]);
    expect(textsOf(html, 'title')[0]).toBe('Fjord &amp; Co. report, December 2024');
    expect(textsOf(html, 'h1')).toEqual(['Fjord &amp; Co. report, December 2024']);
    expect(textsOf(html, 'h2')).toEqual(['Customers', 'Models']);
    expect(html).toContain('<p class="lm-data-note">Period KPIs and cohorts from examples/data/events.csv (25,000 events, January 2023 to December 2024).</p>');
    expect(html).toContain('<li><a href="#section-2">Models</a></li>');
    // KPIs: value and interval in percent, money grouped with 2 decimals, counts grouped.
    expect(html).toContain('<tr><th scope="row">Retention rate</th><td class="lm-num">83.6%</td><td class="lm-num">80.6% to 86.2%</td><td class="lm-note">retained / at start</td></tr>');
    expect(html).toContain('<tr><th scope="row">Churn rate</th><td class="lm-num">16.4%</td><td class="lm-num">13.8% to 19.4%</td><td class="lm-note"></td></tr>');
    expect(html).toContain('<td class="lm-num">41,234.50</td>');
    expect(html).toContain('<td class="lm-num">658</td><td class="lm-num"></td>');
    expect(html).toContain('<th scope="col" class="lm-num">95% interval</th>');
    // The heatmap, the fit table (3 decimals, en dash for a missing SE, note), the chart and its description.
    expect(html).toContain('<div class="lm-scroll lm-heatmap">\n<table style=');
    expect(html).toContain('<tr><th scope="row">r</th><td class="lm-num">0.170</td><td class="lm-num">0.011</td></tr>');
    expect(html).toContain('<td>\u2013</td>');
    expect(html).toContain('<tfoot><tr><td colspan="3" class="lm-note">calibration 2023 - June 2024</td></tr></tfoot>');
    expect(html).toContain(`<div class="lm-figure">\n${fakeChart.toHTML()}\n<p class="lm-note">Share of each cohort who came back k months later.</p>\n</div>`);
    expect(html).toContain('<p>Predicted 4,333 repeat purchases; 3,987 happened.</p>');
  });

  it('R1: nothing to fetch and nothing to run: no script, no external URL, a CSP that forbids both, inline style only', () => {
    const html = htmlReport(demoReport());
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:" />`);
    expect(textsOf(html, 'style')).toHaveLength(1);
    expect(html).toContain('@media (max-width:640px)');
    expect(html).toContain('@media print');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
  });
});

describe('htmlReport: edges', () => {
  const one = (items: readonly HtmlReportItem[]): HtmlReport => ({ title: 't', sections: [{ heading: 'h', items }] });

  it('R1: every text is escaped: title, subtitle, note, headings, labels, notes, captions, cells, column names, paragraphs, cohort labels', () => {
    for (const bad of HOSTILE_LABELS) {
      const html = htmlReport({
        title: `${bad}x`,
        subtitle: bad,
        dataNote: bad,
        sections: [
          { heading: `${bad}h`, intro: bad, items: [{ type: 'kpis', caption: bad, rows: [{ label: `${bad}l`, value: bad, note: bad }] }, { type: 'paragraph', text: bad }] },
          { heading: 'second', items: [{ type: 'table', caption: bad, columns: [`${bad}c`], rows: [[bad]], note: bad }, { type: 'cohortTable', table: hostileTable(), caption: bad }] },
        ],
      });
      expect(markupProblems(body(html)), JSON.stringify(bad)).toEqual([]);
      expect(html).not.toContain('<b>');
    }
    expect(htmlReport(one([{ type: 'paragraph', text: '<script>alert(1)</script>' }]))).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('R1: intervals: one header when all state one confidence, else each cell names its own; number intervals follow digits', () => {
    const mixed = htmlReport(one([{ type: 'kpis', rows: [
      { label: 'a', value: Rate.of(1, 4), interval: Rate.of(1, 4).interval({ confidence: 0.9 }) },
      { label: 'b', value: 43.25, interval: { lower: 36, upper: 50.4 }, digits: 1 },
    ] }]));
    expect(mixed).toContain('<th scope="col" class="lm-num">interval</th>');
    expect(mixed).toMatch(/<td class="lm-num">25\.0%<\/td><td class="lm-num">\d+\.\d% to \d+\.\d% \(90%\)<\/td>/);
    expect(mixed).toContain('<td class="lm-num">43.3</td><td class="lm-num">36.0 to 50.4</td>');
    const none = htmlReport(one([{ type: 'kpis', rows: [{ label: 'a', value: 'n/a' }] }]));
    expect(none).not.toContain('interval');
    expect(none).toContain('<td class="lm-num">n/a</td>');
  });

  it('R1: number formats: integers grouped, fractions with 2 decimals (or digits), Decimals grouped, -0 as 0, Rates with digits', () => {
    const html = htmlReport(one([{ type: 'table', caption: 'c', columns: ['a', 'b', 'c', 'd', 'e'], rows: [[1234567, 0.5, new Decimal('-1234.567'), -0, Rate.of(1, 3)]] }]));
    // A numeric first cell stays a data cell (only a text first cell heads its row).
    expect(textsOf(html, 'td')).toEqual(['1,234,567', '0.50', '-1,234.57', '0', '33.3%']);
    const digits = htmlReport(one([{ type: 'table', caption: 'c', columns: ['a', 'b'], rows: [['x', Rate.of(1, 3)]], digits: 3 }]));
    expect(textsOf(digits, 'td')).toEqual(['33.333%']);
    // Text that reads as one number is right-aligned like one; other text is not.
    const text = htmlReport(one([{ type: 'table', caption: 'c', columns: ['a', 'b', 'c', 'd'], rows: [['x', 'EUR 1,234.56', '-8.7%', '658 / 550']] }]));
    expect(text).toContain('<td class="lm-num">EUR 1,234.56</td><td class="lm-num">-8.7%</td><td>658 / 550</td>');
  });

  it('R1: a cohort table as SVG, and a report of one section has no contents list', () => {
    const html = htmlReport(one([{ type: 'cohortTable', table: smallTable(), as: 'svg', caption: 'Heatmap' }]));
    expect(html).toContain('<div class="lm-scroll lm-heatmap">\n<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<title>Heatmap</title>');
    expect(html).not.toContain('<nav');
    expect(markupProblems(body(html))).toEqual([]);
  });

  const refusals: readonly [string, unknown, string, string][] = [
    ['not an object', null, 'report', 'INVALID_INPUT'],
    ['an unknown field', { title: 't', sections: [], colour: 1 }, 'report.colour', 'INVALID_INPUT'],
    ['an empty title', { title: ' ', sections: [] }, 'report.title', 'INVALID_INPUT'],
    ['no sections', { title: 't', sections: [] }, 'report.sections', 'INVALID_INPUT'],
    ['a heading that is not text', { title: 't', sections: [{ heading: 3, items: [] }] }, 'report.sections[0].heading', 'INVALID_INPUT'],
    ['an empty item list', { title: 't', sections: [{ heading: 'h', items: [] }] }, 'report.sections[0].items', 'INVALID_INPUT'],
    ['an unknown item type', one([{ type: 'pie' } as never]), 'report.sections[0].items[0].type', 'INVALID_INPUT'],
    ['an unknown item field', one([{ type: 'paragraph', text: 'x', colour: 'red' } as never]), 'report.sections[0].items[0].colour', 'INVALID_INPUT'],
    ['an empty label', one([{ type: 'kpis', rows: [{ label: 'a', value: 1 }, { label: '', value: 1 }] }]), 'report.sections[0].items[0].rows[1].label', 'INVALID_INPUT'],
    ['a NaN value', one([{ type: 'kpis', rows: [{ label: 'a', value: Number.NaN }] }]), 'report.sections[0].items[0].rows[0].value', 'INVALID_INPUT'],
    ['a NaN Decimal', one([{ type: 'kpis', rows: [{ label: 'a', value: new Decimal(Number.NaN) }] }]), 'report.sections[0].items[0].rows[0].value', 'INVALID_INPUT'],
    ['an infinite Decimal', one([{ type: 'kpis', rows: [{ label: 'a', value: new Decimal(Infinity) }] }]), 'report.sections[0].items[0].rows[0].value', 'INVALID_INPUT'],
    ['a null KPI value', one([{ type: 'kpis', rows: [{ label: 'a', value: null as never }] }]), 'report.sections[0].items[0].rows[0].value', 'INVALID_INPUT'],
    ['an interval with lower > upper', one([{ type: 'kpis', rows: [{ label: 'a', value: 1, interval: { lower: 2, upper: 1 } }] }]), 'report.sections[0].items[0].rows[0].interval.upper', 'INCONSISTENT_INPUT'],
    ['an infinite bound', one([{ type: 'kpis', rows: [{ label: 'a', value: 1, interval: { lower: 0, upper: Infinity } }] }]), 'report.sections[0].items[0].rows[0].interval.upper', 'INVALID_INPUT'],
    ['a confidence of 1', one([{ type: 'kpis', rows: [{ label: 'a', value: 1, interval: { lower: 0, upper: 1, confidence: 1 } }] }]), 'report.sections[0].items[0].rows[0].interval.confidence', 'INVALID_INPUT'],
    ['digits 21', one([{ type: 'kpis', rows: [{ label: 'a', value: 1, digits: 21 }] }]), 'report.sections[0].items[0].rows[0].digits', 'INVALID_INPUT'],
    ['a short table row', one([{ type: 'table', caption: 'c', columns: ['a', 'b'], rows: [['x']] }]), 'report.sections[0].items[0].rows[0]', 'INCONSISTENT_INPUT'],
    ['a table without columns', one([{ type: 'table', caption: 'c', columns: [], rows: [] }]), 'report.sections[0].items[0].columns', 'INVALID_INPUT'],
    ['a bad cell', one([{ type: 'table', caption: 'c', columns: ['a'], rows: [[{}]] }] as never), 'report.sections[0].items[0].rows[0][0]', 'INVALID_INPUT'],
    ['a chart without toHTML', one([{ type: 'chart', chart: { title: 't', description: 'd' } } as never]), 'report.sections[0].items[0].chart.toHTML', 'INVALID_INPUT'],
    ['a chart whose toHTML gives nothing', one([{ type: 'chart', chart: { ...fakeChart, toHTML: () => '' } }]), 'report.sections[0].items[0].chart.toHTML()', 'INVALID_INPUT'],
    ['not a cohort table', one([{ type: 'cohortTable', table: {} as never }]), 'report.sections[0].items[0].table', 'INVALID_INPUT'],
    ['a bad colour domain', one([{ type: 'cohortTable', table: smallTable(), colorDomain: [1, 0] }]), 'report.sections[0].items[0].colorDomain', 'INVALID_INPUT'],
    ['a hole in the items (not skipped)', { title: 't', sections: [{ heading: 'h', items: [, { type: 'paragraph', text: 'x' }] }] }, 'report.sections[0].items[0]', 'INVALID_INPUT'],
    ['a hole in a table row (not skipped)', one([{ type: 'table', caption: 'c', columns: ['a', 'b'], rows: [Object.assign(new Array(2), { 1: 'x' })] }] as never), 'report.sections[0].items[0].rows[0][0]', 'INVALID_INPUT'],
    ['a bad as', one([{ type: 'cohortTable', table: smallTable(), as: 'png' as never }]), 'report.sections[0].items[0].as', 'INVALID_INPUT'],
  ];
  for (const [what, report, field, code] of refusals) {
    it(`R1: refuses ${what}, naming ${field}`, () => {
      let caught: unknown;
      try {
        htmlReport(report as HtmlReport);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MetricError);
      expect(caught).toMatchObject({ code, field, functionName: 'htmlReport' });
      expect((caught as Error).message.startsWith(`htmlReport: ${field} must be `)).toBe(true);
    });
  }

  it('R1: a second argument is refused', () => {
    expect(() => (htmlReport as (...args: unknown[]) => string)(demoReport(), {})).toThrowError(expect.objectContaining({ field: 'arguments' }));
  });
});

describe('htmlReport: properties', () => {
  const text = fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) }, fc.constantFrom(...HOSTILE_LABELS, '', ' ', '\u0000', '\ud800', '</table>', '&amp;'));
  const value = fc.oneof(
    text,
    fc.double(),
    fc.integer(),
    fc.tuple(fc.nat({ max: 50 }), fc.integer({ min: 1, max: 50 })).map(([a, b]) => Rate.of(Math.min(a, b), b)),
    fc.constantFrom(new Decimal('12.345'), new Decimal(-0.004), new Decimal(Number.NaN)),
    fc.constantFrom(null, undefined, {}, [], true),
  );
  const interval = fc.option(fc.record({ lower: fc.double(), upper: fc.double(), confidence: fc.option(fc.double({ min: 0, max: 1 }), { nil: undefined }) }, { requiredKeys: ['lower', 'upper'] }), { nil: undefined });
  const kpiRow = fc.record({ label: text, value, interval, note: fc.option(text, { nil: undefined }), digits: fc.option(fc.integer({ min: -1, max: 21 }), { nil: undefined }) }, { requiredKeys: ['label', 'value'] });
  const item = fc.oneof(
    fc.record({ type: fc.constant('kpis'), caption: fc.option(text, { nil: undefined }), rows: fc.array(kpiRow, { maxLength: 3 }) }, { requiredKeys: ['type', 'rows'] }),
    fc.record({ type: fc.constant('paragraph'), text }),
    fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({ type: fc.constant('table'), caption: text, columns: fc.array(text, { minLength: n, maxLength: n }), rows: fc.array(fc.array(value, { minLength: n - 1, maxLength: n }), { maxLength: 3 }) }),
    ),
    fc.record({ type: fc.constant('cohortTable'), table: fc.constantFrom(smallTable(), hostileTable(), {}), caption: fc.option(text, { nil: undefined }), as: fc.constantFrom('table', 'svg', undefined, 'png') }, { requiredKeys: ['type', 'table'] }),
    fc.record({ type: fc.constant('chart'), chart: fc.constant(fakeChart) }),
    fc.anything({ maxDepth: 2 }),
  );
  const report = fc.oneof(
    { weight: 6, arbitrary: fc.record({ title: text, subtitle: fc.option(text, { nil: undefined }), dataNote: fc.option(text, { nil: undefined }), sections: fc.array(fc.record({ heading: text, intro: fc.option(text, { nil: undefined }), items: fc.array(item, { maxLength: 3 }) }, { requiredKeys: ['heading', 'items'] }), { maxLength: 3 }) }, { requiredKeys: ['title', 'sections'] }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );

  function freeze<T>(value: T): T {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !(value instanceof Rate) && !Decimal.isDecimal(value) && !('counts' in value)) {
      for (const key of Reflect.ownKeys(value)) freeze((value as Record<PropertyKey, unknown>)[key]);
      Object.freeze(value);
    }
    return value;
  }

  it('R1: any report gives a well-formed page, the same bytes twice, with its texts escaped and its input untouched (frozen), or a MetricError naming a field under report', () => {
    let built = 0;
    fc.assert(
      fc.property(report, (input) => {
        freeze(input);
        let html: string;
        try {
          html = htmlReport(input as HtmlReport);
        } catch (error) {
          if (!(error instanceof MetricError)) throw error;
          expect(error.field === 'report' || error.field.startsWith('report.') || error.field.startsWith('report[')).toBe(true);
          expect(error.message).toContain(' must be ');
          return;
        }
        expect(markupProblems(body(html))).toEqual([]);
        expect(htmlReport(input as HtmlReport)).toBe(html);
        expect(html).not.toMatch(/NaN|Infinity|undefined|\[object Object\]/);
        expect(html).not.toContain('<b>');
        built++;
      }),
      fcOptions({ numRuns: 300 }),
    );
    // The generator is not all refusals: some pages are built and checked.
    expect(built).toBeGreaterThan(0);
  });
});
