/**
 * A fit whose parameters run off to a bound of the parameter space is not converged (issue 10, A5), in
 * every maximum-likelihood fit: BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma, sBG. By default such data
 * throw CONVERGENCE_FAILURE naming the parameters and saying the data do not identify the model; with
 * `requireConvergence: false` the point comes back with `converged: false` and its `boundary`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import {
  fitBetaGeo,
  fitBetaGeoBetaBinom,
  fitGammaGamma,
  fitModifiedBetaGeo,
  fitParetoNbd,
  fitShiftedBetaGeometric,
  MetricError,
} from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

/** The data: 50 customers, every last purchase at the end of observation. */
const ALL_AT_T = Array.from({ length: 50 }, (_, i) => ({ frequency: 20 + (i % 3), recency: 30, T: 30 }));

interface AnyFit {
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly boundary: readonly string[];
}

/** What every fit must satisfy: converged only with no parameter at a bound, everything finite. */
function expectHonest(fit: AnyFit, probability: boolean): void {
  expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  for (const value of nonEmpty(Object.values(fit.params))) expect(Number.isFinite(value) && value > 0).toBe(true);
  if (fit.converged) expect(fit.boundary).toEqual([]);
  if (fit.boundary.length > 0) expect(fit.converged).toBe(false);
  if (probability) expect(fit.logLikelihood).toBeLessThanOrEqual(0);
}

/** Runs a fit both ways: the default either returns an honest converged fit or says CONVERGENCE_FAILURE. */
function check(fit: (options: { requireConvergence: boolean }) => AnyFit, probability: boolean): AnyFit {
  let strict: AnyFit | undefined;
  try {
    strict = fit({ requireConvergence: true });
  } catch (error) {
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).code).toMatch(/^(CONVERGENCE_FAILURE|EMPTY_POPULATION|INVALID_INPUT)$/);
  }
  if (strict !== undefined) {
    expectHonest(strict, probability);
    expect(strict.converged).toBe(true);
  }
  let loose: AnyFit | undefined;
  try {
    loose = fit({ requireConvergence: false });
  } catch (error) {
    expect(error).toBeInstanceOf(MetricError);
  }
  if (loose !== undefined) expectHonest(loose, probability);
  return loose ?? (strict as AnyFit);
}

