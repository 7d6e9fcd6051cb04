import type { Decimal } from 'decimal.js';
import { ZERO } from '../core/_decimal.js';
import { type Calendar, MAX_PERIODS, type PeriodGrid } from '../core/_periods.js';
import { fail } from '../core/_validate.js';
import { checkCells, cohortsOf, columnOf, exists, layout, reaches, type ReturnRule } from '../cohort/_buildTable.js';
import { anchoredEnd, lastOffset, ROLLING_WINDOW_MS } from '../cohort/_rollingTable.js';
import { CohortTable } from '../cohort/CohortTable.js';
import { checkGridNumbers, type PeriodNumbering } from './_periodNumber.js';
import { amount, int, rowList, what } from './_rowValues.js';

/** What the reader needs from the compiled query. */
export interface CohortReadPlan {
  readonly fn: string;
  readonly calendar: Calendar;
  readonly numbering: PeriodNumbering;
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly returnRule: unknown;
  readonly rolling: 'exact' | 'hour' | 'day' | undefined;
  readonly amountDecimals: number | undefined;
  /** Whether the query sums an amount column (revenue rows, and an amount in 'cell' rows). */
  readonly hasAmount: boolean;
  /** Column names, for the messages about bad rows. */
  readonly columnNames: { readonly customerId: string; readonly timestamp: string; readonly event: string };
}

const KINDS = ['bad', 'range', 'cell', 'size', 'repeat', 'count', 'last', 'revenue', 'latest'];

interface Row {
  readonly what: string;
  readonly r: number;
  readonly k: number;
  readonly n: number;
  readonly index: number;
}

/** The table the query's rows describe: laid on the same grid, with the same cells, as CohortBuilder.build. */
export function cohortTableFromRows(plan: CohortReadPlan, input: unknown): CohortTable {
  const { fn } = plan;
  const rows = rowList(fn, input);
  const parsed: Row[] = rows.map((_, i) => ({ what: what(fn, rows, i, KINDS), r: int(fn, rows, i, 'r'), k: int(fn, rows, i, 'k'), n: int(fn, rows, i, 'n'), index: i }));
  checkBad(plan, parsed);
  const { from, to } = observedRange(plan, parsed);
  const shape = tableShape(plan, from, to);
  const rowOf = checkGridNumbers(fn, shape.grid, plan.numbering);
  const place = (row: Row): number => {
    const index = rowOf.get(row.r);
    if (index === undefined) fail({ fn }, `rows[${row.index}].r`, `a period number of the table's rows (${plan.numbering.of(shape.grid.starts[0] as number)} to ${plan.numbering.of(shape.grid.starts[shape.grid.length - 1] as number)}): the rows of another query or range?`, row.r, 'INCONSISTENT_INPUT');
    return index;
  };
  const cells = new Cells(shape, plan, to);
  for (const row of parsed) {
    if (row.what === 'bad' || row.what === 'range') continue;
    const r = place(row);
    if (row.what === 'revenue' || (row.what === 'cell' && plan.hasAmount)) cells.revenue(r, row.k, amount(fn, rows, row.index, 'amount', plan.amountDecimals));
    // A 'cell' row holds the members at offset 0 (the cohort's size) and the returns at the others.
    if (row.what === 'cell') cells.add(row.k === 0 ? 'size' : 'count', r, row.k, row.n);
    else if (row.what !== 'revenue') cells.add(row.what, r, row.k, row.n);
  }
  return cells.table();
}

/**
 * Refuses rows the query counted as bad. The counts of several 'bad' rows add up: the rows of queries
 * run on shards of one table (disjoint customers) are read together as the rows of the whole.
 */
