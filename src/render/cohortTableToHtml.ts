import type { CohortTableView } from './_tableView.js';
import { noExtraArguments, options as readOptions } from '../core/_validate.js';
import { escapeHtml } from './_escape.js';
import { cellText, cellTitle, colourNote, defaultColourDomain, heatShade, INCOMPLETE_NOTE, joinOutput, readAxisTitles, readColourDomain, readCommon, readGrid, readString } from './_grid.js';

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
  /**
   * The retentions the colours span, `[lo, hi]` as fractions with 0 <= lo < hi <= 1; cells outside are
   * drawn in the colour of the nearer end. Default: the lowest and highest retention of the cells at
   * offsets >= 1 (the returning cells), or `[0, 1]` when there is none or they are all equal.
   */
  readonly colorDomain?: readonly [number, number];
  /** Title of the row axis (escaped). Default from the table's `period` (`"cohort (month of first event)"`), or `"cohort (period of first event)"` for a view without one. */
  readonly rowTitle?: string;
  /** Title of the column axis (escaped). Default from the table's `period` and `timeWindow` (`"months since the cohort's month"`, `"30-day windows since the first event"`), or `"periods since the cohort's period"`. */
  readonly columnTitle?: string;
}

const TABLE_STYLE = 'border-collapse:collapse;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:13px;font-variant-numeric:tabular-nums';
const CAPTION_STYLE = 'caption-side:top;text-align:left;font-weight:600;padding:4px 0';
const HEAD_STYLE = 'padding:4px 8px;text-align:right;font-weight:600;border-bottom:1px solid #999999';
const LABEL_STYLE = 'padding:4px 8px;text-align:left;font-weight:600;white-space:nowrap';
const CELL_STYLE = 'padding:4px 8px;text-align:right;white-space:nowrap';
const AXIS_STYLE = 'padding:4px 8px;text-align:left;font-weight:400;font-style:italic;color:#555555';
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
 * Colours: offset 0 (the cohort itself, 100 %) is always the darkest colour and not part of the scale. The
 * other cells are placed linearly in the colour domain, by default from the lowest to the highest
 * retention of the returning cells (offsets >= 1), so that typical retentions of 5-40 % use the whole
 * palette instead of its palest end; `colorDomain` fixes it (values outside are clamped to its ends).
 * With no returning cell, or all of them equal, the domain is 0% to 100%. The `<tfoot>` states the domain
 * used: `"colour: 6.0% to 40.0% ..."` (with `digits` decimals). A first head row holds the axis titles: the
 * row axis (`rowTitle`) over the cohort and size columns, the column axis (`columnTitle`) over the offsets;
 * `table.toHTML()` names the table's period, as in `"months since the cohort's month"`.
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
 * html.includes('>colour: 0.0% to 100.0% (offset 0, the cohort itself, darkest)</td>') //=> true
 * ```
 * @category render
 */
export function cohortTableToHtml(table: CohortTableView, options?: CohortTableToHtmlOptions): string {
  const ctx = { fn: 'cohortTableToHtml' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['values', 'digits', 'caption', 'colorDomain', 'rowTitle', 'columnTitle']);
  const { values, digits } = readCommon(ctx, opts);
  const caption = readString(ctx, opts, 'caption');
  const chosenDomain = readColourDomain(ctx, opts);
  const grid = readGrid(ctx, table, digits, values === 'retention');
  const axes = readAxisTitles(ctx, opts, grid);
  const domain = chosenDomain ?? defaultColourDomain(grid);
  const e = escapeHtml;

  const lines = [`<table style="${TABLE_STYLE}">`];
  if (caption !== undefined) lines.push(`<caption style="${CAPTION_STYLE}">${e(caption)}</caption>`);
  const head = ['cohort', 'size', ...grid.columns].map((label, i) => `<th scope="col" style="${i === 0 ? `${LABEL_STYLE};border-bottom:1px solid #999999` : HEAD_STYLE}">${e(label)}</th>`);
  const columnAxis = grid.columns.length === 0 ? '' : `<th scope="colgroup" colspan="${grid.columns.length}" style="${AXIS_STYLE}">${e(axes.columns)}</th>`;
  const axisRow = `<tr><th scope="colgroup" colspan="2" style="${AXIS_STYLE}">${e(axes.rows)}</th>${columnAxis}</tr>`;
  lines.push(`<thead>${axisRow}<tr>${head.join('')}</tr></thead>`, '<tbody>');
  let marked = false;
  for (const row of grid.rows) {
    const cells = row.cells.map((cell, k) => {
      const text = cellText(cell, values);
      if (text === null) return '<td></td>';
      marked ||= cell.incomplete;
      const colours = heatShade(cell, grid.offsets[k]!, domain);
      const style = colours === undefined ? CELL_STYLE : `${CELL_STYLE};background-color:${colours.background};color:${colours.text}`;
      return `<td style="${e(style)}" title="${e(cellTitle(cell, row.size))}">${e(text)}${cell.incomplete ? '*' : ''}</td>`;
    });
    lines.push(`<tr><th scope="row" style="${LABEL_STYLE}">${e(row.label)}</th><td style="${CELL_STYLE}">${e(String(row.size))}</td>${cells.join('')}</tr>`);
  }
  lines.push('</tbody>');
  const note = (text: string): string => `<tr><td colspan="${grid.columns.length + 2}" style="${NOTE_STYLE}">${e(text)}</td></tr>`;
  lines.push(`<tfoot>${note(colourNote(domain, digits))}${marked ? note(INCOMPLETE_NOTE) : ''}</tfoot>`);
  lines.push('</table>');
  return joinOutput(ctx, table, grid, lines, '\n');
}
