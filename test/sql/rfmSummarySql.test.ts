/**
 * rfmSummarySql (issue 11 §1): the compiled RFM summary query, run on DuckDB, PostgreSQL (PGlite) and
 * ClickHouse (chdb), read back with readRows, equals rfmSummary on the same events: the documenting
 * example and the CDNOW sample on every engine, then edges (column types, hostile names, purchase
 * filters, bad rows, refusals, rows of another query), then a property over random events and options.
 * Each engine is opened once for the file; every case loads a fresh table (loadEvents replaces it).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventColumns, MetricError, type RfmSummary, rfmSummary, type RfmSummaryOptions, type SqlTarget } from '../../src/index.js';
import { rfmSummarySql } from '../../src/sql/rfmSummarySql.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { cdnowSampleEvents } from '../models/_cdnow.js';
import { type ColumnTypes, DIALECTS, type Dialect, type Engine, type EventRow, openEngine, quoteIdentifier } from './_engines.js';

const INSTALL_TIMEOUT = 900_000; // first use installs chdb (~550 MB)
const NAMES = { customerId: 'customer_id', timestamp: 'ts', event: 'event', amount: 'amount' } as const;
const HOSTILE_NAMES = { customerId: 'user "id"', timestamp: "ts`'; --", event: 'kind\\/* x */', amount: 'Amount €' } as const;
const ms = (iso: string): number => Date.parse(iso);

const engines = new Map<Dialect, Engine>();

beforeAll(async () => {
  for (const dialect of DIALECTS) engines.set(dialect, await openEngine(dialect));
}, INSTALL_TIMEOUT);

afterAll(async () => {
  for (const engine of engines.values()) await engine.close();
});

type Options = Omit<RfmSummaryOptions, 'fields'>;

/** The columns a target names for a table loaded with `types` (event and amount may be left out). */
function columnsOf(types: ColumnTypes, parts: { event?: boolean; amount?: boolean } = {}): SqlTarget['columns'] {
  return {
    customerId: types.names.customerId,
    timestamp: types.names.timestamp,
    ...(parts.event === false ? {} : { event: types.names.event }),
    ...(parts.amount === false ? {} : { amount: types.names.amount }),
    ...(types.timestamp === 'epochMs' ? { timestampUnit: 'ms' as const } : {}),
    ...(types.amount === 'minorUnits' ? { amountDecimals: types.amountScale ?? 2 } : {}),
  };
}

/** Loads `rows` into a fresh table of `dialect`, runs the compiled query and reads its rows. */
async function viaSql(dialect: Dialect, rows: readonly EventRow[], types: ColumnTypes, options: Options, parts: { event?: boolean; amount?: boolean } = {}, tableName = 'rfm events'): Promise<RfmSummary> {
  const engine = engines.get(dialect) as Engine;
  await engine.loadEvents(quoteIdentifier(dialect, tableName), rows, types);
  const query = rfmSummarySql(options, { dialect, table: [tableName], columns: columnsOf(types, parts) });
  return query.readRows(await engine.query(query.sql));
}

/** rfmSummary of the same rows in process: event objects for decimal amounts, columns (minor units) for integer amounts. */
function inProcess(rows: readonly EventRow[], types: ColumnTypes, options: Options, parts: { event?: boolean; amount?: boolean } = {}): RfmSummary {
  const withEvent = parts.event !== false;
  const withAmount = parts.amount !== false;
  if (types.amount === 'minorUnits') {
    const scale = types.amountScale ?? 2;
    const columns: EventColumns = {
      customerId: rows.map((row) => row.customerId),
      timestamp: Float64Array.from(rows, (row) => row.timestamp),
      ...(withEvent ? { event: rows.map((row) => row.event ?? 'purchase') } : {}),
      ...(withAmount ? { amount: rows.map((row) => (row.amount === undefined || row.amount === null ? 0 : Number(minorUnits(row.amount, scale)))) } : {}),
      amountDecimals: scale,
    };
    return rfmSummary(columns, options);
  }
  return rfmSummary(
    rows.map((row) => ({
      customerId: row.customerId,
      timestamp: row.timestamp,
      ...(withEvent && row.event !== undefined && row.event !== null ? { event: row.event } : {}),
      ...(withAmount && row.amount !== undefined && row.amount !== null ? { amount: row.amount } : {}),
    })),
    options,
  );
}

