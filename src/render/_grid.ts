/**
 * What every renderer reads from a cohort table: row labels and sizes, column labels and, per cell, the
 * count, the retention and the incomplete flag. Also the option readers the renderers share.
 */
import { type Ctx, fail, own } from '../core/_validate.js';
import type { Rate } from '../core/Rate.js';
import { type Shade, shade } from './_palette.js';
import type { CohortTableView } from './_tableView.js';

/** One cell of the grid. `count === null` means the cell does not exist (after the end of observation). */
export interface GridCell {
  readonly count: number | null;
  /** count / size as the nearest float, or null when the cell does not exist or the cohort is empty. */
  readonly fraction: number | null;
  /** The retention as `Rate.toPercent(digits)`, or null as for `fraction`. */
  readonly percent: string | null;
  readonly incomplete: boolean;
}

export interface GridRow {
  readonly label: string;
  readonly size: number;
  readonly cells: readonly GridCell[];
}

export interface Grid {
  /** Column headers: the offset (`'0'`, `'1'`...), or for brackets `'1'`, `'2-3'`, `'4+'`. */
  readonly columns: readonly string[];
  /** The numeric column offsets (bracket starts for brackets). */
  readonly offsets: readonly number[];
  readonly rows: readonly GridRow[];
  /** Whether the columns are `returnRule` brackets. */
  readonly brackets: boolean;
  /** The table's period unit, when the view says it (a CohortTable does): the axis titles name it. */
  readonly unit: AxisUnit | undefined;
  /** Whether the columns are rolling windows (a view's `timeWindow: 'rolling'`). */
  readonly rolling: boolean;
}

/** The footnote every renderer prints when it marks an incomplete cell. */
export const INCOMPLETE_NOTE = '* incomplete: the period had not ended when observation stopped';

/**
 * The most cells (cohorts x columns, existing or not) the views draw: the text table, the HTML and SVG
 * heatmaps and the Jupyter display. Each holds the whole table in memory several times over (the table's
 * arrays, the grid, the output text); a 1,000 x 1,000 SVG is over 100 MB and a 5,000-period triangle would
 * pass the longest string a JavaScript engine can hold. 500 x 500 (more than a year of daily cohorts)
 * still renders; past it the views refuse the table up front, before reading a cell, with a MetricError
 * that names its size.
 */
export const MAX_VIEW_CELLS = 250_000;

/** The same bound for CSV, a data export whose output is a few characters per cell: 1,000 x 1,000. */
export const MAX_CSV_CELLS = 1_000_000;

/**
 * The longest output a renderer returns, in UTF-16 code units: 2^28, under the string limits of V8 (about
 * 2^29), SpiderMonkey (2^30) and JavaScriptCore (2^31), so the answer is the same on every runtime. Only
 * very long labels or titles can reach it under {@link MAX_VIEW_CELLS} and {@link MAX_CSV_CELLS}.
 */
export const MAX_OUTPUT_LENGTH = 2 ** 28;

const NARROW = 'narrow it with build({ from, to }), a coarser period or returnRule brackets';

/** Thrown inside {@link readGrid} when the table's data has the wrong shape; turned into a MetricError. */
class NotATable extends Error {}

/**
 * Reads a CohortTable (of this or another copy of the library) into a grid; anything else throws a
 * MetricError naming `table`: a value without the table's surface, an object whose accessors throw (a
 * `Proxy` of a table or `Object.create(CohortTable.prototype)`, whose private state cannot be reached) or
 * return data of the wrong shape. A table of more than `maxCells` cells ({@link MAX_VIEW_CELLS} or
 * {@link MAX_CSV_CELLS}) is refused before its cells are read. `digits` is the precision of the
 * percentages kept in `GridCell.percent`, which are only computed when `percents` is true. After this
 * function, no renderer calls into the table again.
 */
