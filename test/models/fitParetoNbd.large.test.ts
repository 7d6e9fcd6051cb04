/**
 * fitParetoNbd on large bases (issue 12, section 4): the fit reaches the maximum, a point where the
 * gradient of −LL/N in the log-parameters meets the optimiser's own strict test (1e-9 · |−LL/N|), not the
 * 100-times looser fallback it used to stop on after its line search stalled in the rounding noise of a
 * plain 10⁵-term sum (wasting about 40 likelihood evaluations, or, with one ulp less luck, failing with
 * CONVERGENCE_FAILURE after four restarts: 30.5 s on the 199k-customer summary of a 2M-row CSV). The
 * maximum is checked independently: the gradient is recomputed at the returned parameters and no point of
 * a finer search around them has a higher log-likelihood. Speed lives in bench/paretoNbd.mjs.
 */
import { describe, expect, it } from 'vitest';
import { fitParetoNbd, type ParetoNbdFit } from '../../src/index.js';
import { compress } from '../../src/models/_betaGeo.js';
import { negativeLogLikelihood } from '../../src/models/_paretoNbd.js';
import { simulateParetoNbd } from './_simulateParetoNbd.js';

type Summary = ReturnType<typeof simulateParetoNbd>;

/** −LL/N and its gradient in ln(r, alpha, s, beta) at a fit's parameters, evaluated afresh. */
function scaledObjective(summary: Summary) {
  const data = compress(summary.frequency, summary.recency, summary.T, new Float64Array(summary.T.length).fill(1));
  const nll = negativeLogLikelihood(data);
  return (params: readonly number[]) => {
    const p = Float64Array.from(params);
    const gradient = new Float64Array(4);
    const value = nll(p, gradient) / data.customers;
    return { value, gradient: Array.from(gradient, (g, i) => (g * (p[i] as number)) / data.customers) };
  };
}

function paramsOf(fit: ParetoNbdFit): number[] {
  return [fit.params.r, fit.params.alpha, fit.params.s, fit.params.beta];
}

/**
 * Stationarity relative to |−LL/N|: `tolerance` 1e-9 is the optimiser's strict test (minimize's
 * gradientTolerance); the old fits stopped at 6.6e-8 · |−LL/N|, on the fallback 100 times looser.
 */
function expectStationary(summary: Summary, fit: ParetoNbdFit, tolerance: number): void {
  const { value, gradient } = scaledObjective(summary)(paramsOf(fit));
  expect(value).toBeCloseTo(-fit.logLikelihood / fit.customers, 12);
  for (const g of gradient) expect(Math.abs(g)).toBeLessThanOrEqual(tolerance * Math.abs(value));
}

/** No point of a grid of relative steps ±h (each parameter, and each pair) around the fit is higher. */
function expectNoBetterNeighbour(summary: Summary, fit: ParetoNbdFit): void {
  const objective = scaledObjective(summary);
  const at = paramsOf(fit);
  const best = objective(at).value;
  for (const h of [1e-2, 1e-3, 1e-4]) {
    for (let i = 0; i < 4; i++) {
      for (let j = i; j < 4; j++) {
        for (const [si, sj] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
          const p = at.slice();
          p[i] = (p[i] as number) * Math.exp(si * h);
          if (j !== i) p[j] = (p[j] as number) * Math.exp(sj * h);
          // 1e-14 of −LL/N: the compensated sum's rounding, far below any real gain at these steps.
          expect(objective(p).value).toBeGreaterThanOrEqual(best - 1e-14 * Math.abs(best));
        }
      }
    }
  }
}

describe('fitParetoNbd on large bases: examples', () => {
  it('P1: 50,000 simulated customers on a day grid (weeks; r 0.4, alpha 1, s 0.8, beta 4.6, T 1-104) converge to a stationary point that no finer search improves', () => {
    // Before the fix the optimiser stopped here with max |gradient| 6.6e-8 > 7.7e-9 (its strict test) after
    // 61 evaluations instead of 25; the same on the 199k-customer bench summary (6.5e-8, 100 evaluations).
    const summary = simulateParetoNbd({ customers: 50_000, params: { r: 0.4, alpha: 1, s: 0.8, beta: 4.6 }, seed: 7, minT: 1, maxT: 104, grain: 1 / 7 });
    const fit = fitParetoNbd(summary, { timeUnit: 'week' });
    expect(fit.converged).toBe(true);
    expect(fit.boundary).toEqual([]);
    expect(fit.rows).toBeGreaterThan(20_000);
    expectStationary(summary, fit, 1e-9);
    expectNoBetterNeighbour(summary, fit);
    // The simulation's parameters, recovered (s and beta are the weakly identified pair).
    expect(fit.params.r).toBeCloseTo(0.4, 1);
    expect(fit.params.alpha).toBeCloseTo(1, 1);
    expect(Math.abs(fit.params.s / 0.8 - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.beta / 4.6 - 1)).toBeLessThan(0.25);
  });
});

describe('fitParetoNbd on large bases: properties', () => {
  // A sweep, not a fast-check property: with random parameters some fits of simulated data took minutes
  // (a slow region of the likelihood that this change did not touch; noted for issue 12), so the cases are fixed.
  it.each([
    { seed: 11, r: 0.3, alpha: 3.2, s: 1.5, beta: 2, grain: 0 },
    { seed: 12, r: 1.2, alpha: 8, s: 0.5, beta: 12, grain: 1 / 7 },
    { seed: 13, r: 0.6, alpha: 1.5, s: 0.9, beta: 5, grain: 0 },
    { seed: 14, r: 2, alpha: 15, s: 1.2, beta: 18, grain: 1 / 7 },
  ])('P1 (class): 5,000 customers simulated from r $r, alpha $alpha, s $s, beta $beta: the fit converges to a stationary point of −LL/N', ({ seed, r, alpha, s, beta, grain }) => {
    const summary = simulateParetoNbd({ customers: 5_000, params: { r, alpha, s, beta }, seed, minT: 1, maxT: 104, grain });
    const fit = fitParetoNbd(summary);
    expect(fit.converged).toBe(true);
    // 1e-7: the optimiser's 'no progress' rule, which a fit of simulated data may legitimately end on, is 100
    // times looser than its strict test. The stall of the plain sum is pinned by the regression test above.
    expectStationary(summary, fit, 1e-7);
  }, 120_000);
});