function minorUnits(text: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (match === null) throw new Error(`not a decimal: ${text}`);
  const value = BigInt(`${match[2]}${(match[3] ?? '').padEnd(scale, '0')}`);
  return match[1] === '-' ? -value : value;
}

/** Expects the engine's summary to deep-equal rfmSummary's (rows, columns, counts, dates, frozen). */
function expectSame(got: RfmSummary, want: RfmSummary, label: string): void {
  expect(got, label).toEqual(want);
  expect(JSON.stringify(got), label).toBe(JSON.stringify(want)); // same keys in the same order
  expect(Object.isFrozen(got) && Object.isFrozen(got.customers), label).toBe(true);
  expect(got.customers.filter((row) => !Object.isFrozen(row)), label).toEqual([]); // rows not frozen (none, also when there are no rows)
}

// ---------------------------------------------------------------------------------------------------
// Documenting examples

describe('rfmSummarySql: the rfmSummary documentation example on every engine', () => {
  const purchases: EventRow[] = [
    { customerId: 'ann', timestamp: ms('2024-01-03T09:00:00Z'), amount: '40' },
    { customerId: 'ann', timestamp: ms('2024-01-03T18:30:00Z'), amount: '10' }, // same day: one purchase of 50
    { customerId: 'ann', timestamp: ms('2024-01-17T12:00:00Z'), amount: '30' },
    { customerId: 'ann', timestamp: ms('2024-02-07T08:00:00Z'), amount: '50' },
    { customerId: 'bob', timestamp: ms('2024-02-14T20:00:00Z'), amount: '25' },
    { customerId: 'bob', timestamp: ms('2024-03-20T10:00:00Z'), amount: '99' }, // after calibration: ignored, counted
  ];
  const options: Options = { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28' };
  const types: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };

  for (const dialect of DIALECTS) {
    it(`rfmSummarySql (${dialect}): ann 2 repeats, recency 5 weeks, T 8 weeks, mean 40; bob no repeat; one purchase after calibration`, async () => {
      const got = await viaSql(dialect, purchases, types, options);
      expect(got.customers).toEqual([
        { customerId: 'ann', frequency: 2, recency: 5, T: 8, monetaryValue: 40 },
        { customerId: 'bob', frequency: 0, recency: 0, T: 2, monetaryValue: 0 },
      ]);
      expect([got.recordsRead, got.ignoredEvents, got.ignoredAfterCalibration, got.skipped]).toEqual([6, 0, 1, []]);
      expectSame(got, inProcess(purchases, types, options), dialect);
    }, 60_000);
  }
});

describe('rfmSummarySql: the CDNOW sample (lifetimes CDNOW_sample.txt) on every engine', () => {
  // 6,919 transactions of 2,357 customers; calibration to 1997-09-30, daily grain, weeks (Fader, Hardie & Lee 2005).
  const rows: EventRow[] = cdnowSampleEvents().map((t) => ({ customerId: t.customerId, timestamp: ms(`${t.timestamp}T00:00:00Z`), event: 'purchase', amount: t.amount }));
  const options: Options = { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30' };

  for (const dialect of DIALECTS) {
    it(`rfmSummarySql (${dialect}): 2,357 customers, 946 repeaters, Σx = 2,457, equal to rfmSummary (decimal amounts; minor units)`, async () => {
      const decimal: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };
      const got = await viaSql(dialect, rows, decimal, options);
      expect(got.customers.length).toBe(2357);
      expect(got.customers.filter((c) => c.frequency > 0).length).toBe(946);
      expect(got.customers.reduce((sum, c) => sum + c.frequency, 0)).toBe(2457);
      expectSame(got, inProcess(rows, decimal, options), `${dialect} decimal`);
      const minor: ColumnTypes = { names: HOSTILE_NAMES, timestamp: 'epochMs', amount: 'minorUnits', customerId: 'bigint' };
      expectSame(await viaSql(dialect, rows, minor, options, {}, 'cdnow.sample'), inProcess(rows, minor, options), `${dialect} minor units`);
    }, 120_000);
  }
});

// ---------------------------------------------------------------------------------------------------
// Edge cases

