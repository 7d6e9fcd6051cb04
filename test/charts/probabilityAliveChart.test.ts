/**
 * probabilityAliveChart (issue 12, B2): lifetimes' plot_probability_alive_matrix. Worked examples on the
 * CDNOW fit of the fixtures (every cell equals probabilityAlive computed directly; lifetimes' known
 * values and patterns), the SVG with its fixed 0-100 % colour bar, edges, bad options, then properties
 * over random fits and grids (the model's monotone pattern, well-formed SVG, determinism).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitBetaGeo, frequencyRecencyChart, MetricError, probabilityAlive, probabilityAliveChart, type TransactionModelFit } from '../../src/index.js';
import { shade } from '../../src/render/_palette.js';
import { fcOptions } from '../arbitraries/counts.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { loadCdnowRecencyFrequency } from '../models/_cdnow.js';
import { xmlProblems } from '../render/_xml.js';
import { deepFrozen, fitArb, gridArb, svgSize } from './_matrix.js';

const cdnow = loadCdnowRecencyFrequency();
const summary = { frequency: cdnow.frequency, recency: cdnow.recency, T: cdnow.T };
const cdnowFit = fitBetaGeo(summary, { timeUnit: 'week' });
/** lifetimes' Quickstart `bgf.summary` on the CDNOW summary of the fixtures. */
const LIFETIMES = { model: 'betaGeo', params: { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 } } as const;

function expectCellsEqualPredictions(fit: TransactionModelFit, values: readonly (readonly (number | null)[])[], T: number): void {
  values.forEach((row, f) =>
    row.forEach((value, r) => {
      if (f === 0 && r > 0) expect(value, `cell ${f}, ${r}`).toBeNull();
      else expect(value, `cell ${f}, ${r}`).toBe(probabilityAlive(fit, { frequency: f, recency: r, T }));
    }),
  );
}