function checkBad(plan: CohortReadPlan, rows: readonly Row[]): void {
  const bad = rows.filter((row) => row.what === 'bad');
  if (bad.length === 0) fail({ fn: plan.fn }, 'rows', "the rows of this query (its 'bad' row is missing)", rows.length, 'INCONSISTENT_INPUT');
  const total = (key: 'r' | 'k' | 'n') => bad.reduce((sum, row) => sum + row[key], 0);
  const names = plan.columnNames;
  const found = [
    [total('r'), `target.columns.customerId`, `non-null and non-empty in every row of the table (${names.customerId}): the query counted ${total('r')} rows with a null or empty customer id`],
    [total('k'), `target.columns.timestamp`, `non-null in every row of the table (${names.timestamp}): the query counted ${total('k')} rows with a null timestamp`],
    [total('n'), `target.columns.event`, `a known event name in every row (${names.event}): the query counted ${total('n')} rows whose event is empty or named in neither options.startEvents nor options.returnEvents (options.unknownEvents: 'ignore' leaves them out)`],
  ] as const;
  for (const [count, field, rule] of found) if (count > 0) fail({ fn: plan.fn }, field, `${rule}; filter them out in a view, or fix the data`, count);
}

/** The given bounds, or the first and last counted events (over every 'range' row: shards combine). */
function observedRange(plan: CohortReadPlan, rows: readonly Row[]): { from: number; to: number } {
  let first: number | undefined;
  let last: number | undefined;
  for (const row of rows) {
    if (row.what !== 'range' || row.n === 0) continue;
    first = first === undefined ? row.r : Math.min(first, row.r);
    last = last === undefined ? row.k : Math.max(last, row.k);
  }
  const from = plan.from ?? first;
  const to = plan.to ?? last;
  if (from === undefined || to === undefined) fail({ fn: plan.fn }, 'target.from', 'given when the table holds no counted event', undefined, 'EMPTY_POPULATION');
  if (to < from) fail({ fn: plan.fn }, 'target.to', `not before target.from (${new Date(from).toISOString()})`, new Date(to).toISOString(), 'INCONSISTENT_INPUT');
  return { from, to };
}

interface Shape {
  readonly grid: PeriodGrid;
  readonly rule: ReturnRule;
  readonly columns: readonly number[];
  /** Offsets that map to a column (rolling: windows up to `to`; calendar: the grid's periods). */
  readonly offsets: number;
  readonly window: number;
}

function tableShape(plan: CohortReadPlan, from: number, to: number): Shape {
  const { grid, rule, columns } = layout(plan.calendar, from, to, plan.returnRule, plan.fn);
  if (plan.rolling === undefined) {
    checkCells(plan.calendar, to, grid.length, columns.length, plan.fn);
    return { grid, rule, columns, offsets: grid.length, window: 0 };
  }
  const window = ROLLING_WINDOW_MS[plan.calendar.unit];
  const offsets = Math.floor((to - (grid.starts[0] as number)) / window) + 1;
  if (offsets > MAX_PERIODS) fail({ fn: plan.fn }, 'target.to', `within ${MAX_PERIODS} rolling windows of target.from`, new Date(to).toISOString());
  const rollingColumns = typeof rule === 'object' ? [0, ...rule.brackets] : Array.from({ length: offsets }, (_, k) => k);
  checkCells(plan.calendar, to, grid.length, rollingColumns.length, plan.fn);
  return { grid, rule, columns: rollingColumns, offsets, window };
}

/** The table's cells, filled from the rows. */
class Cells {
  readonly #shape: Shape;
  readonly #plan: CohortReadPlan;
  readonly #width: number;
  readonly #counts: number[];
  readonly #lastReturn: number[];
  readonly #revenue: (Decimal | undefined)[];
  readonly #repeaters: number[];
  readonly #latest: number[];

  readonly #to: number;

  constructor(shape: Shape, plan: CohortReadPlan, to: number) {
    this.#to = to;
    this.#shape = shape;
    this.#plan = plan;
    this.#width = shape.columns.length;
    const size = shape.grid.length * this.#width;
    this.#counts = new Array<number>(size).fill(0);
    this.#lastReturn = new Array<number>(size).fill(0);
    this.#revenue = new Array<Decimal | undefined>(size);
    this.#repeaters = new Array<number>(shape.grid.length).fill(0);
    this.#latest = new Array<number>(shape.grid.length).fill(Number.NEGATIVE_INFINITY);
  }

