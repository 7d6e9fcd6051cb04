import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(script: string): string {
  return execFileSync(tsx, [script], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('examples run', () => {
  it('demo prints the KPI report from the sample data', () => {
    const out = run('examples/demo.ts');
    expect(out).toContain('KPI report for October 2026');
    expect(out).toMatch(/Retention rate \(CRR\)\s+91\.9%/);
    expect(out).toMatch(/retention \+ churn = 1\s+true/);
    expect(out).toMatch(/Net Promoter Score \(NPS\)\s+43\.3/);
    expect(out).toMatch(/CSAT \(4–5 of 5\)\s+81\.0%/);
    expect(out).toMatch(/At start \/ retained \/ lost\s+658 \/ 550 \/ 108/);
    expect(out).toMatch(/2024-01 +101 +100\.0% +27\.7%/);
    expect(out).toContain('HTML report with the heatmap');
    expect(out).toMatch(/BG\/NBD\s+r 0\.170 · alpha 0\.39 · a 0\.647 · b 3\.764/);
    expect(out).toMatch(/Repeat purchases in 26\.3 weeks\s+predicted 4333 · actual 3987/);
    const html = readFileSync(new URL('../../examples/out/report.html', import.meta.url), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('<table');
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    expect(out).not.toContain('\x1b[');
  }, 60_000);

  it('the CDNOW model example reproduces the published fits and prints its tables', () => {
    const out = run('examples/clv-cdnow.ts');
    expect(out).toContain('2357 customers, 946 repeat buyers, holdout of 39 weeks');
    expect(out).toMatch(/r\s+0\.2426/);
    expect(out).toMatch(/alpha\s+4\.4136/);
    expect(out).toMatch(/p\s+6\.2496/);
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