describe('probabilityAliveChart: worked examples (CDNOW)', () => {
  it('B2: every cell equals probabilityAlive(fit, { frequency: f, recency: r, T }) computed directly, on the grid lifetimes takes from the data (30 × 39, T = 38)', () => {
    const chart = probabilityAliveChart(cdnowFit, { summary });
    expect(chart.kind).toBe('probabilityAlive');
    expect(chart.data.frequencies).toHaveLength(30);
    expect(chart.data.recencies).toHaveLength(39);
    expect(chart.data.T).toBe(38);
    expectCellsEqualPredictions(cdnowFit, chart.data.values, 38);
    const older = probabilityAliveChart(cdnowFit, { maxFrequency: 8, maxRecency: 20, T: 60 });
    expectCellsEqualPredictions(cdnowFit, older.data.values, 60);
  });

  it("B2: lifetimes' values on CDNOW: P(alive) of frequency 0 is 1 (BG/NBD), a customer who just bought is alive with 1/(1 + a/(b + x − 1)), rising with frequency, a frequent buyer silent since week 0 is gone", () => {
    const { values, domain } = probabilityAliveChart(LIFETIMES, { summary }).data;
    expect(values[0]![0]).toBe(1);
    expect(domain).toEqual([0, 1]);
    const { a, b } = LIFETIMES.params;
    for (let f = 1; f < values.length; f++) expect(values[f]![38]).toBeCloseTo(1 / (1 + a / (b + f - 1)), 12);
    expect(values[1]![38]!.toFixed(3)).toBe('0.754');
    for (let f = 2; f < values.length; f++) expect(values[f]![38]).toBeGreaterThan(values[f - 1]![38] as number);
    expect(values[29]![0]).toBeLessThan(1e-6);
  });

  it('B2: P(alive) rises with recency at every fixed frequency >= 1 and, at an old recency, falls with frequency (CDNOW)', () => {
    const { values } = probabilityAliveChart(LIFETIMES, { summary }).data;
    for (let f = 1; f < values.length; f++) for (let r = 1; r <= 38; r++) expect(values[f]![r]).toBeGreaterThan(values[f]![r - 1] as number);
    for (let f = 2; f < values.length; f++) expect(values[f]![10]).toBeLessThan(values[f - 1]![10] as number);
  });

  it('B2: MBG/NBD and Pareto/NBD: the same grid from their own probabilityAlive, below 1 at frequency 0', () => {
    const fits: TransactionModelFit[] = [
      { model: 'modifiedBetaGeo', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } },
      { model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 } },
    ];
    for (const fit of fits) {
      const chart = probabilityAliveChart(fit, { maxFrequency: 10, maxRecency: 39 });
      expectCellsEqualPredictions(fit, chart.data.values, 39);
      expect(chart.data.values[0]![0]).toBeLessThan(1);
    }
  });

  it('B2: the SVG: well-formed, 640 wide, title and desc, colour bar fixed at 0% to 100%, cells coloured on that scale', () => {
    const chart = probabilityAliveChart(cdnowFit, { summary });
    const svg = chart.toSVG();
    expect(xmlProblems(svg)).toEqual([]);
    expect(svgSize(svg)).toEqual({ width: 640, height: chart.height });
    expect(svg).toContain('<title>Probability a customer is alive, by frequency and recency</title>');
    expect(chart.description).toMatch(/^Probability that a customer aged T = 38 weeks is still alive \(BG\/NBD model\)/);
    expect(svg).toContain('>100%</text>');
    expect(svg).toContain('>50%</text>');
    expect(svg).toContain('>0%</text>');
    expect(svg).toContain('>P(alive)</text>');
    expect(svg).toContain('>customer&#39;s recency (weeks)</text>');
    // Fixed domain: the cell of P(alive) = 1 is the darkest blue; a cell's colour is shade(P).
    expect(svg).toContain(`fill="${shade(1).background}"><title>frequency 0, recency 0: 100.0%</title>`);
    const p = chart.data.values[5]![20] as number;
    expect(svg).toContain(`fill="${shade(p).background}"><title>frequency 5, recency 20: `);
  });

  it('B2: shares the grid and the drawing with frequencyRecencyChart (same size, same axes, same impossible cells)', () => {
    const a = probabilityAliveChart(LIFETIMES, { maxFrequency: 12, maxRecency: 30 });
    const b = frequencyRecencyChart(LIFETIMES, { maxFrequency: 12, maxRecency: 30 });
    expect(a.height).toBe(b.height);
    expect(a.data.values.map((row) => row.map((v) => v === null))).toEqual(b.data.values.map((row) => row.map((v) => v === null)));
    const axes = (svg: string) => svg.slice(svg.indexOf('<g class="axes">'), svg.indexOf('<g class="colour-bar">'));
    expect(axes(a.toSVG())).toBe(axes(b.toSVG()));
  });
});

describe('probabilityAliveChart: edges', () => {
  it('B2: one cell: a customer at their first purchase (T = 0) is alive with probability 1 under BG/NBD', () => {
    const chart = probabilityAliveChart(LIFETIMES, { maxFrequency: 0, maxRecency: 0 });
    expect(chart.data.values).toEqual([[1]]);
    expect(xmlProblems(chart.toSVG())).toEqual([]);
  });

  it('B2: size sweep up to the 250 × 250 cap: well-formed, finite, bounded; 251 refused', () => {
    for (const n of [1, 25, 50, 51, 120, 250]) {
      const chart = probabilityAliveChart({ model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 } }, { maxFrequency: n, maxRecency: n });
      const svg = chart.toSVG();
      expect(xmlProblems(svg), `n = ${n}`).toEqual([]);
      expect(/NaN|Infinity|undefined/.test(svg)).toBe(false);
      expect(svg.length).toBeLessThan(3_000_000);
      expect(nonEmpty(chart.data.values.flat()).every((v) => v === null || (v >= 0 && v <= 1))).toBe(true);
    }
    expect(() => probabilityAliveChart(LIFETIMES, { maxFrequency: 10, maxRecency: 251 })).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.maxRecency' }));
  });
});

