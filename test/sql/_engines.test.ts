/**
 * The engine harness of the SQL tests (test/sql/_engines.ts): every engine loads events and gives them back
 * identical (ids byte for byte, instants to the millisecond, amounts exactly) for every column type.
 *
 * The first run installs the drivers into the tools cache (test/tools/onDemand.ts) and prints the time once
 * (console.info). On the reference machine (2 cores): chdb@3.4.0 in 11 s on an idle machine, 71 s with the
 * cores busy (546 MB on disk); @electric-sql/pglite@0.6.1 in 1.5-3.4 s (27 MB); @duckdb/node-api 70 MB.
 * Once installed, the whole file takes about 20 s (under 40 s with both cores busy elsewhere).
 *
 * Driver value types, as checked in "driver value types" below (the row readers of src/sql must take them):
 *   DuckDB (@duckdb/node-api getRowObjects): BIGINT and count(*) -> bigint; INTEGER -> number;
 *     DECIMAL -> DuckDBDecimalValue (String(v) is the exact text, v.value the scaled bigint);
 *     TIMESTAMPTZ -> DuckDBTimestampTZValue, TIMESTAMP -> DuckDBTimestampValue (v.micros: bigint);
 *     VARCHAR -> string; NULL -> null.
 *   PostgreSQL (PGlite result.rows): BIGINT and count(*) -> number when safe, bigint past 2^53;
 *     INTEGER -> number; NUMERIC -> string (exact); TIMESTAMPTZ and TIMESTAMP -> Date (a naive TIMESTAMP is
 *     read as UTC; microseconds dropped); TEXT -> string; NULL -> null.
 *   ClickHouse (chdb JSONEachRow, JSON.parse; output_format_json_quote_64bit_integers=1 as on a server):
 *     Int64/UInt64 and count() -> string; Int32 -> number; Decimal -> number (a float: exact money must be
 *     selected with toString); DateTime64 -> string 'YYYY-MM-DD hh:mm:ss.sss' in the column's own zone,
 *     no offset (select toUnixTimestamp64Milli instead); String -> string; NULL -> null.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fcOptions } from '../arbitraries/counts.js';
import { ON_DEMAND_VERSIONS } from '../tools/onDemand.js';
import { type ColumnTypes, DIALECTS, type Dialect, type Engine, type EventRow, openEngine, quoteIdentifier } from './_engines.js';

const INSTALL_TIMEOUT = 900_000; // first use installs chdb (~550 MB, 10-60 s, more on a slow network)

const NAMES = { customerId: 'customer_id', timestamp: 'ts', event: 'event', amount: 'amount' } as const;
const HOSTILE_NAMES = { customerId: 'user "id"', timestamp: "ts`'; --", event: 'kind\\/* x */', amount: 'Amount €' } as const;

const TIMESTAMP_TYPES: readonly ColumnTypes['timestamp'][] = [
  'timestamptz',
  'timestamp',
  'epochMs',
  { datetime64Zone: 'Europe/Berlin' },
  { datetime64Zone: 'Australia/Lord_Howe' },
];

const HOSTILE_IDS = [
  '',
  ' ',
  "a'b",
  "''",
  '"q"',
  'back\\slash',
  "x\\'y",
  '\\x41\\n',
  'semi;colon; DROP TABLE events; --',
  '-- comment',
  '/* block */ */',
  'line\nbreak',
  'cr\r\nlf',
  'tab\t',
  '\u007f\u0001',
  '\u2028\u2029',
  '日本語',
  '👩‍👩‍👧 🇩🇪',
  '$$dollar$$',
  '$1 ? {p:String} %s',
  '__proto__',
  'constructor',
  'e\u0301',
];

const ms = (iso: string): number => Date.parse(iso);

