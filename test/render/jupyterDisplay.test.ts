/**
 * jupyterDisplay and the table's rich display: the registered symbol, the MIME bundle of a CohortTable
 * (HTML heatmap and the text table), and that the method is visible to TypeScript through the symbol.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type CohortTable, cohortTableToHtml, cohortTableToText, type JupyterDisplayData, jupyterDisplay } from '../../src/index.js';
import { emptyTable, markupProblems, smallTable } from './_fixtures.js';

describe('jupyterDisplay', () => {
  it("is the registered symbol Symbol.for('Jupyter.display') that Deno's kernel looks up", () => {
    expect(jupyterDisplay).toBe(Symbol.for('Jupyter.display'));
    expect(typeof jupyterDisplay).toBe('symbol');
  });

  it('a CohortTable displays as text/html (the heatmap) with text/plain (the text table)', () => {
    const table = smallTable();
    const bundle = table[jupyterDisplay]();
    expect(Object.keys(bundle).sort()).toEqual(['text/html', 'text/plain']);
    expect(bundle['text/html']).toBe(table.toHTML());
    expect(bundle['text/html']).toBe(cohortTableToHtml(table, { rowTitle: 'cohort (month of first event)', columnTitle: "months since the cohort's month" }));
    expect(bundle['text/html'].startsWith('<table')).toBe(true);
    expect(markupProblems(bundle['text/html'])).toEqual([]);
    expect(bundle['text/plain']).toBe(cohortTableToText(table));
    // The kernel calls it through the registered symbol, not through our export.
    const viaKernel = (table as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for('Jupyter.display')]!();
    expect(viaKernel).toEqual(bundle);
  });

  it('works for the empty table', () => {
    const bundle = emptyTable()[jupyterDisplay]();
    expect(bundle['text/plain']).toBe('cohort size');
    expect(markupProblems(bundle['text/html'])).toEqual([]);
  });

  it('is typed: the method keyed by the exported unique symbol is part of the CohortTable type', () => {
    expectTypeOf(jupyterDisplay).toEqualTypeOf<typeof jupyterDisplay>();
    expectTypeOf<CohortTable[typeof jupyterDisplay]>().returns.toEqualTypeOf<JupyterDisplayData>();
    expectTypeOf<JupyterDisplayData['text/html']>().toEqualTypeOf<string>();
  });
});
