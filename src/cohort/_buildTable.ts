import type { Decimal } from 'decimal.js';
import { ExactDecimal } from '../core/_decimal.js';
import { type Calendar, MAX_PERIODS, PeriodGrid } from '../core/_periods.js';
import { fail, own } from '../core/_validate.js';
import type { CohortBuilderOptionsJSON } from './CohortBuilder.js';
import { CohortTable, type CohortTableData } from './CohortTable.js';

/**
 * How a return is counted in column k: `'on'` (in exactly offset k), `'onOrAfter'` (in k or later), or
 * brackets of offsets (`{ brackets: [1, 2, 4] }`: [1, 2), [2, 4), [4, end]).
 * @category cohort
 */
export type ReturnRule =
  | 'on'
  | 'onOrAfter'
  | {
      /** Increasing whole offsets >= 1; bracket j covers [brackets[j], brackets[j + 1]), the last one to the end. */
      readonly brackets: readonly number[];
    };

/** One customer's periods: start (epoch ms), start and return event counts, return amount. */
export type CustomerHistory = readonly { readonly start: number; readonly starts: number; readonly returns: number; readonly amount: Decimal }[];

interface BuildInput {
  readonly calendar: Calendar;
  readonly options: CohortBuilderOptionsJSON;
  readonly from: number;
  readonly to: number;
  readonly returnRule: unknown;
  readonly histories: readonly CustomerHistory[];
}

const ZERO = new ExactDecimal(0);

/** Lays every customer's periods on the grid of [from, to] and counts the cells. */
export function buildCohortTable(input: BuildInput): CohortTable {
  const periods = estimatePeriods(input.calendar.unit, input.to - input.from);
  if (periods > MAX_PERIODS) {
    fail({ fn: 'CohortBuilder.build' }, 'options.to', `within ${MAX_PERIODS} ${input.calendar.unit} periods of options.from`, new Date(input.to).toISOString());
  }
  const grid = new PeriodGrid(input.calendar, input.from, input.to);
  const rule = readRule(input.returnRule);
  const columns = rule === 'on' || rule === 'onOrAfter' ? Array.from({ length: grid.length }, (_, k) => k) : [0, ...rule.brackets];
  const rows = grid.length;
  const counts = Array.from({ length: rows }, () => new Array<number>(columns.length).fill(0));
  const revenue = Array.from({ length: rows }, () => new Array<Decimal>(columns.length).fill(ZERO));
  const repeaters = new Array<number>(rows).fill(0);
  for (const history of input.histories) {
    const placed = history.map((p) => ({ index: grid.indexOf(p.start), ...p }));
    for (const row of cohortRows(placed, input.options.cohortBy)) {
      counts[row]![0]! += 1;
      let returnsSeen = 0;
      const offsets: number[] = [];
      for (const p of placed) {
        if (p.index < row) continue;
        const k = p.index - row;
        returnsSeen += p.returns;
        const column = columnOf(k, columns, rule);
        if (column !== undefined) revenue[row]![column] = revenue[row]![column]!.plus(p.amount);
        if (k >= 1 && p.returns >= input.options.minOccurrences) offsets.push(k);
      }
      if (returnsSeen >= 2) repeaters[row]! += 1;
      for (const column of returnedColumns(offsets, columns, rule)) counts[row]![column]! += 1;
    }
  }
  const lastIndex = rows - 1;
  const lastIncomplete = input.to < (grid.starts[rows] as number) - 1;
  const data: CohortTableData = {
    calendar: input.calendar,
    returnRule: rule,
    columns,
    cohorts: counts.map((row, i) => ({ label: grid.label(i), start: new Date(grid.starts[i]!), end: new Date(grid.starts[i + 1]!), size: row[0]! })),
    counts: counts.map((row, i) => row.map((n, c) => (exists(i, c, columns, lastIndex) ? n : null))),
    revenue: revenue.map((row, i) => row.map((d, c) => (exists(i, c, columns, lastIndex) ? d : null))),
    incomplete: counts.map((row, i) => row.map((_, c) => exists(i, c, columns, lastIndex) && lastIncomplete && reaches(i, c, columns, rule, lastIndex))),
    repeaters,
    observedTo: new Date(input.to),
  };
  return new CohortTable(data);
}

