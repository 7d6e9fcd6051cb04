/**
 * `loyalty-metrics summary`: the period KPIs of an events file, one row per period, equal to periodSummary
 * run in process on the same file.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEventsCsv, periodSummary } from '../../src/index.js';
import { summaryJSON } from '../../src/cli/summary.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { binPath, cli, EVENTS, shown } from './_bin.js';

const columns = parseEventsCsv(readFileSync(EVENTS)).columns;
const OPTIONS = { timeZone: 'UTC', activity: { type: 'events', inactivityDays: 90 } } as const;

beforeAll(async () => {
  await binPath();
}, 60_000);

describe('summary: examples', () => {
  it('C3: --format json gives periodSummary of each month of the range, in process on the same file', async () => {
    const result = await cli(['summary', EVENTS, '--from', '2024-10-01', '--to', '2024-12-31', '--format', 'json']);
    expect(result.code, shown(result)).toBe(0);
    const months = [['2024-10', Date.UTC(2024, 9, 1), Date.UTC(2024, 10, 1)], ['2024-11', Date.UTC(2024, 10, 1), Date.UTC(2024, 11, 1)], ['2024-12', Date.UTC(2024, 11, 1), Date.UTC(2025, 0, 1)]] as const;
    const want = months.map(([label, from, next]) => summaryJSON({ label, summary: periodSummary(columns, { ...OPTIONS, from, to: next - 1 }) }));
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(want)));
    // December 2024 as the demo prints it: 658 at start, 550 retained, 108 lost.
    expect(JSON.parse(result.stdout)[2].customers).toMatchObject({ atStart: 658, retained: 550, lost: 108 });
  });

  it('C3: the text table and the CSV hold the same rows', async () => {
    const text = await cli(['summary', EVENTS, '--period', 'quarter', '--from', '2024-01-01']);
    expect(text.code, shown(text)).toBe(0);
    expect(text.stdout).toMatch(/^period +at start +retained +lost +new +reactivated +at end/);
    expect(text.stdout).toMatch(/\n2024-Q4 +576 +279 +297 +411 +6 +696 /);
    const csv = await cli(['summary', EVENTS, '--period', 'quarter', '--from', '2024-01-01', '--format', 'csv']);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('period,atStart,retained,lost,new,reactivated,atEnd,active,orders,revenue,retention,churn,ARPC,AOV,repeatRate');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['period', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
  });
});

describe('summary: edges', () => {
  it('C3: --period all is one row over the whole range; the default range is the data\'s, snapped to whole periods', async () => {
    const all = await cli(['summary', EVENTS, '--period', 'all', '--format', 'json']);
    expect(all.code, shown(all)).toBe(0);
    const rows = JSON.parse(all.stdout) as { from: string; to: string; orders: number }[];
    expect(rows).toHaveLength(1);
    const whole = await cli(['summary', EVENTS, '--period', 'year', '--format', 'json']);
    const years = JSON.parse(whole.stdout) as { period: string; from: string; to: string; orders: number }[];
    expect(years.map((y) => [y.period, y.from, y.to])).toEqual([['2023', '2023-01-01T00:00:00.000Z', '2023-12-31T23:59:59.999Z'], ['2024', '2024-01-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z']]);
    expect(nonEmpty(years).reduce((s, y) => s + y.orders, 0)).toBe(rows[0]?.orders);
  });
});

describe('summary: properties', () => {
  it('C3: for every period unit, retained + lost = at start and retained + new + reactivated = at end in every row, and each period ends where the next starts', async () => {
    for (const unit of nonEmpty(['week', 'month', 'quarter'])) {
      const result = await cli(['summary', EVENTS, '--period', unit, '--from', '2024-01-01', '--format', 'json']);
      expect(result.code, shown(result)).toBe(0);
      const rows = nonEmpty(JSON.parse(result.stdout) as { from: string; to: string; customers: Record<string, number> }[]);
      rows.forEach((row, i) => {
        const c = row.customers as Record<'atStart' | 'retained' | 'lost' | 'new' | 'reactivated' | 'atEnd', number>;
        expect(c.retained + c.lost).toBe(c.atStart);
        expect(c.retained + c.new + c.reactivated).toBe(c.atEnd);
        const next = rows[i + 1];
        if (next !== undefined) {
          expect(Date.parse(next.from)).toBe(Date.parse(row.to) + 1);
          expect(next.customers['atStart']).toBe(c.atEnd);
        }
      });
    }
  }, 60_000);
});
