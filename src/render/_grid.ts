/**
 * What every renderer reads from a cohort table: row labels and sizes, column labels and, per cell, the
 * count, the retention and the incomplete flag. Also the option readers the renderers share.
 */
import type { CohortTable } from '../cohort/CohortTable.js';
import { type Ctx, fail, own } from '../core/_validate.js';
import type { Rate } from '../core/Rate.js';
import { type Shade, shade } from './_palette.js';

/** One cell of the grid. `count === null` means the cell does not exist (after the end of observation). */
export interface GridCell {
  readonly count: number | null;
  /** count / size, or null when the cell does not exist or the cohort is empty. */
  readonly retention: Rate | null;
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
}

/** The footnote every renderer prints when it marks an incomplete cell. */
export const INCOMPLETE_NOTE = '* incomplete: the period had not ended when observation stopped';

/** Reads a CohortTable (of this or another copy of the library) into a grid; anything else throws. */
export function readGrid(ctx: Ctx, table: unknown): Grid {
  const t = table as Partial<Record<keyof CohortTable, unknown>> | null;
  if (
    typeof table !== 'object' ||
    t === null ||
    typeof t.counts !== 'function' ||
    typeof t.retention !== 'function' ||
    typeof t.incomplete !== 'function' ||
    !Array.isArray(t.cohorts) ||
    !Array.isArray(t.columns)
  ) {
    return fail(ctx, 'table', 'a CohortTable', table);
  }
  const cohortTable = table as CohortTable;
  const counts = cohortTable.counts();
  const retention = cohortTable.retention();
  const incomplete = cohortTable.incomplete();
  const offsets = cohortTable.columns.slice();
  return {
    columns: columnLabels(offsets, cohortTable.returnRule),
    offsets,
    rows: cohortTable.cohorts.map((cohort, i) => ({
      label: cohort.label,
      size: cohort.size,
      cells: offsets.map((_, k) => ({
        count: counts[i]?.[k] ?? null,
        retention: retention[i]?.[k] ?? null,
        incomplete: incomplete[i]?.[k] ?? false,
      })),
    })),
  };
}

function columnLabels(offsets: readonly number[], rule: CohortTable['returnRule']): string[] {
  if (typeof rule !== 'object') return offsets.map(String);
  return offsets.map((start, j) => {
    const next = offsets[j + 1];
    if (j === 0) return String(start);
    if (next === undefined) return `${start}+`;
    return next - start === 1 ? String(start) : `${start}-${next - 1}`;
  });
}

/** The text shown in a cell, or null for an empty cell. */
export function cellText(cell: GridCell, values: 'retention' | 'counts', digits: number): string | null {
  if (values === 'counts') return cell.count === null ? null : String(cell.count);
  return cell.retention === null ? null : cell.retention.toPercent(digits);
}

/** The cell's heatmap colours (by retention, whatever is shown), or undefined when it has no retention. */
export function cellShade(cell: GridCell): Shade | undefined {
  return cell.retention === null ? undefined : shade(cell.retention.toNumber());
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
