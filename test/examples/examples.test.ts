import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/**
 * The published CDNOW fits, each as printed by its source:
 * - P. S. Fader, B. G. S. Hardie & K. L. Lee (2005), "Counting your customers the easy way: an alternative to
 *   the Pareto/NBD model", Marketing Science 24(2), BG/NBD on the 2,357 CDNOW customers (calibration to
 *   1997-09-30): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4.
 * - P. S. Fader & B. G. S. Hardie (2013), "The Gamma-Gamma model of monetary value" (note), on the 946 repeat
 *   buyers: p 6.25, q 3.74, gamma 15.44.
 * lifetimes' printed fits (alpha 4.413532, v 15.45) are of its 2-decimal summary CSVs, not of the raw sample
 * this example reads: test/models/publishedFits.test.ts checks them on those files.
 */
const PUBLISHED_CDNOW_FITS: readonly { source: string; label: string; value: number; decimals: number }[] = [
  { source: 'FHL 2005', label: 'r', value: 0.243, decimals: 3 },
  { source: 'FHL 2005', label: 'alpha', value: 4.414, decimals: 3 },
  { source: 'FHL 2005', label: 'a', value: 0.793, decimals: 3 },
  { source: 'FHL 2005', label: 'b', value: 2.426, decimals: 3 },
  { source: 'FHL 2005', label: 'log-likelihood', value: -9582.4, decimals: 1 },
  { source: 'Fader & Hardie 2013', label: 'p', value: 6.25, decimals: 2 },
  { source: 'Fader & Hardie 2013', label: 'q', value: 3.74, decimals: 2 },
  { source: 'Fader & Hardie 2013', label: 'gamma', value: 15.44, decimals: 2 },
];

/** The first estimate the example prints for `label` (a parameter row, or `log-likelihood <value>`). */
function printedEstimate(out: string, label: string): number {
  const match = new RegExp(`^${label}\\s+(-?\\d+\\.\\d+)`, 'm').exec(out);
  if (match === null) throw new Error(`the example prints no "${label}" line:\n${out}`);
  return Number(match[1]);
}

function run(script: string): string {
  return execFileSync(tsx, [script], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** The demo runs once for the tests that read its output (about 3-5 s). */
let demoOutput: string | undefined;
function runDemo(): string {
  demoOutput ??= run('examples/demo.ts');
  return demoOutput;
}

describe('examples run', () => {
  it('demo prints the KPI report from the sample data', () => {
    const out = runDemo();
    expect(out).toContain('Kettle & Leaf: KPI report for December 2024');
    expect(out).toMatch(/Retention rate \(CRR\)\s+83\.6%\s+95% CI 80\.6% to 86\.2%/);
    expect(out).toContain('retention + churn = 1 exactly: true');
    expect(out).toMatch(/Net Promoter Score \(NPS\)\s+43\.3/);
    expect(out).toMatch(/CSAT \(4–5 of 5\)\s+81\.0%/);
    expect(out).toMatch(/At start \/ retained \/ lost\s+658 \/ 550 \/ 108/);
    expect(out).toMatch(/2024-01 +101 +100\.0% +27\.7%/);
    expect(out).toMatch(/^  r +0\.170 +0\.007/m);
    expect(out).toMatch(/Repeat purchases of the calibration customers +4,333 +3,987 +8\.7%/);
    expect(out).toContain('HTML report: ');
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    expect(out).not.toContain('\x1b[');
    const html = readFileSync(new URL('../../examples/out/report.html', import.meta.url), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('<table');
    expect(html).not.toContain('<script');
  }, 60_000);

  it('R2: the demo tells one story: one shop, one reporting month (December 2024), every section naming its source, one money format, the same numbers on the terminal and the page', () => {
    const out = runDemo();
    const html = readFileSync(new URL('../../examples/out/report.html', import.meta.url), 'utf8');
    // One month: no other reporting period is named, and the survey answers are December's.
    expect(out).not.toMatch(/October|2026/);
    expect(html).not.toMatch(/October|2026/);
    const survey = readFileSync(new URL('../../examples/data/survey.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
    expect(survey).toHaveLength(400);
    for (const line of survey) expect(line.split(',')[1]).toMatch(/^2024-12-(0[1-9]|[12]\d|3[01])$/);
    // Every section heading names its data source, in both outputs.
    const headings = [...html.matchAll(/<h2 id="section-\d+-heading">([^<]*)<\/h2>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(headings.length).toBeGreaterThanOrEqual(8);
    for (const heading of headings) {
      expect(heading, heading).toMatch(/events\.csv|period\.json|survey\.csv|feedback\.csv/);
      expect(out).toContain(heading);
    }
    // One money format: every amount in EUR is written `EUR 1,234.56`, and no amount is written another way.
    const amounts = [...out.matchAll(/EUR [\d,.]+/g), ...html.matchAll(/EUR [\d,.]+/g)].map((m) => m[0]);
    expect(amounts.length).toBeGreaterThan(10);
    for (const amount of amounts) expect(amount).toMatch(/^EUR \d{1,3}(,\d{3})*\.\d{2}$/);
    expect(out).not.toMatch(/\b\d{4,}\.\d{2}\b/); // no ungrouped money such as 52247.32
    // The same numbers on both: a sample of KPI values read from the terminal is on the page.
    for (const value of ['EUR 52,247.32', '83.6%', '80.6% to 86.2%', '4,333', 'EUR 41.00', '43.3']) {
      expect(out).toContain(value);
      expect(html).toContain(value);
    }
  }, 60_000);

  it('E1: the CDNOW model example reproduces the published fits (FHL 2005, Fader & Hardie 2013; each to its printed precision) and prints its tables', () => {
    const out = run('examples/clv-cdnow.ts');
    expect(out).toContain('2357 customers, 946 repeat buyers, holdout of 39 weeks');
    // Each published value, read back from the example's own table: the printed estimate (4 decimals) lies
    // within half a unit of the source's last printed digit (plus the 5e-5 of the example's own rounding).
    const published = [...PUBLISHED_CDNOW_FITS];
    expect(published.length).toBeGreaterThan(0);
    for (const { source, label, value, decimals } of published) {
      const printed = printedEstimate(out, label);
      const tolerance = 0.5 * 10 ** -decimals + 5e-5;
      expect(Math.abs(printed - value), `${label}: printed ${printed}, ${source} ${value.toFixed(decimals)} (±${tolerance})`).toBeLessThanOrEqual(tolerance);
    }
    // Regression values of this code (not published): the example's own 4-decimal print.
    expect(out).toMatch(/r\s+0\.2426/);
    expect(out).toContain('total repeat purchases in the holdout: predicted 1653, actual 1882');
    expect(out).toMatch(/1516\s+26\s+30\.86\s+31\.00\s+0\.969\s+20\.75\s+15/);
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
  }, 60_000);

  it('quick tour prints what the README shows', () => {
    const out = run('examples/quick-tour.ts');
    expect(out).toContain('91.9% 8.1% true');
    expect(out).toContain('391/4820 0.08112033195020747');
    expect(out).toContain('741.65');
    expect(out).toContain('EMPTY_POPULATION - churnRate: customersAtStart must be positive');
  }, 60_000);
});
