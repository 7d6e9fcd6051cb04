/**
 * `--sql <dialect>` on cohort, summary and rfm: the bin prints the statement the library compiles
 * (cohortSql, periodSummarySql, rfmSummarySql) for the table and columns given, and reads no file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cohortSql, periodSummarySql, rfmSummarySql } from '../../src/index.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { binPath, cli, EVENTS, line, shown } from './_bin.js';

beforeAll(async () => {
  await binPath();
}, 60_000);

const COLUMNS = { customerId: 'user_id', timestamp: 'ts', event: 'kind', amount: 'total' };
const FIELDS = ['--fields', 'customerId=user_id,timestamp=ts,event=kind,amount=total'];

describe('--sql: examples', () => {
  it('C4: cohort --sql duckdb prints cohortSql(...).sql of the same definition, table and columns', async () => {
    const args = ['cohort', '--sql', 'duckdb', '--table', 'analytics.events', ...FIELDS, '--period', 'week', '--time-zone', 'Europe/Berlin', '--start-events', 'purchase', '--return-events', 'purchase', '--from', '2024-01-01', '--to', '2024-03-31', '--return-rule', 'onOrAfter'];
    const result = await cli(args);
    expect(result.code, shown(result)).toBe(0);
    const want = cohortSql(
      { period: 'week', timeZone: 'Europe/Berlin', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' },
      { dialect: 'duckdb', table: 'analytics.events', columns: COLUMNS, from: '2024-01-01', to: '2024-03-31', returnRule: 'onOrAfter' },
    ).sql;
    expect(result.stdout).toBe(line(want));
  });

  it('C4: summary --sql prints one periodSummarySql statement per period; rfm --sql the rfmSummarySql statement', async () => {
    const summary = await cli(['summary', '--sql', 'postgres', '--table', 'shop.events', ...FIELDS, '--from', '2024-01-01', '--to', '2024-02-29']);
    expect(summary.code, shown(summary)).toBe(0);
    const options = { timeZone: 'UTC', activity: { type: 'events', inactivityDays: 90 } } as const;
    const target = { dialect: 'postgres', table: 'shop.events', columns: COLUMNS } as const;
    const january = periodSummarySql({ ...options, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 1, 1) - 1 }, target).sql;
    const february = periodSummarySql({ ...options, from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 2, 1) - 1 }, target).sql;
    expect(summary.stdout).toBe(`-- 2024-01\n${january};\n\n-- 2024-02\n${february};\n`);
    const rfm = await cli(['rfm', '--sql', 'clickhouse', '--table', 'events', '--fields', 'event=kind,amount=total,timestampUnit=ms', '--observation-end', '2024-06-30']);
    expect(rfm.code, shown(rfm)).toBe(0);
    const want = rfmSummarySql({ period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30' }, { dialect: 'clickhouse', table: 'events', columns: { customerId: 'customer_id', timestamp: 'timestamp', event: 'kind', amount: 'total', timestampUnit: 'ms' } }).sql;
    expect(rfm.stdout).toBe(line(want));
  });
});

describe('--sql: edges', () => {
  it('C4: --sql needs --table, reads no file, and summary --sql needs --from and --to (usage errors, exit 2)', async () => {
    const cases: [readonly string[], RegExp][] = [
      [['cohort', '--sql', 'duckdb'], /--sql needs --table <name>/],
      [['cohort', EVENTS, '--sql', 'duckdb', '--table', 'events'], /--sql prints a query and reads no file/],
      [['summary', '--sql', 'duckdb', '--table', 'events', '--from', '2024-01-01'], /--sql needs --from and --to/],
      [['rfm', '--sql', 'duckdb', '--table', 'events'], /--sql needs --observation-end/],
      [['cohort', '--sql', 'mysql', '--table', 'events'], /--sql must be one of duckdb, postgres, clickhouse, received 'mysql'/],
    ];
    for (const [args, message] of nonEmpty(cases)) {
      const result = await cli(args);
      expect(result.code, shown(result)).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('C4: a definition the compiler refuses is its MetricError: exit 1', async () => {
    const result = await cli(['cohort', '--sql', 'duckdb', '--table', 'events', '--on-invalid', 'skip', '--time-zone', 'Mars/Olympus']);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^loyalty-metrics: cohortSql: options\.timeZone must be/);
  });
});

describe('--sql: properties', () => {
  it('C4: for every dialect, each command prints exactly the library\'s statement', async () => {
    for (const dialect of nonEmpty(['duckdb', 'postgres', 'clickhouse'] as const)) {
      const target = { dialect, table: 'ev', columns: { customerId: 'customer_id', timestamp: 'timestamp' } };
      const cohort = await cli(['cohort', '--sql', dialect, '--table', 'ev', '--period', 'month', '--from', '2024-01-01', '--to', '2024-06-30']);
      expect(cohort.stdout, shown(cohort)).toBe(line(cohortSql({ period: 'month', unknownEvents: 'ignore' }, { ...target, from: '2024-01-01', to: '2024-06-30' }).sql));
      const rfm = await cli(['rfm', '--sql', dialect, '--table', 'ev', '--observation-end', '2024-06-30', '--period', 'week', '--time-unit', 'week']);
      expect(rfm.stdout, shown(rfm)).toBe(line(rfmSummarySql({ period: 'week', timeUnit: 'week', calibrationEnd: '2024-06-30' }, target).sql));
    }
  }, 60_000);
});
