/**
 * Gamma-Gamma on CDNOW (lifetimes' GammaGammaFitter takes 0.05-0.07 s on this machine) and vectorised
 * expected spend; the sBG fit and DEL. `npx vitest bench --run bench/spendAndRetention.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';
import { discountedExpectedLifetime, expectedAverageSpend, fitGammaGamma, fitShiftedBetaGeometric } from '../src/index.js';

/** cdnow_customers_summary_with_transactions.csv (ID, x, t_x, T, zbar; CRLF) from test/fixtures. */
function loadCdnow(): { frequency: Float64Array; monetaryValue: Float64Array } {
  const path = fileURLToPath(new URL('../test/fixtures/cdnow_customers_summary_with_transactions.csv', import.meta.url));
  const rows = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',').map(Number));
  return { frequency: Float64Array.from(rows, (r) => r[1] as number), monetaryValue: Float64Array.from(rows, (r) => r[4] as number) };
}

const cdnow = loadCdnow();
const spendFit = fitGammaGamma(cdnow);

/** 1,000,000 customers: the CDNOW rows repeated. */
const many = (() => {
  const n = 1_000_000;
  const frequency = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    frequency[i] = cdnow.frequency[i % cdnow.frequency.length] as number;
    monetaryValue[i] = cdnow.monetaryValue[i % cdnow.frequency.length] as number;
  }
  return { frequency, monetaryValue };
})();

let sink: unknown;
export const lastResult = () => sink;

describe('Gamma-Gamma on CDNOW (946 repeat buyers of 2,357 customers)', () => {
  bench('fitGammaGamma (analytic gradient, BFGS, standard errors)', () => {
    sink = fitGammaGamma(cdnow);
  }, { warmupIterations: 20, iterations: 100 });
});

describe('expectedAverageSpend for 1,000,000 customers (columns, Float64Array out)', () => {
  bench('expectedAverageSpend', () => {
    sink = expectedAverageSpend(spendFit, many);
  }, { warmupIterations: 2, iterations: 10 });
});

describe('sBG (Fader & Hardie 2007, high end, years 0..7) and DEL', () => {
  bench('fitShiftedBetaGeometric', () => {
    sink = fitShiftedBetaGeometric({ activeCustomers: [1000, 869, 743, 653, 593, 551, 517, 491] });
  }, { warmupIterations: 50, iterations: 500 });
  bench('discountedExpectedLifetime, d = 0.1 (DERL after 7 renewals)', () => {
    sink = discountedExpectedLifetime({ model: 'shiftedBetaGeometric', params: { alpha: 0.668, beta: 3.806 } }, { discountRate: 0.1, renewals: 7 });
  }, { warmupIterations: 100, iterations: 2000 });
});