const EDGE_INSTANTS = [
  0, // 1970
  -1, // 1969-12-31T23:59:59.999Z
  ms('1969-07-20T20:17:40.123Z'),
  ms('1900-01-01T00:00:00.000Z'), // ClickHouse DateTime64's first instant
  // Europe/Berlin: spring forward 2024-03-31 01:00Z, fall back 2024-10-27 01:00Z
  ms('2024-03-31T00:59:59.999Z'),
  ms('2024-03-31T01:00:00.000Z'),
  ms('2024-10-27T00:59:59.999Z'),
  ms('2024-10-27T01:00:00.000Z'),
  // America/New_York: 2024-03-10 07:00Z, 2024-11-03 06:00Z
  ms('2024-03-10T06:59:59.999Z'),
  ms('2024-03-10T07:00:00.000Z'),
  ms('2024-11-03T05:59:59.999Z'),
  ms('2024-11-03T06:00:00.001Z'),
  // Australia/Lord_Howe (30-minute DST): ends 2024-04-06 15:00Z, starts 2024-10-05 15:30Z
  ms('2024-04-06T14:59:59.999Z'),
  ms('2024-04-06T15:00:00.000Z'),
  ms('2024-10-05T15:29:59.999Z'),
  ms('2024-10-05T15:30:00.000Z'),
  ms('2099-12-31T23:59:59.999Z'),
  ms('2100-01-01T00:00:00.001Z'),
  1711846800123,
];

const EDGE_AMOUNTS = ['-12.34', '0.00', '0', '0.29', '1.5', '-0.01', '999999999999999.99', '-999999999999999.99', null];

/** The edge rows: every hostile id, every edge instant, every edge amount, null and hostile events. */
function edgeRows(): EventRow[] {
  const rows: EventRow[] = [];
  const n = Math.max(HOSTILE_IDS.length, EDGE_INSTANTS.length, EDGE_AMOUNTS.length);
  for (let i = 0; i < n; i++) {
    rows.push({
      customerId: HOSTILE_IDS[i % HOSTILE_IDS.length]!,
      timestamp: EDGE_INSTANTS[i % EDGE_INSTANTS.length]!,
      event: i % 4 === 0 ? null : i % 4 === 1 ? 'purchase' : HOSTILE_IDS[(i * 7) % HOSTILE_IDS.length]!,
      amount: EDGE_AMOUNTS[i % EDGE_AMOUNTS.length]!,
    });
  }
  rows.push({ customerId: 'no event, no amount', timestamp: 5 });
  return rows;
}

const BIGINT_IDS = ['0', '-1', '42', '9007199254740993', '9223372036854775807', '-9223372036854775808'];

/** Exact amount × 10^scale as text (the text the engines give back may drop trailing zeros: '1.5'). */
function minor(text: string, scale: number): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (match === null || (match[3] ?? '').length > scale) throw new Error(`not a decimal of scale ${scale}: ${text}`);
  const value = BigInt(`${match[2]}${(match[3] ?? '').padEnd(scale, '0')}`);
  return String(match[1] === '-' ? -value : value);
}

interface Plain {
  readonly id: string;
  readonly ms: string;
  readonly event: string | null;
  readonly amount: string | null;
}

function expected(rows: readonly EventRow[], types: ColumnTypes): Plain[] {
  const scale = types.amountScale ?? 2;
  return sorted(
    rows.map((row) => ({
      id: row.customerId,
      ms: String(row.timestamp),
      event: row.event ?? null,
      amount: row.amount === undefined || row.amount === null ? null : minor(row.amount, scale),
    })),
  );
}

function sorted(rows: Plain[]): Plain[] {
  const key = (row: Plain): string => JSON.stringify([row.id, row.ms, row.event, row.amount]);
  return rows.map((row) => ({ row, key: key(row) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ row }) => row);
}

