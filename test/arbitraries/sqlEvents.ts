/**
 * Shared parts of the cohortSql suites (test/sql/cohortSql*.test.ts): the events as the engines load them
 * (test/sql/_engines.ts `EventRow`) and as CohortBuilder takes them, the two tables of one definition (the
 * builder's in process, the engine's through `cohortSql` + `readRows`), and fast-check generators of hostile
 * ids, DST-edge instants, amounts with cents and refunds, and random definitions.
 *
 * The comparison is by `JSON.stringify` of the two outcomes: the table (counts, revenue to the cent, null and
 * incomplete cells, repeaters, labels) or, where the builder refuses, the refusal's code.
 */
import fc from 'fast-check';
import { CohortBuilder, type CohortBuilderOptions, type CohortBuildOptions, type CustomerEvent, MetricError } from '../../src/index.js';
import { cohortSql, type CohortSqlTarget } from '../../src/sql/cohortSql.js';
import type { SqlEventColumns } from '../../src/sql/_target.js';
import { type ColumnTypes, type Dialect, type Engine, type EventRow, quoteIdentifier } from '../sql/_engines.js';

export { fcOptions } from './counts.js';

/** Opening and installing engines takes seconds (PGlite ~10 s, chdb installs ~550 MB on first use). */
export const ENGINE_TIMEOUT = 900_000;

/** The column names of the plain tables. */
export const NAMES = { customerId: 'customer_id', timestamp: 'ts', event: 'kind', amount: 'amount' } as const;

/** The columns of `target.columns` for a table loaded with `types` (integer timestamps are epoch ms). */
export function columnsOf(types: ColumnTypes, keep: { readonly event?: boolean; readonly amount?: boolean } = {}): SqlEventColumns {
  const { names } = types;
  return {
    customerId: names.customerId,
    timestamp: names.timestamp,
    ...(keep.event === false ? {} : { event: names.event }),
    ...(keep.amount === false ? {} : { amount: names.amount }),
    ...(types.timestamp === 'epochMs' ? { timestampUnit: 'ms' as const } : {}),
    ...(types.amount === 'minorUnits' && keep.amount !== false ? { amountDecimals: types.amountScale ?? 2 } : {}),
  };
}

/** The table name quoted for `loadEvents` (which takes it quoted). */
export function quoted(dialect: Dialect, name: string): string {
  return quoteIdentifier(dialect, name);
}

/** An engine row as CohortBuilder takes it: a null event is a 'purchase' and a null amount is 0, as in the query. */
export function customerEvent(row: EventRow, withAmount = true): CustomerEvent {
  return {
    customerId: row.customerId,
    timestamp: row.timestamp,
    ...(row.event === undefined || row.event === null ? {} : { event: row.event }),
    ...(!withAmount || row.amount === undefined || row.amount === null ? {} : { amount: row.amount }),
  };
}

/** The outcome of building a table: its JSON, or the code (and field) of the MetricError that refused it. */
export type Outcome = { readonly table: string } | { readonly refused: string };

function outcomeOf(run: () => { toJSON(): unknown }, withField: boolean): Outcome {
  try {
    return { table: JSON.stringify(run()) };
  } catch (error) {
    if (error instanceof MetricError) return { refused: withField ? `${error.code} ${error.field}` : error.code };
    throw error;
  }
}

/** CohortBuilder's table (or refusal) of the rows. */
export function builderOutcome(options: CohortBuilderOptions, rows: readonly EventRow[], build: CohortBuildOptions | undefined, withAmount = true): Outcome {
  return outcomeOf(() => new CohortBuilder(options).addAll(rows.map((row) => customerEvent(row, withAmount))).build(build), false);
}

/** Runs cohortSql on the engine over `table` and reads its rows (or the refusal, by code). */
export async function engineOutcome(engine: Engine, options: CohortBuilderOptions, target: Omit<CohortSqlTarget, 'dialect'>, withField = false): Promise<Outcome> {
  let query;
  try {
    query = cohortSql(options, { ...target, dialect: engine.dialect });
  } catch (error) {
    if (error instanceof MetricError) return { refused: withField ? `${error.code} ${error.field}` : error.code };
    throw error;
  }
  const rows = await engine.query(query.sql);
  return outcomeOf(() => query.readRows(rows), withField);
}