const ODD_IDS = ["a'b", '"q"', 'back\\slash', "x\\'y", 'semi;colon; DROP TABLE events; --', '-- comment', '/* block */', 'line\nbreak', 'tab\t', '日本語', '👩‍👩‍👧 🇩🇪', '$1 ? {p:String} %s', '__proto__', 'constructor', 'e\u0301', 'Z', 'a', 'é', '\uD83D\uDE00', '\uFF61'];
const ODD_EVENTS = ["it's", 'back\\', 'x -- y', '/* z */', 'naïve'];

describe('rfmSummarySql: column types, names and options, equal to rfmSummary on every engine', () => {
  // Berlin: spring forward 2024-03-31 01:00Z, fall back 2024-10-27 01:00Z; New York: 2024-03-10 07:00Z, 2024-11-03 06:00Z.
  const edges = [ms('2024-03-30T23:00:00Z'), ms('2024-03-31T00:59:59.999Z'), ms('2024-03-31T01:00:00Z'), ms('2024-10-26T22:00:00Z'), ms('2024-10-27T00:59:59.999Z'), ms('2024-10-27T01:00:00Z'), ms('2024-03-10T04:59:59.999Z'), ms('2024-03-10T07:00:00Z'), ms('2024-11-03T04:00:00Z'), ms('2024-11-03T05:59:59.999Z'), ms('2024-11-03T06:00:00.001Z'), ms('2024-12-31T23:30:00Z'), ms('2025-01-01T00:30:00Z')];
  const rows: EventRow[] = edges.flatMap((t, i) => [
    { customerId: ODD_IDS[i % ODD_IDS.length] as string, timestamp: t, event: i % 3 === 0 ? null : 'purchase', amount: `${i}.${String(i * 7 % 100).padStart(2, '0')}` },
    { customerId: ODD_IDS[(i * 5 + 1) % ODD_IDS.length] as string, timestamp: t + 3_600_000 * i, event: ODD_EVENTS[i % ODD_EVENTS.length] as string, amount: i % 4 === 0 ? null : '0.29' },
    { customerId: ODD_IDS[(i * 3) % ODD_IDS.length] as string, timestamp: t - 86_400_000 * i, event: 'visit', amount: '1.50' },
  ]);
  const cases: readonly { name: string; types: ColumnTypes; options: Options; parts?: { event?: boolean; amount?: boolean }; table?: string }[] = [
    { name: 'Berlin days in weeks, timestamptz, decimal', types: { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' }, options: { period: 'day', timeUnit: 'week', timeZone: 'Europe/Berlin', calibrationEnd: '2024-10-27T02:30:00' } },
    { name: 'New York weeks from Sunday, naive TIMESTAMP (UTC), minor units of 3 decimals', types: { names: HOSTILE_NAMES, timestamp: 'timestamp', amount: 'minorUnits', amountScale: 3 }, options: { period: 'week', weekStartsOn: 0, timeZone: 'America/New_York', calibrationEnd: ms('2024-11-03T05:59:59.999Z') } },
    { name: 'Berlin months in months, ClickHouse DateTime64 in Asia/Kolkata, odd purchase events', types: { names: NAMES, timestamp: { datetime64Zone: 'Asia/Kolkata' }, amount: 'decimal' }, options: { period: 'month', timeUnit: 'month', timeZone: 'Europe/Berlin', calibrationEnd: '2024-10-31', purchaseEvents: ['purchase', ...ODD_EVENTS] } },
    { name: 'UTC weeks in days from Saturday, epoch ms, no amount column', types: { names: NAMES, timestamp: 'epochMs', amount: 'decimal' }, options: { period: 'week', timeUnit: 'day', weekStartsOn: 6, calibrationEnd: '2024-12-31T23:59:59.999Z' }, parts: { amount: false } },
    { name: 'New York months in weeks, no event column (every row a purchase), schema-qualified table', types: { names: NAMES, timestamp: 'timestamptz', amount: 'minorUnits' }, options: { period: 'month', timeUnit: 'week', timeZone: 'America/New_York', calibrationEnd: '2024-11-01' }, parts: { event: false }, table: 'events.2024' },
    { name: 'only visits are purchases', types: { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' }, options: { period: 'day', calibrationEnd: '2024-06-30', purchaseEvents: ['visit'] } },
  ];

  for (const dialect of DIALECTS) {
    it(`rfmSummarySql (${dialect}): DST edges, odd ids and event names, every timestamp and amount column type, with and without event and amount columns`, async () => {
      for (const c of cases) {
        const loaded = c.parts?.event === false ? rows.map((row) => ({ ...row, event: null })) : rows;
        const got = await viaSql(dialect, loaded, c.types, c.options, c.parts, c.table);
        expectSame(got, inProcess(loaded, c.types, c.options, c.parts), `${dialect}: ${c.name}`);
        expect(got.customers.length, c.name).toBeGreaterThan(0);
      }
    }, 120_000);

    it(`rfmSummarySql (${dialect}): integer customer ids come back as text, sorted as text (UTF-16), as rfmSummary sorts them`, async () => {
      const types: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal', customerId: 'bigint' };
      const ids = ['10', '9', '-1', '9007199254740993', '0', '9223372036854775807'];
      const idRows = ids.flatMap((id, i) => [
        { customerId: id, timestamp: ms('2024-01-01T00:00:00Z') + i * 86_400_000, amount: '1.00' },
        { customerId: id, timestamp: ms('2024-02-01T00:00:00Z') + i * 86_400_000, amount: '2.25' },
      ]);
      const options: Options = { period: 'week', calibrationEnd: '2024-03-01' };
      const got = await viaSql(dialect, idRows, types, options);
      expect(got.columns.customerId).toEqual(['-1', '0', '10', '9', '9007199254740993', '9223372036854775807']);
      expectSame(got, inProcess(idRows, types, options), dialect);
    }, 60_000);

    it(`rfmSummarySql (${dialect}): an empty table gives an empty summary; bad rows are refused by readRows, naming the column`, async () => {
      const types: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };
      const options: Options = { period: 'day', calibrationEnd: '2024-01-31' };
      expectSame(await viaSql(dialect, [], types, options), inProcess([], types, options), `${dialect} empty`);
      const good: EventRow = { customerId: 'ann', timestamp: ms('2024-01-02T00:00:00Z'), event: 'purchase', amount: '5.00' };
      const bad: readonly [EventRow, string][] = [
        [{ ...good, customerId: '' }, 'target.columns.customerId'],
        [{ ...good, event: '' }, 'target.columns.event'],
        [{ ...good, amount: '-0.01' }, 'target.columns.amount'],
        [{ ...good, event: 'visit', amount: '-3.00' }, 'target.columns.amount'], // rfmSummary refuses a negative amount on any event
      ];
      for (const [row, field] of bad) {
        const error = await viaSql(dialect, [good, row], types, options).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, field).toBeInstanceOf(MetricError);
        expect({ code: (error as MetricError).code, field: (error as MetricError).field, received: (error as MetricError).received }, field).toEqual({ code: 'INVALID_INPUT', field, received: 1 });
        expect(() => inProcess([good, row], types, options), field).toThrow(MetricError);
      }
    }, 60_000);
  }
});

describe('rfmSummarySql: refusals', () => {
  const target: SqlTarget = { dialect: 'postgres', table: 'events', columns: { customerId: 'id', timestamp: 'ts', event: 'kind', amount: 'amount' } };
  const options: Options = { period: 'day', calibrationEnd: '2024-01-31' };
  const refused = (field: string, call: () => unknown, code: 'INVALID_INPUT' | 'INCONSISTENT_INPUT' = 'INVALID_INPUT') =>
    expectMetricError(call, { code, fn: field.startsWith('rows') ? 'rfmSummarySql().readRows' : 'rfmSummarySql', field });

  it('options it cannot compile or that rfmSummary refuses, named', () => {
    refused('options.fields', () => rfmSummarySql({ ...options, fields: { customerId: 'user' } } as Options, target));
    refused('options.onInvalid', () => rfmSummarySql({ ...options, onInvalid: 'skip' }, target));
    refused('options.period', () => rfmSummarySql({ ...options, period: 'hour' } as unknown as Options, target));
    refused('options.timeUnit', () => rfmSummarySql({ ...options, timeUnit: 'month' }, target));
    refused('options.calibrationEnd', () => rfmSummarySql({ period: 'day' } as Options, target));
    refused('options.timeZone', () => rfmSummarySql({ ...options, timeZone: 'Mars/Olympus' }, target));
    refused('options.purchaseEvents', () => rfmSummarySql({ ...options, purchaseEvents: [] }, target));
    refused('options.purchaseEvents[1]', () => rfmSummarySql({ ...options, purchaseEvents: ['purchase', 'nul\0'] }, target));
    refused('options.cohortBy', () => rfmSummarySql({ ...options, cohortBy: 'first' } as Options, target));
    refused('target.columns.event', () => rfmSummarySql({ ...options, purchaseEvents: ['order'] }, { ...target, columns: { customerId: 'id', timestamp: 'ts' } }));
    refused('target.dialect', () => rfmSummarySql(options, { ...target, dialect: 'mysql' } as unknown as SqlTarget));
    refused('target.from', () => rfmSummarySql(options, { ...target, from: '2024-01-01' } as SqlTarget));
    refused('target.columns.customerId', () => rfmSummarySql(options, { ...target, columns: { customerId: '', timestamp: 'ts' } }));
    expect(() => (rfmSummarySql as (...args: unknown[]) => unknown)(options, target, {})).toThrow(MetricError);
  });

  it('hostile purchase event names stay literals in every dialect (one statement, the names escaped)', () => {
    for (const dialect of DIALECTS) {
      const sql = rfmSummarySql({ ...options, purchaseEvents: ["x'); DROP TABLE events; --", 'back\\', '/* c */'] }, { ...target, dialect }).sql;
      expect(sql).not.toContain("x');");
      expect(sql.startsWith('WITH lm_raw AS (SELECT ')).toBe(true);
    }
  });

  it('readRows refuses rows it cannot read and rows of another query, naming the row and column', () => {
    const query = rfmSummarySql(options, target);
    const counts = [
      { what: 'bad', id: '', n: 0, f: 0, l: 0, amount: '' },
      { what: 'read', id: '', n: 2, f: 0, l: 0, amount: '' },
      { what: 'counts', id: '', n: 0, f: 0, l: 0, amount: '' },
    ];
    const ann = { what: 'customer', id: 'ann', n: 2, f: 19723, l: 19730, amount: '3.50' };
    expect(query.readRows([ann, ...counts]).customers).toEqual([{ customerId: 'ann', frequency: 1, recency: 7, T: 30, monetaryValue: 3.5 }]);
    // bigints and numeric strings as drivers return them
    expect(query.readRows([{ ...ann, n: 2n, f: '19723', l: 19730n }, ...counts]).customers[0]?.recency).toBe(7);
    refused('rows', () => query.readRows(42 as unknown as object[]));
    refused('rows', () => query.readRows([ann, counts[0] as object, counts[1] as object]), 'INCONSISTENT_INPUT');
    refused('rows[1].what', () => query.readRows([ann, ann, ...counts].map((row, i) => (i === 1 ? { ...row, what: 'size' } : row))));
    refused('rows[1].id', () => query.readRows([ann, ann, ...counts]), 'INCONSISTENT_INPUT');
    refused('rows[4].what', () => query.readRows([ann, ...counts, counts[2] as object]), 'INCONSISTENT_INPUT');
    refused('rows[0].id', () => query.readRows([{ ...ann, id: 7 }, ...counts]));
    refused('rows[0].n', () => query.readRows([{ ...ann, n: 2.5 }, ...counts]));
    refused('rows[0].amount', () => query.readRows([{ ...ann, amount: 3.5 }, ...counts]));
    refused('rows[0]', () => query.readRows([{ ...ann, l: 19754 }, ...counts]), 'INCONSISTENT_INPUT'); // after calibration (2024-01-31 is day 19753)
    refused('rows[0]', () => query.readRows([{ ...ann, n: 1 }, ...counts]), 'INCONSISTENT_INPUT');
    refused('rows[0].amount', () => query.readRows([{ ...ann, amount: '-1' }, ...counts]), 'INCONSISTENT_INPUT');
    refused('rows[0].f', () => query.readRows([{ what: 'customer', id: 'ann', n: 2 }, ...counts]));
    const nullTimes = counts.map((row) => (row.what === 'bad' ? { ...row, f: 3 } : row));
    expectMetricError(() => query.readRows(nullTimes), { code: 'INVALID_INPUT', fn: 'rfmSummarySql().readRows', field: 'target.columns.timestamp' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

describe('rfmSummarySql: properties', () => {
  // Instants around the DST changes of 2024 in Berlin and New York (and the new year), moved by up to ±3 days.
  const DST_EDGES = [ms('2024-03-10T07:00:00Z'), ms('2024-03-31T01:00:00Z'), ms('2024-10-27T01:00:00Z'), ms('2024-11-03T06:00:00Z'), ms('2025-01-01T00:00:00Z')];
  const instant = fc.oneof(
    fc.tuple(fc.constantFrom(...DST_EDGES), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })).map(([edge, shift]) => edge + shift),
    fc.tuple(fc.constantFrom(...DST_EDGES), fc.integer({ min: -2, max: 2 })).map(([edge, shift]) => edge + shift),
    fc.integer({ min: ms('2023-10-01T00:00:00Z'), max: ms('2025-03-01T00:00:00Z') }),
  );
  const id = fc.oneof(fc.constantFrom(...ODD_IDS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((s) => !s.includes('\0')));
  const cents = fc.bigInt({ min: 0n, max: 99_999_999_999n }).map((units) => `${units / 100n}.${String(units % 100n).padStart(2, '0')}`);
  const events = fc.array(id, { minLength: 1, maxLength: 6 }).chain((pool) =>
    fc.array(
      fc.record({
        customerId: fc.constantFrom(...pool),
        timestamp: instant,
        event: fc.option(fc.constantFrom('purchase', 'order', 'visit', ...ODD_EVENTS), { nil: null }),
        amount: fc.option(cents, { nil: null }),
      }),
      { maxLength: 40 },
    ),
  );
  const options: fc.Arbitrary<Options> = fc
    .record({
      grain: fc.constantFrom<readonly [Options['period'], Options['timeUnit']]>(['day', undefined], ['day', 'week'], ['week', undefined], ['week', 'day'], ['month', undefined], ['month', 'day'], ['month', 'week']),
      timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
      weekStartsOn: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      calibrationEnd: fc.oneof(instant, fc.constantFrom('2024-03-31', '2024-10-27T02:30:00', '2024-11-03', '2024-12-31')),
      purchaseEvents: fc.constantFrom(undefined, ['purchase', 'order'], ['order', ...ODD_EVENTS]),
    })
    .map(({ grain, timeZone, weekStartsOn, calibrationEnd, purchaseEvents }) => ({
      period: grain[0],
      ...(grain[1] === undefined ? {} : { timeUnit: grain[1] }),
      timeZone,
      ...(weekStartsOn === undefined ? {} : { weekStartsOn }),
      calibrationEnd,
      ...(purchaseEvents === undefined ? {} : { purchaseEvents }),
    }));
  const types: fc.Arbitrary<ColumnTypes> = fc.record({
    names: fc.constantFrom<ColumnTypes['names']>(NAMES, HOSTILE_NAMES),
    timestamp: fc.constantFrom<ColumnTypes['timestamp']>('timestamptz', 'timestamp', 'epochMs', { datetime64Zone: 'Europe/Berlin' }),
    amount: fc.constantFrom('decimal' as const, 'minorUnits' as const),
  });

  it('rfmSummarySql: random events (odd ids, cents, DST edges in Berlin and New York), grains, units and purchase lists: every engine deep-equals rfmSummary', async () => {
    // Each run loads one table into all three engines: 25 runs stay well under the timeout.
    await fc.assert(
      fc.asyncProperty(events, options, types, async (rows, opts, columnTypes) => {
        const want = inProcess(rows, columnTypes, opts);
        for (const dialect of DIALECTS) expectSame(await viaSql(dialect, rows, columnTypes, opts), want, dialect);
      }),
      fcOptions({ numRuns: 25 }),
    );
  }, 300_000);

  it('rfmSummarySql: shards of disjoint customers summarised apart concatenate to the whole (sorted by id)', async () => {
    await fc.assert(
      fc.asyncProperty(events, options, fc.constantFrom(...DIALECTS), async (rows, opts, dialect) => {
        const columnTypes: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };
        const byId = (row: EventRow) => [...row.customerId].length % 2 === 0;
        const whole = await viaSql(dialect, rows, columnTypes, opts);
        const even = await viaSql(dialect, rows.filter(byId), columnTypes, opts);
        const odd = await viaSql(dialect, rows.filter((row) => !byId(row)), columnTypes, opts);
        const merged = [...even.customers, ...odd.customers].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
        expect(merged).toEqual(whole.customers);
        expect(even.recordsRead + odd.recordsRead).toBe(whole.recordsRead);
        expect(even.ignoredAfterCalibration + odd.ignoredAfterCalibration).toBe(whole.ignoredAfterCalibration);
      }),
      fcOptions({ numRuns: 15 }),
    );
  }, 300_000);
});
