/**
 * frequencyRecencyChart (issue 12, B1): lifetimes' plot_frequency_recency_matrix. Worked examples on the
 * CDNOW fit of the fixtures (every cell equals expectedPurchases computed directly; the grid taken from the
 * summary as lifetimes takes it from its fitted data; lifetimes' monotone patterns), the SVG (well-formed,
 * title/desc, axis titles, colour bar), then edges (one cell, the 250 × 250 cap, huge values), bad options,
 * and properties over random fits and grids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBetaGeo, frequencyRecencyChart, MetricError, type TransactionModelFit } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { loadCdnowRecencyFrequency } from '../models/_cdnow.js';
import { xmlProblems } from '../render/_xml.js';
import { deepFrozen, fitArb, gridArb, svgSize } from './_matrix.js';

/** The CDNOW summary of the fixtures (2,357 customers, weeks) and the BG/NBD fit lifetimes prints for it. */
const cdnow = loadCdnowRecencyFrequency();
const summary = { frequency: cdnow.frequency, recency: cdnow.recency, T: cdnow.T };
const cdnowFit = fitBetaGeo(summary, { timeUnit: 'week' });
/** lifetimes' Quickstart `bgf.summary` on the same file. */
const LIFETIMES = { model: 'betaGeo', params: { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 } } as const;

/** Every possible cell against a direct call of expectedPurchases, bit for bit. */
function expectCellsEqualPredictions(fit: TransactionModelFit, values: readonly (readonly (number | null)[])[], T: number, t: number): void {
  values.forEach((row, f) =>
    row.forEach((value, r) => {
      if (f === 0 && r > 0) expect(value, `cell ${f}, ${r}`).toBeNull();
      else expect(value, `cell ${f}, ${r}`).toBe(expectedPurchases(fit, { frequency: f, recency: r, T }, { t }));
    }),
  );
}