describe('probabilityAliveChart: bad input', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['no options', () => (probabilityAliveChart as (f: unknown) => unknown)(LIFETIMES), 'options', 'INVALID_INPUT'],
    ['a horizon t (not an option of this chart)', () => probabilityAliveChart(LIFETIMES, { maxFrequency: 3, maxRecency: 3, t: 1 } as never), 'options.t', 'INVALID_INPUT'],
    ['T below maxRecency', () => probabilityAliveChart(LIFETIMES, { maxFrequency: 3, maxRecency: 10, T: 2 }), 'options.T', 'INVALID_INPUT'],
    ['Kaplan-Meier fit', () => probabilityAliveChart({ model: 'kaplanMeier', params: {} }, { maxFrequency: 3, maxRecency: 3 }), 'fit.model', 'INVALID_INPUT'],
    ['missing parameter', () => probabilityAliveChart({ model: 'paretoNbd', params: { r: 1, alpha: 1, s: 1 } }, { maxFrequency: 3, maxRecency: 3 }), 'fit.params.beta', 'INVALID_INPUT'],
    ['empty summary columns', () => probabilityAliveChart(LIFETIMES, { summary: { frequency: [], recency: [], T: [] } }), 'options.summary', 'EMPTY_POPULATION'],
  ];
  it.each(cases)('B2: %s is a MetricError naming the field', (_, call, field, code) => {
    expect(call).toThrowError(expect.objectContaining({ code, field, message: expect.stringMatching(/^probabilityAliveChart: .* must be /) }));
  });
});

describe('probabilityAliveChart: properties', () => {
  it('B3: over random fits and grids: cells equal probabilityAlive, lie in [0, 1], rise with recency at a fixed frequency >= 1; BG/NBD frequency 0 is 1; SVG well-formed, finite, deterministic; inputs untouched', () => {
    fc.assert(
      fc.property(fitArb, gridArb, (fit, grid) => {
        const options = deepFrozen({ maxFrequency: grid.maxFrequency, maxRecency: grid.maxRecency, T: grid.maxRecency + grid.extraAge });
        const frozenFit = deepFrozen(structuredClone(fit));
        let chart;
        try {
          chart = probabilityAliveChart(frozenFit, options);
        } catch (error) {
          // Only a MetricError under the chart's name, and only where the prediction itself refuses.
          expect(error).toBeInstanceOf(MetricError);
          expect(() => probabilityAlive(fit, { frequency: grid.maxFrequency, recency: 0, T: options.T })).toThrow();
          return;
        }
        expectCellsEqualPredictions(fit, chart.data.values, options.T);
        const { values } = chart.data;
        for (const row of values) for (const v of row) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
        for (let f = 1; f < values.length; f++) for (let r = 1; r < values[f]!.length; r++) expect(values[f]![r]).toBeGreaterThanOrEqual((values[f]![r - 1] as number) * (1 - 1e-12));
        if (fit.model === 'betaGeo') expect(values[0]![0]).toBe(1);
        const svg = chart.toSVG();
        expect(xmlProblems(svg)).toEqual([]);
        expect(/NaN|Infinity|undefined/.test(svg)).toBe(false);
        expect(probabilityAliveChart(fit, { ...options }).toSVG()).toBe(svg);
        expect(frozenFit).toEqual(fit);
      }),
      fcOptions({ numRuns: 40 }),
    );
  });

  it('B3: over random fits at the largest recency (customers who just bought), expected purchases rise with frequency', () => {
    fc.assert(
      fc.property(fitArb, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 40 }), (fit, maxFrequency, maxRecency) => {
        const { values } = frequencyRecencyChart(fit, { maxFrequency, maxRecency }).data;
        for (let f = 2; f <= maxFrequency; f++) expect(values[f]![maxRecency]).toBeGreaterThanOrEqual((values[f - 1]![maxRecency] as number) * (1 - 1e-12));
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
