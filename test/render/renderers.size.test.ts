/**
 * B9 and its class: every renderer (text, CSV wide and long, HTML, SVG, Jupyter display) over tables of
 * 1, 10, 1,000 and 5,000 rows and columns. A table within the renderer's bound renders, well-formed
 * (HTML and SVG checked as XML 1.0 by test/render/_xml.ts, text and CSV by their line counts); a larger one
 * is refused up front with a MetricError naming its size, never a raw RangeError. A spread into a call
 * (`Math.max(...cells)`) only overflows past ~125,000 arguments on Node 20, which no table under the
 * views' bound can reach along one axis at a bearable test cost: test/render/noSpreadCalls.test.ts catches
 * that class statically, over all of src/.
 */
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortTable, cohortTableToCsv, cohortTableToHtml, cohortTableToSvg, cohortTableToText, jupyterDisplay, MetricError } from '../../src/index.js';
import { MAX_CSV_CELLS, MAX_VIEW_CELLS } from '../../src/render/_grid.js';
import { rectangle, triangle } from './_bigTables.js';
import { xmlProblems } from './_xml.js';

interface Renderer {
  readonly name: string;
  readonly fn: string;
  readonly maxCells: number;
  readonly render: (table: CohortTable) => string;
  /** Checks the output of a table of `rows` cohorts and `columns` columns. */
  readonly check: (output: string, rows: number, columns: number) => void;
}

const xml = (output: string): void => expect(xmlProblems(output)).toEqual([]);
const footnote = 1; // every triangle here has an incomplete cell, so the text view ends with the footnote.

const RENDERERS: readonly Renderer[] = [
  {
    name: 'text',
    fn: 'cohortTableToText',
    maxCells: MAX_VIEW_CELLS,
    render: (t) => cohortTableToText(t),
    check: (out, rows) => expect(out.split('\n')).toHaveLength(1 + rows + footnote),
  },
  {
    name: 'CSV (wide)',
    fn: 'cohortTableToCsv',
    maxCells: MAX_CSV_CELLS,
    render: (t) => cohortTableToCsv(t, { newline: '\n' }),
    check: (out, rows, columns) => {
      const lines = out.split('\n');
      expect(lines).toHaveLength(1 + rows + 1);
      expect(lines[0]!.split(',')).toHaveLength(2 + columns);
      expect(lines[rows]!.split(',')).toHaveLength(2 + columns);
    },
  },
  {
    name: 'CSV (long)',
    fn: 'cohortTableToCsv',
    maxCells: MAX_CSV_CELLS,
    render: (t) => cohortTableToCsv(t, { layout: 'long', newline: '\n' }),
    check: (out, rows, columns) => {
      const span = Math.max(rows, columns);
      let existing = 0;
      for (let i = 0; i < rows; i++) existing += Math.min(columns, span - i);
      expect(out.split('\n')).toHaveLength(1 + existing + 1);
    },
  },
  {
    name: 'HTML',
    fn: 'cohortTableToHtml',
    maxCells: MAX_VIEW_CELLS,
    render: (t) => cohortTableToHtml(t),
    check: (out, rows) => {
      xml(out);
      // Head: axis titles and offsets (2 rows); foot: the colour note and the footnote.
      expect(out.split('<tr>')).toHaveLength(1 + 2 + rows + 1 + footnote);
    },
  },
  {
    name: 'SVG',
    fn: 'cohortTableToSvg',
    maxCells: MAX_VIEW_CELLS,
    render: (t) => cohortTableToSvg(t, { title: 'Retention' }),
    check: (out, rows) => {
      xml(out);
      expect(out.split(' dominant-baseline="central">').length - 1).toBeGreaterThanOrEqual(rows);
    },
  },
  {
    name: 'Jupyter display',
    fn: 'cohortTableToHtml',
    maxCells: MAX_VIEW_CELLS,
    render: (t) => {
      const bundle = t[jupyterDisplay]();
      return `${bundle['text/html']}\n${bundle['text/plain']}`;
    },
    check: (out) => {
      xml(out.slice(0, out.indexOf('</table>') + '</table>'.length));
      expect(out).toContain('\ncohort ');
    },
  },
];

const SIZES = [1, 10, 1000, 5000] as const;

describe('B9: renderers on large tables', () => {
  it('B9: toSVG() on a year and more of daily cohorts (400 rows, from the builder) renders well-formed XML instead of a stack overflow', () => {
    const day = 86_400_000;
    const events = Array.from({ length: 400 }, (_, i) => ({ customerId: `c${i % 37}-${Math.floor(i / 37)}`, timestamp: Date.UTC(2024, 0, 1) + i * day }));
    const table = new CohortBuilder({ period: 'day' }).addAll(events).build();
    expect(table.cohorts.length).toBeGreaterThanOrEqual(400);
    const svg = table.toSVG();
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.split('\n').filter((line) => line.endsWith('</rect>')).length).toBeGreaterThan(400);
  });
});

describe('size sweep: every renderer over 1, 10, 1,000 and 5,000 rows and columns', () => {
  for (const renderer of RENDERERS) {
    for (const rows of SIZES) {
      for (const columns of SIZES) {
        const cells = rows * columns;
        if (cells <= renderer.maxCells) {
          it(`${renderer.name}: ${rows} x ${columns} renders`, () => {
            renderer.check(renderer.render(triangle(rows, columns)), rows, columns);
          });
        } else {
          it(`${renderer.name}: ${rows} x ${columns} (${cells} cells) is refused up front with a MetricError naming the size`, () => {
            let error: unknown;
            try {
              renderer.render(rectangle(rows, columns));
            } catch (caught) {
              error = caught;
            }
            expect(error).toBeInstanceOf(MetricError);
            expect((error as MetricError).field).toBe('table');
            expect((error as MetricError).message).toContain(`${renderer.fn}: table must be at most ${renderer.maxCells} cells`);
            expect((error as MetricError).message).toContain(`${rows} x ${columns} = ${cells}`);
          });
        }
      }
    }
  }
});