describe('frequencyRecencyChart: worked examples (CDNOW)', () => {
  it('B1: the CDNOW fit of the fixtures is the one lifetimes prints (so the matrix is lifetimes\' matrix)', () => {
    for (const [name, value] of nonEmpty(Object.entries(LIFETIMES.params))) expect(Math.abs(cdnowFit.params[name as keyof typeof LIFETIMES.params] - value)).toBeLessThan(2e-6);
  });

  it('B1: the grid comes from the summary as in lifetimes (max frequency 29, max T 38.86 → recency 0..38, T = 38)', () => {
    const chart = frequencyRecencyChart(cdnowFit, { summary });
    expect(Math.max(...cdnow.frequency)).toBe(29);
    expect(chart.data.frequencies).toEqual(Array.from({ length: 30 }, (_, f) => f));
    expect(chart.data.recencies).toEqual(Array.from({ length: 39 }, (_, r) => r));
    expect(chart.data.T).toBe(38);
    expect(chart.data.t).toBe(1);
    expect(chart.data.model).toBe('betaGeo');
    expect(chart.kind).toBe('frequencyRecency');
  });

  it('B1: every cell equals expectedPurchases(fit, { frequency: f, recency: r, T }, { t }) computed directly; frequency 0 with recency > 0 is null', () => {
    const chart = frequencyRecencyChart(cdnowFit, { summary });
    expectCellsEqualPredictions(cdnowFit, chart.data.values, 38, 1);
    const other = frequencyRecencyChart(cdnowFit, { maxFrequency: 12, maxRecency: 20, T: 52, t: 13 });
    expectCellsEqualPredictions(cdnowFit, other.data.values, 52, 13);
    expect(other.data.T).toBe(52);
    expect(other.data.t).toBe(13);
  });

  it('B1: MBG/NBD and Pareto/NBD fits (published CDNOW parameters) are drawn from the same predictions', () => {
    const fits: TransactionModelFit[] = [
      { model: 'modifiedBetaGeo', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } },
      { model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 } },
    ];
    for (const fit of fits) {
      const chart = frequencyRecencyChart(fit, { maxFrequency: 10, maxRecency: 39, t: 4 });
      expectCellsEqualPredictions(fit, chart.data.values, 39, 4);
      expect(chart.description).toContain(fit.model === 'paretoNbd' ? 'Pareto/NBD' : 'MBG/NBD');
    }
  });

  it("B1: lifetimes' patterns on CDNOW: at the largest recency expected purchases rise with frequency; at a fixed frequency >= 1 they rise with recency; the best cell is top right", () => {
    const { values, domain } = frequencyRecencyChart(LIFETIMES, { summary }).data;
    // Row 0 has only recency 0 (no repeat purchase); from there up, the column of recency 38 increases.
    const last = values.map((row, f) => (f === 0 ? row[0] : row[38]) as number);
    for (let f = 1; f < last.length; f++) expect(last[f]).toBeGreaterThan(last[f - 1] as number);
    for (let f = 1; f < values.length; f++) for (let r = 1; r <= 38; r++) expect(values[f]![r]).toBeGreaterThan(values[f]![r - 1] as number);
    expect(domain[1]).toBe(values[29]![38]);
    expect(domain[0]).toBe(Math.min(...values.flat().filter((v): v is number => v !== null)));
  });

  it('B1: the SVG: well-formed, 640 wide, title and desc, axis titles with the unit, colour bar from min to max, grey impossible cells with a key', () => {
    const chart = frequencyRecencyChart(cdnowFit, { summary });
    const svg = chart.toSVG();
    expect(xmlProblems(svg)).toEqual([]);
    expect(svgSize(svg)).toEqual({ width: 640, height: chart.height });
    expect(svg).toContain('<title>Expected purchases in the next 1 week, by frequency and recency</title>');
    expect(svg).toContain(`<desc>${chart.description.replaceAll("'", '&#39;')}</desc>`);
    expect(chart.description).toContain('aged T = 38 weeks');
    expect(svg).toContain('>customer&#39;s recency (weeks)</text>');
    expect(svg).toContain('>customer&#39;s historical frequency</text>');
    expect(svg).toContain(`>${chart.data.domain[1].toFixed(3)}</text>`);
    expect(svg).toContain('>0.000</text>');
    expect(svg).toContain('impossible cell (frequency 0 with recency &gt; 0)');
    // 30 × 39 = 1,170 cells: each one a rectangle with its tooltip (the impossible strip is one).
    expect(svg.match(/<title>frequency \d+, recency \d+: /g)).toHaveLength(30 * 39 - 38);
    expect(svg).toContain('<title>frequency 0, recency 1–38: impossible');
  });

  it('B1: toHTML, toJSON and the Jupyter bundle carry the same drawing and numbers', () => {
    const chart = frequencyRecencyChart(LIFETIMES, { maxFrequency: 5, maxRecency: 10 });
    expect(chart.toHTML()).toContain(chart.toSVG().slice(5));
    expect(JSON.parse(JSON.stringify(chart))).toEqual({ kind: 'frequencyRecency', title: chart.title, description: chart.description, data: JSON.parse(JSON.stringify(chart.data)) });
    expect(Object.isFrozen(chart.data.values[1])).toBe(true);
    expect(chart.description).toContain('time units');
  });
});

