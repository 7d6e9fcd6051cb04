import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedAverageSpend, fitGammaGamma } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { gammaGammaData, gammaGammaNegativeLogLikelihood } from '../../src/models/_gammaGamma.js';
import { lnGamma } from '../../src/models/_math/special.js';
import { loadCdnowSummary } from './_cdnow.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const FN = 'fitGammaGamma';
const cdnow = loadCdnowSummary();
const columns = { frequency: cdnow.frequency, monetaryValue: cdnow.monetaryValue };
const fit = fitGammaGamma(columns);

/** The note's eq. 1a, term by term, for one repeat buyer. */
function logDensity(p: number, q: number, gamma: number, x: number, m: number): number {
  return lnGamma(p * x + q) - lnGamma(p * x) - lnGamma(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(gamma + m * x);
}

/** Gamma(shape) draws (Marsaglia & Tsang 2000) from a seeded uniform source, for simulated spend data. */
function gammaDraw(shape: number, uniform: () => number): number {
  if (shape < 1) return gammaDraw(shape + 1, uniform) * uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Box-Muller normal.
      x = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fitGammaGamma: documenting examples (CDNOW)', () => {
  it('Fader & Hardie (2013) note: p = 6.25, q = 3.74, gamma = 15.44 on the 946 repeat buyers (to 0.01 absolute, as lifetimes tests it)', () => {
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(0.01);
    expect(fit).toMatchObject({ model: 'gammaGamma', converged: true, customers: 946, rows: 946, excludedCustomers: 1411, penalizer: 0, timeUnit: null });
  });

  it('CLVTools test_correctness_gg.R: log-likelihood -4055.9177 (to 0.01: the CSV rounds zbar to cents)', () => {
    expect(Math.abs(fit.logLikelihood - -4055.9177)).toBeLessThan(0.01);
  });

  it('Fader & Hardie: population mean spend p·gamma/(q − 1) = $35.17, nine cents above the mean zbar of $35.08 (to 0.005)', () => {
    const population = Number(expectedAverageSpend(fit, { frequency: 0, monetaryValue: 0 }));
    expect(population).toBeCloseTo(35.17, 2);
    const repeaters = cdnow.monetaryValue.filter((_, i) => (cdnow.frequency[i] as number) > 0);
    expect(repeaters.reduce((s, m) => s + m, 0) / repeaters.length).toBeCloseTo(35.08, 2);
  });

  it("Fader, Hardie & Lee (2005): frequency-spend correlation 0.11 over the 946 repeat buyers (to 0.005)", () => {
    expect(fit.frequencyMonetaryCorrelation).toBeCloseTo(0.11, 2);
  });

  it('rows, columns and { columns } give the same fit; extra row fields are ignored', () => {
    const rows = cdnow.frequency.map((x, i) => ({ customerId: cdnow.id[i], frequency: x, recency: cdnow.recency[i], T: cdnow.T[i], monetaryValue: cdnow.monetaryValue[i] as number }));
    const fromRows = fitGammaGamma(rows);
    expect(fromRows.params).toEqual(fit.params);
    expect(fitGammaGamma({ columns: { frequency: Float64Array.from(cdnow.frequency), monetaryValue: Float64Array.from(cdnow.monetaryValue) } }).params).toEqual(fit.params);
  });

  it('standard errors and a summary table; frozen and JSON-serialisable', () => {
    for (const name of ['p', 'q', 'gamma'] as const) expect(fit.standardErrors[name]).toBeGreaterThan(0);
    expect(fit.summary.map((row) => row.parameter)).toEqual(['p', 'q', 'gamma']);
    expect(Object.isFrozen(fit) && Object.isFrozen(fit.params)).toBe(true);
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  it('the log-likelihood is the sum of the repeat buyers\' eq. 1a densities, and the analytic gradient matches central differences', () => {
    const { p, q, gamma } = fit.params;
    let sum = 0;
    cdnow.frequency.forEach((x, i) => {
      if (x > 0) sum += logDensity(p, q, gamma, x, cdnow.monetaryValue[i] as number);
    });
    expect(fit.logLikelihood).toBeCloseTo(sum, 8);
    const x = Float64Array.from(cdnow.frequency.filter((v) => v > 0));
    const m = Float64Array.from(cdnow.monetaryValue.filter((_, i) => (cdnow.frequency[i] as number) > 0));
    const nll = gammaGammaNegativeLogLikelihood(gammaGammaData(x, m, new Float64Array(x.length).fill(1)));
    const at = Float64Array.of(2.5, 1.7, 40);
    const gradient = new Float64Array(3);
    nll(at, gradient);
    for (let k = 0; k < 3; k++) {
      const h = 1e-6 * (at[k] as number);
      const up = Float64Array.from(at);
      const down = Float64Array.from(at);
      up[k] = (at[k] as number) + h;
      down[k] = (at[k] as number) - h;
      const numeric = (nll(up, undefined) - nll(down, undefined)) / (2 * h);
      expect(Math.abs((gradient[k] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    }
  });
});

describe('fitGammaGamma: edge cases and bad input', () => {
  const small = [
    { frequency: 2, monetaryValue: 22.35 },
    { frequency: 1, monetaryValue: 11.77 },
    { frequency: 0, monetaryValue: 0 },
    { frequency: 7, monetaryValue: 73.74 },
    { frequency: 2, monetaryValue: 25.55 },
    { frequency: 5, monetaryValue: 29.44 },
    { frequency: 3, monetaryValue: 40.1 },
    { frequency: 1, monetaryValue: 18 },
  ];

  it('customers with frequency 0 are left out and counted (by weight)', () => {
    const weighted = fitGammaGamma(small, { weights: [1, 1, 5, 1, 1, 1, 1, 1] });
    expect(weighted.excludedCustomers).toBe(5);
    expect(weighted.customers).toBe(7);
    expect(weighted.params).toEqual(fitGammaGamma(small.filter((c) => c.frequency > 0)).params);
  });

  it('weights are the expansion of compressed rows: the same fit and log-likelihood', () => {
    const expanded = [...small, ...small.slice(0, 2), small[0] as (typeof small)[0]];
    const compressed = fitGammaGamma(small, { weights: [3, 2, 1, 1, 1, 1, 1, 1] });
    const plain = fitGammaGamma(expanded);
    expect(compressed.logLikelihood).toBeCloseTo(plain.logLikelihood, 8);
    for (const name of ['p', 'q', 'gamma'] as const) expect(compressed.params[name]).toBeCloseTo(plain.params[name], 5);
    expect(compressed.customers).toBe(plain.customers);
  });

  it('a repeat buyer with monetaryValue 0 is an error naming the row', () => {
    expectMetricError(() => fitGammaGamma([...small, { frequency: 3, monetaryValue: 0 }]), {
      fn: FN,
      field: 'summary[8].monetaryValue',
      code: 'INVALID_INPUT',
      rule: "a positive amount for a repeat buyer (frequency > 0), or options.zeroSpend: 'exclude' to leave repeat buyers whose orders were all free out of the fit",
      received: '0',
    });
    expectMetricError(() => fitGammaGamma({ frequency: [1, 2, 3], monetaryValue: [5, 0, 7] }), {
      fn: FN,
      field: 'summary.monetaryValue[1]',
      code: 'INVALID_INPUT',
      rule: "a positive amount for a repeat buyer (frequency > 0), or options.zeroSpend: 'exclude' to leave repeat buyers whose orders were all free out of the fit",
      received: '0',
    });
  });

  it('no repeat buyers is EMPTY_POPULATION; one distinct spend cannot be fitted', () => {
    const none = () => fitGammaGamma([{ frequency: 0, monetaryValue: 0 }, { frequency: 0, monetaryValue: 0 }]);
    expect(none).toThrowError(expect.objectContaining({ code: 'EMPTY_POPULATION', field: 'summary' }));
    const zeroWeight = () => fitGammaGamma(small, { weights: [0, 0, 1, 0, 0, 0, 0, 0] });
    expect(zeroWeight).toThrowError(expect.objectContaining({ code: 'EMPTY_POPULATION' }));
    const one = () => fitGammaGamma([{ frequency: 2, monetaryValue: 20 }, { frequency: 0, monetaryValue: 0 }]);
    expect(one).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'summary', message: expect.stringContaining('at least two different monetary values') }));
    const same = () => fitGammaGamma([{ frequency: 2, monetaryValue: 20 }, { frequency: 5, monetaryValue: 20 }]);
    expect(same).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'summary' }));
  });

  it.each([
    ['summary[0].frequency', [{ frequency: 1.5, monetaryValue: 3 }]],
    ['summary[0].frequency', [{ frequency: -1, monetaryValue: 3 }]],
    ['summary[0].monetaryValue', [{ frequency: 1, monetaryValue: -3 }]],
    ['summary[0].monetaryValue', [{ frequency: 1, monetaryValue: Number.NaN }]],
    ['summary[0].monetaryValue', [{ frequency: 1, monetaryValue: '3' }]],
    ['summary[0].monetaryValue', [{ frequency: 1 }]],
    ['summary.monetaryValue', { frequency: [1] }],
    ['summary', 'customers'],
  ])('%s is refused', (field, summary) => {
    expect(() => fitGammaGamma(summary as never)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field }));
  });

  it('columns or weights of different lengths are INCONSISTENT_INPUT; unknown options INVALID_INPUT', () => {
    expect(() => fitGammaGamma({ frequency: [1, 2], monetaryValue: [3] })).toThrowError(expect.objectContaining({ code: 'INCONSISTENT_INPUT' }));
    expect(() => fitGammaGamma(small, { weights: [1, 2] })).toThrowError(expect.objectContaining({ code: 'INCONSISTENT_INPUT', field: 'options.weights' }));
    expect(() => fitGammaGamma(small, { iterations: 5 } as never)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.iterations' }));
    expect(() => fitGammaGamma(small, { initialParams: { r: 1 } } as never)).toThrowError(expect.objectContaining({ field: 'options.initialParams.r' }));
  });

  it('the input is not mutated, and no extra argument is accepted', () => {
    const frozen = Object.freeze(small.map((c) => Object.freeze({ ...c })));
    expect(() => fitGammaGamma(frozen)).not.toThrow();
    expect(() => (fitGammaGamma as (...args: unknown[]) => unknown)(small, {}, {})).toThrowError(expect.objectContaining({ field: 'arguments' }));
  });

  it('extreme customers (frequency 1000, spends from 0.01 to 5e6) keep a finite likelihood and a fit', () => {
    const heavy = fitGammaGamma({ frequency: [...cdnow.frequency, 1000, 300], monetaryValue: [...cdnow.monetaryValue, 36.5, 120] });
    expect(heavy.converged).toBe(true);
    expect(Math.abs(heavy.params.p - fit.params.p)).toBeLessThan(0.5);
    // Outliers that no gamma spread explains push the estimate to the boundary (p → ∞, gamma → 0); the
    // likelihood stays finite along the way, and the last point is returned on request.
    const outliers = fitGammaGamma({ frequency: [...cdnow.frequency, 1000, 900], monetaryValue: [...cdnow.monetaryValue, 5e6, 0.01] }, { requireConvergence: false });
    expect(Number.isFinite(outliers.logLikelihood)).toBe(true);
    expect(nonEmpty(Object.values(outliers.params)).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    // Small data can put the estimate at a boundary (q → ∞: no heterogeneity); the last point is still finite.
    const tiny = fitGammaGamma([...small, { frequency: 1000, monetaryValue: 5e6 }, { frequency: 900, monetaryValue: 0.01 }], { requireConvergence: false });
    expect(Number.isFinite(tiny.logLikelihood)).toBe(true);
  });
});

