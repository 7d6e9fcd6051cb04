/**
 * cohortSql on the three real engines (DuckDB, PostgreSQL through PGlite, ClickHouse through chdb), issue 11
 * sections 1 and 2: every CohortBuilderOptions axis, every return rule, ranges, amounts and timestamp column
 * types, each compared with `new CohortBuilder(options)` + `build(...)` on the same events by the JSON of
 * the whole table (counts, revenue to the cent, null and incomplete cells, repeaters, labels); then the
 * refusals, named by option.
 *
 * Golden cases: the published Amplitude cases of test/cohort/CohortBuilder.rollingAnchor.test.ts (C20) and
 * the hand-worked first-time / recurring tables and return rules of test/cohort/CohortBuilder.test.ts
 * ("cohort membership", "return rules": PostHog's first-time and recurring retention with "on" / "on or
 * after"; test/cohort holds no case that cites PostHog itself) give the same tables on every engine.
 *
 * Each engine is opened once (beforeAll; PGlite takes ~10 s to start) and a table is loaded per case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import type { CohortBuilderOptions, CohortBuildOptions } from '../../src/index.js';
import { cohortSql, type CohortSqlTarget } from '../../src/sql/cohortSql.js';
import type { SqlEventColumns } from '../../src/sql/_target.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { builderOutcome, buildPart, centsText, columnsOf, ENGINE_TIMEOUT, engineOutcome, NAMES, type Outcome, quoted } from '../arbitraries/sqlEvents.js';
import { type ColumnTypes, DIALECTS, type Dialect, type Engine, type EventRow, openEngine } from './_engines.js';

const ms = (iso: string): number => Date.parse(iso);
const PLAIN: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };
const COLUMNS = columnsOf(PLAIN);

/** Rows from [id, ISO instant, event, amount] tuples. */
function rows(list: readonly (readonly [string, string, (string | null)?, (string | null)?])[]): EventRow[] {
  return list.map(([customerId, at, event, amount]) => ({ customerId, timestamp: ms(at), event: event ?? null, amount: amount ?? null }));
}

/** A year of events in four zones' terms: DST changes (±1 ms), month and year edges, refunds, null amounts, odd ids. */
const YEAR: EventRow[] = (() => {
  const ids = ["a'b", 'b', 'c;--', 'd\\', '日本 🙂'];
  const instants = [
    '2023-12-31T23:30:00Z', // 2024 in Berlin, 2023 in New York
    '2024-01-01T00:00:00Z',
    '2024-01-31T20:00:00Z',
    '2024-02-29T12:00:00Z',
    '2024-03-10T06:59:59.999Z', // New York spring forward
    '2024-03-10T07:00:00Z',
    '2024-03-31T00:59:59.999Z', // Berlin spring forward
    '2024-03-31T01:00:00Z',
    '2024-03-31T02:30:00Z',
    '2024-04-06T14:59:59.999Z', // Lord Howe, Chatham fall back
    '2024-04-06T15:00:00Z',
    '2024-05-15T18:45:00Z',
    '2024-06-30T23:59:59.999Z',
    '2024-07-01T00:00:00Z',
    '2024-09-28T14:00:00Z', // Chatham forward
    '2024-10-05T15:30:00Z', // Lord Howe forward
    '2024-10-27T00:59:59.999Z', // Berlin fall back
    '2024-10-27T01:00:00Z',
    '2024-11-03T05:59:59.999Z', // New York fall back
    '2024-11-03T06:00:00.001Z',
    '2024-12-31T22:59:59.999Z',
    '2024-12-31T23:00:00Z',
  ];
  const events = ['purchase', 'signup', 'purchase', 'visit', null] as const;
  const out: EventRow[] = [];
  instants.forEach((at, i) => {
    for (let j = 0; j < 3; j++) {
      const n = i * 3 + j;
      if ((i + j) % 4 === 3) continue;
      out.push({
        customerId: ids[(i * 2 + j * 3) % ids.length] as string,
        timestamp: ms(at) + j * 3_600_000 * ((i % 3) - 1),
        event: events[n % events.length] as string | null,
        amount: n % 7 === 6 ? null : centsText(n % 5 === 4 ? -(n * 37) : n * 1234 + (n % 3)),
      });
    }
  });
  return out;
})();

