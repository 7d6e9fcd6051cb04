import type { Decimal } from 'decimal.js';
import { ExactDecimal, ZERO } from '../core/_decimal.js';
import { type Calendar, MAX_PERIODS, PeriodGrid, supportedRange } from '../core/_periods.js';
import type { CellStore } from './_cellStore.js';
import { fail, own } from '../core/_validate.js';
import type { CohortBuilderOptionsJSON } from './CohortBuilder.js';
import { type Cohort, CohortTable } from './CohortTable.js';

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

export interface BuildInput {
  readonly calendar: Calendar;
  readonly options: CohortBuilderOptionsJSON;
  readonly from: number;
  readonly to: number;
  readonly returnRule: unknown;
  readonly store: CellStore;
}

/**
 * Lays every customer's cells on the grid of [from, to] and counts the table cells, with integer
 * arithmetic on typed arrays: the store keeps cells sorted by customer and period, so each customer's
 * periods are one contiguous, ordered run; revenue is summed in minor units and turned into a Decimal
 * once per table cell.
 */
export function buildCohortTable(input: BuildInput): CohortTable {
  const { grid, rule, columns } = layout(input.calendar, input.from, input.to, input.returnRule);
  checkCells(input.calendar, input.to, grid.length, columns.length);
  const { store } = input;
  store.compact();
  const tally = new TableTally(grid.length, columns, rule, store);
  const gridIndex = gridIndexOfCells(store, grid);
  const offsets = store.customerOffsets();
  const recurring = input.options.cohortBy === 'recurring';
  const minOccurrences = input.options.minOccurrences;
  const member = (row: number, from: number, to: number): void => {
    tally.join(row);
    let returnsSeen = 0;
    for (let cell = from; cell < to; cell++) {
      const index = gridIndex[cell] as number;
      if (index < row) continue;
      const k = index - row;
      const returns = store.returnsAt(cell);
      returnsSeen += returns;
      tally.addRevenue(k, cell);
      if (k > 0 && returns >= minOccurrences) tally.returned(k);
    }
    tally.leave(returnsSeen);
  };
  for (let customer = 0; customer < store.customerSlots; customer++) {
    const from = offsets[customer] as number;
    const to = offsets[customer + 1] as number;
    let lastRow = -1;
    for (let cell = from; cell < to; cell++) {
      if (store.startsAt(cell) === 0) continue;
      // Cells are in period order: the first start cell is the customer's first start event ('first').
      const row = gridIndex[cell] as number;
      // Two stored periods in one grid period (a zone whose hours shift) make one membership, not two.
      if (row >= 0 && row !== lastRow) member(row, from, to);
      lastRow = row;
      if (!recurring) break;
    }
  }
  const lastIndex = grid.length - 1;
  const lastIncomplete = input.to < (grid.starts[grid.length] as number) - 1;
  const cells = tally.finish(
    (row, c) => exists(row, c, columns, lastIndex),
    (row, c) => lastIncomplete && reaches(row, c, columns, rule, lastIndex),
  );
  return new CohortTable({ calendar: input.calendar, returnRule: rule, columns, cohorts: cohortsOf(grid, cells.sizes), ...cells, observedTo: new Date(input.to) });
}

/** The grid row of each cell's period (-1 outside the grid), by a binary search per distinct period start. */
function gridIndexOfCells(store: CellStore, grid: PeriodGrid): Int32Array {
  const index = new Int32Array(store.size);
  let lastStart = Number.NaN;
  let lastIndex = -1;
  for (let cell = 0; cell < store.size; cell++) {
    const start = store.keyAt(cell);
    if (start !== lastStart) {
      lastStart = start;
      lastIndex = grid.indexOf(start);
    }
    index[cell] = lastIndex;
  }
  return index;
}

/**
 * The most cells a table may have (rows × columns, the cells after `to` included): about 2,236 daily
 * cohorts (six years) with a column per day, or any number of rows up to MAX_PERIODS with a few
 * brackets. A table holds a count, an amount and a flag per cell, so a bound on rows alone (hourly
 * periods over a year: 8,784² = 77 million cells, gigabytes) would let two events exhaust the memory.
 */
export const MAX_CELLS = 5_000_000;

/**
 * Refuses a table of more than MAX_CELLS cells before anything of its size is allocated, naming its size
 * and the ways to narrow it.
 */
export function checkCells(calendar: Calendar, to: number, rows: number, columns: number, fn = 'CohortBuilder.build'): void {
  const cells = rows * columns;
  if (cells <= MAX_CELLS) return;
  const size = `${rows} ${calendar.unit} periods (rows) × ${columns} columns = ${cells} cells`;
  const narrow = `a coarser period, a later options.from or an earlier options.to, or fewer columns with returnRule: { brackets }`;
  fail({ fn }, 'options.to', `within a table of at most ${MAX_CELLS} cells (this range makes ${size}; narrow it with ${narrow})`, new Date(to).toISOString());
}

