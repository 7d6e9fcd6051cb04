/**
 * cohortTableToSvg: golden output on the small table, escaping (title, hostile labels), well-formedness
 * by a stack parser, null and incomplete cells, size from rows and columns, the empty table, then
 * determinism and structure as properties over generated events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, cohortTableToSvg, MetricError } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { bracketTable, emptyTable, hostileTable, markupProblems, smallTable, textsOf } from './_fixtures.js';

const NOTE = '* incomplete: the period had not ended when observation stopped';

/** The integer width and height of an SVG's root element. */
function size(svg: string): { width: number; height: number } {
  const head = svg.slice(0, svg.indexOf('>'));
  const attribute = (name: string) => Number(head.slice(head.indexOf(`${name}="`) + name.length + 2, head.indexOf('"', head.indexOf(`${name}="`) + name.length + 2)));
  return { width: attribute('width'), height: attribute('height') };
}

const GOLDEN = [
  '<svg xmlns="http://www.w3.org/2000/svg" width="457" height="196" viewBox="0 0 457 196" role="img">',
  '<title>Cohort retention</title>',
  '<desc>cohort (month of first event) by months since the cohort&#39;s month; colour: 0.0% to 50.0% (offset 0, the cohort itself, darkest)</desc>',
  '<rect width="457" height="196" fill="#ffffff"/>',
  '<g font-family="system-ui, sans-serif" font-size="12" fill="#222222">',
  '<text x="8" y="22" font-style="italic" fill="#555555">cohort (month of first event)</text>',
  '<text x="227" y="22" font-style="italic" fill="#555555">months since the cohort&#39;s month</text>',
  '<text x="8" y="44" font-weight="600">cohort</text>',
  '<text x="109" y="44" font-weight="600" text-anchor="end">size</text>',
  '<text x="144" y="44" font-weight="600" text-anchor="middle">0</text>',
  '<text x="198" y="44" font-weight="600" text-anchor="middle">1</text>',
  '<text x="252" y="44" font-weight="600" text-anchor="middle">2</text>',
  '<text x="8" y="64" dominant-baseline="central">2024-01</text>',
  '<text x="109" y="64" dominant-baseline="central" text-anchor="end">2</text>',
  '<rect x="117" y="52" width="54" height="24" fill="#08306b" stroke="#ffffff"><title>2/2 customers</title></rect>',
  '<text x="144" y="64" dominant-baseline="central" text-anchor="middle" fill="#ffffff">100.0%</text>',
  '<rect x="171" y="52" width="54" height="24" fill="#08306b" stroke="#ffffff"><title>1/2 customers</title></rect>',
  '<text x="198" y="64" dominant-baseline="central" text-anchor="middle" fill="#ffffff">50.0%</text>',
  '<rect x="225" y="52" width="54" height="24" fill="#08306b" stroke="#ffffff"><title>1/2 customers, period incomplete</title></rect>',
  '<text x="252" y="64" dominant-baseline="central" text-anchor="middle" fill="#ffffff">50.0%*</text>',
  '<text x="8" y="88" dominant-baseline="central">2024-02</text>',
  '<text x="109" y="88" dominant-baseline="central" text-anchor="end">1</text>',
  '<rect x="117" y="76" width="54" height="24" fill="#08306b" stroke="#ffffff"><title>1/1 customers</title></rect>',
  '<text x="144" y="88" dominant-baseline="central" text-anchor="middle" fill="#ffffff">100.0%</text>',
  '<rect x="171" y="76" width="54" height="24" fill="#f7fbff" stroke="#ffffff"><title>0/1 customers, period incomplete</title></rect>',
  '<text x="198" y="88" dominant-baseline="central" text-anchor="middle" fill="#000000">0.0%*</text>',
  '<text x="8" y="112" dominant-baseline="central">2024-03</text>',
  '<text x="109" y="112" dominant-baseline="central" text-anchor="end">0</text>',
  '<text x="100" y="142" dominant-baseline="central" text-anchor="end">0.0%</text>',
  '<rect x="104" y="136" width="16" height="12" fill="#edf5fc"/>',
  '<rect x="120" y="136" width="16" height="12" fill="#d9e8f5"/>',
  '<rect x="136" y="136" width="16" height="12" fill="#c6dbef"/>',
  '<rect x="152" y="136" width="16" height="12" fill="#a6cde4"/>',
  '<rect x="168" y="136" width="16" height="12" fill="#7fb9da"/>',
  '<rect x="184" y="136" width="16" height="12" fill="#5ba3d0"/>',
  '<rect x="200" y="136" width="16" height="12" fill="#3b8bc3"/>',
  '<rect x="216" y="136" width="16" height="12" fill="#2171b5"/>',
  '<rect x="232" y="136" width="16" height="12" fill="#0d57a1"/>',
  '<rect x="248" y="136" width="16" height="12" fill="#083d7f"/>',
  '<text x="268" y="142" dominant-baseline="central">50.0%</text>',
  '<text x="8" y="166" font-size="11" fill="#555555">colour: 0.0% to 50.0% (offset 0, the cohort itself, darkest)</text>',
  '<text x="8" y="186" font-size="11" fill="#555555">* incomplete: the period had not ended when observation stopped</text>',
  '</g>',
  '</svg>',
].join('\n');