/** Reads the table back as text per dialect: id, epoch milliseconds, event, amount. */
function readBackSql(dialect: Dialect, table: string, types: ColumnTypes): string {
  const q = (name: string): string => quoteIdentifier(dialect, name);
  const { customerId, timestamp, event, amount } = types.names;
  const epoch = types.timestamp === 'epochMs';
  switch (dialect) {
    case 'duckdb':
      return `SELECT CAST(${q(customerId)} AS VARCHAR) AS id, CAST(${epoch ? q(timestamp) : `epoch_ms(${q(timestamp)})`} AS VARCHAR) AS ms, ${q(event)} AS event, CAST(${q(amount)} AS VARCHAR) AS amount FROM ${table}`;
    case 'postgres':
      return `SELECT CAST(${q(customerId)} AS TEXT) AS id, CAST(${epoch ? q(timestamp) : `CAST(extract(epoch FROM ${q(timestamp)}) * 1000 AS BIGINT)`} AS TEXT) AS ms, ${q(event)} AS event, CAST(${q(amount)} AS TEXT) AS amount FROM ${table}`;
    case 'clickhouse':
      return `SELECT toString(${q(customerId)}) AS id, toString(${epoch ? q(timestamp) : `toUnixTimestamp64Milli(${q(timestamp)})`}) AS ms, ${q(event)} AS event, toString(${q(amount)}) AS amount FROM ${table}`;
  }
}

async function readBack(engine: Engine, table: string, types: ColumnTypes): Promise<Plain[]> {
  const scale = types.amountScale ?? 2;
  const rows = await engine.query(readBackSql(engine.dialect, table, types));
  return sorted(
    rows.map((row) => {
      for (const column of ['id', 'ms'] as const) {
        if (typeof row[column] !== 'string') throw new Error(`${column} read back as ${typeof row[column]}: ${String(row[column])}`);
      }
      const amount = row.amount;
      const event = row.event;
      if (!(amount === null || typeof amount === 'string')) throw new Error(`amount read back as ${typeof amount}`);
      if (!(event === null || typeof event === 'string')) throw new Error(`event read back as ${typeof event}`);
      return {
        id: row.id as string,
        ms: row.ms as string,
        event,
        amount: amount === null ? null : types.amount === 'decimal' ? minor(amount, scale) : amount,
      };
    }),
  );
}

function table(dialect: Dialect, ...parts: string[]): string {
  return parts.map((part) => quoteIdentifier(dialect, part)).join('.');
}

function describeType(types: ColumnTypes): string {
  const ts = typeof types.timestamp === 'string' ? types.timestamp : `DateTime64 ${types.timestamp.datetime64Zone}`;
  return `${types.customerId ?? 'text'} id, ${ts}, ${types.amount}${types.amountScale === undefined ? '' : `(${types.amountScale})`}`;
}

/** A kind name for a driver value: typeof, or the class name of an object. */
function kind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor.name;
  return typeof value;
}

let csvDir: string;
let csvPath: string;

beforeAll(() => {
  csvDir = mkdtempSync(join(tmpdir(), 'lm-engines-'));
  csvPath = join(csvDir, 'events.csv');
  const run = spawnSync(process.execPath, ['bench/gen-events.mjs', '--customers', '300', '--events', '3000', '--seed', '7', '--out', csvPath], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`gen-events failed: ${run.stderr}`);
});

afterAll(() => {
  rmSync(csvDir, { recursive: true, force: true });
});

/** The generator CSV parsed in JS: the reference for loadCsv. */
function csvRows(): EventRow[] {
  const lines = readFileSync(csvPath, 'utf8').split('\n').filter((line) => line !== '');
  const header = lines[0]!.split(',');
  const at = (name: string): number => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return { customerId: cells[at('customer_id')]!, timestamp: Date.parse(cells[at('timestamp')]!), event: cells[at('kind')]!, amount: cells[at('amount')]! };
  });
}

