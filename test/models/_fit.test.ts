import { describe, expect, it } from 'vitest';
import { MetricError } from '../../src/core/MetricError.js';
import { finiteNumber } from '../../src/core/_validate.js';
import { fitMaximumLikelihood, readColumns, readFitOptions, readParams, weightsFor } from '../../src/models/_fit.js';

const ctx = { fn: 'fitExample' };
const durations = [0.5, 1.2, 3.1, 0.7, 2.2, 1.9, 0.4, 4.0];

/** Exponential durations: −LL(λ) = −n ln λ + λ Σt; MLE λ̂ = n / Σt with SE λ̂ / √n. */
function fitExponential(options: unknown = {}) {
  const read = readFitOptions(ctx, options, ['rate'] as const);
  const total = durations.reduce((s, t) => s + t, 0);
  return fitMaximumLikelihood({
    ctx,
    model: 'exponential',
    names: ['rate'] as const,
    start: [1],
    analyticGradient: true,
    negativeLogLikelihood: (p, g) => {
      const rate = p[0] as number;
      if (g !== undefined) g[0] = -durations.length / rate + total;
      return -durations.length * Math.log(rate) + rate * total;
    },
    options: read,
    customers: durations.length,
    rows: durations.length,
  });
}

describe('fitMaximumLikelihood', () => {
  it('finds the closed-form estimate and its standard error (exponential: λ̂ = n / Σt, SE = λ̂/√n)', () => {
    const fit = fitExponential({ confidence: 0.9, timeUnit: 'week' });
    const rate = durations.length / durations.reduce((s, t) => s + t, 0);
    expect(fit.params.rate).toBeCloseTo(rate, 9);
    expect(fit.standardErrors.rate).toBeCloseTo(rate / Math.sqrt(durations.length), 6);
    expect(fit.logLikelihood).toBeCloseTo(durations.length * Math.log(rate) - durations.length, 9);
    expect(fit).toMatchObject({ model: 'exponential', converged: true, confidence: 0.9, customers: 8, rows: 8, penalizer: 0, timeUnit: 'week' });
    const row = fit.summary[0];
    expect(row?.lower).toBeLessThan(rate);
    expect(row?.upper).toBeGreaterThan(rate);
    // The interval is symmetric on the log scale.
    const estimate = fit.params.rate;
    expect(Math.log(estimate) - Math.log(row?.lower as number)).toBeCloseTo(Math.log(row?.upper as number) - Math.log(estimate), 12);
  });

  it('returns a frozen result that survives JSON', () => {
    const fit = fitExponential();
    expect(Object.isFrozen(fit) && Object.isFrozen(fit.params) && Object.isFrozen(fit.summary)).toBe(true);
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
    expect(fit.timeUnit).toBeNull();
  });

  it('shrinks the estimate with a penalizer but reports the data log-likelihood', () => {
    const plain = fitExponential();
    const penalised = fitExponential({ penalizer: 1 });
    expect(penalised.params.rate).toBeLessThan(plain.params.rate);
    expect(penalised.logLikelihood).toBeLessThan(plain.logLikelihood);
  });

  it('throws CONVERGENCE_FAILURE with a hint, or returns the last point when asked', () => {
    let error: unknown;
    try {
      fitExponential({ maxIterations: 1, initialParams: { rate: 1e-6 } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricError);
    expect(error).toMatchObject({ code: 'CONVERGENCE_FAILURE' });
    expect((error as Error).message).toMatch(/raise options\.maxIterations/);
    const last = fitExponential({ maxIterations: 1, initialParams: { rate: 1e-6 }, requireConvergence: false });
    expect(last.converged).toBe(false);
  });

  it('checks the common options', () => {
    expect(() => fitExponential({ initialParams: { rte: 1 } })).toThrow('fitExample: options.initialParams.rte must be one of rate, received 1');
    expect(() => fitExponential({ initialParams: { rate: 0 } })).toThrow(/options\.initialParams\.rate/);
    expect(() => fitExponential({ maxIterations: 0 })).toThrow('options.maxIterations must be a positive integer');
    expect(() => fitExponential({ penalizer: -1 })).toThrow(/options\.penalizer/);
    expect(() => fitExponential({ timeUnit: 'fortnight' })).toThrow(/options\.timeUnit/);
    expect(() => fitExponential({ requireConvergence: 'yes' })).toThrow(/options\.requireConvergence/);
    expect(() => fitExponential({ weights: [1, -1] })).toThrow('options.weights[1] must be a non-negative finite number');
    expect(() => fitExponential({ tolerance: 1 })).toThrow(/options\.tolerance/);
  });
});

describe('readColumns and weightsFor', () => {
  const check = (field: string, value: unknown, path: string) => finiteNumber(ctx, path, value, { min: 0 });

  it('reads rows and columns to the same Float64Arrays, ignoring extra row fields', () => {
    const rows = readColumns(ctx, [{ customerId: 'a', frequency: 2, T: 5 }, { frequency: 0, T: 3 }], ['frequency', 'T'], check);
    const columns = readColumns(ctx, { frequency: [2, 0], T: Float64Array.from([5, 3]) }, ['frequency', 'T'], check);
    const wrapped = readColumns(ctx, { columns: { frequency: [2, 0], T: [5, 3] } }, ['frequency', 'T'], check);
    expect(rows).toEqual(columns);
    expect(wrapped).toEqual(columns);
    expect(rows.length).toBe(2);
  });

  it('names the row and field at fault', () => {
    expect(() => readColumns(ctx, [{ frequency: 1, T: -1 }], ['frequency', 'T'], check)).toThrow('fitExample: summary[0].T must be a finite number >= 0, received -1');
    expect(() => readColumns(ctx, { frequency: [1], T: [1, 2] }, ['frequency', 'T'], check)).toThrow(/summary\.T must be as long as summary\.frequency/);
    expect(() => readColumns(ctx, 'x', ['frequency'], check)).toThrow(/summary must be/);
    expect(() => readColumns(ctx, [null], ['frequency'], check)).toThrow(/summary\[0\]/);
  });

  it('sums weights and refuses an empty or weightless population', () => {
    expect(weightsFor(ctx, undefined, 3).total).toBe(3);
    expect(weightsFor(ctx, Float64Array.from([2, 0, 5]), 3).total).toBe(7);
    expect(() => weightsFor(ctx, Float64Array.from([1]), 3)).toThrow(/options\.weights must be as long as the summary/);
    expect(() => weightsFor(ctx, undefined, 0)).toThrow(expect.objectContaining({ code: 'EMPTY_POPULATION' }));
  });
});

describe('readParams', () => {
  it('accepts fits, JSON copies and hand-written params', () => {
    const read = readParams(ctx, { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }, ['betaGeo'], ['r', 'alpha', 'a', 'b']);
    expect(read.params).toEqual({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  });

  it('refuses an unknown model or a bad parameter', () => {
    expect(() => readParams(ctx, { model: 'paretoNbd', params: {} }, ['betaGeo'], ['r'])).toThrow('fitExample: fit.model must be one of betaGeo, received "paretoNbd"');
    expect(() => readParams(ctx, { model: 'betaGeo', params: { r: -1 } }, ['betaGeo'], ['r'])).toThrow(/fit\.params\.r/);
    expect(() => readParams(ctx, null, ['betaGeo'], ['r'])).toThrow(/fit must be/);
  });
});
