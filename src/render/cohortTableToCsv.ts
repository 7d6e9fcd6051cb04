import type { CohortTableView } from './_tableView.js';
import { fail, noExtraArguments, own, options as readOptions } from '../core/_validate.js';
import { csvCell } from './_escape.js';
import { joinOutput, MAX_CSV_CELLS, readCommon, readGrid } from './_grid.js';

/**
 * Options of {@link cohortTableToCsv}.
 * @category render
 */
export interface CohortTableToCsvOptions {
  /**
   * `'wide'` (default): one record per cohort, `cohort,size,k0,k1,...`. `'long'`: one record per existing
   * cell, `cohort,size,offset,count,retention,incomplete`.
   */
  readonly layout?: 'wide' | 'long';
  /** Wide layout only: `'retention'` (default) as a decimal fraction, or `'counts'`. Long records carry both. */
  readonly values?: 'retention' | 'counts';
  /** Record separator: `'\r\n'` (default, RFC 4180) or `'\n'`. */
  readonly newline?: '\r\n' | '\n';
}

/**
 * Renders a {@link CohortTable} as CSV (RFC 4180), for spreadsheets and data tools.
 *
 * Wide layout (default): a header `cohort,size,k0,k1,...` (bracket columns are named by their bracket,
 * such as `k2-3` and `k4+`), then one record per cohort with its label, size and per column the retention
 * as a decimal fraction (the shortest float that reads back exactly, such as `0.5` or
 * `0.3333333333333333`), or the count with `{ values: 'counts' }`. Long layout: one record per existing
 * cell with `cohort,size,offset,count,retention,incomplete` (`offset` is the column offset or bracket
 * start; `incomplete` is `true` or `false`). A cell that does not exist, or the retention of an empty
 * cohort, is an empty field. Every record, the last included, ends with `options.newline`.
 *
 * Escaping: every field, header and numbers included, goes through the same rule. First, a field that
 * begins with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so spreadsheets do not run
 * it as a formula (OWASP CSV Injection guidance); then a field containing `,`, `"`, CR or LF is enclosed in
 * double quotes with inner quotes doubled (RFC 4180). Period labels and counts never need either today.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when `table` is not a CohortTable (including an object whose
 * private state cannot be reached, such as a `Proxy` of a table or `Object.create(CohortTable.prototype)`),
 * for an unknown or invalid option, and when the table has more than 1,000,000 cells (cohorts x columns,
 * checked before any cell is read) or the output would pass 2^28 characters: narrow the table with
 * `build({ from, to })`, a coarser period or `returnRule` brackets.
 * @example
 * ```ts
 * import { CohortBuilder, cohortTableToCsv } from 'loyalty-metrics';
 * const table = new CohortBuilder({ period: 'month' }).addAll([
 *   { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
 *   { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
 *   { customerId: 'a', timestamp: '2024-02-03T10:00:00Z' },
 *   { customerId: 'c', timestamp: '2024-02-10T10:00:00Z' },
 *   { customerId: 'b', timestamp: '2024-03-01T10:00:00Z' },
 * ]).build();
 * cohortTableToCsv(table) //=> 'cohort,size,k0,k1,k2\r\n2024-01,2,1,0.5,0.5\r\n2024-02,1,1,0,\r\n2024-03,0,,,\r\n'
 * cohortTableToCsv(table, { values: 'counts', newline: '\n' }) //=> 'cohort,size,k0,k1,k2\n2024-01,2,2,1,1\n2024-02,1,1,0,\n2024-03,0,0,,\n'
 * cohortTableToCsv(table, { layout: 'long' }).split('\r\n')[3] //=> '2024-01,2,2,1,0.5,true'
 * ```
 * @category render
 */
export function cohortTableToCsv(table: CohortTableView, options?: CohortTableToCsvOptions): string {
  const ctx = { fn: 'cohortTableToCsv' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['layout', 'values', 'newline']);
  const layout = own(opts, 'layout') ?? 'wide';
  if (layout !== 'wide' && layout !== 'long') fail(ctx, 'options.layout', "one of 'wide', 'long'", layout);
  const { values } = readCommon(ctx, opts);
  const newline = own(opts, 'newline') ?? '\r\n';
  if (newline !== '\r\n' && newline !== '\n') fail(ctx, 'options.newline', "'\\r\\n' or '\\n'", newline);
  const grid = readGrid(ctx, table, 1, false, MAX_CSV_CELLS);

  const records: string[][] = [];
  if (layout === 'wide') {
    records.push(['cohort', 'size', ...grid.columns.map((label) => `k${label}`)]);
    for (const row of grid.rows) {
      const cells = row.cells.map((cell) => {
        if (values === 'counts') return cell.count === null ? '' : String(cell.count);
        return cell.fraction === null ? '' : String(cell.fraction);
      });
      records.push([row.label, String(row.size), ...cells]);
    }
  } else {
    records.push(['cohort', 'size', 'offset', 'count', 'retention', 'incomplete']);
    for (const row of grid.rows) {
      for (const [k, cell] of row.cells.entries()) {
        if (cell.count === null) continue;
        const retention = cell.fraction === null ? '' : String(cell.fraction);
        records.push([row.label, String(row.size), String(grid.offsets[k]), String(cell.count), retention, String(cell.incomplete)]);
      }
    }
  }
  return joinOutput(ctx, table, grid, records.map((record) => record.map(csvCell).join(',') + newline), '');
}
