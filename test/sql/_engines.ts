/**
 * Real SQL engines, in process, for the tests and the benchmark of the SQL compilers (issue 11): DuckDB
 * (`@duckdb/node-api`, in memory), PostgreSQL (`@electric-sql/pglite`, real PostgreSQL compiled to
 * WebAssembly, in memory) and ClickHouse (`chdb`, the embedded ClickHouse engine, a Session in a temporary
 * folder removed on close). None is a dependency of the library: each is installed on first use into the
 * tools cache outside the tree (test/tools/onDemand.ts); chdb weighs about 550 MB.
 *
 * Every session runs in UTC (DuckDB `TimeZone`, PostgreSQL `TimeZone`, ClickHouse `session_timezone`) with
 * IANA zone names available to `AT TIME ZONE` / `timezone()` / `toTimeZone()` (DuckDB's ICU extension is
 * loaded). Usable from vitest and from a `node --import tsx` benchmark script.
 *
 * What the drivers return (checked by test/sql/_engines.test.ts, "driver value types"):
 *
 * | SQL type            | DuckDB getRowObjects()                | PGlite result.rows               | chdb JSONEachRow + JSON.parse       |
 * |---------------------|---------------------------------------|----------------------------------|-------------------------------------|
 * | BIGINT / Int64      | bigint                                | number if safe, else bigint      | string (64-bit integers quoted)     |
 * | count(*)            | bigint                                | number (bigint past 2^53)        | string (UInt64)                     |
 * | INTEGER / Int32     | number                                | number                           | number                              |
 * | DECIMAL(18,2)       | DuckDBDecimalValue (String() '-12.34')| string '-12.34'                  | number -12.34 (not quoted: float!)  |
 * | sum(DECIMAL)        | DuckDBDecimalValue (width 38)         | string                           | number (Decimal128: float!)         |
 * | TIMESTAMPTZ         | DuckDBTimestampTZValue { micros }     | Date (microseconds dropped)      | string '2024-03-31 01:00:00.123'    |
 * | TIMESTAMP (naive)   | DuckDBTimestampValue { micros }       | Date read as UTC                 | string, in the column's zone, no    |
 * |                     |                                       |                                  | offset (DateTime64(3, 'Europe/..')) |
 * | VARCHAR / String    | string                                | string                           | string                              |
 * | NULL                | null                                  | null                             | null                                |
 *
 * ClickHouse is opened with `output_format_json_quote_64bit_integers=1`, the documented default of a
 * ClickHouse server (what `@clickhouse/client` users get); chdb's own default is 0, which makes JSON.parse
 * round 64-bit integers silently. Decimals stay JSON numbers (server default
 * `output_format_json_quote_decimals=0`), so a compiled query must return exact money as text
 * (`toString(sum(...))`) and instants as numbers (`toUnixTimestamp64Milli`), never rely on those defaults.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importOnDemand, installOnDemand, ON_DEMAND_VERSIONS, onDemandRoot, type OnDemandTool } from '../tools/onDemand.js';

export type Dialect = 'duckdb' | 'postgres' | 'clickhouse';
export const DIALECTS: readonly Dialect[] = Object.freeze(['duckdb', 'postgres', 'clickhouse'] as const);

/** One engine session, in process. */
export interface Engine {
  readonly dialect: Dialect;
  /** Runs one statement and returns the row objects exactly as that driver gives them (DuckDB: reader.getRowObjects(); PGlite: result.rows; chdb: JSONEachRow lines parsed with JSON.parse). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Runs statements that return nothing (DDL, INSERT); several separated by `;` are allowed. */
  exec(sql: string): Promise<void>;
  /**
   * Creates `table` (replacing a table of that name; a plain or schema-qualified name, already quoted by the
   * caller, e.g. `"events"` or `"analytics"."events"`; the schema / database is created if missing) and loads
   * the rows with batched multi-row INSERTs.
   */
  loadEvents(table: string, rows: readonly EventRow[], types: ColumnTypes): Promise<void>;
  /**
   * Creates `table` like loadEvents and loads a CSV file of the bench generator (bench/gen-events.mjs: header
   * `customer_id,timestamp,amount,kind` in any order, `event` accepted for `kind`, ISO-8601 UTC timestamps,
   * amounts with 2 decimals) with the engine's own CSV reader. For 1-5 million rows.
   */
  loadCsv(table: string, csvPath: string, types: ColumnTypes): Promise<void>;
  /** Releases the session (and, for ClickHouse, removes its temporary folder). Idempotent. */
  close(): Promise<void>;
}