  /** The column of offset k, as the in-process tally maps it, or -1. */
  #column(k: number): number {
    const { rule, columns, offsets } = this.#shape;
    if (k < offsets) return columnOf(k, columns, rule) ?? -1;
    return typeof rule === 'object' ? columns.length - 1 : -1;
  }

  add(kind: string, row: number, k: number, n: number): void {
    const base = row * this.#width;
    switch (kind) {
      case 'size':
        this.#counts[base]! += n;
        return;
      case 'repeat':
        // Rolling: only returns in windows that begin by `to` count (k is the window of the second one).
        if (this.#plan.rolling === undefined || (this.#shape.grid.starts[row] as number) + k * this.#shape.window <= this.#to) this.#repeaters[row]! += n;
        return;
      case 'count': {
        // 'on': k is the offset; brackets: k is the column.
        const column = typeof this.#shape.rule === 'object' ? k : this.#column(k);
        if (column > 0 && column < this.#width) this.#counts[base + column]! += n;
        return;
      }
      case 'last': {
        const column = this.#column(k);
        this.#lastReturn[base + (column < 0 ? this.#width - 1 : column)]! += n;
        return;
      }
      case 'latest':
        if (k > (this.#latest[row] as number)) this.#latest[row] = k;
        return;
    }
  }

  revenue(row: number, k: number, value: Decimal): void {
    const column = this.#column(k);
    if (column < 0) return;
    const at = row * this.#width + column;
    const known = this.#revenue[at];
    this.#revenue[at] = known === undefined ? value : known.plus(value);
  }

  table(): CohortTable {
    const to = this.#to;
    const { grid, rule, columns } = this.#shape;
    const width = this.#width;
    const rows = grid.length;
    if (rule === 'onOrAfter') {
      for (let row = 0; row < rows; row++) {
        let running = 0;
        for (let c = width - 1; c >= 1; c--) {
          running += this.#lastReturn[row * width + c] as number;
          this.#counts[row * width + c]! += running;
        }
      }
    }
    const { exists: there, incomplete } = this.#cellRules(to);
    const counts: (number | null)[][] = [];
    const revenue: (Decimal | null)[][] = [];
    const flags: boolean[][] = [];
    const sizes: number[] = [];
    for (let row = 0; row < rows; row++) {
      counts.push([]);
      revenue.push([]);
      flags.push([]);
      for (let c = 0; c < width; c++) {
        const at = row * width + c;
        const cellThere = there(row, c);
        counts[row]!.push(cellThere ? (this.#counts[at] as number) : null);
        revenue[row]!.push(cellThere ? (this.#revenue[at] ?? ZERO) : null);
        flags[row]!.push(cellThere && incomplete(row, c));
      }
      sizes.push(this.#counts[row * width] as number);
    }
    const rolling = this.#plan.rolling !== undefined;
    return new CohortTable({
      calendar: this.#plan.calendar,
      ...(rolling ? { timeWindow: 'rolling' as const } : {}),
      returnRule: rule,
      columns,
      cohorts: cohortsOf(grid, sizes),
      counts,
      revenue,
      incomplete: flags,
      repeaters: this.#repeaters,
      observedTo: new Date(to),
    });
  }

  #cellRules(to: number): { exists: (row: number, c: number) => boolean; incomplete: (row: number, c: number) => boolean } {
    const { grid, rule, columns, window } = this.#shape;
    const anchor = this.#plan.rolling;
    if (anchor === undefined) {
      const lastIndex = grid.length - 1;
      const lastIncomplete = to < (grid.starts[grid.length] as number) - 1;
      return { exists: (row, c) => exists(row, c, columns, lastIndex), incomplete: (row, c) => lastIncomplete && reaches(row, c, columns, rule, lastIndex) };
    }
    const end = anchor === 'exact' ? to + 1 : anchoredEnd(anchor, this.#plan.calendar, to + 1);
    return {
      exists: (row, c) => (grid.starts[row] as number) + (columns[c] as number) * window <= to,
      incomplete: (row, c) => (this.#latest[row] as number) + (lastOffset(c, columns, rule) + 1) * window > end,
    };
  }
}