describe('cohortTableToSvg: the small monthly table', () => {
  it('golden: labels, offsets, shaded cells with tooltips, blank missing cells, legend, footnote', () => {
    expect(cohortTableToSvg(smallTable())).toBe(GOLDEN);
  });

  it('is a well-formed standalone SVG document', () => {
    const svg = cohortTableToSvg(smallTable());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(markupProblems(svg)).toEqual([]);
    const { width, height } = size(svg);
    expect(svg).toContain(`viewBox="0 0 ${width} ${height}"`);
  });

  it('draws a cell (rect + text) for each existing retention and nothing for null cells', () => {
    const svg = cohortTableToSvg(smallTable());
    // 5 shaded cells + 10 legend swatches + the background.
    expect(svg.split('<rect ')).toHaveLength(1 + 5 + 10 + 1);
    expect(textsOf(svg, 'text').filter((t) => t.endsWith('%') || t.endsWith('%*'))).toEqual(['100.0%', '50.0%', '50.0%*', '100.0%', '0.0%*', '0.0%', '50.0%']);
    expect(textsOf(svg, 'title')).toEqual(['Cohort retention', '2/2 customers', '1/2 customers', '1/2 customers, period incomplete', '1/1 customers', '0/1 customers, period incomplete']);
  });

  it('counts, digits and a title', () => {
    const svg = cohortTableToSvg(smallTable(), { values: 'counts', title: 'Customers' });
    expect(textsOf(svg, 'title')[0]).toBe('Customers');
    expect(svg).toContain('font-size="14" font-weight="600">Customers</text>');
    // The empty cohort's count (0, incomplete) is drawn unshaded.
    expect(textsOf(svg, 'text')).toContain('0*');
    expect(cohortTableToSvg(smallTable(), { values: 'counts' }).split('\n')[1]).toBe('<title>Cohort counts</title>');
    expect(textsOf(cohortTableToSvg(smallTable(), { digits: 3 }), 'text')).toContain('100.000%');
  });

  it('is table.toSVG(options)', () => {
    const table = smallTable();
    // The table names its period in the axis titles (H2), which a bare table view cannot tell.
    const axes = { rowTitle: 'cohort (month of first event)', columnTitle: "months since the cohort's month" };
    expect(table.toSVG()).toBe(cohortTableToSvg(table, axes));
    expect(table.toSVG({ title: 't' })).toBe(cohortTableToSvg(table, { title: 't', ...axes }));
    expect(table.toSVG({ rowTitle: 'r', columnTitle: 'c' })).toBe(cohortTableToSvg(table, { rowTitle: 'r', columnTitle: 'c' }));
  });
});

describe('cohortTableToSvg: escaping and edge cases', () => {
  it('escapes the title in <title> and in the heading', () => {
    const svg = cohortTableToSvg(smallTable(), { title: `</svg><script>alert("x")</script> & 'y'` });
    expect(markupProblems(svg)).toEqual([]);
    expect(textsOf(svg, 'title')[0]).toBe('&lt;/svg&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(svg).not.toContain('<script');
  });

  it('escapes labels and stays well-formed whatever the labels', () => {
    const svg = cohortTableToSvg(hostileTable());
    expect(markupProblems(svg)).toEqual([]);
    expect(textsOf(svg, 'text')).toContain('&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;');
  });

  it('grows with rows and columns; a complete table has no footnote', () => {
    const small = size(cohortTableToSvg(smallTable()));
    const brackets = cohortTableToSvg(bracketTable());
    expect(markupProblems(brackets)).toEqual([]);
    expect(brackets).not.toContain(NOTE);
    expect(textsOf(brackets, 'text').slice(4, 8)).toEqual(['0', '1', '2-3', '4+']);
    // 6 rows of 24 px instead of 3; no footnote line (20 px).
    expect(size(brackets).height).toBe(small.height + 3 * 24 - 20);
    const wide = new CohortBuilder().addAll([{ customerId: 'a', timestamp: '2024-01-01T00:00:00Z' }]).build({ to: '2025-12-31T00:00:00Z' });
    expect(size(cohortTableToSvg(wide)).width).toBeGreaterThan(24 * 48);
  });

  it('an empty table (no cohorts) renders header and legend', () => {
    const svg = cohortTableToSvg(emptyTable());
    expect(markupProblems(svg)).toEqual([]);
    expect(size(svg)).toEqual({ width: 452, height: 104 });
    expect(textsOf(svg, 'text')).toEqual([
      'cohort (month of first event)',
      'months since the cohort&#39;s month',
      'cohort',
      'size',
      '0.0%',
      '100.0%',
      'colour: 0.0% to 100.0% (offset 0, the cohort itself, darkest)',
    ]);
  });

  it('rejects what is not a table and bad options with MetricError', () => {
    expect(() => cohortTableToSvg([] as never)).toThrow(/cohortTableToSvg: table must be a CohortTable/);
    expect(() => cohortTableToSvg(smallTable(), { title: null } as never)).toThrow(MetricError);
    expect(() => cohortTableToSvg(smallTable(), { digits: -1 })).toThrow(MetricError);
  });
});

describe('cohortTableToSvg: properties', () => {
  it('deterministic, well-formed, integer size, one shaded cell per non-null retention', () => {
    fc.assert(
      fc.property(eventsArb({ maxLength: 30 }), (events) => {
        const build = () => new CohortBuilder().addAll(events).build({ from: RANGE_FROM, to: RANGE_TO });
        const table = build();
        const svg = cohortTableToSvg(table);
        expect(cohortTableToSvg(build())).toBe(svg);
        expect(markupProblems(svg)).toEqual([]);
        const { width, height } = size(svg);
        expect(Number.isInteger(width) && Number.isInteger(height)).toBe(true);
        expect(height).toBeGreaterThanOrEqual(table.cohorts.length * 24);
        const shaded = table.retention().flat().filter((r) => r !== null).length;
        expect(svg.split('<rect ').length - 1).toBe(1 + shaded + 10);
        expect(svg.includes(NOTE)).toBe(table.incomplete().some((row, i) => row.some((flag, k) => flag && table.retention()[i]![k] !== null)));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
