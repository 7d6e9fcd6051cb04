/**
 * Fits report progress and can be bounded (issue 12, section 4): every maximum-likelihood fit takes
 * `onProgress` (after each optimiser iteration and once at the end), `timeBudgetMs` (wall time, checked
 * between iterations) and `signal` (an aborted fit throws `signal.reason`), and says with `stop` why it
 * stopped. No test asserts on wall time: `timeBudgetMs: 0` stops after the first iteration whatever the
 * machine, and the signal is aborted before the call or from inside `onProgress`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FitProgress,
  fitBetaGeo,
  fitBetaGeoBetaBinom,
  fitGammaGamma,
  fitModifiedBetaGeo,
  fitParetoNbd,
  fitShiftedBetaGeometric,
  MetricError,
} from '../../src/index.js';
import { minimize, type Objective } from '../../src/models/_math/minimize.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { mayBeEmpty, nonEmpty } from '../arbitraries/nonEmpty.js';
import { loadCdnowSummary } from './_cdnow.js';

const RFM = [
  { frequency: 0, recency: 0, T: 38 }, { frequency: 1, recency: 20, T: 38 }, { frequency: 2, recency: 30, T: 38 }, { frequency: 4, recency: 36, T: 38 },
  { frequency: 1, recency: 2, T: 36 }, { frequency: 6, recency: 10, T: 36 }, { frequency: 3, recency: 33, T: 35 }, { frequency: 0, recency: 0, T: 35 },
];
const RFM_WEIGHTS = [120, 30, 18, 8, 25, 3, 9, 110];

interface AnyFit {
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly stop: string;
  readonly boundary: readonly string[];
  readonly standardErrors: Readonly<Record<string, number | null>>;
}

type BoundOptions = { readonly onProgress?: (progress: FitProgress) => void; readonly timeBudgetMs?: number; readonly signal?: { readonly aborted: boolean; readonly reason?: unknown }; readonly maxIterations?: number; readonly requireConvergence?: boolean };

/** Each fit on data it converges on, called with extra options. */
const FITS: readonly { readonly name: string; readonly fit: (options: BoundOptions) => AnyFit }[] = [
  { name: 'fitBetaGeo', fit: (options) => fitBetaGeo(RFM, { weights: RFM_WEIGHTS, ...options }) },
  { name: 'fitModifiedBetaGeo', fit: (options) => fitModifiedBetaGeo(RFM, { weights: RFM_WEIGHTS, ...options }) },
  { name: 'fitParetoNbd', fit: (options) => fitParetoNbd(RFM, { weights: RFM_WEIGHTS, ...options }) },
  {
    name: 'fitBetaGeoBetaBinom',
    fit: (options) => fitBetaGeoBetaBinom({ frequency: [0, 1, 1, 2, 3, 4, 6], recency: [0, 1, 5, 6, 4, 6, 6], n: [6, 6, 6, 6, 6, 6, 6] }, { weights: [300, 90, 30, 60, 25, 70, 110], ...options }),
  },
  {
    name: 'fitGammaGamma',
    fit: (options) => {
      const cdnow = loadCdnowSummary();
      return fitGammaGamma({ frequency: cdnow.frequency, monetaryValue: cdnow.monetaryValue }, options);
    },
  },
  { name: 'fitShiftedBetaGeometric', fit: (options) => fitShiftedBetaGeometric({ activeCustomers: [1000, 631, 468, 382, 326, 289, 262, 241] }, options) },
];

const STOPS = ['converged', 'boundary', 'maxIterations', 'timeBudget', 'stalled'];

/** What every returned fit satisfies: finite numbers, and converged exactly when stop is 'converged'. */
function expectHonest(fit: AnyFit): void {
  expect(STOPS).toContain(fit.stop);
  expect(fit.converged).toBe(fit.stop === 'converged');
  expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  for (const value of nonEmpty(Object.values(fit.params))) expect(Number.isFinite(value) && value > 0).toBe(true);
  for (const se of nonEmpty(Object.values(fit.standardErrors))) expect(se === null || Number.isFinite(se)).toBe(true);
  expect(Number.isSafeInteger(fit.iterations) && fit.iterations >= 0).toBe(true);
}

