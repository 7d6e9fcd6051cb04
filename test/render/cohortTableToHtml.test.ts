/**
 * cohortTableToHtml: golden output on the small table, escaping of every text (caption, hostile labels),
 * well-formedness by a stack parser, null and incomplete cells, the empty table, then determinism and
 * structure as properties over generated events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, cohortTableToHtml, MetricError } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { bracketTable, emptyTable, hostileTable, markupProblems, smallTable, textsOf } from './_fixtures.js';

const GOLDEN = [
  '<table style="border-collapse:collapse;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:13px;font-variant-numeric:tabular-nums">',
  '<thead><tr><th scope="colgroup" colspan="2" style="padding:4px 8px;text-align:left;font-weight:400;font-style:italic;color:#555555">cohort (month of first event)</th><th scope="colgroup" colspan="3" style="padding:4px 8px;text-align:left;font-weight:400;font-style:italic;color:#555555">months since the cohort&#39;s month</th></tr><tr><th scope="col" style="padding:4px 8px;text-align:left;font-weight:600;white-space:nowrap;border-bottom:1px solid #999999">cohort</th><th scope="col" style="padding:4px 8px;text-align:right;font-weight:600;border-bottom:1px solid #999999">size</th><th scope="col" style="padding:4px 8px;text-align:right;font-weight:600;border-bottom:1px solid #999999">0</th><th scope="col" style="padding:4px 8px;text-align:right;font-weight:600;border-bottom:1px solid #999999">1</th><th scope="col" style="padding:4px 8px;text-align:right;font-weight:600;border-bottom:1px solid #999999">2</th></tr></thead>',
  '<tbody>',
  '<tr><th scope="row" style="padding:4px 8px;text-align:left;font-weight:600;white-space:nowrap">2024-01</th><td style="padding:4px 8px;text-align:right;white-space:nowrap">2</td><td style="padding:4px 8px;text-align:right;white-space:nowrap;background-color:#08306b;color:#ffffff" title="2/2 customers">100.0%</td><td style="padding:4px 8px;text-align:right;white-space:nowrap;background-color:#08306b;color:#ffffff" title="1/2 customers">50.0%</td><td style="padding:4px 8px;text-align:right;white-space:nowrap;background-color:#08306b;color:#ffffff" title="1/2 customers, period incomplete">50.0%*</td></tr>',
  '<tr><th scope="row" style="padding:4px 8px;text-align:left;font-weight:600;white-space:nowrap">2024-02</th><td style="padding:4px 8px;text-align:right;white-space:nowrap">1</td><td style="padding:4px 8px;text-align:right;white-space:nowrap;background-color:#08306b;color:#ffffff" title="1/1 customers">100.0%</td><td style="padding:4px 8px;text-align:right;white-space:nowrap;background-color:#f7fbff;color:#000000" title="0/1 customers, period incomplete">0.0%*</td><td></td></tr>',
  '<tr><th scope="row" style="padding:4px 8px;text-align:left;font-weight:600;white-space:nowrap">2024-03</th><td style="padding:4px 8px;text-align:right;white-space:nowrap">0</td><td></td><td></td><td></td></tr>',
  '</tbody>',
  '<tfoot><tr><td colspan="5" style="padding:4px 8px;text-align:left;font-size:11px;color:#555555">colour: 0.0% to 50.0% (offset 0, the cohort itself, darkest)</td></tr><tr><td colspan="5" style="padding:4px 8px;text-align:left;font-size:11px;color:#555555">* incomplete: the period had not ended when observation stopped</td></tr></tfoot>',
  '</table>',
].join('\n');

describe('cohortTableToHtml: the small monthly table', () => {
  it('golden: inline-styled heatmap, titles with count/size, empty cells, * and a footnote for incomplete cells', () => {
    expect(cohortTableToHtml(smallTable())).toBe(GOLDEN);
  });

  it('is well-formed, and one <tr> per cohort plus the head (axis titles, offsets) and foot (colour note, footnote)', () => {
    const html = cohortTableToHtml(smallTable());
    expect(markupProblems(html)).toEqual([]);
    expect(textsOf(html, 'tr')).toHaveLength(2 + 3 + 2);
    expect(html.split('<td></td>')).toHaveLength(1 + 4);
  });

  it('counts, digits and a caption', () => {
    const html = cohortTableToHtml(smallTable(), { values: 'counts', caption: 'Monthly cohorts' });
    expect(html.split('\n')[1]).toBe('<caption style="caption-side:top;text-align:left;font-weight:600;padding:4px 0">Monthly cohorts</caption>');
    expect(textsOf(html, 'td').slice(0, 4)).toEqual(['2', '2', '1', '1*']);
    // The empty cohort's count 0 is shown, unshaded (it has no retention).
    expect(html).toContain('<td style="padding:4px 8px;text-align:right;white-space:nowrap" title="0/0 customers, period incomplete">0*</td>');
    expect(textsOf(cohortTableToHtml(smallTable(), { digits: 2 }), 'td')[1]).toBe('100.00%');
  });

  it('is table.toHTML(options)', () => {
    const table = smallTable();
    // The table names its period in the axis titles (H2), which a bare table view cannot tell.
    const axes = { rowTitle: 'cohort (month of first event)', columnTitle: "months since the cohort's month" };
    expect(table.toHTML()).toBe(cohortTableToHtml(table, axes));
    expect(table.toHTML({ caption: 'x' })).toBe(cohortTableToHtml(table, { caption: 'x', ...axes }));
    expect(table.toHTML({ rowTitle: 'r', columnTitle: 'c' })).toBe(cohortTableToHtml(table, { rowTitle: 'r', columnTitle: 'c' }));
  });
});

describe('cohortTableToHtml: escaping and edge cases', () => {
  it('escapes the caption', () => {
    const html = cohortTableToHtml(smallTable(), { caption: `<img src=x onerror="alert('1')"> & co` });
    expect(html).toContain('>&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co</caption>');
    expect(markupProblems(html)).toEqual([]);
  });

  it('escapes labels (& < > " \') and stays well-formed whatever the labels', () => {
    const html = cohortTableToHtml(hostileTable());
    expect(markupProblems(html)).toEqual([]);
    expect(html).toContain('>&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</th>');
    expect(html).toContain('>a,&quot;b&quot;</th>');
    expect(html).not.toContain('<b>');
  });

  it('bracket columns; a complete table has no footnote in its <tfoot>, only the colour note', () => {
    const html = cohortTableToHtml(bracketTable());
    expect(textsOf(html, 'th').slice(2, 8)).toEqual(['cohort', 'size', '0', '1', '2-3', '4+']);
    expect(textsOf(html, 'tfoot')).toHaveLength(1);
    expect(html).not.toContain('incomplete');
    expect(html).not.toContain('*');
    expect(markupProblems(html)).toEqual([]);
  });

  it('an empty table (no cohorts) renders a head and an empty body', () => {
    const html = cohortTableToHtml(emptyTable());
    expect(markupProblems(html)).toEqual([]);
    expect(textsOf(html, 'th')).toEqual(['cohort (month of first event)', 'cohort', 'size']);
    expect(html).toContain('<tbody>\n</tbody>\n<tfoot>');
    expect(textsOf(html, 'td')).toEqual(['colour: 0.0% to 100.0% (offset 0, the cohort itself, darkest)']);
  });

  it('rejects what is not a table and bad options with MetricError', () => {
    expect(() => cohortTableToHtml({} as never)).toThrow(/cohortTableToHtml: table must be a CohortTable/);
    expect(() => cohortTableToHtml(smallTable(), { caption: 1 } as never)).toThrow(MetricError);
    expect(() => cohortTableToHtml(smallTable(), { colour: true } as never)).toThrow(/options.colour/);
  });

  it('the markup checker itself rejects broken markup', () => {
    expect(markupProblems('<table><tr></table>')).not.toEqual([]);
    expect(markupProblems('<p>a < b</p>')).not.toEqual([]);
    expect(markupProblems('<p>a & b</p>')).not.toEqual([]);
    expect(markupProblems('<p title="a"b">x</p>')).not.toEqual([]);
    expect(markupProblems('<p>x')).not.toEqual([]);
    expect(markupProblems('<p title="&lt;">a &amp; b<br/></p>')).toEqual([]);
  });
});

describe('cohortTableToHtml: properties', () => {
  it('deterministic, well-formed, one row per cohort and one cell per column, empty cells exactly where null', () => {
    fc.assert(
      fc.property(eventsArb({ maxLength: 30 }), fc.constantFrom('retention', 'counts'), (events, values) => {
        const build = () => new CohortBuilder().addAll(events).build({ from: RANGE_FROM, to: RANGE_TO });
        const table = build();
        const html = cohortTableToHtml(table, { values });
        expect(cohortTableToHtml(build(), { values })).toBe(html);
        expect(markupProblems(html)).toEqual([]);
        const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
        const rows = textsOf(body, 'tr');
        expect(rows).toHaveLength(table.cohorts.length);
        const shown = values === 'counts' ? table.counts() : table.retention();
        rows.forEach((row, i) => {
          // Every cell after the size is a <td>; empty ones are exactly the null cells.
          const cells = row.split('<td').slice(2);
          expect(cells).toHaveLength(table.columns.length);
          expect(cells.map((c) => c.startsWith('></td>'))).toEqual(shown[i]!.map((v) => v === null));
        });
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