export interface EventRow {
  readonly customerId: string;
  /** epoch milliseconds, a safe integer */
  readonly timestamp: number;
  readonly event?: string | null;
  /** decimal text, e.g. '-12.34', with at most `amountScale` decimals */
  readonly amount?: string | null;
}

export interface ColumnTypes {
  /** column names to create (any text: quoted per dialect, "x""y" in DuckDB/PG, `x``y` in ClickHouse). */
  readonly names: { readonly customerId: string; readonly timestamp: string; readonly event: string; readonly amount: string };
  /** timestamptz: TIMESTAMPTZ / TIMESTAMP WITH TIME ZONE / ClickHouse DateTime64(3, 'UTC');  timestamp: naive TIMESTAMP holding UTC / ClickHouse DateTime64(3) without zone argument; datetime64Zone: ClickHouse DateTime64(3, '<zone>') (other engines: timestamptz); epochMs: BIGINT / Int64 epoch milliseconds. */
  readonly timestamp: 'timestamptz' | 'timestamp' | 'epochMs' | { readonly datetime64Zone: string };
  /** decimal: DECIMAL(18,s)/NUMERIC(18,s)/Decimal(18,s), s = `amountScale` (default 2); minorUnits: BIGINT/Int64 holding amount × 10^s. */
  readonly amount: 'decimal' | 'minorUnits';
  readonly amountScale?: number;
  /** customer id column type: text (VARCHAR/TEXT/String) by default, or a 64-bit integer. */
  readonly customerId?: 'text' | 'bigint';
}

const TOOL: Record<Dialect, OnDemandTool> = { duckdb: '@duckdb/node-api', postgres: '@electric-sql/pglite', clickhouse: 'chdb' };

/** Opens one in-process session of `dialect`, installing its driver on first use (printed once with its time). */
export async function openEngine(dialect: Dialect): Promise<Engine> {
  const tool = TOOL[dialect];
  if (!existsSync(join(onDemandRoot(), `${tool.replace('/', '+')}@${ON_DEMAND_VERSIONS[tool]}`, '.installed'))) {
    const started = performance.now();
    const dir = installOnDemand(tool);
    console.info(`installed ${tool}@${ON_DEMAND_VERSIONS[tool]} into ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s (first use)`);
  }
  switch (dialect) {
    case 'duckdb':
      return openDuckDb();
    case 'postgres':
      return openPostgres();
    case 'clickhouse':
      return openClickHouse();
  }
}

// ------------------------------------------------------------------------------------------ drivers (the parts used)