export function readGrid(ctx: Ctx, table: unknown, digits: number, percents: boolean, maxCells = MAX_VIEW_CELLS): Grid {
  const notATable = (): never => fail(ctx, 'table', 'a CohortTable', table);
  let cohorts: readonly unknown[];
  let offsets: number[];
  let rule: unknown;
  let unit: unknown;
  let window: unknown;
  try {
    const t = table as Partial<Record<keyof CohortTableView, unknown>> | null;
    if (typeof table !== 'object' || t === null || typeof t.counts !== 'function' || typeof t.retention !== 'function' || typeof t.incomplete !== 'function') {
      return notATable();
    }
    const c = t.cohorts;
    const k = t.columns;
    if (!Array.isArray(c) || !Array.isArray(k)) return notATable();
    cohorts = c.slice();
    offsets = k.slice();
    rule = t.returnRule;
    unit = t.period;
    window = t.timeWindow;
  } catch {
    return notATable();
  }
  if (!offsets.every((offset) => Number.isSafeInteger(offset))) return notATable();
  const cells = cohorts.length * offsets.length;
  if (cells > maxCells) {
    fail(ctx, 'table', `at most ${maxCells} cells (cohorts x columns) to render, and this one has ${cohorts.length} x ${offsets.length} = ${cells}: ${NARROW}, or read it with toRows()`, table);
  }
  try {
    const cohortTable = table as CohortTableView;
    const counts: unknown = cohortTable.counts();
    const retention: unknown = cohortTable.retention();
    const incomplete: unknown = cohortTable.incomplete();
    if (!Array.isArray(counts) || !Array.isArray(retention) || !Array.isArray(incomplete)) throw new NotATable();
    const rows = cohorts.map((cohort, i): GridRow => {
      const { label, size } = (cohort ?? {}) as { label?: unknown; size?: unknown };
      if (typeof label !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new NotATable();
      const countRow = rowAt(counts, i);
      const rateRow = rowAt(retention, i);
      const flagRow = rowAt(incomplete, i);
      return {
        label,
        size,
        cells: offsets.map((_, k) => readCell(countRow[k], rateRow[k], flagRow[k], digits, percents)),
      };
    });
    const known = typeof unit === 'string' && Object.hasOwn(ROLLING_WORDS, unit) ? (unit as AxisUnit) : undefined;
    return { columns: columnLabels(offsets, rule), offsets, rows, brackets: typeof rule === 'object' && rule !== null, unit: known, rolling: window === 'rolling' };
  } catch {
    return notATable();
  }
}

function rowAt(rows: readonly unknown[], i: number): readonly unknown[] {
  const row = rows[i] ?? [];
  if (!Array.isArray(row)) throw new NotATable();
  return row;
}

function readCell(count: unknown, rate: unknown, flag: unknown, digits: number, percents: boolean): GridCell {
  if (count !== null && count !== undefined && (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0)) throw new NotATable();
  if (flag !== undefined && typeof flag !== 'boolean') throw new NotATable();
  let fraction: number | null = null;
  let percent: string | null = null;
  if (rate !== null && rate !== undefined) {
    const r = rate as { toNumber?: unknown; toPercent?: unknown };
    if (typeof r.toNumber !== 'function' || typeof r.toPercent !== 'function') throw new NotATable();
    const value: unknown = (rate as Rate).toNumber();
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new NotATable();
    fraction = value;
    if (percents) {
      const text: unknown = (rate as Rate).toPercent(digits);
      if (typeof text !== 'string') throw new NotATable();
      percent = text;
    }
  }
  return { count: count ?? null, fraction, percent, incomplete: flag ?? false };
}

/**
 * `parts.join(separator)`, refused with a MetricError naming the table's size when the result would be
 * longer than {@link MAX_OUTPUT_LENGTH} (instead of the engine's raw `RangeError: Invalid string length`).
 */
export function joinOutput(ctx: Ctx, table: unknown, grid: Grid, parts: readonly string[], separator: string): string {
  let length = Math.max(0, parts.length - 1) * separator.length;
  for (const part of parts) length += part.length;
  if (length > MAX_OUTPUT_LENGTH) {
    fail(ctx, 'table', `small enough that its output fits in ${MAX_OUTPUT_LENGTH} characters, and this one (${grid.rows.length} x ${grid.columns.length} cells) needs ${length}: ${NARROW}, or shorten the labels and title`, table);
  }
  return parts.join(separator);
}

function columnLabels(offsets: readonly number[], rule: unknown): string[] {
  if (typeof rule !== 'object' || rule === null) return offsets.map(String);
  return offsets.map((start, j) => {
    const next = offsets[j + 1];
    if (j === 0) return String(start);
    if (next === undefined) return `${start}+`;
    return next - start === 1 ? String(start) : `${start}-${next - 1}`;
  });
}

/** The text shown in a cell, or null for an empty cell (percentages as read by {@link readGrid}). */
export function cellText(cell: GridCell, values: 'retention' | 'counts'): string | null {
  if (values === 'counts') return cell.count === null ? null : String(cell.count);
  return cell.percent;
}

/** Tooltip text: `'1/2 customers'`, with `', period incomplete'` when flagged. */
export function cellTitle(cell: GridCell, size: number): string {
  return `${cell.count ?? 0}/${size} customers${cell.incomplete ? ', period incomplete' : ''}`;
}

/** Options shared by every renderer. */
export interface CommonOptions {
  readonly values: 'retention' | 'counts';
  readonly digits: number;
}

/** Reads `values` and `digits` from an already checked options record. */
export function readCommon(ctx: Ctx, options: object): CommonOptions {
  const values = own(options, 'values');
  if (values !== undefined && values !== 'retention' && values !== 'counts') fail(ctx, 'options.values', "one of 'retention', 'counts'", values);
  const digits = own(options, 'digits');
  if (digits !== undefined && (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 0 || digits > 20)) {
    fail(ctx, 'options.digits', 'an integer from 0 to 20', digits);
  }
  return { values: values ?? 'retention', digits: digits ?? 1 };
}

/** An optional boolean option. */
export function readBoolean(ctx: Ctx, options: object, key: string, fallback: boolean): boolean {
  const value = own(options, key);
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(ctx, `options.${key}`, 'true or false', value);
  return value;
}

/** An optional string option. */
export function readString(ctx: Ctx, options: object, key: string): string | undefined {
  const value = own(options, key);
  if (value !== undefined && typeof value !== 'string') fail(ctx, `options.${key}`, 'a string', value);
  return value;
}

/** The retention range the heatmap's colours span, as fractions `[lo, hi]` with lo < hi. */
export type ColourDomain = readonly [number, number];

/**
 * Reads `options.colorDomain`: absent, or `[lo, hi]` with finite fractions 0 <= lo < hi <= 1. Anything
 * else throws a MetricError naming `options.colorDomain`.
 */
export function readColourDomain(ctx: Ctx, options: object): ColourDomain | undefined {
  const value = own(options, 'colorDomain');
  if (value === undefined) return undefined;
  const rule = 'an array [lo, hi] of two fractions with 0 <= lo < hi <= 1';
  if (!Array.isArray(value) || value.length !== 2) return fail(ctx, 'options.colorDomain', rule, value);
  const [lo, hi] = value as unknown[];
  if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || hi > 1 || !(lo < hi)) {
    return fail(ctx, 'options.colorDomain', rule, value);
  }
  return [lo, hi];
}