/** The grid of [from, to], the return rule and the table's columns, checked. */
export function layout(calendar: Calendar, from: number, to: number, returnRule: unknown, fn = 'CohortBuilder.build'): { grid: PeriodGrid; rule: ReturnRule; columns: number[] } {
  const ctx = { fn };
  const tooMany = (): never =>
    fail(ctx, 'options.to', `within ${MAX_PERIODS} ${calendar.unit} periods of options.from (narrow it with a coarser period or a shorter range)`, new Date(to).toISOString());
  // The periods of the first and last instants must lie inside the ECMAScript time range (as added events do).
  const [first, last] = supportedRange(calendar);
  const supported = `an instant from ${new Date(first).toISOString()} to ${new Date(last).toISOString()} (its ${calendar.unit} period inside the ECMAScript time range)`;
  if (!(from >= first && from <= last)) fail(ctx, 'options.from', supported, new Date(from).toISOString());
  if (!(to >= first && to <= last)) fail(ctx, 'options.to', supported, new Date(to).toISOString());
  if (estimatePeriods(calendar.unit, to - from) > MAX_PERIODS) tooMany();
  let grid: PeriodGrid;
  try {
    grid = new PeriodGrid(calendar, from, to);
  } catch (error) {
    // The estimate assumes 60-minute hours and 23-hour days; 30-minute hours (Lord Howe) can still overflow.
    if (error instanceof RangeError) tooMany();
    throw error;
  }
  const rule = readRule(returnRule, fn);
  const columns = rule === 'on' || rule === 'onOrAfter' ? Array.from({ length: grid.length }, (_, k) => k) : [0, ...rule.brackets];
  return { grid, rule, columns };
}

/** The rows of a table: the grid's periods with the cohort sizes. */
export function cohortsOf(grid: PeriodGrid, sizes: readonly number[]): Cohort[] {
  return sizes.map((size, i) => ({ label: grid.label(i), start: new Date(grid.starts[i]!), end: new Date(grid.starts[i + 1]!), size }));
}

/** The cells of a finished table, as CohortTableData holds them. */
interface TableCells {
  readonly sizes: number[];
  readonly counts: (number | null)[][];
  readonly revenue: (Decimal | null)[][];
  readonly incomplete: boolean[][];
  readonly repeaters: number[];
}

/**
 * A table's counts and revenue as flat row-major arrays, filled one cohort membership at a time:
 * `join(row)`, then `addRevenue` and `returned` per offset k of the member's activity, then `leave`.
 */
export class TableTally {
  readonly #rows: number;
  readonly #width: number;
  readonly #onOrAfter: boolean;
  readonly #store: CellStore;
  /** Column of offset k, or -1 (past the last column, or before the first bracket). */
  readonly #columnOf: Int32Array;
  /** Column of the offsets past `#columnOf`: the open-ended last bracket, or none. */
  readonly #beyond: number;
  readonly #counts: Float64Array;
  /** 'onOrAfter': members whose last return is at column j, per row; counted into columns 1..j at the end. */
  readonly #lastReturn: Float64Array;
  readonly #revenue: Float64Array;
  readonly #revenueExtra = new Map<number, Decimal>();
  readonly #repeaters: number[];
  /** Which columns the current membership has already counted (stamped with the membership number). */
  readonly #stamp: Int32Array;
  #membership = 0;
  #base = 0;
  #row = 0;
  #lastColumn = 0;

  /** `offsets` is the number of offsets k that can map to a column (offsets past it map to none). */
  constructor(rows: number, columns: readonly number[], rule: ReturnRule, store: CellStore, offsets = rows) {
    this.#rows = rows;
    this.#width = columns.length;
    this.#onOrAfter = rule === 'onOrAfter';
    this.#store = store;
    this.#columnOf = new Int32Array(offsets).map((_, k) => columnOf(k, columns, rule) ?? -1);
    this.#beyond = typeof rule === 'object' ? columns.length - 1 : -1;
    this.#counts = new Float64Array(rows * columns.length);
    this.#lastReturn = new Float64Array(rows * columns.length);
    this.#revenue = new Float64Array(rows * columns.length);
    this.#repeaters = new Array<number>(rows).fill(0);
    this.#stamp = new Int32Array(columns.length);
  }

  /** Starts counting one member of cohort `row`. */
  join(row: number): void {
    this.#row = row;
    this.#base = row * this.#width;
    this.#membership++;
    this.#lastColumn = 0;
    this.#counts[this.#base]! += 1;
  }

