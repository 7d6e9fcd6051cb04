import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitShiftedBetaGeometric, retentionProbability, type ShiftedBetaGeometricParamsFit, survival } from '../../src/index.js';
import { sbgNegativeLogLikelihood } from '../../src/models/_shiftedBetaGeometric.js';
import { lnBeta } from '../../src/models/_math/special.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const FN = 'fitShiftedBetaGeometric';
/** Fader & Hardie (2007), Table 1 (from Berry & Linoff 2004): customers of 1000 still active, years 0..12. */
const regular = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const highEnd = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];
const regularFit = fitShiftedBetaGeometric({ activeCustomers: regular.slice(0, 8) }, { timeUnit: 'year' });
const highEndFit = fitShiftedBetaGeometric({ activeCustomers: highEnd.slice(0, 8) }, { timeUnit: 'year' });

/** ln P(T = t) = ln B(α + 1, β + t − 1) − ln B(α, β) and ln S(t) = ln B(α, β + t) − ln B(α, β) (paper, eqs. 5-6). */
function directLogLikelihood(alpha: number, beta: number, active: readonly number[]): number {
  let ll = 0;
  for (let t = 1; t < active.length; t++) {
    ll += ((active[t - 1] as number) - (active[t] as number)) * (lnBeta(alpha + 1, beta + t - 1) - lnBeta(alpha, beta));
  }
  const T = active.length - 1;
  return ll + (active[T] as number) * (lnBeta(alpha, beta + T) - lnBeta(alpha, beta));
}

