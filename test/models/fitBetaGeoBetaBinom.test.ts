/**
 * BG/BB (Fader, Hardie & Shang 2010) on the paper's donations data, fitted and predicted through the
 * public API. Goldens and their sources:
 * - parameters α = 1.204, β = 0.750, γ = 0.657, δ = 2.783 and LL = −33,225.6: FHS (2010) and Fader &
 *   Hardie's note "Implementing the BG/BB model for customer-base analysis in Excel" (2011,
 *   brucehardie.com/notes/010); the parameters are also the ones lifetimes tests against
 *   (CamDavidsonPilon/lifetimes, tests/test_estimation.py, `test_params_out_is_close_to_Hardie_paper`);
 * - P(alive in 2002) = 0.11, 0.59, 0.93 for (x, t_x) = (0, 0), (2, 4), (6, 6): FHS (2010) Table 6, as
 *   lifetimes tests it (`test_prob_alive_is_close_to_Hardie_paper_table_6`);
 * - 12,884.2 expected repeat gifts in 2002-2006 (n* = 5) summed over the cohort: the note's workbook,
 *   "Conditional Expectations (II)" sheet, column F total (lifetimes,
 *   `test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet`);
 * - 3,454.9 donors with 0 and 1,253.1 with 6 repeat gifts in 1996-2001: the workbook's in-sample fit sheet,
 *   cells C18 and C24 (lifetimes, `test_expected_purchases_in_n_periods_returns_same_value_as_Hardie_excel_sheet`);
 * - 0.1302169 and 3.627858 expected gifts in the next 10 opportunities for (x, t_x, n) = (0, 0, 6) and
 *   (4, 5, 6): the BTYD walkthrough vignette (cran/BTYD, "BTYD-walkthrough", BG/BB section), at BTYD's own
 *   estimates of the same data (R's L-BFGS-B stops a little away from the maximum, hence 1e-4 relative).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { MetricError } from '../../src/core/MetricError.js';
import {
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBetaGeoBetaBinom,
  probabilityAlive,
  purchaseCountProbability,
  type BetaGeoBetaBinomCustomer,
  type BetaGeoBetaBinomFit,
} from '../../src/index.js';
import { bgbbLogLikelihood } from '../../src/models/_betaGeoBetaBinom.js';
import { fcOptions } from '../arbitraries/counts.js';

/** test/fixtures/donations.csv: frequency, recency, periods (n = 6), weights (donors with the pattern). */
function loadDonations() {
  const text = readFileSync(new URL('../fixtures/donations.csv', import.meta.url), 'utf8');
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number) as [number, number, number, number]);
  return {
    columns: { frequency: rows.map((r) => r[0]), recency: rows.map((r) => r[1]), n: rows.map((r) => r[2]) },
    rows: rows.map(([frequency, recency, n]) => ({ frequency, recency, n })),
    weights: rows.map((r) => r[3]),
  };
}

const donations = loadDonations();
const fit = fitBetaGeoBetaBinom(donations.columns, { weights: donations.weights, timeUnit: 'year' });
const published = { model: 'betaGeoBetaBinom', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };

