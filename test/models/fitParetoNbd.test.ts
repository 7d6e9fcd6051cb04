/**
 * fitParetoNbd and the Pareto/NBD predictions: the documented example, the CDNOW goldens (Fader &
 * Hardie's estimates, the BTYD walkthrough and manual, BTYDplus' CDNOW demo, lifetimes' tests), degenerate
 * and bad input, then properties: P(alive) in [0, 1], expected purchases non-decreasing in t, weighted
 * compressed rows fit like expanded rows, and fitting in days instead of weeks changes no prediction.
 * Accuracy against 40-digit references (extreme customers, both branches, the PMF) is in _paretoNbd.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesNewCustomer, fitParetoNbd, type ParetoNbdFit, probabilityAlive, purchaseCountProbability } from '../../src/index.js';
import { customerLogLikelihood } from '../../src/models/_paretoNbd.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { loadCdnowRecencyFrequency } from './_cdnow.js';

/** Fader & Hardie's Pareto/NBD estimates for the CDNOW sample (weeks), as the brief and lifetimes quote them. */
const PUBLISHED = { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 };
const PUBLISHED_LL = -9594.98;

const EXAMPLE = [
  { frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 },
  { frequency: 0, recency: 0, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
  { frequency: 0, recency: 0, T: 38.86 }, { frequency: 7, recency: 29.43, T: 38.86 },
  { frequency: 1, recency: 5, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
  { frequency: 2, recency: 35.71, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
  { frequency: 5, recency: 24.43, T: 38.71 }, { frequency: 0, recency: 0, T: 38.71 },
];

function cdnowColumns() {
  const d = loadCdnowRecencyFrequency();
  return { frequency: d.frequency, recency: d.recency, T: d.T };
}

let cdnowFitCache: ParetoNbdFit | undefined;
function cdnowFit(): ParetoNbdFit {
  cdnowFitCache ??= fitParetoNbd(cdnowColumns(), { timeUnit: 'week' });
  return cdnowFitCache;
}

describe('fitParetoNbd: examples', () => {
  it('fits a small summary, and the fit drives the predictions (the TSDoc example)', () => {
    const fit = fitParetoNbd(EXAMPLE, { timeUnit: 'week' });
    expect(fit).toMatchObject({ model: 'paretoNbd', converged: true, customers: 12, rows: 8, timeUnit: 'week', penalizer: 0 });
    expect(fit.logLikelihood.toFixed(2)).toBe('-69.63');
    expect(Object.keys(fit.params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(fit.summary.map((row) => row.parameter)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(Object.isFrozen(fit) && Object.isFrozen(fit.params) && Object.isFrozen(fit.summary)).toBe(true);
    // The steady buyer (7 purchases, last 9 weeks ago) is likelier alive than the one who bought once early.
    expect(probabilityAlive(fit, EXAMPLE[5] as never)).toBeGreaterThan(probabilityAlive(fit, EXAMPLE[1] as never));
    // A Pareto/NBD customer can die at any time: a one-time buyer is not certainly alive (BG/NBD says 1).
    expect(probabilityAlive(fit, EXAMPLE[2] as never)).toBeLessThan(1);
    const restored = JSON.parse(JSON.stringify(fit)) as ParetoNbdFit;
    expect(expectedPurchases(restored, EXAMPLE[0] as never, { t: 10 })).toBe(expectedPurchases(fit, EXAMPLE[0] as never, { t: 10 }));
  });

  it('accepts rows, columns, typed-array columns and { columns } alike', () => {
    const columns = { frequency: EXAMPLE.map((c) => c.frequency), recency: EXAMPLE.map((c) => c.recency), T: EXAMPLE.map((c) => c.T) };
    const typed = { frequency: Float64Array.from(columns.frequency), recency: Float64Array.from(columns.recency), T: Float64Array.from(columns.T) };
    const fits = [fitParetoNbd(EXAMPLE), fitParetoNbd(columns), fitParetoNbd(typed), fitParetoNbd({ columns: typed })];
    for (const fit of fits) expect(fit.params).toEqual(fits[0]?.params);
  });

  it('predicts for one customer (a number) or many (a Float64Array, in order)', () => {
    const fit = { model: 'paretoNbd', params: PUBLISHED };
    const many = probabilityAlive(fit, { frequency: [0, 26], recency: [0, 30.86], T: [38.86, 31] });
    expect(many).toBeInstanceOf(Float64Array);
    expect(many[1]).toBe(probabilityAlive(fit, { frequency: 26, recency: 30.86, T: 31 }));
    const expected = expectedPurchases(fit, [{ frequency: 0, recency: 0, T: 38.86 }, { frequency: 26, recency: 30.86, T: 31 }], { t: 52 });
    expect(Array.from(expected, (e) => e.toFixed(2))).toEqual(['0.14', '25.46']);
  });
});

describe('fitParetoNbd: CDNOW goldens (cdnow_customers_summary.csv, 2,357 customers, weeks)', () => {
  it('the log-likelihood at Fader & Hardie’s estimates is -9594.97 (published -9594.98; BTYD -9594.976 at its rounded estimates; tolerance 0.01)', () => {
    const d = loadCdnowRecencyFrequency();
    let ll = 0;
    for (let i = 0; i < d.frequency.length; i++) ll += customerLogLikelihood(PUBLISHED, d.frequency[i] as number, d.recency[i] as number, d.T[i] as number);
    expect(Math.abs(ll - PUBLISHED_LL)).toBeLessThan(0.01);
    // BTYDplus demos/cdnow.r prints pnbd.cbs.LL = -9594.976 at BTYD's estimates rounded to 3 decimals.
    let btyd = 0;
    const rounded = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.656 };
    for (let i = 0; i < d.frequency.length; i++) btyd += customerLogLikelihood(rounded, d.frequency[i] as number, d.recency[i] as number, d.T[i] as number);
    expect(Math.abs(btyd - -9594.976)).toBeLessThan(0.01);
  });

  it('the fit reaches LL -9594.97 (0.01 of the published -9594.98) at r, alpha, s within 1e-3 of the published values and beta within 0.05 (weakly identified)', () => {
    const fit = cdnowFit();
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    expect(fit.rows).toBeLessThan(1100);
    expect(Math.abs(fit.logLikelihood - PUBLISHED_LL)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.r - PUBLISHED.r)).toBeLessThan(1e-3);
    expect(Math.abs(fit.params.alpha - PUBLISHED.alpha)).toBeLessThan(1e-2);
    expect(Math.abs(fit.params.s - PUBLISHED.s)).toBeLessThan(1e-3);
    expect(Math.abs(fit.params.beta - PUBLISHED.beta)).toBeLessThan(0.05);
    // lifetimes' test_params_out_is_close_to_Hardie_paper: [0.553, 10.578, 0.606, 11.669] to 2 decimals.
    const lifetimes = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    for (const name of ['r', 'alpha', 's', 'beta'] as const) expect(Math.abs(fit.params[name] - lifetimes[name])).toBeLessThan(0.015);
  });

  it('beta is weakly identified: its standard error is about half the estimate, r’s under a tenth', () => {
    const fit = cdnowFit();
    const relative = (name: 'r' | 'alpha' | 's' | 'beta'): number => (fit.standardErrors[name] as number) / fit.params[name];
    expect(relative('r')).toBeLessThan(0.1);
    expect(relative('alpha')).toBeLessThan(0.1);
    expect(relative('beta')).toBeGreaterThan(0.4);
    expect(fit.summary[3]?.lower as number).toBeLessThan(6);
    expect(fit.summary[3]?.upper as number).toBeGreaterThan(20);
  });

  it('BTYD walkthrough, customer 1516 (x = 26, t_x = 30.86, T = 31): 25.46 expected purchases in 52 weeks (tolerance 0.01) and P(alive) 0.9979 (tolerance 1e-4)', () => {
    const customer = { frequency: 26, recency: 30.86, T: 31 };
    for (const fit of [cdnowFit(), { model: 'paretoNbd', params: PUBLISHED }]) {
      expect(Math.abs(expectedPurchases(fit, customer, { t: 52 }) - 25.46)).toBeLessThan(0.01);
      expect(Math.abs(probabilityAlive(fit, customer) - 0.9979)).toBeLessThan(1e-4);
    }
    // lifetimes checks P(alive) with the walkthrough's estimates [0.5534, 10.5802, 0.6061, 11.6562].
    const walkthrough = { model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 } };
    expect(Math.abs(probabilityAlive(walkthrough, customer) - 0.9979)).toBeLessThan(1e-4);
  });

  it('BTYD manual, pnbd.Expectation with params c(0.55, 10.56, 0.61, 11.64), t = 0..9 (values as printed in lifetimes’ test; 1e-8)', () => {
    const fit = { model: 'paretoNbd', params: { r: 0.55, alpha: 10.56, s: 0.61, beta: 11.64 } };
    const printed = [0, 0.05077821, 0.09916088, 0.14542507, 0.1897993, 0.23247466, 0.27361274, 0.31335159, 0.35181024, 0.38909211];
    printed.forEach((value, t) => expect(Math.abs(expectedPurchasesNewCustomer(fit, { t }) - value)).toBeLessThan(1e-8));
  });

  it('BTYDplus demos/cdnow.r (BTYD at 0.553, 10.580, 0.606, 11.656): P(alive) quartiles 0.3174/0.3499/0.4763 and mean 0.4462 (3e-4); mean 39-week expectation by frequency 0.14, 0.60, 1.20, 1.71, 2.40, 2.91 (2 decimals)', () => {
    const fit = { model: 'paretoNbd', params: { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.656 } };
    const data = cdnowColumns();
    const alive = Array.from(probabilityAlive(fit, data)).sort((a, b) => a - b);
    const quantile = (q: number): number => {
      const h = (alive.length - 1) * q;
      const lo = Math.floor(h);
      return (alive[lo] as number) + (h - lo) * ((alive[lo + 1] as number) - (alive[lo] as number));
    };
    expect(alive[0]).toBeLessThan(5e-5);
    expect(alive[alive.length - 1]).toBe(1);
    expect(Math.abs(quantile(0.25) - 0.3174)).toBeLessThan(3e-4);
    expect(Math.abs(quantile(0.5) - 0.3499)).toBeLessThan(3e-4);
    expect(Math.abs(quantile(0.75) - 0.4763)).toBeLessThan(3e-4);
    expect(Math.abs(alive.reduce((a, b) => a + b, 0) / alive.length - 0.4462)).toBeLessThan(3e-4);
    const expected = expectedPurchases(fit, data, { t: 39 });
    [0.14, 0.6, 1.2, 1.71, 2.4, 2.91].forEach((printed, x) => {
      let sum = 0;
      let count = 0;
      data.frequency.forEach((f, i) => {
        if (f === x) {
          sum += expected[i] as number;
          count++;
        }
      });
      expect(Math.abs(sum / count - printed)).toBeLessThanOrEqual(0.006);
    });
  });

  it('the count distribution of a new customer over 39 weeks sums to 1 with mean E[X(39)] (1e-12)', () => {
    const fit = { model: 'paretoNbd', params: PUBLISHED };
    let total = 0;
    let mean = 0;
    for (let n = 0; n <= 150; n++) {
      const p = purchaseCountProbability(fit, { t: 39, n });
      total += p;
      mean += n * p;
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-12);
    expect(Math.abs(mean - expectedPurchasesNewCustomer(fit, { t: 39 }))).toBeLessThan(1e-12);
  });
});

describe('fitParetoNbd: degenerate and bad input', () => {
  const fn = 'fitParetoNbd';
  it('refuses data with no repeat buyer, or fewer than 2 customers (EMPTY_POPULATION)', () => {
    expectMetricError(() => fitParetoNbd([{ frequency: 0, recency: 0, T: 10 }, { frequency: 0, recency: 0, T: 12 }]), { fn, code: 'EMPTY_POPULATION', field: 'summary', received: '"no repeat buyers"' });
    expectMetricError(() => fitParetoNbd([{ frequency: 3, recency: 5, T: 10 }]), { fn, code: 'EMPTY_POPULATION', field: 'summary', received: '1' });
    expectMetricError(() => fitParetoNbd([]), { fn, code: 'EMPTY_POPULATION', field: 'summary' });
    expectMetricError(() => fitParetoNbd(EXAMPLE, { weights: EXAMPLE.map((c) => (c.frequency === 0 ? 5 : 0)) }), { fn, code: 'EMPTY_POPULATION', field: 'summary' });
  });

  it('refuses impossible histories and values out of their domain, naming the customer', () => {
    expectMetricError(() => fitParetoNbd([...EXAMPLE, { frequency: 0, recency: 3, T: 10 }]), { fn, code: 'INCONSISTENT_INPUT', field: 'summary[12].recency', rule: /frequency 0 with recency > 0/ });
    expectMetricError(() => fitParetoNbd([...EXAMPLE, { frequency: 2, recency: 12, T: 10 }]), { fn, code: 'INCONSISTENT_INPUT', field: 'summary[12].recency', rule: /recency > T/ });
    expectMetricError(() => fitParetoNbd(EXAMPLE, { weights: [1, 2] }), { fn, code: 'INCONSISTENT_INPUT', field: 'options.weights' });
    expectMetricError(() => fitParetoNbd([...EXAMPLE, { frequency: 1.5, recency: 3, T: 10 }]), { fn, code: 'INVALID_INPUT', field: 'summary[12].frequency' });
    expectMetricError(() => fitParetoNbd([...EXAMPLE, { frequency: 0, recency: 0, T: -1 }]), { fn, code: 'INVALID_INPUT', field: 'summary[12].T', rule: 'a finite number >= 0' });
    expectMetricError(() => fitParetoNbd({ frequency: 2, recency: 1, T: 3 } as never), { fn, code: 'INVALID_INPUT', field: 'summary' });
    expectMetricError(() => fitParetoNbd(EXAMPLE, { initialParams: { a: 1 } as never }), { fn, code: 'INVALID_INPUT', field: 'options.initialParams.a' });
    expectMetricError(() => fitParetoNbd(EXAMPLE, { tolerance: 1 } as never), { fn, code: 'INVALID_INPUT', field: 'options.tolerance' });
  });

  it('says CONVERGENCE_FAILURE with a hint when the likelihood has no interior maximum, and a penalizer or requireConvergence: false help', () => {
    // Six customers: beta runs off to infinity (no dropout is the best explanation of so little data).
    const six = EXAMPLE.slice(0, 2).concat(EXAMPLE.slice(2, 4), [{ frequency: 5, recency: 25.14, T: 38.71 }, { frequency: 0, recency: 0, T: 38.71 }]);
    const error = expectMetricError(() => fitParetoNbd(six), { fn, code: 'CONVERGENCE_FAILURE', field: 'summary' });
    expect(error.message).toContain('penalizer');
    expect(fitParetoNbd(six, { requireConvergence: false }).converged).toBe(false);
    const penalised = fitParetoNbd(six, { penalizer: 0.01 });
    expect(penalised.converged).toBe(true);
    expect(Number.isFinite(penalised.logLikelihood)).toBe(true);
  });

  it('a trial point that overflows a parameter is refused by the line search (a fast CONVERGENCE_FAILURE, found by the contract property)', () => {
    // Each overflowed evaluation used to sum 10 million NaN series terms: 9 s for this call.
    const extreme = [
      { frequency: 0, recency: 0, T: 9.47802074703347e-30 },
      { frequency: 6, recency: 2.673132611074623e-294, T: 2.673132611074623e-294 },
      { frequency: 6, recency: 4.483007774515651e-234, T: 4.483007774515651e-234 },
      { frequency: 4, recency: 2.3803323428716172e-296, T: 1.602940785734982e-50 },
      { frequency: 1891, recency: 2.764090043692777e-69, T: 475 },
    ];
    expectMetricError(() => fitParetoNbd(extreme), { fn, code: 'CONVERGENCE_FAILURE', field: 'summary' });
  });

  it('predictions refuse a Pareto/NBD fit without its parameters, and fits of other models where the quantity does not exist', () => {
    expectMetricError(() => probabilityAlive({ model: 'paretoNbd', params: { r: 1, alpha: 1, a: 1, b: 1 } }, EXAMPLE[0] as never), { fn: 'probabilityAlive', code: 'INVALID_INPUT', field: 'fit.params.s' });
    expectMetricError(() => expectedPurchasesNewCustomer({ model: 'paretoNbd', params: { ...PUBLISHED, beta: 0 } }, { t: 1 }), { fn: 'expectedPurchasesNewCustomer', code: 'INVALID_INPUT', field: 'fit.params.beta' });
    expectMetricError(() => purchaseCountProbability({ model: 'paretoNbd', params: PUBLISHED }, { t: 1, n: 1.5 }), { fn: 'purchaseCountProbability', code: 'INVALID_INPUT', field: 'n' });
  });

  it('does not mutate its input', () => {
    const rows = structuredClone(EXAMPLE);
    fitParetoNbd(Object.freeze(rows.map((r) => Object.freeze(r))));
    expect(rows).toEqual(EXAMPLE);
  });
});

describe('fitParetoNbd: properties', () => {
  const paramsArb = fc.record({
    r: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    alpha: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    s: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    beta: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  });
  const customerArb = fc
    .record({ x: fc.oneof(fc.nat({ max: 30 }), fc.integer({ min: 300, max: 2000 })), T: fc.double({ min: 0, max: 200, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ x, T, share }) => ({ frequency: x, recency: x === 0 ? 0 : share * T, T }));

  it('P(alive) is in [0, 1] and expected purchases are finite and >= 0 for any parameters and history, frequency up to 2000', () => {
    fc.assert(
      fc.property(paramsArb, customerArb, (params, customer) => {
        const fit = { model: 'paretoNbd', params };
        const alive = probabilityAlive(fit, customer);
        expect(alive >= 0 && alive <= 1).toBe(true);
        const expected = expectedPurchases(fit, customer, { t: 52 });
        expect(Number.isFinite(expected) && expected >= 0).toBe(true);
      }),
      fcOptions({ numRuns: 150 }),
    );
  });

  it('expected purchases are non-decreasing in t, from 0 at t = 0, for a customer and for a new customer', () => {
    fc.assert(
      fc.property(paramsArb, customerArb, fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (params, customer, t1, t2) => {
        const fit = { model: 'paretoNbd', params };
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        expect(expectedPurchases(fit, customer, { t: 0 })).toBe(0);
        expect(expectedPurchases(fit, customer, { t: hi })).toBeGreaterThanOrEqual(expectedPurchases(fit, customer, { t: lo }) * (1 - 1e-12));
        expect(expectedPurchasesNewCustomer(fit, { t: hi })).toBeGreaterThanOrEqual(expectedPurchasesNewCustomer(fit, { t: lo }) * (1 - 1e-12));
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('rescaling time leaves the predictions unchanged (recency, T, t and alpha, beta times k)', () => {
    fc.assert(
      fc.property(paramsArb, customerArb, fc.constantFrom(1 / 7, 7, 30.4375, 365.25), fc.nat({ max: 20 }), (params, customer, k, n) => {
        const fit = { model: 'paretoNbd', params };
        const scaled = { model: 'paretoNbd', params: { ...params, alpha: params.alpha * k, beta: params.beta * k } };
        const moved = { frequency: customer.frequency, recency: customer.recency * k, T: customer.T * k };
        const near = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1e-300, Math.abs(b)) + 1e-300);
        near(probabilityAlive(scaled, moved), probabilityAlive(fit, customer));
        near(expectedPurchases(scaled, moved, { t: 10 * k }), expectedPurchases(fit, customer, { t: 10 }));
        near(purchaseCountProbability(scaled, { t: 10 * k, n }), purchaseCountProbability(fit, { t: 10, n }));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('compressed rows with weights fit like the expanded rows (CDNOW)', () => {
    const data = cdnowColumns();
    const counts = new Map<string, number>();
    data.frequency.forEach((x, i) => {
      const key = `${x},${data.recency[i]},${data.T[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    const keys = [...counts.keys()].reverse();
    const rows = keys.map((key) => key.split(',').map(Number) as [number, number, number]);
    const weighted = fitParetoNbd({ frequency: rows.map((r) => r[0]), recency: rows.map((r) => r[1]), T: rows.map((r) => r[2]) }, { weights: keys.map((k) => counts.get(k) as number), timeUnit: 'week' });
    const expanded = cdnowFit();
    expect(weighted.customers).toBe(2357);
    expect(Math.abs(weighted.logLikelihood - expanded.logLikelihood)).toBeLessThan(1e-7);
    for (const name of ['r', 'alpha', 's', 'beta'] as const) expect(Math.abs(weighted.params[name] / expanded.params[name] - 1)).toBeLessThan(1e-4);
  });

  it('fitting CDNOW in days instead of weeks multiplies alpha and beta by 7, shifts LL by −Σx ln 7, and changes no prediction', () => {
    const weeks = cdnowFit();
    const data = cdnowColumns();
    const days = fitParetoNbd({ frequency: data.frequency, recency: data.recency.map((v) => v * 7), T: data.T.map((v) => v * 7) }, { timeUnit: 'day' });
    const repeat = data.frequency.reduce((a, b) => a + b, 0);
    expect(Math.abs(days.logLikelihood - (weeks.logLikelihood - repeat * Math.log(7)))).toBeLessThan(1e-6);
    expect(Math.abs(days.params.r / weeks.params.r - 1)).toBeLessThan(1e-4);
    expect(Math.abs(days.params.alpha / (7 * weeks.params.alpha) - 1)).toBeLessThan(1e-4);
    expect(Math.abs(days.params.s / weeks.params.s - 1)).toBeLessThan(1e-3);
    expect(Math.abs(days.params.beta / (7 * weeks.params.beta) - 1)).toBeLessThan(1e-2);
    const customer = { frequency: 26, recency: 30.86, T: 31 };
    const inDays = { frequency: 26, recency: 30.86 * 7, T: 31 * 7 };
    expect(Math.abs(probabilityAlive(days, inDays) - probabilityAlive(weeks, customer))).toBeLessThan(1e-5);
    expect(Math.abs(expectedPurchases(days, inDays, { t: 364 }) / expectedPurchases(weeks, customer, { t: 52 }) - 1)).toBeLessThan(1e-4);
  });
});
