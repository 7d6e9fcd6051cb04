/**
 * `loyalty-metrics fit <model>`: the fit of the RFM summary of an events file, equal to the library's fit in
 * process, with its parameter table, log-likelihood, convergence and check against the data.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitBetaGeo, fitGammaGamma, fitModifiedBetaGeo, fitParetoNbd, parseEventsCsv, rfmSummary } from '../../src/index.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { binPath, cli, EVENTS, shown } from './_bin.js';

const columns = parseEventsCsv(readFileSync(EVENTS)).columns;
const summary = rfmSummary(columns, { period: 'day', timeUnit: 'week', calibrationEnd: Math.max(...columns.timestamp) });

beforeAll(async () => {
  await binPath();
}, 60_000);

describe('fit: examples', () => {
  it('C3: fit bg-nbd prints the parameters with standard errors and intervals, the log-likelihood, convergence and the repeat-purchase check', async () => {
    const result = await cli(['fit', 'bg-nbd', EVENTS]);
    expect(result.code, shown(result)).toBe(0);
    const fit = fitBetaGeo(summary, { timeUnit: 'week' });
    expect(result.stdout).toContain(`Log-likelihood: ${fit.logLikelihood.toFixed(4)}`);
    expect(result.stdout).toContain('Converged: yes');
    for (const row of nonEmpty(fit.summary)) {
      expect(result.stdout).toMatch(new RegExp(`\\n${row.parameter} +${row.estimate.toFixed(4)} +${row.standardError?.toFixed(4)} +${row.lower?.toFixed(4)} +${row.upper?.toFixed(4)}\\n`));
    }
    expect(result.stdout).toMatch(/Check: customers by repeat purchases .*actual vs expected\nrepeats +actual +expected\n/);
    expect(result.stdout).toMatch(/\n {6}0 +1313 +\d+\.\d\n/);
  });
});

describe('fit: edges', () => {
  it('C3: gamma-gamma leaves out the customers without repeats and the free repeat buyers, and reports the frequency-spend correlation', async () => {
    const result = await cli(['fit', 'gamma-gamma', EVENTS, '--format', 'json']);
    expect(result.code, shown(result)).toBe(0);
    const fit = fitGammaGamma(summary, { timeUnit: 'week', zeroSpend: 'exclude' });
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(fit)));
    expect(fit.excludedZeroSpend).toBeGreaterThan(0);
  });

  it('C3: a fit that cannot converge in --max-iterations exits 1 with the library\'s CONVERGENCE_FAILURE message', async () => {
    const result = await cli(['fit', 'pareto-nbd', EVENTS, '--max-iterations', '1', '--quiet']);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^loyalty-metrics: fitParetoNbd: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('C3: --time-budget 0 stops the fit at once: exit 1 naming the budget; a negative budget is a usage error', async () => {
    const result = await cli(['fit', 'bg-nbd', EVENTS, '--time-budget', '0', '--quiet']);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^loyalty-metrics: fitBetaGeo: .*timeBudgetMs/);
    const negative = await cli(['fit', 'bg-nbd', EVENTS, '--time-budget', '-1']);
    expect(negative.code, shown(negative)).toBe(2);
    expect(negative.stderr).toMatch(/--time-budget/);
  });
});

describe('fit: properties', () => {
  it('C3: every transaction model\'s JSON is the library\'s fit, and its check counts every customer, actual and expected', async () => {
    const fits = { 'bg-nbd': fitBetaGeo, 'pareto-nbd': fitParetoNbd, 'mbg-nbd': fitModifiedBetaGeo } as const;
    for (const [name, fitter] of nonEmpty(Object.entries(fits))) {
      const result = await cli(['fit', name, EVENTS, '--format', 'json', '--observation-end', '2024-06-30']);
      expect(result.code, shown(result)).toBe(0);
      const part = rfmSummary(columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30' });
      const { check, ...fit } = JSON.parse(result.stdout) as { check: { actual: number; expected: number }[] };
      expect(fit).toEqual(JSON.parse(JSON.stringify(fitter(part, { timeUnit: 'week' }))));
      expect(nonEmpty(check).reduce((s, c) => s + c.actual, 0)).toBe(part.customers.length);
      expect(check.reduce((s, c) => s + c.expected, 0)).toBeCloseTo(part.customers.length, 6);
    }
  }, 60_000);
});
