/**
 * examples/cohorts.ipynb without Jupyter: the notebook file is a clean Deno notebook (metadata, no stored
 * outputs, the cells the README describes), and the table its display cell shows renders through
 * `[jupyterDisplay]()`, built here from the repo source exactly as the notebook builds it. Executing the
 * notebook in a real Deno kernel needs the packed package and Jupyter: test/package/notebook.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortTable, jupyterDisplay, parseEventsCsv, retentionChart } from '../../src/index.js';

const notebookPath = fileURLToPath(new URL('../../examples/cohorts.ipynb', import.meta.url));
const eventsPath = fileURLToPath(new URL('../../examples/data/events.csv', import.meta.url));

interface NotebookCell {
  readonly cell_type: string;
  readonly source: string | readonly string[];
  readonly outputs?: readonly unknown[];
  readonly execution_count?: number | null;
}

interface Notebook {
  readonly nbformat: number;
  readonly nbformat_minor: number;
  readonly metadata: { readonly kernelspec?: Record<string, string> };
  readonly cells: readonly NotebookCell[];
}

const text = (source: string | readonly string[]): string => (typeof source === 'string' ? source : source.join(''));

let cached: CohortTable | undefined;

/** The table of the notebook's display cell, from the repo source instead of npm:loyalty-metrics. */
function notebookTable(): CohortTable {
  cached ??= new CohortBuilder({ period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' })
    .addColumns(parseEventsCsv(readFileSync(eventsPath)).columns)
    .build({ from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59.999Z' });
  return cached;
}

describe('examples/cohorts.ipynb', () => {
  it('is an nbformat 4.5 Deno notebook with no stored outputs', () => {
    const nb = JSON.parse(readFileSync(notebookPath, 'utf8')) as Notebook;
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.metadata.kernelspec).toEqual({ name: 'deno', display_name: 'Deno', language: 'typescript' });
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    for (const cell of code) {
      expect(cell.outputs, text(cell.source)).toEqual([]);
      expect(cell.execution_count, text(cell.source)).toBeNull();
    }
    const sources = code.map((c) => text(c.source));
    expect(nb.cells[0]?.cell_type).toBe('markdown');
    expect(sources).toContain('import { CohortBuilder, parseEventsCsv, retentionChart } from "npm:loyalty-metrics";');
    expect(sources.at(-1)).toBe('retentionChart(table)');
    expect(sources.join('\n')).toContain('Deno.readFileSync("./data/events.csv")');
    expect(sources.join('\n')).toContain('.build({ from: "2024-01-01T00:00:00Z", to: "2024-12-31T23:59:59.999Z" })');
    // The cell whose value is the table, so the kernel calls its [Symbol.for('Jupyter.display')]().
    expect(sources).toContain('table');
    expect(sources.some((s) => s.includes('table.mean()'))).toBe(true);
  });

  it("the notebook's table displays as an HTML heatmap and an aligned text table", () => {
    const table = notebookTable();
    const bundle = table[jupyterDisplay]();
    expect(Object.keys(bundle).sort()).toEqual(['text/html', 'text/plain']);

    const html = bundle['text/html'];
    expect(html.startsWith('<table')).toBe(true);
    expect(html).toContain('</table>');
    expect(html).toMatch(/<t[hd][^>]*>2024-01<\/t[hd]>/);
    expect(html).toMatch(/<t[hd][^>]*>2024-12<\/t[hd]>/);

    const plain = bundle['text/plain'];
    const lines = plain.split('\n');
    expect(lines).toHaveLength(13); // header + 12 monthly cohorts of 2024
    expect(lines[0]).toMatch(/^cohort +size +0 +1 +2 .* 11$/);
    expect(lines[1]).toMatch(/^2024-01 +101 +100\.0% +27\.7% +26\.7%/);
    expect(lines[12]).toMatch(/^2024-12 +143 +100\.0%( +·){11}$/);
    // Aligned: every line has the same width, and the columns end at the same positions.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(plain).not.toContain('\x1b[');
  });

  it("the notebook's last cell: the retention chart displays as an HTML figure holding its SVG", () => {
    const chart = retentionChart(notebookTable());
    const bundle = chart[jupyterDisplay]();
    expect(Object.keys(bundle).sort()).toEqual(['text/html', 'text/plain']);
    expect(bundle['text/html']).toMatch(/^<figure class="lm-chart"[^>]*><svg /);
    expect(bundle['text/html']).toContain('</svg></figure>');
    expect(bundle['text/plain'].split('\n')[0]).toBe(chart.title);
  });

  it("the notebook's mean row: weighted retention per month offset", () => {
    const mean = notebookTable().mean();
    expect(mean).toHaveLength(12);
    expect(mean.slice(0, 3).map((r) => r?.toPercent(1))).toEqual(['100.0%', '32.1%', '25.4%']);
  });
});
