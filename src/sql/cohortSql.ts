import type { CohortBuildOptions, CohortBuilderOptions } from '../cohort/_builderOptions.js';
import { readCohortOptions } from '../cohort/_builderOptions.js';
import type { CohortTable } from '../cohort/CohortTable.js';
import { layout } from '../cohort/_buildTable.js';
import { ROLLING_WINDOW_MS } from '../cohort/_rollingTable.js';
import { type Calendar, supportedRange } from '../core/_periods.js';
import { lastInstantOf, toEpochMs } from '../core/_time.js';
import { fail, noExtraArguments, own } from '../core/_validate.js';
import { cohortAggregates } from './_cohortQuery.js';
import { cohortTableFromRows } from './_cohortTableFromRows.js';
import { eventsCte } from './_eventsCte.js';
import { checkRegularHours } from './_hourRegularity.js';
import { checkGridNumbers, periodNumbering } from './_periodNumber.js';
import { readTarget, type SqlTarget, TARGET_KEYS } from './_target.js';
import type { Dialect } from './_dialect.js';
import { int, rowList } from './_rowValues.js';

/**
 * The target of {@link cohortSql}: the engine, the table and its columns, and the range and return rule
 * as {@link CohortBuilder.build} takes them.
 * @category sql
 */
export interface CohortSqlTarget extends SqlTarget, CohortBuildOptions {}

/**
 * A compiled cohort query: one SQL statement to run with the engine's own driver, and the reader of its
 * rows.
 * @category sql
 */
export interface CohortSqlQuery {
  /** One statement, every value inlined as a literal (no placeholders). */
  readonly sql: string;
  /**
   * The {@link CohortTable} of the rows the statement returned, as the driver returns them (row objects with
   * numbers, bigints or numeric strings, and text sums): the table `CohortBuilder.build` makes of the
   * same events. Throws a MetricError naming the row and column of a value it cannot read, or the column
   * of rows the query counted as bad (null or empty ids, null timestamps, unknown event names). The rows of the same
   * query run on several shards of a table (disjoint customers) may be passed together: their counts and
   * sums add up to the table of the whole (see
   * [docs/warehouse.md](../../docs/warehouse.md#sharded-tables)).
   */
  readRows(rows: Iterable<object>): CohortTable;
}

const FN = 'cohortSql';
const BUILD_KEYS = ['from', 'to', 'returnRule'] as const;

/**
 * Compiles a cohort definition to one SQL statement for DuckDB, PostgreSQL or ClickHouse, so the
 * cohort table of events that live in a database is computed where they are, by the engine, and comes
 * back as the same {@link CohortTable} that {@link CohortBuilder} builds in process: same rows and
 * columns, same counts, revenue to the cent (summed as exact decimals by the engine), same `null` and
 * incomplete cells. The library writes SQL and reads rows; it never connects to a database.
 *
 * The definitions are the builder's ([docs/cohorts.md](../../docs/cohorts.md#builder-options)): calendar periods
 * in an IANA zone are numbered from the engine's wall clock of each instant (`AT TIME ZONE`,
 * `timezone()`, `timeZoneOffset`), so the engine's zone data must agree with the runtime's for the
 * years of the data (true of current releases for the years since 1970 in nearly every zone). Hour
 * periods and hour-anchored rolling windows need a zone whose offsets differ by whole hours over the
 * data (refused otherwise, naming the hour where they do not); `options.fields` (use `target.columns`)
 * and `onInvalid: 'skip'` (the query counts bad rows; `readRows` refuses them, naming the column) are
 * refused. Timestamps are read to the millisecond. The mapping to each engine's functions, the timestamp
 * and amount column types and sharded tables are in the warehouse guide,
 * [docs/warehouse.md](../../docs/warehouse.md#how-the-definitions-map-to-each-engine).
 *
 * @param options - The cohort definition, exactly as `new CohortBuilder(options)` takes it.
 * @param target - The engine (`dialect`), the `table` and its `columns`, and `from`, `to`, `returnRule`
 * as `build()` takes them (a date-only `to` covers its whole day in the zone).
 * @throws {@link MetricError} `INVALID_INPUT` for bad or unsupported options, names or bounds;
 * `readRows` throws `INVALID_INPUT` for bad values or bad rows counted by the query, `EMPTY_POPULATION`
 * when no event was counted and no range was given.
 * @example
 * ```ts
 * import { cohortSql } from 'loyalty-metrics';
 * const query = cohortSql(
 *   { period: 'month', timeZone: 'Europe/Berlin', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' },
 *   { dialect: 'postgres', table: 'shop.events', columns: { customerId: 'user_id', timestamp: 'ts', event: 'kind', amount: 'amount' }, from: '2024-01-01', to: '2024-03-31' },
 * );
 * query.sql.startsWith('WITH lm_raw AS (SELECT lm_src."user_id" AS c') //=> true
 * // the rows an engine returned for five events of three customers (run query.sql with your driver)
 * const table = query.readRows([
 *   { what: 'bad', r: 0, k: 0, n: 0, amount: '' },
 *   { what: 'range', r: 1704449000000, k: 1709287200000, n: 5, amount: '' },
 *   { what: 'repeat', r: 24288, k: 0, n: 0, amount: '' },
 *   { what: 'cell', r: 24288, k: 0, n: 2, amount: '50.00' },
 *   { what: 'cell', r: 24288, k: 1, n: 1, amount: '25.00' },
 *   { what: 'cell', r: 24289, k: 0, n: 1, amount: '10.00' },
 * ]);
 * JSON.stringify(table.counts()) //=> '[[2,1,0],[1,0,null],[0,null,null]]'
 * ```
 * @category sql
 */