/** Hour tables need short ranges: two days around a zone's DST change (or any two days). */
const HOUR_RANGE: Readonly<Record<string, CohortBuildOptions>> = {
  UTC: { from: '2024-03-30T00:00:00Z', to: '2024-04-01T00:00:00Z' },
  'Europe/Berlin': { from: '2024-03-30T12:00:00Z', to: '2024-04-01T00:00:00Z' },
  'America/New_York': { from: '2024-03-09T12:00:00Z', to: '2024-03-11T00:00:00Z' },
  'Asia/Kolkata': { from: '2024-10-26T12:00:00Z', to: '2024-10-28T00:00:00Z' },
};
const DAY_RANGE: CohortBuildOptions = { from: '2024-03-01', to: '2024-04-30' };

for (const dialect of DIALECTS) {
  // Engines on a loaded 2-core machine can take seconds per query: a generous timeout per test (no test asserts on time).
  describe(`cohortSql on ${dialect}`, { timeout: 180_000 }, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await openEngine(dialect);
    }, ENGINE_TIMEOUT);
    afterAll(async () => {
      await engine?.close();
    });

    let loaded = '';
    /** Loads rows into `events` unless the same rows and types are there already. */
    async function load(list: readonly EventRow[], types: ColumnTypes = PLAIN): Promise<void> {
      const key = JSON.stringify([list, types]);
      if (key === loaded) return;
      await engine.loadEvents(quoted(dialect, 'events'), list, types);
      loaded = key;
    }

    /** The engine's table equals the builder's (and the builder made one: no refusal on either side). */
    async function same(list: readonly EventRow[], options: CohortBuilderOptions, build: CohortBuildOptions = {}, columns: SqlEventColumns = COLUMNS, types: ColumnTypes = PLAIN): Promise<Outcome> {
      await load(list, types);
      const want = builderOutcome(options, list, buildPart(build), columns.amount !== undefined);
      expect(want, JSON.stringify({ options, build })).toHaveProperty('table');
      const got = await engineOutcome(engine, options, { table: 'events', columns, ...build });
      expect(got, JSON.stringify({ options, build })).toEqual(want);
      return got;
    }

    /** The table's counts (as the engine gave them). */
    async function counts(list: readonly EventRow[], options: CohortBuilderOptions, build: CohortBuildOptions = {}): Promise<unknown> {
      const got = await same(list, options, build);
      return 'table' in got ? (JSON.parse(got.table) as { counts: unknown }).counts : got;
    }

    // ----------------------------------------------------------------------------------------- examples

    describe('examples: the golden cases of test/cohort', () => {
      // test/cohort/CohortBuilder.test.ts "cohort membership": monthly, UTC. a: Jan, Feb, Mar. b: Jan, Mar. c: Feb, Feb, Apr. d: Mar.
      const membership = rows([
        ['a', '2024-01-05T10:00:00Z'],
        ['a', '2024-02-10T10:00:00Z'],
        ['a', '2024-03-03T10:00:00Z'],
        ['b', '2024-01-20T10:00:00Z'],
        ['b', '2024-03-15T10:00:00Z'],
        ['c', '2024-02-02T10:00:00Z'],
        ['c', '2024-02-20T10:00:00Z'],
        ['c', '2024-04-01T12:00:00Z'],
        ['d', '2024-03-30T10:00:00Z'],
      ]);

      it("T1: first-time retention (PostHog's first-time, cohortBy 'first'): the hand-worked monthly table", async () => {
        expect(await counts(membership, { period: 'month' })).toEqual([
          [2, 1, 2, 0],
          [1, 0, 1, null],
          [1, 0, null, null],
          [0, null, null, null],
        ]);
      });

      it("T1: recurring retention (PostHog's recurring, cohortBy 'recurring'): a customer in every period with a start event", async () => {
        expect(await counts(membership, { period: 'month', cohortBy: 'recurring' })).toEqual([
          [2, 1, 2, 0],
          [2, 1, 1, null],
          [3, 0, null, null],
          [1, null, null, null],
        ]);
      });

      // "return rules": monthly, UTC, Jan 1 .. Jun 30. a: Jan 10, Mar 20, Jun 5. b: Jan 1, Feb 2. c: Jan 3.
      const rules = rows([
        ['a', '2024-01-10T00:00:00Z', null, '10'],
        ['a', '2024-03-20T00:00:00Z', null, '20'],
        ['a', '2024-06-05T00:00:00Z', null, '5'],
        ['b', '2024-01-01T00:00:00Z', null, '1'],
        ['b', '2024-02-02T00:00:00Z', null, '2'],
        ['c', '2024-01-03T00:00:00Z', null, '3'],
      ]);
      const range = { from: '2024-01-01T00:00:00Z', to: '2024-06-30T23:59:59.999Z' };

      it("T1: 'on', 'onOrAfter' and brackets [1, 3]: the hand-worked counts and revenue", async () => {
        const on = await same(rules, { period: 'month' }, range);
        const table = JSON.parse((on as { table: string }).table) as { counts: number[][]; revenue: string[][] };
        expect(table.counts[0]).toEqual([3, 1, 1, 0, 0, 1]);
        expect(table.revenue[0]).toEqual(['14', '2', '20', '0', '0', '5']);
        expect((await counts(rules, { period: 'month' }, { ...range, returnRule: 'onOrAfter' }) as number[][])[0]).toEqual([3, 2, 1, 1, 1, 1]);
        expect((await counts(rules, { period: 'month' }, { ...range, returnRule: { brackets: [1, 3] } }) as number[][])[0]).toEqual([3, 2, 1]);
        expect((await counts(rules, { period: 'month' }, { ...range, returnRule: { brackets: [2, 4] } }) as number[][])[0]).toEqual([3, 1, 1]);
      });

      // test/cohort/CohortBuilder.rollingAnchor.test.ts, C20: Amplitude's published cases (Help Center, "How time works in a retention analysis").
      it('T1: C20 (Amplitude): first event Dec 1 17:59, return Dec 2 17:00: Day 1 with rollingAnchor hour, Day 0 with exact instants', async () => {
        const list = rows([
          ['user 1', '2021-12-01T17:59:00Z'],
          ['user 1', '2021-12-02T17:00:00Z'],
        ]);
        expect(await counts(list, { period: 'day', timeWindow: 'rolling', rollingAnchor: 'hour' })).toEqual([
          [1, 1],
          [0, null],
        ]);
        expect(await counts(list, { period: 'day', timeWindow: 'rolling', rollingAnchor: 'exact' })).toEqual([
          [1, 0],
          [0, null],
        ]);
      });

      it('T1: C20 (Amplitude): 7-day weeks and 30-day months on a daily basis (rollingAnchor day)', async () => {
        for (const [second, week] of [['2021-12-07T23:59:59Z', []], ['2021-12-08T00:15:00Z', [1]], ['2021-12-15T00:00:00Z', [2]]] as const) {
          const table = (await counts(rows([['user 2', '2021-12-01T23:30:00Z'], ['user 2', second]]), { period: 'week', timeWindow: 'rolling', rollingAnchor: 'day' }, { to: '2021-12-31T23:59:59Z' })) as number[][];
          expect((table[0] ?? []).flatMap((n, k) => (k > 0 && n === 1 ? [k] : []))).toEqual(week);
        }
        for (const [second, month] of [['2022-01-01T23:59:59Z', []], ['2022-01-02T00:30:00Z', [1]], ['2022-02-01T00:00:00Z', [2]]] as const) {
          const table = (await counts(rows([['user 3', '2021-12-03T22:00:00Z'], ['user 3', second]]), { period: 'month', timeWindow: 'rolling', rollingAnchor: 'day' }, { to: '2022-03-31T23:59:59Z' })) as number[][];
          expect((table[0] ?? []).flatMap((n, k) => (k > 0 && n === 1 ? [k] : []))).toEqual(month);
        }
      });

      it('T1: C20 (Amplitude): one return counted from two start events (recurring 24-hour buckets)', async () => {
        const list = rows([
          ['u', '2021-12-01T10:30:00Z'],
          ['u', '2021-12-02T10:45:00Z'],
          ['u', '2021-12-03T10:10:00Z'],
        ]);
        expect(await counts(list, { period: 'day', timeWindow: 'rolling', rollingAnchor: 'hour', cohortBy: 'recurring' })).toEqual([
          [1, 1, 1],
          [1, 1, null],
          [1, null, null],
        ]);
        expect(await counts(list, { period: 'day', timeWindow: 'rolling', rollingAnchor: 'exact', cohortBy: 'recurring' })).toEqual([
          [1, 1, 0],
          [1, 0, null],
          [1, null, null],
        ]);
      });
    });

    // ----------------------------------------------------------------------------------------- edges

    describe('edges: every axis against CohortBuilder', () => {
      it('T1: periods hour..year in UTC, Europe/Berlin, America/New_York, Asia/Kolkata, Australia/Lord_Howe and Pacific/Chatham', async () => {
        const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
        const rules = ['on', 'onOrAfter', { brackets: [1, 3] }] as const;
        const periods = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
        // Every period in three zones and every zone with three periods (18 queries: ClickHouse plans each in ~0.1-1 s).
        let i = 0;
        for (const [z, timeZone] of zones.entries()) {
          for (const period of [periods[z % 6]!, periods[(z + 2) % 6]!, periods[(z + 4) % 6]!]) {
            const range = period === 'hour' ? (HOUR_RANGE[timeZone] ?? { from: '2024-03-01', to: '2024-03-02' }) : period === 'day' ? DAY_RANGE : {};
            const zoneOfHours = period === 'hour' && HOUR_RANGE[timeZone] === undefined ? 'UTC' : timeZone; // refused below
            i++;
            await same(YEAR, { period, timeZone: zoneOfHours, cohortBy: i % 2 === 0 ? 'recurring' : 'first' }, { ...range, returnRule: rules[i % 3]! });
          }
        }
      });

      it('T1: hour periods in zones whose offsets change by other than whole hours are refused by name (options.period); days are fine', async () => {
        for (const timeZone of ['Australia/Lord_Howe', 'Pacific/Chatham']) {
          const target = { dialect, table: 'events', columns: COLUMNS, from: '2024-04-05T00:00:00Z', to: '2024-04-08T00:00:00Z' } as const;
          expectMetricError(() => cohortSql({ period: 'hour', timeZone }, target), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'options.period' });
          await same(YEAR, { period: 'day', timeZone }, { from: target.from, to: target.to });
        }
        // Without from/to the query compiles; readRows checks the grid of the observed range and refuses alike.
        await load(rows([['a', '2024-04-06T08:00:00Z'], ['a', '2024-04-06T20:00:00Z']]));
        const query = cohortSql({ period: 'hour', timeZone: 'Australia/Lord_Howe' }, { dialect, table: 'events', columns: COLUMNS });
        const result = await engine.query(query.sql);
        expectMetricError(() => query.readRows(result), { fn: 'cohortSql().readRows', code: 'INVALID_INPUT', field: 'options.period' });
      });

      it('T1: weekStartsOn 0..6 (weeks in America/New_York), first and recurring', async () => {
        for (let weekStartsOn = 0; weekStartsOn <= 6; weekStartsOn++) {
          await same(YEAR, { period: 'week', timeZone: 'America/New_York', weekStartsOn: weekStartsOn as 0, cohortBy: weekStartsOn % 2 === 0 ? 'first' : 'recurring' }, { returnRule: weekStartsOn % 3 === 0 ? 'onOrAfter' : 'on' });
        }
      });

      it('T1: startEvents / returnEvents / unknownEvents ignore, and minOccurrences 1..3, with every rule', async () => {
        const lists = [
          { startEvents: ['signup'], returnEvents: ['purchase'], unknownEvents: 'ignore' },
          { startEvents: ['signup', 'purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' },
          { returnEvents: ['purchase', 'visit'] },
          { startEvents: ['visit'] },
          {},
        ] as const;
        let i = 0;
        for (const list of lists) {
          for (const minOccurrences of lists.indexOf(list) % 2 === 0 ? [1, 3] : [2]) {
            i++;
            const rule = (['on', 'onOrAfter', { brackets: [1, 2] }] as const)[i % 3]!;
            await same(YEAR, { period: 'month', timeZone: 'Europe/Berlin', minOccurrences, cohortBy: i % 2 === 0 ? 'recurring' : 'first', ...list }, { returnRule: rule });
          }
        }
      });

      it("T1: unknownEvents 'invalid' (default): an unknown or empty event name makes readRows throw naming target.columns.event, as the builder throws", async () => {
        const options = { period: 'month', startEvents: ['signup'], returnEvents: ['purchase'] } as const;
        for (const bad of ['visit', '']) {
          const list = rows([['a', '2024-01-05T10:00:00Z', 'signup'], ['a', '2024-02-05T10:00:00Z', bad]]);
          expect(builderOutcome(options, list, undefined)).toEqual({ refused: 'INVALID_INPUT' });
          await load(list);
          const query = cohortSql(options, { dialect, table: 'events', columns: COLUMNS });
          const result = await engine.query(query.sql);
          expectMetricError(() => query.readRows(result), { fn: 'cohortSql().readRows', code: 'INVALID_INPUT', field: 'target.columns.event', received: '1' });
        }
      });

      // Found here: the query counted '' as a customer where CohortBuilder refuses it (a non-empty string).
      it("T1: an empty customer id is a bad row: readRows throws naming target.columns.customerId, as the builder refuses the record", async () => {
        for (const options of [{ period: 'month' }, { period: 'day', timeWindow: 'rolling' }] as const) {
          const list = rows([['a', '2024-01-05T10:00:00Z'], ['', '2024-02-05T10:00:00Z'], ['', '2024-02-06T10:00:00Z']]);
          expect(builderOutcome(options, list, undefined)).toEqual({ refused: 'INVALID_INPUT' });
          await load(list);
          const query = cohortSql(options, { dialect, table: 'events', columns: COLUMNS });
          const result = await engine.query(query.sql);
          expectMetricError(() => query.readRows(result), { fn: 'cohortSql().readRows', code: 'INVALID_INPUT', field: 'target.columns.customerId', received: '2' });
        }
      });

      it("T1: rolling windows with rollingAnchor 'exact', 'hour' and 'day', first and recurring, every rule", async () => {
        let i = 0;
        const cases = [['day', 'Asia/Kolkata', ['exact', 'hour', 'day']], ['week', 'Europe/Berlin', ['day', 'exact']], ['month', 'America/New_York', ['hour']], ['hour', 'UTC', ['hour', 'exact']]] as const;
        for (const [period, timeZone, anchors] of cases) {
          for (const rollingAnchor of anchors) {
            i++;
            const range = period === 'hour' ? HOUR_RANGE[timeZone] : period === 'day' ? DAY_RANGE : {};
            const rule = (['on', 'onOrAfter', { brackets: [1, 3] }] as const)[i % 3]!;
            await same(YEAR, { period, timeZone, timeWindow: 'rolling', rollingAnchor, cohortBy: i % 2 === 0 ? 'recurring' : 'first', minOccurrences: i % 4 === 0 ? 2 : 1 }, { ...range, returnRule: rule });
          }
        }
      });

      it("T1: rollingAnchor 'hour' in Australia/Lord_Howe is refused by name when the data crosses a 30-minute change; 'day' is fine", async () => {
        await load(YEAR);
        const options = { period: 'day', timeZone: 'Australia/Lord_Howe', timeWindow: 'rolling', rollingAnchor: 'hour' } as const;
        const query = cohortSql(options, { dialect, table: 'events', columns: COLUMNS, from: '2024-03-01', to: '2024-04-30' });
        const result = await engine.query(query.sql);
        expectMetricError(() => query.readRows(result), { fn: 'cohortSql().readRows', code: 'INVALID_INPUT', field: 'options.rollingAnchor' });
        await same(YEAR, { ...options, rollingAnchor: 'day' }, { from: '2024-03-01', to: '2024-04-30' });
      });

      it('T1: from / to: given or not, date-only to covers its whole day in the zone, events before from and after to', async () => {
        const zone = { period: 'week', timeZone: 'America/New_York' } as const;
        await same(YEAR, zone);
        await same(YEAR, zone, { from: '2024-03-01' });
        await same(YEAR, zone, { to: '2024-11-02' });
        await same(YEAR, { ...zone, cohortBy: 'recurring' }, { from: '2024-03-01T00:00:00Z', to: '2024-10-27' });
        await same(YEAR, { period: 'day', timeZone: 'Europe/Berlin' }, { from: '2024-03-25', to: '2024-03-31', returnRule: 'onOrAfter' });
        // An event at 23:30 Berlin time on the day `to` names is inside the table (its day is covered), 00:00 the next day is not.
        const list = rows([['late', '2024-03-09T22:30:00Z'], ['late', '2024-03-10T22:30:00Z'], ['next', '2024-03-10T23:00:00Z']]);
        const table = JSON.parse(((await same(list, { period: 'day', timeZone: 'Europe/Berlin' }, { from: '2024-03-09', to: '2024-03-10' })) as { table: string }).table) as { counts: number[][]; incomplete: boolean[][] };
        expect(table.counts).toEqual([
          [1, 1],
          [0, null],
        ]);
        expect(nonEmpty(table.incomplete.flat()).every((flag) => !flag)).toBe(true);
        // A range with no event at all: an empty grid of the range (from / to given), EMPTY_POPULATION without.
        await same(list, { period: 'month' }, { from: '2025-01-01', to: '2025-03-31' });
        await load([]);
        expect(await engineOutcome(engine, { period: 'month' }, { table: 'events', columns: COLUMNS })).toEqual(builderOutcome({ period: 'month' }, [], undefined));
        expect(builderOutcome({ period: 'month' }, [], undefined)).toEqual({ refused: 'EMPTY_POPULATION' });
      });

      it('T1: amounts: cents, refunds and NULL amounts (revenue to the cent), no amount column, integer minor units with amountDecimals', async () => {
        const list = rows([
          ['a', '2024-01-05T10:00:00Z', 'purchase', '30.10'],
          ['a', '2024-02-03T10:00:00Z', 'purchase', '0.01'],
          ['a', '2024-02-04T10:00:00Z', 'purchase', '-15.55'],
          ['b', '2024-01-20T10:00:00Z', 'purchase', null],
          ['b', '2024-03-01T10:00:00Z', 'purchase', '999999999.99'],
          ['b', '2024-03-01T11:00:00Z', 'purchase', '0.02'],
          ['c', '2024-02-10T10:00:00Z', null, '-0.07'],
        ]);
        const options = { period: 'month' } as const;
        const table = JSON.parse(((await same(list, options)) as { table: string }).table) as { revenue: (string | null)[][] };
        expect(table.revenue).toEqual([
          ['30.1', '-15.54', '1000000000.01'],
          ['-0.07', '0', null],
          ['0', null, null],
        ]);
        await same(list, options, {}, columnsOf(PLAIN, { amount: false }));
        const minor: ColumnTypes = { ...PLAIN, amount: 'minorUnits' };
        await same(list, options, {}, columnsOf(minor), minor);
        await same(list, { period: 'month', cohortBy: 'recurring' }, { returnRule: { brackets: [1] } }, columnsOf(minor), minor);
        const mills: ColumnTypes = { ...PLAIN, amount: 'minorUnits', amountScale: 3 };
        await same(list, options, {}, columnsOf(mills), mills);
      });

      it('T1: timestamp column types: timestamptz, naive TIMESTAMP (UTC), DateTime64 with a zone, integer epoch ms and epoch seconds', async () => {
        const types: ColumnTypes['timestamp'][] = ['timestamptz', 'timestamp', { datetime64Zone: 'Australia/Lord_Howe' }, { datetime64Zone: 'America/New_York' }, 'epochMs'];
        for (const timestamp of types) {
          const t: ColumnTypes = { ...PLAIN, timestamp };
          await same(YEAR, { period: 'week', timeZone: 'Europe/Berlin' }, { returnRule: 'onOrAfter' }, columnsOf(t), t);
          await same(YEAR, { period: 'hour', timeZone: 'America/New_York' }, HOUR_RANGE['America/New_York'], columnsOf(t), t);
        }
        // Epoch seconds (timestampUnit 's'): the integer column holds whole seconds; the builder gets the same instants.
        const seconds = YEAR.filter((row) => row.timestamp % 1000 === 0);
        const t: ColumnTypes = { ...PLAIN, timestamp: 'epochMs' };
        await load(seconds.map((row) => ({ ...row, timestamp: row.timestamp / 1000 })), t);
        const options = { period: 'month', timeZone: 'Europe/Berlin' } as const;
        const got = await engineOutcome(engine, options, { table: 'events', columns: { ...columnsOf(t), timestampUnit: 's' } });
        expect(got).toEqual(builderOutcome(options, seconds, undefined));
        expect(got).toHaveProperty('table');
      });

      it('T1: duplicate events (the same customer, instant and name twice) count as the builder counts them', async () => {
        const twice = [...YEAR, ...YEAR.filter((_, i) => i % 2 === 0)];
        await same(twice, { period: 'month', minOccurrences: 2, cohortBy: 'recurring' }, { returnRule: { brackets: [1, 2] } });
        await same(twice, { period: 'day', timeZone: 'Asia/Kolkata', timeWindow: 'rolling', rollingAnchor: 'hour', cohortBy: 'recurring' }, DAY_RANGE);
        await same(twice, { period: 'week', timeWindow: 'rolling', startEvents: ['signup', 'purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' }, { returnRule: 'onOrAfter' });
      });

      it('T1: a BIGINT customer id column (ids compared as the engine stores them)', async () => {
        const t: ColumnTypes = { ...PLAIN, customerId: 'bigint' };
        const ids = ['0', '-1', '42', '9007199254740993', '9223372036854775807', '-9223372036854775808'];
        const list = YEAR.map((row, i) => ({ ...row, customerId: ids[i % ids.length] as string }));
        await same(list, { period: 'month', timeZone: 'America/New_York', cohortBy: 'recurring' }, { returnRule: 'onOrAfter' }, COLUMNS, t);
        await same(list, { period: 'week', timeWindow: 'rolling' }, {}, COLUMNS, t);
      });

      it('T1: a schema-qualified table and a table named by its parts', async () => {
        const schema = dialect === 'clickhouse' ? '`lm test`.`my.events`' : '"lm test"."my.events"';
        await engine.loadEvents(schema, YEAR, PLAIN);
        const options = { period: 'quarter', timeZone: 'Asia/Kolkata' } as const;
        const query = cohortSql(options, { dialect, table: ['lm test', 'my.events'], columns: COLUMNS });
        expect(JSON.stringify(query.readRows(await engine.query(query.sql)))).toEqual((builderOutcome(options, YEAR, undefined) as { table: string }).table);
      });
    });

    // ----------------------------------------------------------------------------------------- refusals

    describe('refusals, named by option', () => {
      const target = (extra: Partial<CohortSqlTarget> = {}): CohortSqlTarget => ({ dialect, table: 'events', columns: COLUMNS, ...extra });

      it('T1: options.fields and onInvalid skip', () => {
        expectMetricError(() => cohortSql({ fields: { customerId: 'user' } } as CohortBuilderOptions, target()), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'options.fields' });
        expectMetricError(() => cohortSql({ onInvalid: 'skip' }, target()), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'options.onInvalid' });
      });

      it('T1: a bad dialect, bad table and column names, a NUL in an event name', () => {
        expectMetricError(() => cohortSql({}, { ...target(), dialect: 'mysql' as Dialect }), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.dialect' });
        expectMetricError(() => cohortSql({}, target({ table: '' })), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.table' });
        expectMetricError(() => cohortSql({}, target({ table: 'a.b.c.d' })), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.table' });
        expectMetricError(() => cohortSql({}, target({ table: 'x\0y' })), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.table' });
        expectMetricError(() => cohortSql({}, target({ table: 'é'.repeat(32) })), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.table' });
        expectMetricError(() => cohortSql({}, target({ columns: { ...COLUMNS, customerId: '' } })), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.columns.customerId' });
        expectMetricError(() => cohortSql({}, target({ columns: { ...COLUMNS, timestamp: 'ts\0' } })), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.columns.timestamp' });
        expectMetricError(() => cohortSql({}, target({ columns: { ...COLUMNS, event: '\uD800' } })), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'target.columns.event' });
        expectMetricError(() => cohortSql({ startEvents: ['sign\0up'] }, target()), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'options.startEvents[0]' });
        expectMetricError(() => cohortSql({ returnEvents: ['buy', 'x\0'] }, target()), { fn: 'cohortSql', code: 'INVALID_INPUT', field: 'options.returnEvents[1]' });
      });
    });
  });
}