interface DuckModule { DuckDBInstance: { create(path: string): Promise<DuckInstance> } }
interface DuckInstance { connect(): Promise<DuckConnection>; closeSync(): void }
interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjects(): Record<string, unknown>[] }>;
  closeSync(): void;
}
interface PgliteModule { PGlite: { create(options?: object): Promise<Pglite> } }
interface Pglite {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: Record<string, unknown>[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}
interface ChdbModule {
  Session: new (path?: string, options?: { connectionArgs?: readonly string[] }) => ChdbSession;
  drainPending(): Promise<void>;
}
interface ChdbSession { readonly path: string; queryAsync(sql: string, options?: { format?: string }): Promise<{ text(): string }>; close(): void }

async function openDuckDb(): Promise<Engine> {
  const { DuckDBInstance } = await importOnDemand<DuckModule>('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("LOAD icu; SET TimeZone = 'UTC'");
  let closed = false;
  const exec = async (sql: string): Promise<void> => void (await connection.run(sql));
  return makeEngine('duckdb', {
    query: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects(),
    exec,
    close: async () => {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
    loadCsv: async (table, csvPath, types) => {
      const header = csvHeader(csvPath);
      const columns = header.map((name) => `${literal('duckdb', name)}: 'VARCHAR'`).join(', ');
      await exec(`INSERT INTO ${table} (${columnList('duckdb', types)}) ${csvSelect('duckdb', header, types, `read_csv(${literal('duckdb', csvPath)}, header = true, delim = ',', quote = '"', columns = {${columns}})`)}`);
    },
  });
}

async function openPostgres(): Promise<Engine> {
  const { PGlite } = await importOnDemand<PgliteModule>('@electric-sql/pglite');
  const pg = await PGlite.create();
  await pg.exec("SET TimeZone = 'UTC'");
  let closed = false;
  const exec = async (sql: string): Promise<void> => void (await pg.exec(sql));
  return makeEngine('postgres', {
    query: async (sql) => (await pg.query(sql)).rows,
    exec,
    close: async () => {
      if (closed) return;
      closed = true;
      await pg.close();
    },
    loadCsv: async (table, csvPath, types) => {
      const header = csvHeader(csvPath);
      const chunks = csvChunks(readFileSync(csvPath));
      const copy = async (into: string): Promise<void> => {
        for (const [i, chunk] of chunks.entries()) {
          await pg.query(`COPY ${into} FROM '/dev/blob' WITH (FORMAT csv, HEADER ${i === 0})`, [], { blob: new Blob([chunk as Uint8Array<ArrayBuffer>]) });
        }
      };
      const target: Record<string, string> = { customer_id: types.names.customerId, timestamp: types.names.timestamp, amount: types.names.amount, kind: types.names.event, event: types.names.event };
      if (types.timestamp !== 'epochMs' && types.amount === 'decimal' && header.length === 4) {
        // COPY parses the columns as they are: the ISO text ending in Z is an exact instant for TIMESTAMPTZ, and
        // a naive TIMESTAMP ignores the zone of its input text, keeping the UTC wall time (twice as fast).
        const columns = header.map((name) => quoteIdentifier('postgres', target[name]!)).join(', ');
        await copy(`${table} (${columns})`);
        return;
      }
      // Otherwise COPY into a staging table of text columns (the header's order) and convert like the other engines.
      const staging = '"lm_csv_staging"';
      await exec(`DROP TABLE IF EXISTS ${staging}; CREATE TEMP TABLE ${staging} (${header.map((name) => `${quoteIdentifier('postgres', name)} TEXT`).join(', ')})`);
      await copy(staging);
      await exec(`INSERT INTO ${table} (${columnList('postgres', types)}) ${csvSelect('postgres', header, types, staging)}; DROP TABLE ${staging}`);
    },
  });
}

/**
 * The CSV split at line ends into pieces of about 16 MiB (the first keeps the header): PGlite copies one
 * blob into its in-memory file system, and one COPY of a whole 5-million-row file slowed to a crawl there.
 */
function csvChunks(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (1 << 24), bytes.length);
    if (end < bytes.length) {
      const newline = bytes.indexOf(10, end);
      end = newline < 0 ? bytes.length : newline + 1;
    }
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks.length > 0 ? chunks : [bytes];
}

/** libchdb binds one data folder per process: a second ClickHouse engine must wait for the first's close(). */
let openChdb: string | undefined;

async function openClickHouse(): Promise<Engine> {
  if (openChdb !== undefined) {
    throw new Error(`openEngine('clickhouse'): chdb allows one data folder per process and ${openChdb} is still open; close that engine first`);
  }
  openChdb = 'a session being opened';
  let session: ChdbSession;
  let chdb: ChdbModule;
  try {
    chdb = await importOnDemand<ChdbModule>('chdb');
    await chdb.drainPending();
    // No path: chdb makes a temporary folder (and removes it on close()).
    session = new chdb.Session('', { connectionArgs: ['--session_timezone=UTC', '--output_format_json_quote_64bit_integers=1'] });
  } catch (error) {
    openChdb = undefined;
    throw error;
  }
  openChdb = session.path;
  let closed = false;
  const exec = async (sql: string): Promise<void> => void (await session.queryAsync(sql, { format: 'JSONEachRow' }));
  return makeEngine('clickhouse', {
    query: async (sql) => {
      const text = (await session.queryAsync(sql, { format: 'JSONEachRow' })).text();
      return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    exec,
    close: async () => {
      if (closed) return;
      closed = true;
      session.close();
      await chdb.drainPending();
      rmSync(session.path, { recursive: true, force: true });
      openChdb = undefined;
    },
    loadCsv: async (table, csvPath, types) => {
      const header = csvHeader(csvPath);
      const structure = header.map((name) => `${quoteIdentifier('clickhouse', name)} String`).join(', ');
      const source = `file(${literal('clickhouse', resolve(csvPath))}, 'CSVWithNames', ${literal('clickhouse', structure)})`;
      await exec(`INSERT INTO ${table} (${columnList('clickhouse', types)}) ${csvSelect('clickhouse', header, types, source)}`);
    },
  });
}

// ------------------------------------------------------------------------------------------ shared engine parts

interface DriverParts {
  query(sql: string): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  loadCsv(table: string, csvPath: string, types: ColumnTypes): Promise<void>;
}

/** Statements stay below about this many characters (thousands of rows each). */
const BATCH_CHARS = 1 << 20;
const BATCH_ROWS = 5000;

function makeEngine(dialect: Dialect, parts: DriverParts): Engine {
  const create = async (table: string, types: ColumnTypes): Promise<void> => {
    const statements = [...schemaStatements(dialect, table), `DROP TABLE IF EXISTS ${table}`, createTable(dialect, table, types)];
    for (const statement of statements) await parts.exec(statement);
  };
  return {
    dialect,
    query: parts.query,
    exec: parts.exec,
    close: parts.close,
    async loadEvents(table, rows, types) {
      checkTypes(types);
      const values = rows.map((row, index) => rowValues(dialect, row, index, types)); // all checked before any DDL
      await create(table, types);
      // Every row is plain literals (id, epoch ms, event, amount as text or minor units), converted by one
      // SELECT: a function call in every VALUES row is 2-5x slower to parse in DuckDB and PostgreSQL, and in
      // ClickHouse it leaves the fast Values parser for per-row evaluation (5,000 rows: ~2 s instead of ~15
      // ms), so ClickHouse loads a staging table and converts from it.
      const columns = columnList(dialect, types);
      const select = convertingSelect(dialect, types);
      const staging = dialect === 'clickhouse' ? '`lm_load_staging`' : undefined;
      if (staging !== undefined) {
        const id = types.customerId === 'bigint' ? 'Int64' : 'String';
        const money = types.amount === 'decimal' ? 'String' : 'Int64';
        await parts.exec(`DROP TABLE IF EXISTS ${staging}; CREATE TABLE ${staging} (id ${id}, ms Int64, event Nullable(String), amount Nullable(${money})) ENGINE = Memory`);
      }
      const flush = async (batch: readonly string[]): Promise<void> => {
        const rowsSql = batch.join(',\n');
        await parts.exec(staging !== undefined ? `INSERT INTO ${staging} VALUES ${rowsSql}` : `INSERT INTO ${table} (${columns}) ${select} FROM (VALUES ${rowsSql}) AS v (id, ms, event, amount)`);
      };
      let batch: string[] = [];
      let chars = 0;
      for (const value of values) {
        batch.push(value);
        chars += value.length + 2;
        if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
          await flush(batch);
          batch = [];
          chars = 0;
        }
      }
      if (batch.length > 0) await flush(batch);
      if (staging !== undefined) await parts.exec(`INSERT INTO ${table} (${columns}) ${select} FROM ${staging}; DROP TABLE ${staging}`);
    },
    async loadCsv(table, csvPath, types) {
      checkTypes(types);
      if (scaleOf(types) < 2) throw new Error(`loadCsv: amountScale must be at least 2 for the generator's amounts (2 decimals), received ${scaleOf(types)}`);
      await create(table, types);
      await parts.loadCsv(table, csvPath, types);
    },
  };
}

function scaleOf(types: ColumnTypes): number {
  return types.amountScale ?? 2;
}

function checkTypes(types: ColumnTypes): void {
  const scale = scaleOf(types);
  if (!Number.isInteger(scale) || scale < 0 || scale > 18) throw new Error(`amountScale must be an integer in 0..18, received ${String(scale)}`);
}

// ------------------------------------------------------------------------------------------ quoting and literals

/** Quotes one identifier: "x""y" in DuckDB/PostgreSQL, `x``y` (and \\ for a backslash) in ClickHouse. */
export function quoteIdentifier(dialect: Dialect, name: string): string {
  checkText('identifier', name);
  if (dialect === 'clickhouse') return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '``')}\``;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal: '' doubling in DuckDB/PostgreSQL (standard strings, backslash is plain), backslash escapes in ClickHouse. */
export function literal(dialect: Dialect, text: string): string {
  checkText('string', text);
  if (dialect !== 'clickhouse') return `'${text.replace(/'/g, "''")}'`;
  const escaped = text.replace(/[\\'\u0000-\u001f\u007f]/g, (c) => (c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return `'${escaped}'`;
}

function checkText(what: string, text: string): void {
  if (typeof text !== 'string') throw new Error(`${what} must be a string, received ${typeof text}`);
  if (text.includes('\u0000')) throw new Error(`${what} must not contain NUL (PostgreSQL text cannot hold it), received ${JSON.stringify(text)}`);
  if (/\p{Cs}/u.test(text)) throw new Error(`${what} must be well-formed UTF-16 (no lone surrogate: engines store UTF-8), received ${JSON.stringify(text)}`);
}

/** Splits a quoted, possibly schema-qualified name into its parts (kept quoted) and creates the schema. */
function schemaStatements(dialect: Dialect, table: string): string[] {
  const parts = splitQualified(table);
  if (parts.length === 1) return [];
  if (parts.length !== 2) throw new Error(`table must be a name or schema.name, received ${table}`);
  return [dialect === 'clickhouse' ? `CREATE DATABASE IF NOT EXISTS ${parts[0]}` : `CREATE SCHEMA IF NOT EXISTS ${parts[0]}`];
}

function splitQualified(name: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i <= name.length) {
    const start = i;
    const q = name[i];
    if (q === '"' || q === '`') {
      i++;
      for (;;) {
        if (i >= name.length) throw new Error(`unterminated quoted identifier in ${name}`);
        if (q === '`' && name[i] === '\\') i += 2;
        else if (name[i] === q && name[i + 1] === q) i += 2;
        else if (name[i] === q) break;
        else i++;
      }
      i++;
    } else {
      while (i < name.length && name[i] !== '.') i++;
    }
    parts.push(name.slice(start, i));
    if (i >= name.length) break;
    if (name[i] !== '.') throw new Error(`expected . after ${name.slice(start, i)} in ${name}`);
    i++;
  }
  return parts;
}

// ------------------------------------------------------------------------------------------ DDL and rows

function columnList(dialect: Dialect, types: ColumnTypes): string {
  const { customerId, timestamp, event, amount } = types.names;
  return [customerId, timestamp, event, amount].map((name) => quoteIdentifier(dialect, name)).join(', ');
}

function createTable(dialect: Dialect, table: string, types: ColumnTypes): string {
  const q = (name: string): string => quoteIdentifier(dialect, name);
  const scale = scaleOf(types);
  const { names } = types;
  const ts = types.timestamp;
  if (dialect === 'clickhouse') {
    const id = types.customerId === 'bigint' ? 'Int64' : 'String';
    const time =
      ts === 'timestamptz' ? "DateTime64(3, 'UTC')" : ts === 'timestamp' ? 'DateTime64(3)' : ts === 'epochMs' ? 'Int64' : `DateTime64(3, ${literal('clickhouse', ts.datetime64Zone)})`;
    const money = types.amount === 'decimal' ? `Decimal(18, ${scale})` : 'Int64';
    return `CREATE TABLE ${table} (${q(names.customerId)} ${id}, ${q(names.timestamp)} ${time}, ${q(names.event)} Nullable(String), ${q(names.amount)} Nullable(${money})) ENGINE = MergeTree ORDER BY tuple()`;
  }
  const id = types.customerId === 'bigint' ? 'BIGINT' : dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const time = ts === 'timestamp' ? 'TIMESTAMP' : ts === 'epochMs' ? 'BIGINT' : 'TIMESTAMPTZ';
  const money = types.amount === 'decimal' ? `${dialect === 'duckdb' ? 'DECIMAL' : 'NUMERIC'}(18, ${scale})` : 'BIGINT';
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  return `CREATE TABLE ${table} (${q(names.customerId)} ${id} NOT NULL, ${q(names.timestamp)} ${time} NOT NULL, ${q(names.event)} ${text}, ${q(names.amount)} ${money})`;
}

const INT64 = /^(0|-?[1-9]\d{0,18})$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** DateTime64's range in ClickHouse (1900-01-01 .. 2299-12-31T23:59:59.999Z); values outside it are clamped, so refuse them. */
const CLICKHOUSE_MIN_MS = -2208988800000;
const CLICKHOUSE_MAX_MS = 10413791999999;

/**
 * One row as plain literals `(id, ms, event, amount)` for {@link convertingSelect}: the id as a string
 * literal (a bare integer for a bigint column in ClickHouse), epoch ms as an integer, the amount as decimal
 * text, or as an integer of minor units.
 */
function rowValues(dialect: Dialect, row: EventRow, index: number, types: ColumnTypes): string {
  const fail = (field: string, rule: string, received: unknown): never => {
    throw new Error(`loadEvents: rows[${index}].${field} must be ${rule}, received ${typeof received === 'string' ? JSON.stringify(received) : String(received)}`);
  };
  let id: string;
  if (types.customerId === 'bigint') {
    if (typeof row.customerId !== 'string' || !INT64.test(row.customerId) || BigInt(row.customerId) > INT64_MAX || BigInt(row.customerId) < INT64_MIN) {
      fail('customerId', 'a 64-bit integer as text for a bigint column', row.customerId);
    }
    id = dialect === 'clickhouse' ? row.customerId : literal(dialect, row.customerId);
  } else {
    id = literal(dialect, row.customerId);
  }

  const ms = row.timestamp;
  if (!Number.isSafeInteger(ms)) fail('timestamp', 'a safe integer of epoch milliseconds', ms);
  if (dialect === 'clickhouse' && types.timestamp !== 'epochMs' && (ms < CLICKHOUSE_MIN_MS || ms > CLICKHOUSE_MAX_MS)) {
    fail('timestamp', `in ClickHouse DateTime64's range ${CLICKHOUSE_MIN_MS}..${CLICKHOUSE_MAX_MS}`, ms);
  }

  const event = row.event === undefined || row.event === null ? 'NULL' : literal(dialect, row.event);

  let amount = 'NULL';
  if (row.amount !== undefined && row.amount !== null) {
    const scale = scaleOf(types);
    const minor = minorUnits(row.amount, scale);
    if (minor === undefined || minor > 999999999999999999n || minor < -999999999999999999n) {
      fail('amount', `decimal text with at most ${scale} decimals that fits DECIMAL(18, ${scale})`, row.amount);
    }
    amount = types.amount === 'minorUnits' ? String(minor) : literal(dialect, row.amount);
  }
  return `(${id}, ${String(ms)}, ${event}, ${amount})`;
}

/** `SELECT` of the four table columns, converted exactly from the plain columns id, ms, event, amount of {@link rowValues}. */
function convertingSelect(dialect: Dialect, types: ColumnTypes): string {
  const scale = scaleOf(types);
  if (dialect === 'clickhouse') {
    const time = types.timestamp === 'epochMs' ? 'ms' : "fromUnixTimestamp64Milli(ms, 'UTC')";
    return `SELECT id, ${time}, event, ${types.amount === 'decimal' ? `toDecimal64(amount, ${scale})` : 'amount'}`;
  }
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const ms = 'CAST(ms AS BIGINT)';
  let time: string;
  if (types.timestamp === 'epochMs') time = ms;
  else if (dialect === 'duckdb') time = types.timestamp === 'timestamp' ? `epoch_ms(${ms})` : `(epoch_ms(${ms}) AT TIME ZONE 'UTC')`;
  // interval × float8 is exact while |ms| × 1000 < 2^53 (until the year 2255)
  else time = `(${types.timestamp === 'timestamp' ? 'TIMESTAMP' : 'TIMESTAMPTZ'} 'epoch' + ${ms} * INTERVAL '1 millisecond')`;
  const id = `CAST(id AS ${types.customerId === 'bigint' ? 'BIGINT' : text})`;
  const amount = `CAST(amount AS ${types.amount === 'decimal' ? `DECIMAL(18, ${scale})` : 'BIGINT'})`;
  return `SELECT ${id}, ${time}, CAST(event AS ${text}), ${amount}`;
}

/** Exact amount × 10^scale, or undefined for text that is not a plain decimal with at most `scale` decimals. */
function minorUnits(text: string, scale: number): bigint | undefined {
  const match = typeof text === 'string' ? /^(-?)(\d+)(?:\.(\d*))?$/.exec(text) : null;
  if (match === null) return undefined;
  const fraction = match[3] ?? '';
  if (fraction.length > scale) return undefined;
  const digits = BigInt(`${match[2]}${fraction.padEnd(scale, '0')}`);
  return match[1] === '-' ? -digits : digits;
}

// ------------------------------------------------------------------------------------------ CSV

/** The header of a generator CSV, checked: customer_id, timestamp, amount and kind (or event), in any order. */
function csvHeader(csvPath: string): string[] {
  const fd = openSync(csvPath, 'r');
  const buffer = Buffer.alloc(4096);
  let read: number;
  try {
    read = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = buffer.subarray(0, read).toString('utf8');
  const end = text.indexOf('\n');
  if (end < 0) throw new Error(`loadCsv: ${csvPath} has no header line`);
  const header = text.slice(0, end).replace(/\r$/, '').split(',');
  for (const needed of ['customer_id', 'timestamp', 'amount']) {
    if (!header.includes(needed)) throw new Error(`loadCsv: the header of ${csvPath} must name ${needed}, received ${header.join(',')}`);
  }
  if (!header.includes('kind') && !header.includes('event')) throw new Error(`loadCsv: the header of ${csvPath} must name kind or event, received ${header.join(',')}`);
  return header;
}

/** SELECT of the four target columns from a source of text columns named like the CSV header. */
function csvSelect(dialect: Dialect, header: readonly string[], types: ColumnTypes, source: string): string {
  const q = (name: string): string => quoteIdentifier(dialect, name);
  const scale = scaleOf(types);
  const pow = `1${'0'.repeat(scale)}`;
  const id = q('customer_id');
  const ts = q('timestamp');
  const amount = q('amount');
  const event = q(header.includes('kind') ? 'kind' : 'event');
  let idExpr: string;
  let timeExpr: string;
  let amountExpr: string;
  if (dialect === 'clickhouse') {
    idExpr = types.customerId === 'bigint' ? `toInt64(${id})` : id;
    const instant = `parseDateTime64BestEffort(${ts}, 3, 'UTC')`;
    timeExpr = types.timestamp === 'epochMs' ? `toUnixTimestamp64Milli(${instant})` : instant;
    amountExpr = types.amount === 'decimal' ? `toDecimal64(${amount}, ${scale})` : `toInt64(toDecimal128(${amount}, ${scale}) * ${pow})`;
  } else {
    const cast = (expr: string, type: string): string => `CAST(${expr} AS ${type})`;
    idExpr = types.customerId === 'bigint' ? cast(id, 'BIGINT') : id;
    const instant = cast(ts, 'TIMESTAMPTZ'); // the text ends in Z: an exact UTC instant, whatever the session zone
    timeExpr =
      types.timestamp === 'epochMs'
        ? dialect === 'duckdb'
          ? `epoch_ms(${instant})`
          : cast(`extract(epoch FROM ${instant}) * 1000`, 'BIGINT')
        : types.timestamp === 'timestamp'
          ? `(${instant} AT TIME ZONE 'UTC')`
          : instant;
    const decimal = cast(amount, `DECIMAL(18, ${scale})`);
    amountExpr = types.amount === 'decimal' ? decimal : cast(`${decimal} * ${pow}`, 'BIGINT');
  }
  return `SELECT ${idExpr}, ${timeExpr}, ${event}, ${amountExpr} FROM ${source}`;
}