  /** Adds the amount of a cell at offset k of the current member. */
  addRevenue(k: number, cell: number): void {
    const column = this.#column(k);
    if (column < 0) return;
    const at = this.#base + column;
    const store = this.#store;
    const minor = store.minorAt(cell);
    const sum = (this.#revenue[at] as number) + minor;
    if (Math.abs(sum) <= Number.MAX_SAFE_INTEGER) this.#revenue[at] = sum;
    else this.#addExtra(at, new ExactDecimal(`${minor}e-${store.scale}`));
    const extra = store.extraAt(cell);
    if (extra !== undefined) this.#addExtra(at, extra);
  }

  /** The current member returned at offset k >= 1 (once per column, however many offsets it holds). */
  returned(k: number): void {
    const column = this.#column(k);
    if (this.#onOrAfter) {
      // Counts in every column up to the last one, even for a return past the last column.
      const last = column < 0 ? this.#width - 1 : column;
      if (last > this.#lastColumn) this.#lastColumn = last;
    } else if (column > 0 && this.#stamp[column] !== this.#membership) {
      this.#stamp[column] = this.#membership;
      this.#counts[this.#base + column]! += 1;
    }
  }

  #column(k: number): number {
    return k < this.#columnOf.length ? (this.#columnOf[k] as number) : this.#beyond;
  }

  /** Ends the current member: a repeat buyer when it had two or more return events. */
  leave(returnsSeen: number): void {
    if (returnsSeen >= 2) this.#repeaters[this.#row]! += 1;
    if (this.#lastColumn > 0) this.#lastReturn[this.#base + this.#lastColumn]! += 1;
  }

  #addExtra(at: number, amount: Decimal): void {
    const known = this.#revenueExtra.get(at);
    this.#revenueExtra.set(at, known === undefined ? amount : known.plus(amount));
  }

  /** The table's cells: `null` where `exists` says no, flagged where `incomplete` says so. */
  finish(exists: (row: number, column: number) => boolean, incomplete: (row: number, column: number) => boolean): TableCells {
    const rows = this.#rows;
    const width = this.#width;
    if (this.#onOrAfter) {
      // A member whose last return is at column j counts in columns 1..j.
      for (let row = 0; row < rows; row++) {
        let running = 0;
        for (let c = width - 1; c >= 1; c--) {
          running += this.#lastReturn[row * width + c] as number;
          this.#counts[row * width + c]! += running;
        }
      }
    }
    const scale = this.#store.scale;
    const cells: TableCells = { sizes: [], counts: [], revenue: [], incomplete: [], repeaters: this.#repeaters };
    for (let row = 0; row < rows; row++) {
      const counts: (number | null)[] = [];
      const revenue: (Decimal | null)[] = [];
      const flags: boolean[] = [];
      for (let c = 0; c < width; c++) {
        const at = row * width + c;
        const there = exists(row, c);
        counts.push(there ? (this.#counts[at] as number) : null);
        revenue.push(there ? revenueOf(this.#revenue[at] as number, scale, this.#revenueExtra.get(at)) : null);
        flags.push(there && incomplete(row, c));
      }
      cells.sizes.push(this.#counts[row * width] as number);
      cells.counts.push(counts);
      cells.revenue.push(revenue);
      cells.incomplete.push(flags);
    }
    return cells;
  }
}

function revenueOf(minor: number, scale: number, extra: Decimal | undefined): Decimal {
  const integral = minor === 0 ? ZERO : new ExactDecimal(`${minor}e-${scale}`);
  return extra === undefined ? integral : integral.plus(extra);
}

/** Periods in a span, rounded up (shortest month, 23-hour day, 60-minute hour): a quick first check before the grid's own. */
function estimatePeriods(unit: Calendar['unit'], span: number): number {
  const shortest = { hour: 3_600_000, day: 82_800_000, week: 601_200_000, month: 2_415_600_000, quarter: 7_772_400_000, year: 31_532_400_000 }[unit];
  return Math.floor(span / shortest) + 2;
}

/** The column holding offset k (for revenue), or undefined past the last column. */
export function columnOf(k: number, columns: readonly number[], rule: ReturnRule): number | undefined {
  if (rule === 'on' || rule === 'onOrAfter') return k < columns.length ? k : undefined;
  if (k === 0) return 0;
  let column: number | undefined;
  for (let c = 1; c < columns.length; c++) if ((columns[c] as number) <= k) column = c;
  return column;
}

/** A cell exists when its first offset lies inside the observed periods. */
export function exists(row: number, column: number, columns: readonly number[], lastIndex: number): boolean {
  return row + (columns[column] as number) <= lastIndex;
}

/** Whether the cell's offsets reach the last (possibly incomplete) period. */
export function reaches(row: number, column: number, columns: readonly number[], rule: ReturnRule, lastIndex: number): boolean {
  if (rule === 'on') return row + (columns[column] as number) === lastIndex;
  // Cell k of 'onOrAfter' counts returns up to the last period, so every cell after offset 0 reaches it.
  if (rule === 'onOrAfter') return column === 0 ? row === lastIndex : true;
  const next = columns[column + 1];
  return next === undefined || row + next - 1 >= lastIndex;
}

export function readRule(value: unknown, fn = 'CohortBuilder.build'): ReturnRule {
  const ctx = { fn };
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