export function cohortSql(options: CohortBuilderOptions, target: CohortSqlTarget): CohortSqlQuery {
  noExtraArguments({ fn: FN }, arguments, 2);
  const definition = readDefinition(options);
  const t = readTarget(FN, target, [...TARGET_KEYS, ...BUILD_KEYS]);
  const zone = definition.timeZone;
  const from = bound('target.from', own(target, 'from'), zone, false);
  const to = bound('target.to', own(target, 'to'), zone, true);
  if (from !== undefined && to !== undefined && to < from) fail({ fn: FN }, 'target.to', `not before target.from (${new Date(from).toISOString()})`, own(target, 'to'), 'INCONSISTENT_INPUT');
  const calendar: Calendar = { unit: definition.period, timeZone: zone, weekStartsOn: definition.weekStartsOn };
  checkSupported(calendar, 'target.from', from);
  checkSupported(calendar, 'target.to', to);
  const numbering = periodNumbering(calendar, from ?? to ?? Date.UTC(2020, 0, 1));
  const returnRule = own(target, 'returnRule');
  // Known bounds: lay the grid now, so a bad rule, a range too wide or irregular hours fail here.
  if (from !== undefined && to !== undefined) checkGridNumbers(FN, layout(calendar, from, to, returnRule, FN).grid, numbering);
  const rollingAnchor = definition.timeWindow === 'rolling' ? definition.rollingAnchor : undefined;
  const needsWall = zone !== 'UTC' && (calendar.unit !== 'hour' || rollingAnchor === 'day');
  const d = t.dialect;
  const events = eventsCte(FN, t, definition, (e, w) => numbering.sql(d, e, w), needsWall ? (e) => d.wallMs(e, zone) : undefined);
  const rule = readRuleShape(returnRule);
  const aggregates = cohortAggregates({
    dialect: d,
    recurring: definition.cohortBy === 'recurring',
    minOccurrences: definition.minOccurrences,
    rule,
    firstRow: from === undefined ? undefined : numbering.of(from),
    lastRow: to === undefined ? undefined : numbering.of(to),
    rolling: rollingAnchor === undefined ? undefined : { window: ROLLING_WINDOW_MS[calendar.unit], anchor: anchorSql(d, rollingAnchor, numbering.subHour) },
    hasAmount: t.amount !== undefined,
  });
  const sql = `WITH ${[...events.ctes, events.check, ...aggregates.ctes].join(',\n')}\n${[...events.checks, ...aggregates.selects].join('\nUNION ALL\n')}`;
  const plan = {
    fn: `${FN}().readRows`,
    calendar,
    numbering,
    from,
    to,
    returnRule,
    rolling: rollingAnchor,
    amountDecimals: t.amountDecimals,
    hasAmount: t.amount !== undefined,
    columnNames: { customerId: t.customerId, timestamp: t.timestamp, event: t.event ?? '(none)' },
  };
  return Object.freeze({
    sql,
    readRows(rows: Iterable<object>): CohortTable {
      const list = rowList(plan.fn, rows);
      if (rollingAnchor === 'hour') checkAnchorHours(plan.fn, zone, numbering.subHour, list);
      return cohortTableFromRows(plan, list);
    },
  });
}