/** The build options part of a target (from, to, returnRule), leaving out undefined keys. */
export function buildPart(target: CohortBuildOptions): CohortBuildOptions | undefined {
  const out: Record<string, unknown> = {};
  for (const key of ['from', 'to', 'returnRule'] as const) if (target[key] !== undefined) out[key] = target[key];
  return Object.keys(out).length === 0 ? undefined : (out as CohortBuildOptions);
}

// ------------------------------------------------------------------------------------------ generators

/** Ids that break quoting, comments, dictionaries or byte counting (never '': the builder refuses it). */
export const HOSTILE_IDS = [
  "a'b",
  "''",
  '"q"',
  '`tick`',
  'back\\slash',
  "x\\'y",
  'semi;colon; DROP TABLE sentinel; --',
  '-- comment',
  '/* block */ */',
  'line\nbreak',
  'tab\t',
  '日本語',
  '👩‍👩‍👧 🇩🇪',
  '$$dollar$$',
  '$1 ? %s',
  '__proto__',
  'constructor',
  'e\u0301',
  ' ',
] as const;

/** Characters for random hostile text. */
export const HOSTILE_CHARS = ["'", '"', '`', '\\', ';', '-', '/', '*', '\n', '\r', '$', '?', '%', 'é', '€', '🙂', ' ', 'a', 'b'] as const;

/**
 * A customer id: a small pool (so customers repeat), the hostile list, random hostile text, and rarely ''
 * (about one run in ten of 30 events holds one: a bad record in process, a bad row in SQL, refused alike).
 */
export const customerIdArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 150, arbitrary: fc.constantFrom('a', 'b', 'c', 'd') },
  { weight: 100, arbitrary: fc.constantFrom(...HOSTILE_IDS) },
  { weight: 50, arbitrary: fc.string({ unit: fc.constantFrom(...HOSTILE_CHARS), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** Offset changes of several zones (2024): events are generated around them. */
export const DST_EDGES = [
  Date.parse('2024-03-31T01:00:00Z'), // Europe/Berlin spring forward
  Date.parse('2024-10-27T01:00:00Z'), // Europe/Berlin fall back
  Date.parse('2024-03-10T07:00:00Z'), // America/New_York spring forward
  Date.parse('2024-11-03T06:00:00Z'), // America/New_York fall back
  Date.parse('2024-04-06T15:00:00Z'), // Australia/Lord_Howe (30 minutes) back
  Date.parse('2024-10-05T15:30:00Z'), // Australia/Lord_Howe forward
  Date.parse('2024-04-06T14:00:00Z'), // Pacific/Chatham back (03:45 CHADT)
  Date.parse('2024-09-28T14:00:00Z'), // Pacific/Chatham forward (02:45 CHAST)
  Date.parse('2024-01-01T00:00:00Z'), // a year boundary in UTC
  Date.parse('1969-12-31T23:00:00Z'), // negative epoch milliseconds (floor division below 0)
] as const;

/** Zones with whole-hour offsets (hour periods compile) and zones without (hours are refused by name). */
export const REGULAR_HOUR_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'] as const;
export const ZONES = [...REGULAR_HOUR_ZONES, 'Australia/Lord_Howe', 'Pacific/Chatham'] as const;

type Period = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** How far events spread around their base instant per period (a table of tens of rows, at most). */
const SPREAD: Readonly<Record<Period, number>> = {
  hour: 2 * 86_400_000,
  day: 40 * 86_400_000,
  week: 200 * 86_400_000,
  month: 2 * 365 * 86_400_000,
  quarter: 4 * 365 * 86_400_000,
  year: 8 * 365 * 86_400_000,
};

/** An amount: whole cents, refunds negative, or no amount at all. */
export const amountArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -20_000, max: 99_999 }).map(centsText) },
  { weight: 1, arbitrary: fc.constant(null) },
);

export function centsText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Instants near `base`: mostly within minutes or hours of it (DST edges), some anywhere in the spread. */
export function instantArb(base: number, spread: number): fc.Arbitrary<number> {
  const edges = DST_EDGES.filter((edge) => Math.abs(edge - base) <= spread);
  return fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }).map((d) => base + d) },
    { weight: 3, arbitrary: fc.integer({ min: -spread, max: spread }).map((d) => base + d) },
    { weight: 1, arbitrary: fc.constantFrom(...edges).chain((edge) => fc.integer({ min: -2, max: 2 }).map((d) => edge + d)) },
  );
}

