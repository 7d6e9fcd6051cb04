/**
 * `loyalty-metrics report`: one self-contained HTML page (htmlReport) from an events file, holding the
 * period KPIs, the cohort heatmap and the model fit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CohortBuilder, parseEventsCsv } from '../../src/index.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { binPath, cli, EVENTS, shown, tempDir } from './_bin.js';

const dir = tempDir('lm-cli-report-');

beforeAll(async () => {
  await binPath();
}, 60_000);

describe('report: examples', () => {
  it('C3: report --out writes one page with the period KPIs, the library\'s heatmap and the BG/NBD fit, no script', async () => {
    const out = join(dir, 'report.html');
    const result = await cli(['report', EVENTS, '--out', out, '--start-events', 'purchase', '--return-events', 'purchase', '--from', '2024-01-01']);
    expect(result.code, shown(result)).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toContain('<script');
    for (const heading of nonEmpty(['Period KPIs', 'Cohorts', 'Model: bg-nbd'])) expect(page).toContain(`>${heading}</h2>`);
    expect(page).toContain('Retention rate');
    expect(page).toContain('Customers by repeat purchases: actual vs expected');
    // The heatmap's cells are the library's table of the same definition.
    const builder = new CohortBuilder({ startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' });
    const table = builder.addColumns(parseEventsCsv(readFileSync(EVENTS)).columns).build({ from: '2024-01-01' });
    expect(page).toContain(`>${table.cohorts.at(-1)?.label}<`);
  });
});

describe('report: edges', () => {
  it('C3: --model none leaves the model out; --title names the page', async () => {
    const out = join(dir, 'plain.html');
    const result = await cli(['report', EVENTS, '--out', out, '--model', 'none', '--title', 'Shop <Q4>', '--period', 'quarter']);
    expect(result.code, shown(result)).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<title>Shop &lt;Q4&gt;</title>');
    expect(page).not.toContain('Model:');
    expect(page).toContain('KPIs by quarter');
  });
});

describe('report: properties', () => {
  it('C3: for every cohort period the page has the heatmap of that period and the KPIs by it', async () => {
    // --model none: the fits are covered by fit.test.ts; here the page's layout by period.
    for (const period of nonEmpty(['week', 'quarter', 'year'])) {
      const out = join(dir, `${period}.html`);
      const result = await cli(['report', EVENTS, '--out', out, '--period', period, '--model', 'none', '--quiet']);
      expect(result.code, shown(result)).toBe(0);
      const page = readFileSync(out, 'utf8');
      expect(page).toContain(`KPIs by ${period}`);
      expect(page).toContain(`returned k ${period}s later`);
      expect(page).toContain('<table');
    }
  }, 60_000);
});