describe('fitShiftedBetaGeometric: documenting examples (Fader & Hardie 2007)', () => {
  it('"regular" segment, years 0..7: alpha = 0.704, beta = 1.182 (paper, to 0.0005)', () => {
    expect(regularFit.params.alpha.toFixed(3)).toBe('0.704');
    expect(regularFit.params.beta.toFixed(3)).toBe('1.182');
    expect(regularFit).toMatchObject({ model: 'shiftedBetaGeometric', converged: true, customers: 1000, rows: 8, timeUnit: 'year', penalizer: 0 });
  });

  it('"high end" segment, years 0..7: alpha = 0.668, beta = 3.806 (paper, to 0.0005), LL -1611.16 (regression value, see E2)', () => {
    expect(highEndFit.params.alpha.toFixed(3)).toBe('0.668');
    expect(highEndFit.params.beta.toFixed(3)).toBe('3.806');
    // Regression value of this code: the paper prints the estimates, not the log-likelihood. E2 below checks
    // it against the paper's eqs. 5-6 evaluated at the paper's published estimates.
    expect(highEndFit.logLikelihood.toFixed(2)).toBe('-1611.16');
  });

  it('E2: the log-likelihoods are those of the paper\'s eqs. 5-6 at the paper\'s published (alpha, beta): high end -1611.16, regular -1680.27 (to 0.01), and the fit\'s maximum is never below them', () => {
    const published = [
      { segment: 'high end', fit: highEndFit, active: highEnd.slice(0, 8), alpha: 0.668, beta: 3.806, ll: -1611.16 },
      { segment: 'regular', fit: regularFit, active: regular.slice(0, 8), alpha: 0.704, beta: 1.182, ll: -1680.27 },
    ];
    expect(published.length).toBeGreaterThan(0);
    for (const { segment, fit, active, alpha, beta, ll } of published) {
      const atPublished = directLogLikelihood(alpha, beta, active);
      // The estimates are printed to 3 decimals; the log-likelihood is flat there to well under 0.01.
      expect(Math.abs(atPublished - ll), `${segment}: LL at the published estimates ${atPublished}`).toBeLessThan(0.01);
      expect(Math.abs(fit.logLikelihood - atPublished), `${segment}: fit ${fit.logLikelihood}`).toBeLessThan(0.01);
      expect(fit.logLikelihood, `${segment}: a maximum is at least the value at any other point`).toBeGreaterThanOrEqual(atPublished);
    }
  });

  it('the paper spreadsheet\'s starting point alpha = beta = 1: LL = -2.115 per customer (high end; jdmaturen/shifted_beta_geometric_py test, its relative tolerance 1e-3)', () => {
    const nll = sbgNegativeLogLikelihood(Float64Array.of(131, 126, 90, 60, 42, 34, 26), 491);
    expect(Math.abs(-nll(Float64Array.of(1, 1), undefined) / 1000 - -2.115)).toBeLessThan(1e-3 * 2.115);
  });

  it('projections for years 8..12: high end 460, 436, 414, 395, 378 of 1000 (jdmaturen README, to 0.5); regular 220, 204, 191, 180, 170', () => {
    const years = [8, 9, 10, 11, 12];
    nonEmpty(survival(highEndFit, years)).forEach((s, k) => expect(Math.abs(1000 * s - ([460, 436, 414, 395, 378][k] as number))).toBeLessThan(0.5));
    nonEmpty(survival(regularFit, years)).forEach((s, k) => expect(Math.abs(1000 * s - ([220, 204, 191, 180, 170][k] as number))).toBeLessThan(0.5));
  });

  it('the paper: year-12 survival within 2% (regular: 170 vs 173) and 4% (high end: 378 vs 394) of the actuals', () => {
    expect(Math.abs(1000 * survival(regularFit, 12) - 173) / 173).toBeLessThan(0.02);
    expect(Math.abs(1000 * survival(highEndFit, 12) - 394) / 394).toBeLessThan(0.045);
    // Every projected year 8..12 is within 4.5% of the actual count.
    for (let t = 8; t <= 12; t++) {
      expect(Math.abs(1000 * survival(highEndFit, t) - (highEnd[t] as number)) / (highEnd[t] as number)).toBeLessThan(0.045);
      expect(Math.abs(1000 * survival(regularFit, t) - (regular[t] as number)) / (regular[t] as number)).toBeLessThan(0.02);
    }
  });

  it('retention rates r(t) = (beta + t − 1)/(alpha + beta + t − 1) rise with tenure: high end 0.851 in year 1, 0.942 in year 8 (the "ruse of heterogeneity")', () => {
    expect(retentionProbability(highEndFit, 1).toFixed(3)).toBe('0.851');
    expect(retentionProbability(highEndFit, 8).toFixed(3)).toBe('0.942');
    const rates = retentionProbability(regularFit, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    rates.forEach((r, k) => expect(r).toBeCloseTo(survival(regularFit, k + 1) / survival(regularFit, k), 12));
  });

  it('the log-likelihood is the paper\'s eq. B3 with beta functions; the analytic gradient matches central differences', () => {
    const { alpha, beta } = highEndFit.params;
    expect(highEndFit.logLikelihood).toBeCloseTo(directLogLikelihood(alpha, beta, highEnd.slice(0, 8)), 8);
    const nll = sbgNegativeLogLikelihood(Float64Array.of(369, 163, 86, 56, 37, 27, 21), 241);
    const at = Float64Array.of(0.4, 2.5);
    const gradient = new Float64Array(2);
    nll(at, gradient);
    for (let k = 0; k < 2; k++) {
      const h = 1e-6 * (at[k] as number);
      const up = Float64Array.from(at);
      const down = Float64Array.from(at);
      up[k] = (at[k] as number) + h;
      down[k] = (at[k] as number) - h;
      expect(gradient[k]).toBeCloseTo((nll(up, undefined) - nll(down, undefined)) / (2 * h), 4);
    }
  });

  it('a fit restored from JSON, or hand-written with the published parameters, projects the same', () => {
    const restored = JSON.parse(JSON.stringify(highEndFit)) as typeof highEndFit;
    expect(survival(restored, [3, 12])).toEqual(survival(highEndFit, [3, 12]));
    const published: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha: 0.668, beta: 3.806 } };
    expect(Math.abs(survival(published, 12) - survival(highEndFit, 12))).toBeLessThan(1e-3);
    expect(Object.isFrozen(highEndFit)).toBe(true);
  });
});

