import type { CohortTableView } from './_tableView.js';
import { noExtraArguments, options as readOptions } from '../core/_validate.js';
import { escapeHtml } from './_escape.js';
import { cellShade, cellText, cellTitle, INCOMPLETE_NOTE, joinOutput, readCommon, readGrid, readString } from './_grid.js';

/**
 * Options of {@link cohortTableToHtml}.
 * @category render
 */
export interface CohortTableToHtmlOptions {
  /** `'retention'` (default): percentages of the cohort size; `'counts'`: customers per cell. */
  readonly values?: 'retention' | 'counts';
  /** Decimals of the percentages (`Rate.toPercent`), an integer 0-20. Default 1. */
  readonly digits?: number;
  /** Text of a `<caption>` above the table (escaped). Default: no caption. */
  readonly caption?: string;
}

const TABLE_STYLE = 'border-collapse:collapse;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:13px;font-variant-numeric:tabular-nums';
const CAPTION_STYLE = 'caption-side:top;text-align:left;font-weight:600;padding:4px 0';
const HEAD_STYLE = 'padding:4px 8px;text-align:right;font-weight:600;border-bottom:1px solid #999999';
const LABEL_STYLE = 'padding:4px 8px;text-align:left;font-weight:600;white-space:nowrap';
const CELL_STYLE = 'padding:4px 8px;text-align:right;white-space:nowrap';
const NOTE_STYLE = 'padding:4px 8px;text-align:left;font-size:11px;color:#555555';

/**
 * Renders a {@link CohortTable} as a self-contained HTML `<table>` heatmap (inline styles only, no
 * classes, scripts or external CSS), for web pages, e-mails and notebooks; this is also `table.toHTML()`
 * and what Jupyter shows.
 *
 * The head row holds `cohort`, `size` and the column offsets k = 0, 1, 2... (or the brackets). Each cohort
 * gives one body row: its label as a row header, its size, and per column the retention
 * (`Rate.toPercent(digits)`) or, with `{ values: 'counts' }`, the count. Each cell with a retention has a
 * background from a colour-blind-safe sequential palette (ColorBrewer Blues: light = low, dark = high),
 * text in black or white, whichever has the higher WCAG contrast, and a `title` tooltip with count/size
 * (`"1/2 customers"`). A cell that does not exist is an empty `<td></td>`. A cell whose period had not ended
 * when observation stopped shows a trailing `*`, says so in its title, and a `<tfoot>` note explains the
 * mark.
 *
 * Escaping: every text and attribute value (labels, headers, numbers, caption) is HTML-escaped: `&`, `<`,
 * `>`, `"` and `'` become character references, and control characters other than tab and newlines (C0,
 * DEL, C1), lone surrogates, U+FFFE and U+FFFF become U+FFFD, so the table is also well-formed XML
 * (XHTML). The output is deterministic, one element per line.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when `table` is not a CohortTable (including an object whose
 * private state cannot be reached, such as a `Proxy` of a table or `Object.create(CohortTable.prototype)`),
 * for an unknown or invalid option, and when the table has more than 250,000 cells (cohorts x columns,
 * checked before any cell is read) or the output would pass 2^28 characters: narrow the table with
 * `build({ from, to })`, a coarser period or `returnRule` brackets.
 * @example
 * ```ts
 * import { CohortBuilder, cohortTableToHtml } from 'loyalty-metrics';
 * const table = new CohortBuilder({ period: 'month' }).addAll([
 *   { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
 *   { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
 *   { customerId: 'a', timestamp: '2024-02-03T10:00:00Z' },
 * ]).build();
 * const html = cohortTableToHtml(table, { caption: 'Retention & churn' });
 * html.startsWith('<table style=') //=> true
 * html.includes('<caption style="caption-side:top;text-align:left;font-weight:600;padding:4px 0">Retention &amp; churn</caption>') //=> true
 * html.includes('title="1/2 customers, period incomplete">50.0%*</td>') //=> true
 * ```
 * @category render
 */
export function cohortTableToHtml(table: CohortTableView, options?: CohortTableToHtmlOptions): string {
  const ctx = { fn: 'cohortTableToHtml' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['values', 'digits', 'caption']);
  const { values, digits } = readCommon(ctx, opts);
  const caption = readString(ctx, opts, 'caption');
  const grid = readGrid(ctx, table, digits, values === 'retention');
  const e = escapeHtml;

  const lines = [`<table style="${TABLE_STYLE}">`];
  if (caption !== undefined) lines.push(`<caption style="${CAPTION_STYLE}">${e(caption)}</caption>`);
  const head = ['cohort', 'size', ...grid.columns].map((label, i) => `<th scope="col" style="${i === 0 ? `${LABEL_STYLE};border-bottom:1px solid #999999` : HEAD_STYLE}">${e(label)}</th>`);
  lines.push(`<thead><tr>${head.join('')}</tr></thead>`, '<tbody>');
  let marked = false;
  for (const row of grid.rows) {
    const cells = row.cells.map((cell) => {
      const text = cellText(cell, values);
      if (text === null) return '<td></td>';
      marked ||= cell.incomplete;
      const colours = cellShade(cell);
      const style = colours === undefined ? CELL_STYLE : `${CELL_STYLE};background-color:${colours.background};color:${colours.text}`;
      return `<td style="${e(style)}" title="${e(cellTitle(cell, row.size))}">${e(text)}${cell.incomplete ? '*' : ''}</td>`;
    });
    lines.push(`<tr><th scope="row" style="${LABEL_STYLE}">${e(row.label)}</th><td style="${CELL_STYLE}">${e(String(row.size))}</td>${cells.join('')}</tr>`);
  }
  lines.push('</tbody>');
  if (marked) lines.push(`<tfoot><tr><td colspan="${grid.columns.length + 2}" style="${NOTE_STYLE}">${e(INCOMPLETE_NOTE)}</td></tr></tfoot>`);
  lines.push('</table>');
  return joinOutput(ctx, table, grid, lines, '\n');
}
