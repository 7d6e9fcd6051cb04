/**
 * Pareto/NBD: the CDNOW fit (lifetimes' ParetoNBDFitter takes about 1.2 s on this machine; target under
 * 100 ms) and vectorised predictions. `npx vitest bench --run bench/paretoNbd.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';
import { expectedPurchases, fitParetoNbd, probabilityAlive } from '../src/index.js';

/** cdnow_customers_summary.csv (ID, frequency, recency, T in weeks) from test/fixtures. */
function loadCdnow(): { frequency: Float64Array; recency: Float64Array; T: Float64Array } {
  const path = fileURLToPath(new URL('../test/fixtures/cdnow_customers_summary.csv', import.meta.url));
  const rows = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',').map(Number));
  return {
    frequency: Float64Array.from(rows, (r) => r[1] as number),
    recency: Float64Array.from(rows, (r) => r[2] as number),
    T: Float64Array.from(rows, (r) => r[3] as number),
  };
}

const cdnow = loadCdnow();
const fit = fitParetoNbd(cdnow, { timeUnit: 'week' });

/** 100,000 customers: the CDNOW histories repeated (each distinct, so nothing is cached). */
const many = (() => {
  const n = 100_000;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = i % cdnow.frequency.length;
    const jitter = 1 + (i / n) * 1e-3;
    frequency[i] = cdnow.frequency[j] as number;
    recency[i] = (cdnow.recency[j] as number) * jitter;
    T[i] = (cdnow.T[j] as number) * jitter;
  }
  return { frequency, recency, T };
})();

let sink: unknown;
export const lastResult = () => sink;

describe('Pareto/NBD on CDNOW (2,357 customers, 1,016 distinct rows)', () => {
  bench('fitParetoNbd (analytic gradient, BFGS, standard errors)', () => {
    sink = fitParetoNbd(cdnow, { timeUnit: 'week' });
  }, { warmupIterations: 5, iterations: 30 });
});

describe('Pareto/NBD predictions for 100,000 customers', () => {
  bench('probabilityAlive', () => {
    sink = probabilityAlive(fit, many);
  }, { warmupIterations: 2, iterations: 10 });
  bench('expectedPurchases, t = 52', () => {
    sink = expectedPurchases(fit, many, { t: 52 });
  }, { warmupIterations: 2, iterations: 10 });
});