/** Periods in a span, rounded up generously (shortest month, 23-hour day) so the bound is safe. */
function estimatePeriods(unit: Calendar['unit'], span: number): number {
  const shortest = { hour: 3_600_000, day: 82_800_000, week: 601_200_000, month: 2_415_600_000, quarter: 7_772_400_000, year: 31_532_400_000 }[unit];
  return Math.floor(span / shortest) + 2;
}

function cohortRows(placed: readonly { index: number; start: number; starts: number }[], cohortBy: 'first' | 'recurring'): number[] {
  const withStarts = placed.filter((p) => p.starts > 0);
  if (cohortBy === 'recurring') return withStarts.filter((p) => p.index >= 0).map((p) => p.index);
  let first: (typeof withStarts)[number] | undefined;
  for (const p of withStarts) if (first === undefined || p.start < first.start) first = p;
  return first === undefined || first.index < 0 ? [] : [first.index];
}

/** The column holding offset k (for revenue), or undefined past the last column. */
function columnOf(k: number, columns: readonly number[], rule: ReturnRule): number | undefined {
  if (rule === 'on' || rule === 'onOrAfter') return k < columns.length ? k : undefined;
  if (k === 0) return 0;
  let column: number | undefined;
  for (let c = 1; c < columns.length; c++) if ((columns[c] as number) <= k) column = c;
  return column;
}

function returnedColumns(offsets: readonly number[], columns: readonly number[], rule: ReturnRule): Set<number> {
  const result = new Set<number>();
  if (offsets.length === 0) return result;
  if (rule === 'onOrAfter') {
    const last = Math.min(Math.max(...offsets), columns.length - 1);
    for (let k = 1; k <= last; k++) result.add(k);
    return result;
  }
  for (const k of offsets) {
    const column = columnOf(k, columns, rule);
    if (column !== undefined && column > 0) result.add(column);
  }
  return result;
}

/** A cell exists when its first offset lies inside the observed periods. */
function exists(row: number, column: number, columns: readonly number[], lastIndex: number): boolean {
  return row + (columns[column] as number) <= lastIndex;
}

/** Whether the cell's offsets reach the last (possibly incomplete) period. */
function reaches(row: number, column: number, columns: readonly number[], rule: ReturnRule, lastIndex: number): boolean {
  if (rule === 'on') return row + (columns[column] as number) === lastIndex;
  // Cell k of 'onOrAfter' counts returns up to the last period, so every cell after offset 0 reaches it.
  if (rule === 'onOrAfter') return column === 0 ? row === lastIndex : true;
  const next = columns[column + 1];
  return next === undefined || row + next - 1 >= lastIndex;
}

function readRule(value: unknown): ReturnRule {
  const ctx = { fn: 'CohortBuilder.build' };
  if (value === undefined || value === 'on' || value === 'onOrAfter') return value ?? 'on';
  const rule = "'on', 'onOrAfter' or { brackets: [1, ...] } with increasing whole offsets >= 1";
  if (typeof value !== 'object' || value === null) fail(ctx, 'options.returnRule', rule, value);
  const brackets = own(value, 'brackets');
  if (!Array.isArray(brackets) || brackets.length === 0) fail(ctx, 'options.returnRule.brackets', rule, brackets);
  brackets.forEach((b: unknown, i) => {
    if (typeof b !== 'number' || !Number.isSafeInteger(b) || b < 1 || (i > 0 && b <= (brackets[i - 1] as number))) {
      fail(ctx, `options.returnRule.brackets[${i}]`, rule, b);
    }
  });
  return { brackets: Object.freeze([...brackets] as number[]) };
}