function expectProgressHonest(calls: readonly FitProgress[]): void {
  // Empty when the fit was aborted before its first iteration.
  for (const [i, p] of mayBeEmpty(calls.entries())) {
    expect(Object.keys(p).sort()).toEqual(['done', 'elapsedMs', 'gradientNorm', 'iteration', 'logLikelihood', 'start']);
    expect(Number.isSafeInteger(p.iteration) && p.iteration >= 1).toBe(true);
    expect(Number.isSafeInteger(p.start) && p.start >= 0).toBe(true);
    expect(Number.isFinite(p.logLikelihood)).toBe(true);
    expect(Number.isFinite(p.gradientNorm) && p.gradientNorm >= 0).toBe(true);
    expect(Number.isSafeInteger(p.elapsedMs) && p.elapsedMs >= 0).toBe(true);
    if (i > 0) expect(p.iteration).toBeGreaterThanOrEqual((calls[i - 1] as FitProgress).iteration);
    expect(p.done).toBe(i === calls.length - 1 && p.done);
  }
}

describe('fit progress and bounds: examples', () => {
  it('F1: fitParetoNbd on CDNOW reports each iteration with a rising log-likelihood, then once at the end with the fit\'s own log-likelihood and iterations', () => {
    const cdnow = loadCdnowSummary();
    const calls: FitProgress[] = [];
    const fit = fitParetoNbd({ frequency: cdnow.frequency, recency: cdnow.recency, T: cdnow.T }, { timeUnit: 'week', onProgress: (p) => calls.push(p) });
    expect(fit.stop).toBe('converged');
    expect(fit.converged).toBe(true);
    expectProgressHonest(calls);
    const last = calls[calls.length - 1] as FitProgress;
    expect(last).toMatchObject({ done: true, iteration: fit.iterations, start: 0, logLikelihood: fit.logLikelihood });
    expect(last.gradientNorm).toBeLessThan(1e-6);
    const during = calls.slice(0, -1);
    expect(during.map((p) => p.iteration)).toEqual(Array.from({ length: during.length }, (_, i) => i + 1));
    expect(during.every((p) => !p.done && p.start === 0)).toBe(true);
    // BFGS's line search only accepts lower −LL: the log-likelihood never falls between iterations.
    for (let i = 1; i < during.length; i++) expect((during[i] as FitProgress).logLikelihood).toBeGreaterThanOrEqual((during[i - 1] as FitProgress).logLikelihood);
    expect(Math.abs((during[during.length - 1] as FitProgress).logLikelihood - fit.logLikelihood)).toBeLessThan(1e-6 * Math.abs(fit.logLikelihood));
  });

  it('F1: timeBudgetMs 0 stops every fit after its first iteration: CONVERGENCE_FAILURE naming the budget by default, the point with converged false and stop timeBudget on request', () => {
    for (const { name, fit } of FITS) {
      expectMetricError(() => fit({ timeBudgetMs: 0 }), { fn: name, code: 'CONVERGENCE_FAILURE', field: 'options.timeBudgetMs', rule: /^long enough for the \w+ fit to converge \(the budget ran out after \d+ ms and 1 iteration from 1 starting point /, received: '0' });
      const calls: FitProgress[] = [];
      const stopped = fit({ timeBudgetMs: 0, requireConvergence: false, onProgress: (p) => calls.push(p) });
      expectHonest(stopped);
      expect(stopped).toMatchObject({ iterations: 1, converged: false, stop: 'timeBudget' });
      expect(calls.map((p) => [p.iteration, p.start, p.done])).toEqual([[1, 0, false], [1, 0, true]]);
      expect((calls[1] as FitProgress).logLikelihood).toBe(stopped.logLikelihood);
    }
  });

  it('F1: a signal aborted before the call throws its reason, and no progress is reported', () => {
    const reason = new Error('user cancelled');
    for (const { fit } of FITS) {
      const calls: FitProgress[] = [];
      expect(() => fit({ signal: { aborted: true, reason }, onProgress: (p) => calls.push(p) })).toThrow(reason);
      expect(calls).toEqual([]);
    }
    // A signal-like object without a reason: an Error naming the abort.
    expect(() => fitParetoNbd(RFM, { signal: { aborted: true } })).toThrow('The operation was aborted');
    // A real AbortController (its reason is a DOMException named AbortError).
    const controller = new AbortController();
    controller.abort();
    let thrown: unknown;
    try {
      fitBetaGeo(RFM, { signal: controller.signal });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(controller.signal.reason);
    expect((thrown as Error).name).toBe('AbortError');
  });

  it('F1: aborting from inside onProgress stops the fit before its next iteration and throws the reason', () => {
    for (const { fit } of FITS) {
      const controller = new AbortController();
      const reason = new Error('enough');
      const calls: FitProgress[] = [];
      const run = () =>
        fit({
          signal: controller.signal,
          onProgress: (p) => {
            calls.push(p);
            if (p.iteration === 2) controller.abort(reason);
          },
        });
      expect(run).toThrow(reason);
      expect(calls.map((p) => p.iteration)).toEqual([1, 2]);
      expect(calls.every((p) => !p.done)).toBe(true);
    }
  });

  it('F1: maxIterations 1 stops with stop maxIterations (every starting point tried, each for one iteration)', () => {
    const calls: FitProgress[] = [];
    const fit = fitParetoNbd(RFM, { weights: RFM_WEIGHTS, maxIterations: 1, requireConvergence: false, onProgress: (p) => calls.push(p) });
    expectHonest(fit);
    expect(fit).toMatchObject({ stop: 'maxIterations', converged: false, iterations: 4 });
    expect(calls.map((p) => [p.iteration, p.start])).toEqual([[1, 0], [2, 1], [3, 2], [4, 3], [4, (calls[4] as FitProgress).start]]);
    expectMetricError(() => fitParetoNbd(RFM, { weights: RFM_WEIGHTS, maxIterations: 1 }), { fn: 'fitParetoNbd', code: 'CONVERGENCE_FAILURE', field: 'summary', rule: /raise options\.maxIterations/ });
  });

  it('F1: every fit that converges says stop converged, and its last progress call carries its log-likelihood', () => {
    for (const { fit } of FITS) {
      const calls: FitProgress[] = [];
      const result = fit({ onProgress: (p) => calls.push(p) });
      expectHonest(result);
      expect(result.stop).toBe('converged');
      expectProgressHonest(calls);
      expect(calls[calls.length - 1]).toMatchObject({ done: true, iteration: result.iterations, logLikelihood: result.logLikelihood });
    }
  });
});

describe('fit progress and bounds: edges', () => {
  it('F1: timeBudgetMs, signal and onProgress are validated like every option', () => {
    for (const { name, fit } of FITS) {
      for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '10', null]) {
        expectMetricError(() => fit({ timeBudgetMs: bad as number }), { fn: name, code: 'INVALID_INPUT', field: 'options.timeBudgetMs', rule: 'a non-negative finite number of milliseconds' });
      }
      for (const bad of [{}, 'aborted', null, { aborted: 'yes' }]) {
        expectMetricError(() => fit({ signal: bad as { aborted: boolean } }), { fn: name, code: 'INVALID_INPUT', field: 'options.signal', rule: 'an AbortSignal (an object with a boolean aborted)' });
      }
      for (const bad of [3, 'log', {}]) {
        expectMetricError(() => fit({ onProgress: bad as () => void }), { fn: name, code: 'INVALID_INPUT', field: 'options.onProgress', rule: 'a function' });
      }
    }
  });

  it('F1: a budget that does not run out changes nothing; a fit that is not aborted ignores its signal', () => {
    for (const { fit } of FITS) {
      const plain = fit({});
      const bounded = fit({ timeBudgetMs: 1e9, signal: { aborted: false } });
      expect(bounded.params).toEqual(plain.params);
      expect(bounded.logLikelihood).toBe(plain.logLikelihood);
      expect(bounded.stop).toBe('converged');
    }
  });

  it('F1: the optimiser calls its hook after every iteration that moved, and stops with reason interrupted when the hook says so', () => {
    const rosenbrock: Objective = (x, g) => {
      const [a, b] = x as unknown as [number, number];
      if (g !== undefined) {
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
      }
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const seen: number[] = [];
    const values: number[] = [];
    const full = minimize(rosenbrock, [-1.2, 1], { maxIterations: 500, gradientTolerance: 1e-10, onIteration: (iteration, _x, value) => (seen.push(iteration), values.push(value), false) });
    expect(full.converged).toBe(true);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    expect(seen.length).toBeGreaterThanOrEqual(full.iterations - 1);
    for (let i = 1; i < values.length; i++) expect(values[i] as number).toBeLessThanOrEqual(values[i - 1] as number);
    const stopped = minimize(rosenbrock, [-1.2, 1], { maxIterations: 500, gradientTolerance: 1e-10, onIteration: (iteration) => iteration === 3 });
    expect(stopped).toMatchObject({ converged: false, reason: 'interrupted', iterations: 3 });
  });

  it('F1: an error thrown by onProgress propagates as it is', () => {
    const boom = new TypeError('callback failed');
    expect(() =>
      fitGammaGamma({ frequency: [1, 2, 3, 4, 5, 2], monetaryValue: [10, 20, 15, 30, 12, 18] }, {
        onProgress: () => {
          throw boom;
        },
      }),
    ).toThrow(boom);
  });
});

describe('fit progress and bounds: properties', () => {
  it('F2 (class): over the six fits and random bounds, a fit stopped early is never reported converged, never returns NaN, and an abort always throws its reason', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FITS.length - 1 }),
        fc.record({
          timeBudgetMs: fc.option(fc.constantFrom(0, 1e9), { nil: undefined }),
          maxIterations: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
          abortAt: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
          requireConvergence: fc.boolean(),
        }),
        (index, { timeBudgetMs, maxIterations, abortAt, requireConvergence }) => {
          const { fit } = FITS[index] as (typeof FITS)[number];
          const reason = new Error('aborted by the property');
          const signal = { aborted: abortAt === 0, reason };
          const calls: FitProgress[] = [];
          const options: BoundOptions = {
            requireConvergence,
            signal,
            onProgress: (p) => {
              calls.push(p);
              if (abortAt !== undefined && p.iteration >= abortAt && !p.done) signal.aborted = true;
            },
            ...(timeBudgetMs === undefined ? {} : { timeBudgetMs }),
            ...(maxIterations === undefined ? {} : { maxIterations }),
          };
          let result: AnyFit | undefined;
          let thrown: unknown;
          try {
            result = fit(options);
          } catch (error) {
            thrown = error;
          }
          expectProgressHonest(calls);
          if (thrown === reason) {
            expect(abortAt).not.toBeUndefined();
            expect(calls.some((p) => p.done)).toBe(false);
            return;
          }
          if (thrown !== undefined) {
            expect(thrown).toBeInstanceOf(MetricError);
            expect((thrown as MetricError).code).toBe('CONVERGENCE_FAILURE');
            expect(requireConvergence).toBe(true);
            return;
          }
          const fitted = result as AnyFit;
          expectHonest(fitted);
          if (requireConvergence) expect(fitted.stop).toBe('converged');
          if (timeBudgetMs === 0) expect(fitted.iterations).toBe(fitted.converged ? fitted.iterations : 1);
          if (maxIterations !== undefined && fitted.stop === 'maxIterations') expect(fitted.iterations).toBeLessThanOrEqual(4 * maxIterations);
          const last = calls[calls.length - 1] as FitProgress;
          expect(last).toMatchObject({ done: true, iteration: fitted.iterations, logLikelihood: fitted.logLikelihood });
        },
      ),
      fcOptions({ numRuns: 60 }),
    );
  });
});