/** Events of known names ('purchase', 'signup', 'visit' or no name) around `base`. */
export function rowsArb(base: number, spread: number, options: { readonly maxLength?: number; readonly ids?: fc.Arbitrary<string> } = {}): fc.Arbitrary<EventRow[]> {
  const row = fc.record({
    customerId: options.ids ?? customerIdArb,
    timestamp: instantArb(base, spread),
    event: fc.constantFrom<string | null>('purchase', 'purchase', 'signup', 'visit', null),
    amount: amountArb,
  });
  return fc.array(row, { maxLength: options.maxLength ?? 30 });
}

/** A random definition with its build options, and events that fit it (no unknown event names: see `unknownEvents`). */
export interface SqlCase {
  readonly options: CohortBuilderOptions;
  readonly build: CohortBuildOptions;
  readonly rows: EventRow[];
  /** The instant the events spread around, and how far (ms). */
  readonly base: number;
  readonly spread: number;
}

export function sqlCaseArb(maxLength = 30): fc.Arbitrary<SqlCase> {
  return fc
    .record({
      period: fc.constantFrom<Period>('hour', 'day', 'week', 'month', 'quarter', 'year'),
      zone: fc.constantFrom(...ZONES),
      weekStartsOn: fc.integer({ min: 0, max: 6 }),
      cohortBy: fc.constantFrom('first' as const, 'recurring' as const),
      events: fc.constantFrom<readonly [string[] | undefined, string[] | undefined]>(
        [undefined, undefined],
        [['signup'], ['purchase']],
        [['signup', 'purchase'], ['purchase']],
        [undefined, ['purchase', 'visit']],
        [['visit'], undefined],
      ),
      minOccurrences: fc.constantFrom(1, 1, 2, 3),
      rolling: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('exact' as const, 'hour' as const, 'day' as const) }),
      returnRule: fc.constantFrom<CohortBuildOptions['returnRule']>(undefined, 'on', 'onOrAfter', { brackets: [1] }, { brackets: [1, 3] }, { brackets: [2, 4, 5] }),
      base: fc.constantFrom(...DST_EDGES),
      fromShift: fc.option(fc.integer({ min: -110, max: 20 }).map((p) => p / 100), { nil: undefined }),
      toShift: fc.option(fc.integer({ min: -20, max: 110 }).map((p) => p / 100), { nil: undefined }),
      dateOnlyTo: fc.boolean(),
    })
    .filter((c) => c.period !== 'hour' || (REGULAR_HOUR_ZONES as readonly string[]).includes(c.zone))
    .filter((c) => !(c.rolling === 'day' && c.period === 'hour'))
    .filter((c) => !(c.rolling === 'hour' && !(REGULAR_HOUR_ZONES as readonly string[]).includes(c.zone)))
    .chain((c) => {
      const spread = SPREAD[c.period];
      return rowsArb(c.base, spread, { maxLength }).map((rows): SqlCase => {
        const [startEvents, returnEvents] = c.events;
        const options: CohortBuilderOptions = {
          period: c.period,
          timeZone: c.zone,
          weekStartsOn: c.weekStartsOn as 0 | 1 | 2 | 3 | 4 | 5 | 6,
          cohortBy: c.cohortBy,
          minOccurrences: c.minOccurrences,
          ...(startEvents === undefined ? {} : { startEvents }),
          ...(returnEvents === undefined ? {} : { returnEvents }),
          ...(startEvents !== undefined && returnEvents !== undefined ? { unknownEvents: 'ignore' as const } : {}),
          ...(c.rolling === undefined ? {} : { timeWindow: 'rolling' as const, rollingAnchor: c.rolling }),
        };
        const from = c.fromShift === undefined ? undefined : Math.round(c.base + c.fromShift * spread);
        let to: number | string | undefined = c.toShift === undefined ? undefined : Math.round(c.base + c.toShift * spread);
        if (to !== undefined && from !== undefined && to < from) to = from;
        if (to !== undefined && c.dateOnlyTo) to = new Date(to).toISOString().slice(0, 10);
        const build: CohortBuildOptions = {
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          ...(c.returnRule === undefined ? {} : { returnRule: c.returnRule }),
        };
        return { options, build, rows, base: c.base, spread };
      });
    });
}