function expectError(call: () => unknown, code: string, field: string, message?: RegExp): void {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).code).toBe(code);
    expect((error as MetricError).field).toBe(field);
    if (message) expect((error as MetricError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a MetricError ${code} on ${field}`);
}

describe('fitBetaGeoBetaBinom on the donations data of Fader, Hardie & Shang (2010)', () => {
  it('reproduces α = 1.204, β = 0.750, γ = 0.657, δ = 2.783 and LL = −33,225.6 (FHS 2010 / BG/BB Excel note; tolerance 6e-4 on each parameter, 0.05 on LL)', () => {
    expect(donations.rows).toHaveLength(22);
    expect(fit.customers).toBe(11104);
    expect(fit.params.alpha).toBeCloseTo(1.204, 3);
    expect(Math.abs(fit.params.alpha - 1.204)).toBeLessThan(6e-4);
    expect(Math.abs(fit.params.beta - 0.75)).toBeLessThan(6e-4);
    expect(Math.abs(fit.params.gamma - 0.657)).toBeLessThan(6e-4);
    expect(Math.abs(fit.params.delta - 2.783)).toBeLessThan(6e-4);
    expect(Math.abs(fit.logLikelihood - -33225.6)).toBeLessThan(0.05);
    expect(fit).toMatchObject({ model: 'betaGeoBetaBinom', converged: true, rows: 22, penalizer: 0, timeUnit: 'year', confidence: 0.95 });
    for (const row of nonEmpty(fit.summary)) {
      expect(row.standardError).toBeGreaterThan(0);
      expect(row.lower).toBeLessThan(row.estimate);
      expect(row.upper).toBeGreaterThan(row.estimate);
    }
  });

  it('P(alive in 2002) is 0.11, 0.59 and 0.93 for (x, t_x) = (0, 0), (2, 4), (6, 6) (FHS 2010 Table 6; tolerance 0.005)', () => {
    const alive = probabilityAlive(fit, { frequency: [0, 2, 6], recency: [0, 4, 6], n: [6, 6, 6] });
    expect(alive).toBeInstanceOf(Float64Array);
    [0.11, 0.59, 0.93].forEach((value, i) => expect(Math.abs((alive[i] as number) - value)).toBeLessThan(0.005));
  });

  it('expects 12,884.2 repeat gifts from the cohort in 2002-2006 (BG/BB workbook, Conditional Expectations (II) total; tolerance 0.5)', () => {
    const perDonor = expectedPurchases(fit, donations.rows, { t: 5 });
    const total = donations.weights.reduce((sum, w, i) => sum + w * (perDonor[i] as number), 0);
    expect(Math.abs(total - 12884.2)).toBeLessThan(0.5);
  });

  it('expects 3,454.9 donors with no repeat gift and 1,253.1 with six in 1996-2001 (BG/BB workbook, in-sample fit C18, C24; tolerance 0.05)', () => {
    expect(Math.abs(11104 * purchaseCountProbability(fit, { t: 6, n: 0 }) - 3454.9)).toBeLessThan(0.05);
    expect(Math.abs(11104 * purchaseCountProbability(fit, { t: 6, n: 6 }) - 1253.1)).toBeLessThan(0.05);
  });

  it('matches the BTYD walkthrough: 0.1302169 and 3.627858 gifts in the next 10 opportunities for (0, 0, 6) and (4, 5, 6) (relative 1e-4)', () => {
    const a = expectedPurchases(fit, { frequency: 0, recency: 0, n: 6 }, { t: 10 });
    const b = expectedPurchases(fit, { frequency: 4, recency: 5, n: 6 }, { t: 10 });
    expect(Math.abs(a / 0.1302169 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(b / 3.627858 - 1)).toBeLessThan(1e-4);
  });

  it('the model tracks the cohort: expected repeat gifts per year are the increments of 11,104 · E[X(n)]', () => {
    const cumulative = [0, 1, 2, 3, 4, 5, 6].map((n) => 11104 * expectedPurchasesNewCustomer(fit, { t: n }));
    const yearly = cumulative.slice(1).map((value, i) => value - (cumulative[i] as number));
    // Gifts per year fall as donors lapse; over 1996-2001 they add up to the model's in-sample total.
    for (let i = 1; i < yearly.length; i++) expect(yearly[i]).toBeLessThan(yearly[i - 1] as number);
    let inSample = 0;
    for (let x = 0; x <= 6; x++) inSample += 11104 * x * purchaseCountProbability(fit, { t: 6, n: x });
    expect(cumulative[6]).toBeCloseTo(inSample, 6);
  });

  it('works from the published parameters alone, from a JSON copy, and for one customer or many', () => {
    const restored = JSON.parse(JSON.stringify(fit)) as BetaGeoBetaBinomFit;
    expect(restored).toEqual(fit);
    expect(Object.isFrozen(fit) && Object.isFrozen(fit.params) && Object.isFrozen(fit.summary)).toBe(true);
    const one = probabilityAlive(restored, { frequency: 2, recency: 4, n: 6 });
    expect(probabilityAlive(fit, [{ frequency: 2, recency: 4, n: 6 }])[0]).toBe(one);
    expect(probabilityAlive(fit, { columns: { frequency: [2], recency: [4], n: [6] } })[0]).toBe(one);
    expect(probabilityAlive(published, { frequency: 2, recency: 4, n: 6 }).toFixed(2)).toBe('0.59');
    expect(expectedPurchases(published, { frequency: 4, recency: 5, n: 6 }, { t: 5 }).toFixed(3)).toBe('2.030');
    expect(expectedPurchasesNewCustomer(published, { t: 6 }).toFixed(3)).toBe('2.220');
  });
});

describe('fitBetaGeoBetaBinom: input forms and errors', () => {
  it('rows, columns, { columns } and expanded (one row per donor) data give the same fit', () => {
    const fromRows = fitBetaGeoBetaBinom(donations.rows, { weights: donations.weights });
    const fromWrapped = fitBetaGeoBetaBinom({ columns: donations.columns }, { weights: donations.weights });
    const expanded: BetaGeoBetaBinomCustomer[] = donations.rows.flatMap((row, i) => Array.from({ length: donations.weights[i] as number }, () => row));
    const fromExpanded = fitBetaGeoBetaBinom(expanded);
    expect(expanded).toHaveLength(11104);
    expect(fromRows.params).toEqual(fit.params);
    expect(fromWrapped.params).toEqual(fit.params);
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(fromExpanded.params[name]).toBeCloseTo(fit.params[name], 7);
    expect(fromExpanded.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    expect(fromExpanded.customers).toBe(11104);
    expect(fromExpanded.rows).toBe(22);
  });

  it('names the row and field of an impossible pattern', () => {
    const rows = (bad: object) => [{ frequency: 1, recency: 2, n: 6 }, { frequency: 0, recency: 0, n: 6 }, { frequency: 2, recency: 5, n: 6, ...bad }];
    expectError(() => fitBetaGeoBetaBinom(rows({ frequency: 6 })), 'INCONSISTENT_INPUT', 'summary[2].frequency', /must be at most recency \(5\)/);
    expectError(() => fitBetaGeoBetaBinom(rows({ recency: 7 })), 'INCONSISTENT_INPUT', 'summary[2].recency', /at most n \(6\)/);
    expectError(() => fitBetaGeoBetaBinom(rows({ frequency: 0 })), 'INCONSISTENT_INPUT', 'summary[2].recency');
    expectError(() => fitBetaGeoBetaBinom(rows({ recency: 0 })), 'INCONSISTENT_INPUT', 'summary[2].frequency');
    expectError(() => fitBetaGeoBetaBinom(rows({ frequency: 1.5 })), 'INVALID_INPUT', 'summary[2].frequency');
    expectError(() => fitBetaGeoBetaBinom(rows({ recency: 2.5 })), 'INVALID_INPUT', 'summary[2].recency');
    expectError(() => fitBetaGeoBetaBinom(rows({ n: 6.5 })), 'INVALID_INPUT', 'summary[2].n');
    expectError(() => fitBetaGeoBetaBinom(rows({ n: -1 })), 'INVALID_INPUT', 'summary[2].n');
    expectError(() => fitBetaGeoBetaBinom(rows({ n: undefined, T: 6 })), 'INVALID_INPUT', 'summary[2].n');
    expectError(() => fitBetaGeoBetaBinom(rows({ n: 2_000_000, recency: 5 })), 'INVALID_INPUT', 'summary[2].n');
    const columns = { frequency: [1, 0, 3], recency: [2, 0, 2], n: [6, 6, 6] };
    expectError(() => fitBetaGeoBetaBinom(columns), 'INCONSISTENT_INPUT', 'summary.frequency[2]');
    expectError(() => fitBetaGeoBetaBinom({ ...columns, n: [6, 6] }), 'INCONSISTENT_INPUT', 'summary.n');
  });

  it('refuses data that cannot identify the model, and bad options', () => {
    expectError(() => fitBetaGeoBetaBinom({ frequency: 2, recency: 4, n: 6 } as never), 'INVALID_INPUT', 'summary');
    expectError(() => fitBetaGeoBetaBinom([{ frequency: 2, recency: 4, n: 6 }]), 'EMPTY_POPULATION', 'summary');
    expectError(() => fitBetaGeoBetaBinom([{ frequency: 0, recency: 0, n: 6 }, { frequency: 0, recency: 0, n: 4 }]), 'EMPTY_POPULATION', 'summary', /repeat transaction/);
    expectError(() => fitBetaGeoBetaBinom([{ frequency: 6, recency: 6, n: 6 }, { frequency: 3, recency: 3, n: 3 }]), 'EMPTY_POPULATION', 'summary', /missed opportunity/);
    expectError(() => fitBetaGeoBetaBinom(donations.rows, { weights: [1, 2] }), 'INCONSISTENT_INPUT', 'options.weights');
    expectError(() => fitBetaGeoBetaBinom(donations.rows, { weight: donations.weights } as never), 'INVALID_INPUT', 'options.weight');
    expectError(() => fitBetaGeoBetaBinom(donations.rows, { initialParams: { r: 1 } as never }), 'INVALID_INPUT', 'options.initialParams.r');
    expectError(() => fitBetaGeoBetaBinom(donations.rows, { maxIterations: 2 }), 'CONVERGENCE_FAILURE', 'summary', /maxIterations/);
    const partial = fitBetaGeoBetaBinom(donations.rows, { weights: donations.weights, maxIterations: 2, requireConvergence: false });
    expect(partial.converged).toBe(false);
  });

  it('customers with no opportunity yet (n = 0) add nothing to the likelihood', () => {
    const more = fitBetaGeoBetaBinom([...donations.rows, { frequency: 0, recency: 0, n: 0 }], { weights: [...donations.weights, 500] });
    // Same maximum; the optimiser's stopping point moves by ~1e-7 because the objective is scaled by 1/Σw.
    expect(more.logLikelihood).toBeCloseTo(fit.logLikelihood, 8);
    expect(more.params.alpha).toBeCloseTo(fit.params.alpha, 6);
    expect(more.customers).toBe(11604);
  });
});

describe('BG/BB predictions: argument checks', () => {
  it('the time argument is a number of opportunities: an integer', () => {
    expectError(() => expectedPurchases(fit, { frequency: 1, recency: 2, n: 6 }, { t: 2.5 }), 'INVALID_INPUT', 'options.t', /integer/);
    expectError(() => expectedPurchasesNewCustomer(fit, { t: 0.5 }), 'INVALID_INPUT', 'options.t', /integer/);
    expectError(() => purchaseCountProbability(fit, { t: 6.5, n: 1 }), 'INVALID_INPUT', 't', /integer/);
    expectError(() => purchaseCountProbability(fit, { t: 2_000_000, n: 1 }), 'INVALID_INPUT', 't');
    expect(expectedPurchases(fit, { frequency: 1, recency: 2, n: 6 }, { t: 0 })).toBe(0);
    expect(purchaseCountProbability(fit, { t: 3, n: 4 })).toBe(0);
  });

  it('customers are checked like the fit data, with `customer` in the path; a BG/NBD customer is refused', () => {
    expectError(() => probabilityAlive(fit, { frequency: 3, recency: 2, n: 6 }), 'INCONSISTENT_INPUT', 'customer.frequency');
    expectError(() => probabilityAlive(fit, [{ frequency: 1, recency: 2, n: 6 }, { frequency: 1, recency: 7, n: 6 }]), 'INCONSISTENT_INPUT', 'customer[1].recency');
    expectError(() => expectedPurchases(fit, { frequency: [1, 2], recency: [1.5, 2], n: [6, 6] }, { t: 5 }), 'INVALID_INPUT', 'customer.recency[0]');
    expectError(() => probabilityAlive(fit, { frequency: 1, recency: 2, T: 6 } as never), 'INVALID_INPUT', 'customer.n');
    expectError(() => probabilityAlive({ model: 'betaGeoBetaBinom', params: { alpha: 1, beta: 1, gamma: 1 } } as never, { frequency: 1, recency: 2, n: 6 }), 'INVALID_INPUT', 'fit.params.delta');
  });
});

describe('BG/BB properties', () => {
  /** Random valid customers (x, t_x, n) with integer weights. */
  const customer = fc.record({ n: fc.integer({ min: 0, max: 10 }), last: fc.nat(), count: fc.nat() }).map(({ n, last, count }) => {
    const recency = n === 0 ? 0 : last % (n + 1);
    return { frequency: recency === 0 ? 0 : 1 + (count % recency), recency, n };
  });

  it('P(alive) is in [0, 1] and expected transactions are non-decreasing in the number of future opportunities', () => {
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 20 }), (customers) => {
        const alive = probabilityAlive(fit, customers);
        for (const p of alive) expect(p >= 0 && p <= 1).toBe(true);
        let previous: Float64Array = new Float64Array(customers.length);
        for (const t of [0, 1, 3, 10, 64, 65, 200, 1e4]) {
          const next = expectedPurchases(fit, customers, { t });
          next.forEach((value, i) => expect(value).toBeGreaterThanOrEqual((previous[i] as number) * (1 - 1e-12)));
          previous = next;
        }
      }),
      fcOptions({ numRuns: 40 }),
    );
  });

  it('the fit log-likelihood is the weighted sum of the customers’ log-likelihoods; compressed = expanded', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(customer, fc.integer({ min: 1, max: 4 })), { minLength: 3, maxLength: 12 }), (data) => {
        const rows = data.map(([c]) => c);
        const weights = data.map(([, w]) => w);
        const expanded = data.flatMap(([c, w]) => Array.from({ length: w }, () => c));
        let compressed: BetaGeoBetaBinomFit | MetricError;
        let full: BetaGeoBetaBinomFit | MetricError;
        const attempt = (call: () => BetaGeoBetaBinomFit) => {
          try {
            return call();
          } catch (error) {
            if (!(error instanceof MetricError)) throw error;
            return error;
          }
        };
        compressed = attempt(() => fitBetaGeoBetaBinom(rows, { weights, requireConvergence: false }));
        full = attempt(() => fitBetaGeoBetaBinom(expanded, { requireConvergence: false }));
        if (compressed instanceof MetricError || full instanceof MetricError) {
          // Degenerate data is refused the same way in both forms.
          expect(compressed instanceof MetricError && full instanceof MetricError && compressed.code === full.code).toBe(true);
          return;
        }
        const sum = rows.reduce((s, c, i) => s + (weights[i] as number) * bgbbLogLikelihood((compressed as BetaGeoBetaBinomFit).params, c.frequency, c.recency, c.n), 0);
        expect(compressed.logLikelihood).toBeCloseTo(sum, 8);
        expect(full.logLikelihood).toBeCloseTo(compressed.logLikelihood, 6);
        expect(full.customers).toBe(compressed.customers);
      }),
      fcOptions({ numRuns: 25 }),
    );
  });
});