for (const dialect of DIALECTS) {
  describe(`engine ${dialect}`, () => {
    let engine: Engine;

    beforeAll(async () => {
      engine = await openEngine(dialect);
    }, INSTALL_TIMEOUT);

    afterAll(async () => {
      await engine?.close();
    });

    describe('examples', () => {
      it(`E1: the pinned driver is installed and runs (${dialect})`, async () => {
        const sql = { duckdb: 'SELECT version() AS v', postgres: 'SELECT version() AS v', clickhouse: 'SELECT version() AS v' }[dialect];
        const [row] = await engine.query(sql);
        expect(typeof row?.v).toBe('string');
        if (dialect === 'postgres') expect(row?.v).toContain(`PGlite ${ON_DEMAND_VERSIONS['@electric-sql/pglite']}`);
      });

      it('E2: the session runs in UTC and knows IANA zones', async () => {
        const sql = {
          duckdb: "SELECT current_setting('TimeZone') AS tz, CAST(timezone('Europe/Berlin', TIMESTAMPTZ '2024-03-31 01:00:00+00') AS VARCHAR) AS berlin, CAST(timezone('Australia/Lord_Howe', TIMESTAMPTZ '2024-10-05 15:30:00+00') AS VARCHAR) AS howe",
          postgres: "SELECT current_setting('TimeZone') AS tz, CAST((TIMESTAMPTZ '2024-03-31 01:00:00+00') AT TIME ZONE 'Europe/Berlin' AS TEXT) AS berlin, CAST((TIMESTAMPTZ '2024-10-05 15:30:00+00') AT TIME ZONE 'Australia/Lord_Howe' AS TEXT) AS howe",
          clickhouse: "SELECT timezone() AS tz, toString(toTimeZone(toDateTime64('2024-03-31 01:00:00', 0, 'UTC'), 'Europe/Berlin')) AS berlin, toString(toTimeZone(toDateTime64('2024-10-05 15:30:00', 0, 'UTC'), 'Australia/Lord_Howe')) AS howe",
        }[dialect];
        const [row] = await engine.query(sql);
        expect(row).toEqual({ tz: 'UTC', berlin: '2024-03-31 03:00:00', howe: '2024-10-06 02:30:00' });
      });

      it('E3: a few plain events load and read back', async () => {
        const types: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };
        const rows: EventRow[] = [
          { customerId: 'c1', timestamp: ms('2024-01-01T10:00:00.000Z'), event: 'purchase', amount: '12.34' },
          { customerId: 'c2', timestamp: ms('2024-01-02T10:00:00.500Z'), event: 'refund', amount: '-5.00' },
        ];
        await engine.loadEvents('"events"', rows, types);
        expect(await readBack(engine, '"events"', types)).toEqual(expected(rows, types));
      });

      it('E3: driver value types (BIGINT, count, DECIMAL, sum, TIMESTAMPTZ, TIMESTAMP, VARCHAR, NULL)', async () => {
        const types: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };
        await engine.loadEvents('"types"', [{ customerId: 'c1', timestamp: 1711846800123, event: null, amount: '-12.34' }], types);
        const sql = {
          duckdb: `SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(3 AS BIGINT) AS small_big, CAST(3 AS INTEGER) AS int32, count(*) AS n, any_value(amount) AS dec, sum(amount) AS total, any_value(ts) AS tstz, any_value(CAST(ts AT TIME ZONE 'UTC' AS TIMESTAMP)) AS naive, any_value(customer_id) AS text, any_value(event) AS nothing FROM "types"`,
          postgres: `SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(3 AS BIGINT) AS small_big, CAST(3 AS INTEGER) AS int32, count(*) AS n, min(amount) AS dec, sum(amount) AS total, min(ts) AS tstz, min(ts AT TIME ZONE 'UTC') AS naive, min(customer_id) AS text, min(event) AS nothing FROM "types"`,
          clickhouse: `SELECT toInt64(9007199254740993) AS big, toInt64(3) AS small_big, toInt32(3) AS int32, count() AS n, any(amount) AS dec, sum(amount) AS total, any(ts) AS tstz, any(toDateTime64(ts, 3)) AS naive, any(customer_id) AS text, any(event) AS nothing FROM "types"`,
        }[dialect];
        const [row] = await engine.query(sql);
        if (row === undefined) throw new Error('no row');
        const kinds = Object.fromEntries(Object.entries(row).map(([name, value]) => [name, kind(value)]));
        const want = {
          duckdb: { big: 'bigint', small_big: 'bigint', int32: 'number', n: 'bigint', dec: 'DuckDBDecimalValue', total: 'DuckDBDecimalValue', tstz: 'DuckDBTimestampTZValue', naive: 'DuckDBTimestampValue', text: 'string', nothing: 'null' },
          postgres: { big: 'bigint', small_big: 'number', int32: 'number', n: 'number', dec: 'string', total: 'string', tstz: 'Date', naive: 'Date', text: 'string', nothing: 'null' },
          clickhouse: { big: 'string', small_big: 'string', int32: 'number', n: 'string', dec: 'number', total: 'number', tstz: 'string', naive: 'string', text: 'string', nothing: 'null' },
        }[dialect];
        expect(kinds).toEqual(want);
        expect(String(row.big)).toBe('9007199254740993');
        expect(String(row.dec)).toBe('-12.34');
        if (dialect === 'postgres') expect((row.tstz as Date).getTime()).toBe(1711846800123);
        if (dialect === 'clickhouse') expect(row.tstz).toBe('2024-03-31 01:00:00.123');
        if (dialect === 'duckdb') expect((row.tstz as { micros: bigint }).micros).toBe(1711846800123000n);
      });
    });

    describe('edges', () => {
      for (const timestamp of TIMESTAMP_TYPES) {
        for (const amount of ['decimal', 'minorUnits'] as const) {
          const types: ColumnTypes = { names: NAMES, timestamp, amount };
          it(`E3: hostile ids, DST-edge instants and exact amounts round-trip (${describeType(types)})`, async () => {
            const rows = edgeRows();
            await engine.loadEvents('"edges"', rows, types);
            expect(await readBack(engine, '"edges"', types)).toEqual(expected(rows, types));
          });
        }
      }

      it('E3: 64-bit integer ids round-trip, and amounts at scale 4', async () => {
        const types: ColumnTypes = { names: NAMES, timestamp: 'epochMs', amount: 'decimal', amountScale: 4, customerId: 'bigint' };
        const rows = BIGINT_IDS.map((customerId, i) => ({ customerId, timestamp: EDGE_INSTANTS[i]!, event: 'purchase', amount: ['0.0001', '-12.3456', '99999999999999.9999', '1', '0', '-0.5'][i]! }));
        await engine.loadEvents('"big_ids"', rows, types);
        expect(await readBack(engine, '"big_ids"', types)).toEqual(expected(rows, types));
      });

      it('E2: a schema-qualified table and hostile column names', async () => {
        const types: ColumnTypes = { names: HOSTILE_NAMES, timestamp: 'timestamptz', amount: 'minorUnits' };
        const name = table(dialect, 'ana"ly`tics;--', 'ev.ents /*x*/');
        const rows = edgeRows();
        await engine.loadEvents(name, rows, types);
        await engine.loadEvents(name, rows.slice(0, 3), types); // loading again replaces the table
        expect(await readBack(engine, name, types)).toEqual(expected(rows.slice(0, 3), types));
      });

      it('E2: rows the engines cannot hold exactly are refused before any table is touched', async () => {
        const types: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };
        const good: EventRow = { customerId: 'c', timestamp: 0, amount: '1.00' };
        await expect(engine.loadEvents('"refused"', [good, { ...good, amount: '1.005' }], types)).rejects.toThrow(/rows\[1\]\.amount must be decimal text with at most 2 decimals/);
        await expect(engine.loadEvents('"refused"', [good, { ...good, amount: '1e3' }], types)).rejects.toThrow(/rows\[1\]\.amount/);
        await expect(engine.loadEvents('"refused"', [{ ...good, timestamp: 0.5 }], types)).rejects.toThrow(/rows\[0\]\.timestamp must be a safe integer/);
        await expect(engine.loadEvents('"refused"', [{ ...good, customerId: 'a\u0000b' }], types)).rejects.toThrow(/NUL/);
        await expect(engine.loadEvents('"refused"', [{ ...good, customerId: '\ud800' }], types)).rejects.toThrow(/lone surrogate/);
        await expect(engine.loadEvents('"refused"', [{ ...good, customerId: '1.5' }], { ...types, customerId: 'bigint' })).rejects.toThrow(/rows\[0\]\.customerId/);
        await expect(engine.loadEvents('"refused"', [{ ...good, customerId: '9223372036854775808' }], { ...types, customerId: 'bigint' })).rejects.toThrow(/rows\[0\]\.customerId/);
        if (dialect === 'clickhouse') {
          await expect(engine.loadEvents('"refused"', [{ ...good, timestamp: ms('1899-12-31T23:59:59.999Z') }], types)).rejects.toThrow(/DateTime64's range/);
        }
        const exists = {
          duckdb: "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'refused'",
          postgres: "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'refused'",
          clickhouse: "SELECT count() AS n FROM system.tables WHERE name = 'refused'",
        }[dialect];
        expect(Number((await engine.query(exists))[0]?.n)).toBe(0);
      });

      if (dialect === 'clickhouse') {
        it('E2: a second ClickHouse engine in the same process is refused while one is open', async () => {
          await expect(openEngine('clickhouse')).rejects.toThrow(/one data folder per process/);
        });
      }

      it('E2: loadCsv reads the generator CSV with the native reader, identical to the rows parsed in JS', async () => {
        const reference = csvRows();
        for (const types of [
          { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' },
          { names: HOSTILE_NAMES, timestamp: 'epochMs', amount: 'minorUnits' },
          { names: NAMES, timestamp: 'timestamp', amount: 'decimal', amountScale: 4 },
          { names: NAMES, timestamp: { datetime64Zone: 'America/New_York' }, amount: 'minorUnits', amountScale: 3 },
        ] satisfies ColumnTypes[]) {
          await engine.loadCsv('"csv"', csvPath, types);
          expect(await readBack(engine, '"csv"', types), describeType(types)).toEqual(expected(reference, types));
        }
        await expect(engine.loadCsv('"csv"', csvPath, { names: NAMES, timestamp: 'timestamptz', amount: 'decimal', amountScale: 1 })).rejects.toThrow(/amountScale must be at least 2/);
      });
    });

    describe('properties', () => {
      it('E3: random ids, instants and amounts round-trip for every column type', async () => {
        const row = fc.record({
          customerId: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: fc.constantFrom("'", '"', '`', '\\', ';', '-', '/', '*', '\n', '\r', '\t', '$', '?', '%', 'é', '€', '🙂', ' '), maxLength: 8 }), fc.constantFrom(...HOSTILE_IDS)),
          timestamp: fc.oneof(fc.integer({ min: ms('1900-01-01T00:00:00Z'), max: ms('2299-12-31T23:59:59.999Z') }), fc.constantFrom(...EDGE_INSTANTS)),
          event: fc.option(fc.string({ unit: 'grapheme', maxLength: 8 })),
          amount: fc.option(fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 999999999999999999n })).map(([negative, units]) => `${negative ? '-' : ''}${units / 100n}.${String(units % 100n).padStart(2, '0')}`)),
        });
        const variant = fc.record({ timestamp: fc.constantFrom(...TIMESTAMP_TYPES), amount: fc.constantFrom('decimal' as const, 'minorUnits' as const) });
        await fc.assert(
          fc.asyncProperty(fc.array(row, { maxLength: 25 }), variant, async (rows, { timestamp, amount }) => {
            const types: ColumnTypes = { names: NAMES, timestamp, amount };
            await engine.loadEvents('"random"', rows, types);
            expect(await readBack(engine, '"random"', types)).toEqual(expected(rows, types));
          }),
          fcOptions({ numRuns: 15 }),
        );
      });

      it('E2: size sweep: batches of thousands of rows load completely and exactly (0 .. 12,345 rows)', async () => {
        const types: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'minorUnits' };
        for (const size of [0, 1, 4999, 5000, 5001, 12_345]) {
          const rows = Array.from({ length: size }, (_, i): EventRow => ({ customerId: `c${i % 997}'"`, timestamp: ms('2024-01-01T00:00:00Z') + i * 60_001, event: i % 5 === 0 ? 'refund' : 'purchase', amount: `${i % 3 === 0 ? '-' : ''}${i}.${String(i % 100).padStart(2, '0')}` }));
          await engine.loadEvents('"sweep"', rows, types);
          const got = await readBack(engine, '"sweep"', types);
          expect(got.length, `size ${size}`).toBe(size);
          expect(got, `size ${size}`).toEqual(expected(rows, types));
        }
      });
    });
  });
}
