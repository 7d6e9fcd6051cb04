/**
 * `loyalty-metrics rfm`: the RFM summary of an events file, equal to rfmSummary in process.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEventsCsv, rfmSummary } from '../../src/index.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { binPath, cli, EVENTS, shown } from './_bin.js';

const columns = parseEventsCsv(readFileSync(EVENTS)).columns;

beforeAll(async () => {
  await binPath();
}, 60_000);

describe('rfm: examples', () => {
  it('C3: --format csv is rfmSummary of the file (days, in weeks, to --observation-end)', async () => {
    const result = await cli(['rfm', EVENTS, '--observation-end', '2024-06-30', '--format', 'csv']);
    expect(result.code, shown(result)).toBe(0);
    const summary = rfmSummary(columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30' });
    const want = ['customerId,frequency,recency,T,monetaryValue', ...summary.customers.map((c) => `${c.customerId},${c.frequency},${c.recency},${c.T},${c.monetaryValue}`)];
    expect(result.stdout).toBe(`${want.join('\n')}\n`);
    expect(result.stderr).toMatch(/events are not purchase events and were left out/);
    expect(result.stderr).toMatch(/purchases after the observation end were left out/);
  });

  it('C3: --format json carries the settings and the customers; the default end is the latest event', async () => {
    const result = await cli(['rfm', EVENTS, '--format', 'json', '--period', 'week', '--time-unit', 'week']);
    expect(result.code, shown(result)).toBe(0);
    const got = JSON.parse(result.stdout) as { period: string; timeUnit: string; calibrationEnd: string; customers: unknown[] };
    const last = Math.max(...columns.timestamp);
    const summary = rfmSummary(columns, { period: 'week', timeUnit: 'week', calibrationEnd: last });
    expect(got).toMatchObject({ period: 'week', timeUnit: 'week', calibrationEnd: new Date(last).toISOString() });
    expect(got.customers).toEqual(JSON.parse(JSON.stringify(summary.customers)));
  });
});

describe('rfm: edges', () => {
  it('C3: --time-unit month with a daily grain is the library\'s MetricError: exit 1, its message', async () => {
    const result = await cli(['rfm', EVENTS, '--time-unit', 'month']);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^loyalty-metrics: rfmSummary: options\.timeUnit must be /);
  });
});

describe('rfm: properties', () => {
  it('C3: for every grain, the text table has one aligned row per customer of the in-process summary', async () => {
    for (const period of nonEmpty(['day', 'week', 'month'] as const)) {
      const result = await cli(['rfm', EVENTS, '--period', period, '--time-unit', period, '--observation-end', '2023-12-31', '--quiet']);
      expect(result.code, shown(result)).toBe(0);
      expect(result.stderr).toBe('');
      const summary = rfmSummary(columns, { period, timeUnit: period, calibrationEnd: '2023-12-31' });
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(summary.customers.length + 2);
      expect(new Set(lines.map((l) => l.length)).size).toBeLessThanOrEqual(2); // padded: one width (the header's trimmed end aside)
      expect(lines.slice(2).map((l) => l.split(/ +/)[0])).toEqual(summary.customers.map((c) => c.customerId));
    }
  }, 60_000);
});