/** The builder's own reading of the options, and the axes SQL cannot take refused by name. */
function readDefinition(options: CohortBuilderOptions) {
  const { options: definition, fields } = readCohortOptions({ fn: FN }, options);
  if (fields !== undefined) fail({ fn: FN }, 'options.fields', 'left out: name the columns in target.columns (field accessors cannot run in an engine)', fields);
  if (definition.onInvalid === 'skip') {
    fail({ fn: FN }, 'options.onInvalid', "'throw': the query counts bad rows and readRows refuses them, naming the column (filter them out in a view to leave them out)", 'skip');
  }
  return definition;
}

function bound(field: string, value: unknown, zone: string, wholeDay: boolean): number | undefined {
  if (value === undefined) return undefined;
  const ms = wholeDay ? lastInstantOf(value, zone) : toEpochMs(value, zone);
  if (ms === undefined) fail({ fn: FN }, field, 'a valid Date, epoch milliseconds or ISO-8601 string', value);
  return ms;
}

/** A bound whose period lies inside the ECMAScript time range, as build() requires of from and to. */
function checkSupported(calendar: Calendar, field: string, ms: number | undefined): void {
  const [first, last] = supportedRange(calendar);
  if (ms !== undefined && !(ms >= first && ms <= last)) {
    fail({ fn: FN }, field, `an instant from ${new Date(first).toISOString()} to ${new Date(last).toISOString()} (its ${calendar.unit} period inside the ECMAScript time range)`, new Date(ms).toISOString());
  }
}

/** The rule as the query needs it (the reader validates it fully through layout). */
function readRuleShape(rule: unknown): 'on' | 'onOrAfter' | readonly number[] {
  if (rule === undefined || rule === 'on') return 'on';
  if (rule === 'onOrAfter') return 'onOrAfter';
  const brackets = typeof rule === 'object' && rule !== null ? own(rule, 'brackets') : undefined;
  const valid = Array.isArray(brackets) && brackets.length > 0 && brackets.every((b, i) => Number.isSafeInteger(b) && b >= 1 && (i === 0 || b > brackets[i - 1]));
  if (!valid || Object.keys(rule as object).length !== 1) {
    fail({ fn: FN }, 'target.returnRule', "'on', 'onOrAfter' or { brackets: [1, ...] } with increasing whole offsets >= 1", rule);
  }
  return brackets as number[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The anchored value of an event (e: epoch ms, w: wall clock) as the rolling builder computes it. */
function anchorSql(d: Dialect, anchor: 'exact' | 'hour' | 'day', subHour: number): (e: string, w: string) => string {
  if (anchor === 'hour') return (e) => `(${d.floorDiv(`${e} + ${subHour}`, HOUR_MS)} * ${HOUR_MS} - ${subHour})`;
  if (anchor === 'day') return (_e, w) => `(${d.floorDiv(w, DAY_MS)} * ${DAY_MS})`;
  return (e) => e;
}

/** Hour anchors apply to every event: the zone's hours must be regular over the data's whole range. */
function checkAnchorHours(fn: string, zone: string, subHour: number, rows: readonly unknown[]): void {
  rows.forEach((row, i) => {
    if (typeof row === 'object' && row !== null && (row as Record<string, unknown>).what === 'range' && int(fn, rows, i, 'n') > 0) {
      checkRegularHours(fn, zone, subHour, int(fn, rows, i, 'r'), int(fn, rows, i, 'k'));
    }
  });
}