/**
 * The default colour domain: [min, max] of the retention of the cells that exist at offsets >= 1 (the
 * returning cells; offset 0 is the cohort itself, always 100 %). With no returning cell, or when they are
 * all equal (min = max), the fixed [0, 1] (0 % to 100 %), so the scale never divides by zero.
 */
export function defaultColourDomain(grid: Grid): ColourDomain {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const row of grid.rows) {
    for (const [k, cell] of row.cells.entries()) {
      if ((grid.offsets[k] ?? 0) < 1 || cell.fraction === null) continue;
      if (cell.fraction < lo) lo = cell.fraction;
      if (cell.fraction > hi) hi = cell.fraction;
    }
  }
  return lo < hi ? [lo, hi] : [0, 1];
}

/**
 * The heatmap colours of the cell in column `k`: offset 0 (the cohort itself) always takes the darkest
 * colour; other cells are placed linearly in `domain`, values outside it clamped to its ends. Undefined
 * when the cell has no retention.
 */
export function heatShade(cell: GridCell, offset: number, domain: ColourDomain): Shade | undefined {
  if (cell.fraction === null) return undefined;
  if (offset < 1) return shade(1);
  const [lo, hi] = domain;
  return shade(Math.min(1, Math.max(0, (cell.fraction - lo) / (hi - lo))));
}

/** A fraction as a percentage with `digits` decimals, for the legend: `0.064` -> `'6.4%'`. */
export function legendPercent(fraction: number, digits: number): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** The legend's note on the colour domain: `'colour: 6.0% to 40.0% (offset 0, the cohort itself, darkest)'`. */
export function colourNote(domain: ColourDomain, digits: number): string {
  return `colour: ${legendPercent(domain[0], digits)} to ${legendPercent(domain[1], digits)} (offset 0, the cohort itself, darkest)`;
}

/** The period units a table can have (the builder's `period`). */
export type AxisUnit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** The length of a rolling window of each unit, in words (as `ROLLING_WINDOW_MS` of cohort/). */
const ROLLING_WORDS: Readonly<Record<AxisUnit, string>> = {
  hour: '1-hour',
  day: '24-hour',
  week: '7-day',
  month: '30-day',
  quarter: '90-day',
  year: '365-day',
};

/** The heatmap's axis titles: the row axis (cohorts) and the column axis (offsets). */
export interface AxisTitles {
  readonly rows: string;
  readonly columns: string;
}

/**
 * Axis titles from the table's period unit and window: calendar periods give `"months since the
 * cohort's month"`, rolling windows `"30-day windows since the first event"`, bracket columns `"offset
 * brackets (...)"`; rows are `"cohort (month of first event)"`. Without a unit (a table view that does
 * not say its period), `period` stands in for it.
 */
export function axisTitles(unit: AxisUnit | undefined, rolling: boolean, brackets: boolean): AxisTitles {
  const name = unit ?? 'period';
  const along = rolling && unit !== undefined ? `${ROLLING_WORDS[unit]} windows since the first event` : `${name}s since the cohort's ${name}`;
  return { rows: `cohort (${name} of first event)`, columns: brackets ? `offset brackets (${along})` : along };
}

/** Reads `options.rowTitle` and `options.columnTitle` over the defaults of {@link axisTitles}. */
export function readAxisTitles(ctx: Ctx, options: object, grid: Grid): AxisTitles {
  const defaults = axisTitles(grid.unit, grid.rolling, grid.brackets);
  return { rows: readString(ctx, options, 'rowTitle') ?? defaults.rows, columns: readString(ctx, options, 'columnTitle') ?? defaults.columns };
}