describe('fitGammaGamma: properties', () => {
  it('recovers the parameters of simulated data (p = 4, q = 3, gamma = 20; 4000 customers; within 25%)', () => {
    // A fixed seed: recovery within 25% is a statistical statement, true for this draw, not for every seed.
    const uniform = mulberry32(20_261_123);
    const frequency: number[] = [];
    const monetaryValue: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const nu = gammaDraw(3, uniform) / 20;
      const x = 1 + Math.floor(uniform() * 8);
      let total = 0;
      for (let k = 0; k < x; k++) total += gammaDraw(4, uniform) / nu;
      frequency.push(x);
      monetaryValue.push(total / x);
    }
    const simulated = fitGammaGamma({ frequency, monetaryValue });
    expect(simulated.params.p / 4).toBeGreaterThan(0.75);
    expect(simulated.params.p / 4).toBeLessThan(1.25);
    expect(simulated.params.q / 3).toBeGreaterThan(0.75);
    expect(simulated.params.q / 3).toBeLessThan(1.25);
    // gamma is identified with q (the mean p·gamma/(q − 1)): check the mean spend instead.
    const mean = (simulated.params.p * simulated.params.gamma) / (simulated.params.q - 1);
    expect(mean / 40).toBeGreaterThan(0.9);
    expect(mean / 40).toBeLessThan(1.1);
  });

  it('the weighted log-likelihood equals that of the rows repeated, at any parameters (random rows and multiplicities)', () => {
    const row = fc.record({ frequency: fc.integer({ min: 1, max: 60 }), monetaryValue: fc.double({ min: 0.01, max: 1e5, noNaN: true }), count: fc.integer({ min: 1, max: 5 }) });
    const positive = fc.double({ min: 0.01, max: 100, noNaN: true });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), positive, positive, positive, (rows, p, q, gamma) => {
        const expanded = rows.flatMap((r) => Array.from({ length: r.count }, () => r));
        const weighted = gammaGammaNegativeLogLikelihood(
          gammaGammaData(Float64Array.from(rows, (r) => r.frequency), Float64Array.from(rows, (r) => r.monetaryValue), Float64Array.from(rows, (r) => r.count)),
        );
        const plain = gammaGammaNegativeLogLikelihood(
          gammaGammaData(Float64Array.from(expanded, (r) => r.frequency), Float64Array.from(expanded, (r) => r.monetaryValue), new Float64Array(expanded.length).fill(1)),
        );
        const at = Float64Array.of(p, q, gamma);
        const a = weighted(at, undefined);
        const b = plain(at, undefined);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
        // ... and equals the sum of the customers' eq. 1a densities.
        const direct = expanded.reduce((sum, r) => sum + logDensity(p, q, gamma, r.frequency, r.monetaryValue), 0);
        expect(Math.abs(-b - direct)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(direct)));
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('CDNOW compressed to distinct (frequency, monetaryValue) rows with weights fits the same as the 2,357 rows', () => {
    const counts = new Map<string, number>();
    cdnow.frequency.forEach((x, i) => {
      const key = `${x}|${cdnow.monetaryValue[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    const keys = [...counts.keys()];
    const compressed = fitGammaGamma(
      { frequency: keys.map((k) => Number(k.split('|')[0])), monetaryValue: keys.map((k) => Number(k.split('|')[1])) },
      { weights: keys.map((k) => counts.get(k) as number) },
    );
    expect(compressed.rows).toBeLessThan(fit.rows);
    expect(compressed.customers).toBe(946);
    expect(compressed.excludedCustomers).toBe(1411);
    expect(compressed.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    for (const name of ['p', 'q', 'gamma'] as const) expect(compressed.params[name]).toBeCloseTo(fit.params[name], 4);
  });
});