describe('fitShiftedBetaGeometric: edge cases and bad input', () => {
  it.each([
    ['activeCustomers', { activeCustomers: [1000, 800] }, 'INVALID_INPUT'],
    ['activeCustomers', { activeCustomers: 'cohort' }, 'INVALID_INPUT'],
    ['activeCustomers[0]', { activeCustomers: [0, 0, 0] }, 'INVALID_INPUT'],
    ['activeCustomers[1]', { activeCustomers: [100, 63.1, 46.8] }, 'INVALID_INPUT'],
    ['activeCustomers[2]', { activeCustomers: [100, 60, 70] }, 'INCONSISTENT_INPUT'],
    ['activeCustomers[1]', { activeCustomers: [100, 0, 0] }, 'INVALID_INPUT'],
    ['activeCustomers', { activeCustomers: [100, 100, 100] }, 'INVALID_INPUT'],
    ['cohort', { activeCustomers: [100, 60, 40], cohort: 'a' }, 'INVALID_INPUT'],
  ])('%s is refused (%j)', (field, input, code) => {
    expect(() => fitShiftedBetaGeometric(input as never)).toThrowError(expect.objectContaining({ code, field }));
  });

  it('options.weights is refused: the counts already are weights', () => {
    expectMetricError(() => fitShiftedBetaGeometric({ activeCustomers: regular }, { weights: [1] } as never), {
      fn: FN,
      field: 'options.weights',
      code: 'INVALID_INPUT',
      rule: 'absent: the sBG fit takes counts, which already are weights',
      received: 'an array of 1',
    });
  });

  it('the shortest data (three counts) and a cohort of millions fit; the input is not mutated', () => {
    const short = fitShiftedBetaGeometric({ activeCustomers: Object.freeze([1000, 631, 468]) as number[] });
    expect(short.converged).toBe(true);
    const scaled = fitShiftedBetaGeometric({ activeCustomers: regular.slice(0, 8).map((n) => n * 10_000) });
    expect(scaled.params.alpha).toBeCloseTo(regularFit.params.alpha, 6);
    expect(scaled.params.beta).toBeCloseTo(regularFit.params.beta, 6);
    expect((scaled.standardErrors.alpha as number) * 100).toBeCloseTo(regularFit.standardErrors.alpha as number, 4);
  });

  it('survival and retentionProbability take integer periods for the sBG', () => {
    expect(survival(highEndFit, 0)).toBe(1);
    expect(() => survival(highEndFit, 2.5)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 't' }));
    expect(() => survival(highEndFit, [1, -1])).toThrowError(expect.objectContaining({ field: 't[1]' }));
    expect(() => retentionProbability(highEndFit, 0)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 't' }));
    expect(() => survival({ model: 'shiftedBetaGeometric', params: { alpha: 0, beta: 1 } } as never, 1)).toThrowError(expect.objectContaining({ field: 'fit.params.alpha' }));
  });

  it('far projections stay finite and positive (t = 1e6)', () => {
    const far = survival(highEndFit, 1_000_000);
    expect(far).toBeGreaterThan(0);
    expect(far).toBeLessThan(survival(highEndFit, 1000));
    expect(retentionProbability(highEndFit, 1_000_000)).toBeLessThan(1);
  });
});

describe('fitShiftedBetaGeometric: properties', () => {
  const positive = fc.double({ min: 0.01, max: 50, noNaN: true });

  it('survival is 1 at 0, non-increasing, and the product of the retention rates; retention is in (0, 1) and increasing', () => {
    fc.assert(
      fc.property(positive, positive, fc.integer({ min: 1, max: 400 }), (alpha, beta, t) => {
        const fit: ShiftedBetaGeometricParamsFit = { model: 'shiftedBetaGeometric', params: { alpha, beta } };
        const [s0, s1, s2] = survival(fit, [t - 1, t, t + 1]) as [number, number, number];
        expect(s1).toBeLessThanOrEqual(s0);
        expect(s2).toBeLessThanOrEqual(s1);
        const [r1, r2] = retentionProbability(fit, [t, t + 1]) as [number, number];
        expect(r1).toBeGreaterThan(0);
        expect(r2).toBeLessThan(1);
        expect(r2).toBeGreaterThanOrEqual(r1);
        if (s0 > 1e-250) expect(Math.abs(s1 - s0 * r1)).toBeLessThanOrEqual(1e-10 * s0);
      }),
      fcOptions({ numRuns: 300 }),
    );
  });

  it('the fitted log-likelihood is the eq. B3 sum and no worse than at the paper\'s starting point, for random cohorts', () => {
    const cohort = fc
      .tuple(fc.integer({ min: 50, max: 100_000 }), fc.array(fc.double({ min: 0.02, max: 0.6, noNaN: true }), { minLength: 2, maxLength: 15 }))
      .map(([size, churn]) => {
        const active = [size];
        for (const c of churn) active.push(Math.max(1, Math.round((active[active.length - 1] as number) * (1 - c))));
        return active;
      })
      .filter((active) => active[1] !== active[0] && (active[active.length - 1] as number) < (active[0] as number));
    fc.assert(
      fc.property(cohort, (active) => {
        const fit = fitShiftedBetaGeometric({ activeCustomers: active }, { requireConvergence: false });
        const { alpha, beta } = fit.params;
        // Cohorts whose churn does not fall with tenure put the estimate at the homogeneous boundary
        // (alpha, beta → ∞), where the reference's ln B differences lose their digits: compared below 1e4.
        const direct = directLogLikelihood(alpha, beta, active);
        // A fit at the other boundary (alpha or beta → 0, e.g. [50, 22, 22]: no churn after the first period,
        // found by CI with seed 708845768) is compared the same way only when it is interior.
        if (alpha + beta < 1e4 && fit.boundary.length === 0) expect(Math.abs(fit.logLikelihood - direct)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(direct)));
        expect(fit.logLikelihood).toBeGreaterThanOrEqual(directLogLikelihood(1, 1, active) - 1e-9);
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