describe('frequencyRecencyChart: edges', () => {
  it('B1: one cell (maxFrequency 0, maxRecency 0): a customer at their first purchase, T = 0; all-equal values are drawn mid-blue with one label', () => {
    const chart = frequencyRecencyChart(LIFETIMES, { maxFrequency: 0, maxRecency: 0 });
    expect(chart.data.values).toEqual([[expectedPurchases(LIFETIMES, { frequency: 0, recency: 0, T: 0 }, { t: 1 })]]);
    expect(chart.data.domain[0]).toBe(chart.data.domain[1]);
    const svg = chart.toSVG();
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain('impossible');
    expect(svg).toContain('fill="#6baed6"');
  });

  it('B1: one row (maxFrequency 0) is the single possible cell and the impossible strip; one column (maxRecency 0) has every frequency at recency 0', () => {
    const row = frequencyRecencyChart(LIFETIMES, { maxFrequency: 0, maxRecency: 30 });
    expect(row.data.values[0]!.filter((v) => v !== null)).toHaveLength(1);
    expect(xmlProblems(row.toSVG())).toEqual([]);
    const column = frequencyRecencyChart(LIFETIMES, { maxFrequency: 40, maxRecency: 0, T: 10 });
    expect(nonEmpty(column.data.values).every((r) => r.length === 1 && typeof r[0] === 'number')).toBe(true);
    expect(xmlProblems(column.toSVG())).toEqual([]);
  });

  it('B1: a title of markup characters is escaped in the SVG and the HTML', () => {
    const chart = frequencyRecencyChart(LIFETIMES, { maxFrequency: 2, maxRecency: 2, title: '<b>R&F</b> "x"' });
    expect(chart.title).toBe('<b>R&F</b> "x"');
    expect(xmlProblems(chart.toSVG())).toEqual([]);
    expect(chart.toHTML()).not.toContain('<b>');
  });

  it('B1: explicit maxima win over the ones taken from the summary', () => {
    const chart = frequencyRecencyChart(LIFETIMES, { summary, maxFrequency: 5 });
    expect(chart.data.frequencies).toHaveLength(6);
    expect(chart.data.recencies).toHaveLength(39);
  });

  it('B1: size sweep up to the 250 × 250 cap: every size draws well-formed, bounded SVG (big grids merge equal neighbours, no tooltips); 251 is refused', () => {
    for (const n of [1, 2, 10, 49, 50, 100, 180, 250]) {
      const chart = frequencyRecencyChart(LIFETIMES, { maxFrequency: n, maxRecency: n });
      const svg = chart.toSVG();
      expect(xmlProblems(svg), `n = ${n}`).toEqual([]);
      expect(svgSize(svg)).toEqual({ width: 640, height: chart.height });
      expect(chart.height).toBeLessThanOrEqual(600);
      expect(svg.length, `n = ${n}`).toBeLessThan(3_000_000);
      expect(/NaN|Infinity|undefined/.test(svg)).toBe(false);
    }
    expect(() => frequencyRecencyChart(LIFETIMES, { maxFrequency: 251, maxRecency: 10 })).toThrowError(/frequencyRecencyChart: options\.maxFrequency must be an integer in \[0, 250\]/);
    expect(() => frequencyRecencyChart(LIFETIMES, { maxFrequency: 10, maxRecency: 251 })).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.maxRecency' }));
  });

  it('B1: a summary beyond the cap (daily data) is refused naming options.summary, and drawn with explicit maxima', () => {
    const days = { frequency: [0, 3, 300], recency: [0, 40, 500], T: [600, 600, 600] };
    expect(() => frequencyRecencyChart(LIFETIMES, { summary: days })).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.summary' }));
    expect(() => frequencyRecencyChart(LIFETIMES, { summary: days, maxFrequency: 30 })).toThrowError(/options\.summary must be customers aged T < 251/);
    expect(frequencyRecencyChart(LIFETIMES, { summary: days, maxFrequency: 30, maxRecency: 200, T: 600 }).data.T).toBe(600);
  });

  it('B1: extreme parameters and horizons stay finite in the data and the drawing', () => {
    const fits: TransactionModelFit[] = [
      { model: 'betaGeo', params: { r: 1e3, alpha: 1e-3, a: 1e3, b: 1e-3 } },
      { model: 'betaGeo', params: { r: 1e-3, alpha: 1e3, a: 1e-3, b: 1e3 } },
      { model: 'paretoNbd', params: { r: 50, alpha: 0.01, s: 1, beta: 1e4 } },
      { model: 'modifiedBetaGeo', params: { r: 0.2, alpha: 0.5, a: 5, b: 0.2 } },
    ];
    for (const fit of fits) {
      let chart;
      try {
        chart = frequencyRecencyChart(fit, { maxFrequency: 30, maxRecency: 30, t: 100 });
      } catch (error) {
        expect(error).toBeInstanceOf(MetricError);
        expect((error as MetricError).message.startsWith('frequencyRecencyChart: ')).toBe(true);
        continue;
      }
      expect(nonEmpty(chart.data.values.flat()).every((v) => v === null || Number.isFinite(v))).toBe(true);
      expect(/NaN|Infinity|undefined/.test(chart.toSVG())).toBe(false);
    }
  });

  it("B1: a prediction's own error is re-raised under the chart's name (t too long for the series)", () => {
    const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 0.001, a: 0.793, b: 2.426 } };
    expect(() => frequencyRecencyChart(fit, { maxFrequency: 0, maxRecency: 0, t: 1e9 })).toThrowError(
      expect.objectContaining({ code: 'UNDEFINED_RESULT', field: 'options.t', functionName: 'frequencyRecencyChart', message: expect.stringMatching(/^frequencyRecencyChart: options\.t must be a horizon .*, received 1000000000$/) }),
    );
  });
});