describe('fits at a bound of the parameter space (A5)', () => {
  it('A5: every last purchase at T (frequency 20..22, recency 30, T 30) x 50: Pareto/NBD is CONVERGENCE_FAILURE naming the parameters, not r ~ 3e105 with LL +2e93', () => {
    const error = expectMetricError(() => fitParetoNbd(ALL_AT_T), { fn: 'fitParetoNbd', code: 'CONVERGENCE_FAILURE', field: 'summary' });
    expect(error.message).toMatch(/identify the paretoNbd model.*the data do not identify the model/);
    expect(error.message).toMatch(/-> (infinity|0)/);
    expect(error.message).toMatch(/penalizer/);
    const last = fitParetoNbd(ALL_AT_T, { requireConvergence: false });
    expect(last.converged).toBe(false);
    expect(last.boundary.length).toBeGreaterThan(0);
  });

  it('A5: BG/NBD and MBG/NBD on the same data: CONVERGENCE_FAILURE, not r = 1e8, a = 3e-15 "converged"', () => {
    for (const [fn, fit] of [
      ['fitBetaGeo', fitBetaGeo],
      ['fitModifiedBetaGeo', fitModifiedBetaGeo],
    ] as const) {
      const error = expectMetricError(() => fit(ALL_AT_T), { fn, code: 'CONVERGENCE_FAILURE', field: 'summary' });
      expect(error.message).toMatch(/do not identify/);
      const last = fit(ALL_AT_T, { requireConvergence: false });
      expect(last).toMatchObject({ converged: false });
      expect(last.boundary).toContain('a');
    }
  });

  it('A5: sBG on exactly geometric survival (no heterogeneity: alpha, beta -> infinity) names both parameters', () => {
    const activeCustomers = [1024, 512, 256, 128, 64, 32];
    const error = expectMetricError(() => fitShiftedBetaGeometric({ activeCustomers }), { fn: 'fitShiftedBetaGeometric', code: 'CONVERGENCE_FAILURE', field: 'summary' });
    expect(error.message).toMatch(/alpha = .* -> infinity, beta = .* -> infinity/);
    const last = fitShiftedBetaGeometric({ activeCustomers }, { requireConvergence: false });
    expect(last).toMatchObject({ converged: false, boundary: ['alpha', 'beta'] });
    expect(last.logLikelihood).toBeLessThanOrEqual(0);
  });

  it('A5: Gamma-Gamma with identical spend rates (every spend the same per transaction: q, gamma -> infinity) names q and gamma', () => {
    const customers = Array.from({ length: 40 }, (_, i) => ({ frequency: 1 + (i % 5), monetaryValue: 20 + (i % 2) * 1e-9 }));
    const error = expectMetricError(() => fitGammaGamma(customers), { fn: 'fitGammaGamma', code: 'CONVERGENCE_FAILURE', field: 'summary' });
    expect(error.message).toMatch(/q = .* -> infinity/);
  });

  it('A5: a proper fit (the documented examples) has an empty boundary', () => {
    const fit = fitBetaGeo(
      [
        { frequency: 0, recency: 0, T: 38 },
        { frequency: 1, recency: 20, T: 38 },
        { frequency: 2, recency: 30, T: 38 },
        { frequency: 4, recency: 36, T: 38 },
        { frequency: 1, recency: 2, T: 36 },
        { frequency: 6, recency: 10, T: 36 },
        { frequency: 3, recency: 33, T: 35 },
        { frequency: 0, recency: 0, T: 35 },
      ],
      { weights: [120, 30, 18, 8, 25, 3, 9, 110] },
    );
    expect(fit).toMatchObject({ converged: true, boundary: [] });
    expect(Object.isFrozen(fit.boundary)).toBe(true);
    expect(JSON.parse(JSON.stringify(fit)).boundary).toEqual([]);
  });

  it('A5 (class): over data sets that drive parameters to bounds, no model ever says converged with a parameter at a bound or a positive log-likelihood of discrete data', () => {
    // Data families: every last purchase at T (no dropout seen), every repeat buyer with one purchase at the
    // very start (all dropped at once), one-time buyers with a single repeat buyer, identical customers.
    const customer = fc.record({ frequency: fc.integer({ min: 0, max: 30 }), T: fc.integer({ min: 1, max: 60 }) });
    const family = fc.constantFrom('allAtT', 'allAtStart', 'oneRepeat', 'identical');
    fc.assert(
      fc.property(fc.array(customer, { minLength: 2, maxLength: 30 }), family, (drawn, kind) => {
        const rows = drawn.map((c, i) => {
          const x = kind === 'oneRepeat' ? (i === 0 ? Math.max(1, c.frequency) : 0) : kind === 'identical' ? (drawn[0]?.frequency ?? 1) : c.frequency;
          const T = kind === 'identical' ? (drawn[0]?.T ?? 1) : c.T;
          const recency = x === 0 ? 0 : kind === 'allAtStart' ? T / 1000 : kind === 'oneRepeat' ? T / 2 : T;
          return { frequency: x, recency, T };
        });
        for (const fit of [fitBetaGeo, fitModifiedBetaGeo, fitParetoNbd]) check((options) => fit(rows, options), false);
        const n = Math.max(1, ...rows.map((r) => r.frequency));
        const opportunities = rows.map((r) => {
          const x = Math.min(r.frequency, n);
          return { frequency: x, recency: x === 0 ? 0 : kind === 'allAtStart' ? x : n, n };
        });
        check((options) => fitBetaGeoBetaBinom(opportunities, options), true);
        const spend = rows.map((r, i) => ({ frequency: r.frequency, monetaryValue: r.frequency === 0 ? 0 : kind === 'identical' ? 10 + (i % 2) : 5 + r.T }));
        check((options) => fitGammaGamma(spend, options), false);
        return true;
      }),
      fcOptions({ numRuns: 25 }),
    );
  });

  it('A5 (class): sBG over cohorts with constant, rising or falling retention: converged only inside the parameter space, log-likelihood <= 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 100_000 }), fc.array(fc.double({ min: 0.05, max: 0.99, noNaN: true }), { minLength: 2, maxLength: 8 }), fc.boolean(), (size, retention, constant) => {
        const counts = [size];
        for (const rate of retention) counts.push(Math.floor((counts[counts.length - 1] as number) * (constant ? (retention[0] as number) : rate)));
        check((options) => fitShiftedBetaGeometric({ activeCustomers: counts }, options), true);
        return true;
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
