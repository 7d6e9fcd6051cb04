import type { CohortTableView } from './_tableView.js';
import { noExtraArguments, options as readOptions } from '../core/_validate.js';
import { printable } from './_escape.js';
import { cellText, colourNote, defaultColourDomain, heatShade, INCOMPLETE_NOTE, joinOutput, readBoolean, readColourDomain, readCommon, readGrid, readString } from './_grid.js';

/**
 * Options of {@link cohortTableToText}.
 * @category render
 */
export interface CohortTableToTextOptions {
  /** `'retention'` (default): percentages of the cohort size; `'counts'`: customers per cell. */
  readonly values?: 'retention' | 'counts';
  /** Decimals of the percentages (`Rate.toPercent`), an integer 0-20. Default 1. */
  readonly digits?: number;
  /**
   * Shade each cell's background by its retention with ANSI 256-colour escapes. Default `false`. The
   * library never looks at the terminal or the environment: the caller decides (for example from
   * `process.stdout.isTTY` and `NO_COLOR`).
   */
  readonly colour?: boolean;
  /** Text of a cell that does not exist (after the end of observation, or an empty cohort's retention). Default `'·'`. */
  readonly empty?: string;
  /**
   * With `colour`: the retentions the shades span, `[lo, hi]` as fractions with 0 <= lo < hi <= 1, as in
   * {@link cohortTableToSvg}. Default: the lowest and highest retention of the returning cells (offsets
   * >= 1), or `[0, 1]` when there is none or they are all equal.
   */
  readonly colorDomain?: readonly [number, number];
}

/**
 * Renders a {@link CohortTable} as an aligned plain-text table for terminals and logs; this is also
 * `table.toString()`.
 *
 * The header row holds `cohort`, `size` and the column offsets k = 0, 1, 2... (for bracket rules the
 * bracket, such as `2-3` or `4+`). Each cohort gives one row: label (left-aligned), size and one value per
 * column (right-aligned): the retention as `Rate.toPercent(digits)`, or the count with
 * `{ values: 'counts' }`. A cell that does not exist shows `options.empty` (default `·`). A cell whose
 * period had not ended when observation stopped is marked with a trailing `*`, explained by a footnote
 * line. Lines carry no trailing spaces and the text ends without a newline.
 *
 * With `{ colour: true }`, each cell with a retention gets an ANSI 256-colour background from a
 * colour-blind-safe sequential palette (ColorBrewer Blues: light = low, dark = high) and black or white
 * text, whichever contrasts more; the header and labels stay plain. The shades follow the same colour
domain as the SVG and HTML heatmaps (offset 0 darkest; the returning cells spread over the palette from
their lowest to their highest retention, or over `colorDomain`), and a last line names the domain
(`colour: 6.0% to 40.0% (offset 0, the cohort itself, darkest)`).
 *
 * Escaping: the output is for terminals, so there is no markup to escape; instead control characters in
 * labels and in `options.empty` (C0 including tab and newlines, DEL, C1) are replaced by U+FFFD, so a
 * label cannot break the layout or inject terminal escape sequences.
 *
 * Output is deterministic: the same table and options give the same string on every runtime.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when `table` is not a CohortTable (including an object whose
 * private state cannot be reached, such as a `Proxy` of a table or `Object.create(CohortTable.prototype)`),
 * for an unknown or invalid option, and when the table has more than 250,000 cells (cohorts x columns,
 * checked before any cell is read) or the output would pass 2^28 characters: narrow the table with
 * `build({ from, to })`, a coarser period or `returnRule` brackets.
 * @example
 * ```ts
 * import { CohortBuilder, cohortTableToText } from 'loyalty-metrics';
 * const table = new CohortBuilder({ period: 'month' }).addAll([
 *   { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
 *   { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
 *   { customerId: 'a', timestamp: '2024-02-03T10:00:00Z' },
 *   { customerId: 'c', timestamp: '2024-02-10T10:00:00Z' },
 *   { customerId: 'b', timestamp: '2024-03-01T10:00:00Z' },
 * ]).build();
 * cohortTableToText(table).split('\n') //=> ["cohort  size       0       1       2", "2024-01    2  100.0%   50.0%   50.0%*", "2024-02    1  100.0%    0.0%*      ·", "2024-03    0       ·       ·       ·", "* incomplete: the period had not ended when observation stopped"]
 * cohortTableToText(table, { values: 'counts' }).split('\n')[1] //=> '2024-01    2  2   1   1*'
 * ```
 * @category render
 */
export function cohortTableToText(table: CohortTableView, options?: CohortTableToTextOptions): string {
  const ctx = { fn: 'cohortTableToText' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['values', 'digits', 'colour', 'empty', 'colorDomain']);
  const { values, digits } = readCommon(ctx, opts);
  const colour = readBoolean(ctx, opts, 'colour', false);
  const empty = printable(readString(ctx, opts, 'empty') ?? '·');
  const domainOption = readColourDomain(ctx, opts);
  const grid = readGrid(ctx, table, digits, values === 'retention');
  const domain = domainOption ?? defaultColourDomain(grid);

  const labels = grid.rows.map((row) => printable(row.label));
  const shown = grid.rows.map((row) => row.cells.map((cell) => cellText(cell, values)));
  const texts = shown.map((row) => row.map((text) => text ?? empty));
  // Widths by loops, not Math.max(...spread): a spread passes one argument per row, and past about
  // 125,000 arguments (Node 20) the call overflows the stack (B9).
  const labelWidth = widest(width('cohort'), labels);
  const sizeWidth = widest(width('size'), grid.rows.map((row) => String(row.size)));
  const columnWidths = grid.columns.map((label) => width(label));
  for (const row of texts) for (const [k, text] of row.entries()) columnWidths[k] = Math.max(columnWidths[k]!, width(text));

  let marked = false;
  const lines = [`${padEnd('cohort', labelWidth)} ${padStart('size', sizeWidth)}${grid.columns.map((label, k) => `  ${padStart(label, columnWidths[k]!)} `).join('')}`];
  for (const [i, row] of grid.rows.entries()) {
    const cells = row.cells.map((cell, k) => {
      const text = texts[i]![k]!;
      const mark = cell.incomplete && shown[i]![k] !== null;
      marked ||= mark;
      const segment = `  ${padStart(text, columnWidths[k]!)}${mark ? '*' : ' '}`;
      const colours = colour ? heatShade(cell, grid.offsets[k] ?? 0, domain) : undefined;
      return colours === undefined ? segment : `\u001b[48;5;${colours.ansiBackground}m\u001b[38;5;${colours.ansiText}m${segment}\u001b[0m`;
    });
    lines.push(`${padEnd(labels[i]!, labelWidth)} ${padStart(String(row.size), sizeWidth)}${cells.join('')}`);
  }
  if (marked) lines.push(INCOMPLETE_NOTE);
  if (colour && grid.rows.length > 0) lines.push(colourNote(domain, digits));
  return joinOutput(ctx, table, grid, lines.map((line) => line.trimEnd()), '\n');
}

/** The largest of `least` and the widths of `texts`. */
function widest(least: number, texts: readonly string[]): number {
  let most = least;
  for (const text of texts) most = Math.max(most, width(text));
  return most;
}

/** Width in code points (labels and numbers are narrow characters). */
function width(text: string): number {
  return [...text].length;
}

function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text;
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}