describe('frequencyRecencyChart: bad input', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['no options (the fit holds no data)', () => (frequencyRecencyChart as (f: unknown) => unknown)(LIFETIMES), 'options', 'INVALID_INPUT'],
    ['neither maximum', () => frequencyRecencyChart(LIFETIMES, {}), 'options.maxFrequency', 'INVALID_INPUT'],
    ['no maxRecency', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 3 }), 'options.maxRecency', 'INVALID_INPUT'],
    ['unknown option', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 3, maxRecency: 3, horizon: 2 } as never), 'options.horizon', 'INVALID_INPUT'],
    ['fractional maximum', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 1.5, maxRecency: 3 }), 'options.maxFrequency', 'INVALID_INPUT'],
    ['negative maximum', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 3, maxRecency: -1 }), 'options.maxRecency', 'INVALID_INPUT'],
    ['t = 0', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 3, maxRecency: 3, t: 0 }), 'options.t', 'INVALID_INPUT'],
    ['t NaN', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 3, maxRecency: 3, t: Number.NaN }), 'options.t', 'INVALID_INPUT'],
    ['T below maxRecency', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 3, maxRecency: 10, T: 9.5 }), 'options.T', 'INVALID_INPUT'],
    ['BG/BB fit (discrete opportunities)', () => frequencyRecencyChart({ model: 'betaGeoBetaBinom', params: { alpha: 1, beta: 1, gamma: 1, delta: 1 } }, { maxFrequency: 3, maxRecency: 3 }), 'fit.model', 'INVALID_INPUT'],
    ['not a fit', () => frequencyRecencyChart(null as never, { maxFrequency: 3, maxRecency: 3 }), 'fit', 'INVALID_INPUT'],
    ['non-positive parameter', () => frequencyRecencyChart({ model: 'betaGeo', params: { r: 0, alpha: 1, a: 1, b: 1 } }, { maxFrequency: 3, maxRecency: 3 }), 'fit.params.r', 'INVALID_INPUT'],
    ['empty summary', () => frequencyRecencyChart(LIFETIMES, { summary: [] }), 'options.summary', 'EMPTY_POPULATION'],
    ['bad customer in the summary', () => frequencyRecencyChart(LIFETIMES, { summary: [{ frequency: 0, recency: 2, T: 5 }] }), 'options.summary[0].recency', 'INCONSISTENT_INPUT'],
    ['a bad summary beside explicit maxima (checked, not ignored)', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 2, maxRecency: 2, summary: [{ frequency: -1, recency: 0, T: 5 }] }), 'options.summary[0].frequency', 'INVALID_INPUT'],
    ['empty title', () => frequencyRecencyChart(LIFETIMES, { maxFrequency: 1, maxRecency: 1, title: ' ' }), 'options.title', 'INVALID_INPUT'],
    ['a third argument', () => (frequencyRecencyChart as (...a: unknown[]) => unknown)(LIFETIMES, { maxFrequency: 1, maxRecency: 1 }, {}), 'arguments', 'INVALID_INPUT'],
  ];
  it.each(cases)('B1: %s is a MetricError naming the field', (_, call, field, code) => {
    expect(call).toThrowError(expect.objectContaining({ code, field, message: expect.stringMatching(/^frequencyRecencyChart: .* must be /) }));
  });
});

describe('frequencyRecencyChart: properties', () => {
  it('B1: over random fits and grids: cells equal the direct predictions, well-formed SVG without NaN/Infinity/undefined, finite data, deterministic, inputs untouched', () => {
    fc.assert(
      fc.property(fitArb, gridArb, fc.double({ min: 0.01, max: 52, noNaN: true }), (fit, grid, t) => {
        const options = deepFrozen({ maxFrequency: grid.maxFrequency, maxRecency: grid.maxRecency, T: grid.maxRecency + grid.extraAge, t });
        const frozenFit = deepFrozen(structuredClone(fit));
        const chart = frequencyRecencyChart(frozenFit, options);
        expectCellsEqualPredictions(fit, chart.data.values, options.T, t);
        const svg = chart.toSVG();
        expect(xmlProblems(svg)).toEqual([]);
        expect(/NaN|Infinity|undefined/.test(svg)).toBe(false);
        expect(JSON.stringify(chart.data)).not.toMatch(/NaN|Infinity|undefined/);
        expect(chart.data.domain[0]).toBeLessThanOrEqual(chart.data.domain[1]);
        expect(frequencyRecencyChart(fit, { ...options }).toSVG()).toBe(svg);
        expect(frozenFit).toEqual(fit);
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
