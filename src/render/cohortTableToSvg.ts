import type { CohortTableView } from './_tableView.js';
import { noExtraArguments, options as readOptions } from '../core/_validate.js';
import { escapeHtml } from './_escape.js';
import { cellText, cellTitle, colourNote, defaultColourDomain, heatShade, INCOMPLETE_NOTE, joinOutput, legendPercent, readAxisTitles, readColourDomain, readCommon, readGrid, readString } from './_grid.js';
import { shade } from './_palette.js';

/**
 * Options of {@link cohortTableToSvg}.
 * @category render
 */
export interface CohortTableToSvgOptions {
  /** `'retention'` (default): percentages of the cohort size; `'counts'`: customers per cell. */
  readonly values?: 'retention' | 'counts';
  /** Decimals of the percentages (`Rate.toPercent`), an integer 0-20. Default 1. */
  readonly digits?: number;
  /** A heading drawn above the heatmap and used as the SVG's `<title>` (escaped). Default: none drawn. */
  readonly title?: string;
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

/** Layout, in px. Text widths are estimated at CHAR px per character of the 12 px font. */
const PAD = 8;
const CHAR = 7;
const ROW = 24;
const TITLE = 24;
const AXIS = 20;
const LEGEND_STEPS = 10;
const SWATCH = 16;
const FONT = 'system-ui, sans-serif';

/**
 * Renders a {@link CohortTable} as a standalone SVG heatmap (`<svg xmlns="http://www.w3.org/2000/svg">`),
 * built as a string with no DOM, for reports, READMEs and image export; this is also `table.toSVG()`.
 *
 * Layout: an optional title, a header with `cohort`, `size` and the column offsets k = 0, 1, 2... (or the
 * brackets), then one row per cohort with its label and size on the left and a cell per existing column,
 * which makes the usual triangle. Each cell shows the retention (`Rate.toPercent(digits)`) or, with
 * `{ values: 'counts' }`, the count; cells with a retention are filled from a colour-blind-safe sequential
 * palette (ColorBrewer Blues: light = low, dark = high) with black or white text, whichever contrasts
 * more, and carry a `<title>` tooltip with count/size. Cells that do not exist are left blank. A cell whose
 * period had not ended when observation stopped shows a trailing `*`, explained by a footnote.
 *
 * Colours: offset 0 (the cohort itself, 100 %) is always the darkest colour and not part of the scale. The
 * other cells are placed linearly in the colour domain, by default from the lowest to the highest
 * retention of the returning cells (offsets >= 1), so that typical retentions of 5-40 % use the whole
 * palette instead of its palest end; `colorDomain` fixes it (values outside are clamped to its ends).
 * With no returning cell, or all of them equal, the domain is 0% to 100%. A legend under the grid shows
 * the palette from the domain's low to its high end and a note `"colour: 6.0% to 40.0% ..."` (with
 * `digits` decimals), repeated in the SVG's `<desc>`. Axis titles sit above the header: the row axis
 * (`rowTitle`) and the column axis (`columnTitle`); `table.toSVG()` names the table's period, as in
 * `"months since the cohort's month"` or `"30-day windows since the first event"`. The size follows the number of rows and columns and
 * the longest texts (about 24 px per row, 48-60 px per column); width, height and viewBox are integers.
 *
 * Escaping: every text and attribute value (labels, headers, numbers, title) is escaped as for HTML
 * (`&`, `<`, `>`, `"`, `'`), which is also valid XML, and characters XML 1.0 does not allow (control
 * characters other than tab and newlines, DEL and C1 controls, lone surrogates, U+FFFE and U+FFFF) become
 * U+FFFD, so the document is well-formed XML whatever the title and labels. The output is deterministic:
 * same table and options, same string, on every runtime.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when `table` is not a CohortTable (including an object whose
 * private state cannot be reached, such as a `Proxy` of a table or `Object.create(CohortTable.prototype)`),
 * for an unknown or invalid option, and when the table has more than 250,000 cells (cohorts x columns,
 * checked before any cell is read) or the output would pass 2^28 characters: narrow the table with
 * `build({ from, to })`, a coarser period or `returnRule` brackets.
 * @example
 * ```ts
 * import { CohortBuilder, cohortTableToSvg } from 'loyalty-metrics';
 * const table = new CohortBuilder({ period: 'month' }).addAll([
 *   { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
 *   { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
 *   { customerId: 'a', timestamp: '2024-02-03T10:00:00Z' },
 * ]).build();
 * const svg = cohortTableToSvg(table, { title: 'Retention <monthly>' });
 * svg.split('\n')[0] //=> '<svg xmlns="http://www.w3.org/2000/svg" width="457" height="196" viewBox="0 0 457 196" role="img">'
 * svg.split('\n')[1] //=> '<title>Retention &lt;monthly&gt;</title>'
 * svg.includes('>50.0%*</text>') //=> true
 * svg.includes('>colour: 0.0% to 100.0% (offset 0, the cohort itself, darkest)</text>') //=> true
 * ```
 * @category render
 */
export function cohortTableToSvg(table: CohortTableView, options?: CohortTableToSvgOptions): string {
  const ctx = { fn: 'cohortTableToSvg' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['values', 'digits', 'title', 'colorDomain', 'rowTitle', 'columnTitle']);
  const { values, digits } = readCommon(ctx, opts);
  const title = readString(ctx, opts, 'title');
  const chosenDomain = readColourDomain(ctx, opts);
  const grid = readGrid(ctx, table, digits, values === 'retention');
  const axes = readAxisTitles(ctx, opts, grid);
  const domain = chosenDomain ?? defaultColourDomain(grid);
  const e = escapeHtml;

  const texts = grid.rows.map((row) => row.cells.map((cell) => {
    const text = cellText(cell, values);
    return text === null ? null : `${text}${cell.incomplete ? '*' : ''}`;
  }));
  const chars = (text: string): number => [...text].length;
  // Loops, not Math.max(...spread): a spread passes one argument per label or cell and overflowed the
  // stack from about 360 daily cohorts (B9).
  let longestLabel = chars('cohort');
  let longestSize = chars('size');
  let longestCell = 1;
  for (const row of grid.rows) {
    longestLabel = Math.max(longestLabel, chars(row.label));
    longestSize = Math.max(longestSize, chars(String(row.size)));
  }
  for (const label of grid.columns) longestCell = Math.max(longestCell, chars(label));
  for (const row of texts) for (const text of row) if (text !== null) longestCell = Math.max(longestCell, chars(text));
  const labelWidth = longestLabel * CHAR + 2 * PAD;
  const sizeWidth = longestSize * CHAR + 2 * PAD;
  const cellWidth = Math.max(48, longestCell * CHAR + 12);
  const titleHeight = title === undefined ? 0 : TITLE;
  const gridX = PAD + labelWidth + sizeWidth;
  const gridY = PAD + titleHeight + AXIS + ROW;
  // The column axis title starts over the grid, or after the row axis title when that one is longer.
  const columnTitleX = Math.max(gridX, PAD + chars(axes.rows) * CHAR + 2 * PAD);
  const legendY = gridY + grid.rows.length * ROW + 12;
  const marked = grid.rows.some((row, i) => row.cells.some((cell, k) => cell.incomplete && texts[i]![k] !== null));
  const low = legendPercent(domain[0], digits);
  const high = legendPercent(domain[1], digits);
  const note = colourNote(domain, digits);
  const stripX = PAD + Math.max(92, chars(low) * CHAR) + 4;
  const width = Math.max(
    gridX + grid.columns.length * cellWidth,
    columnTitleX + chars(axes.columns) * CHAR,
    stripX + LEGEND_STEPS * SWATCH + 4 + chars(high) * CHAR,
    PAD + chars(note) * CHAR,
    marked ? PAD + chars(INCOMPLETE_NOTE) * CHAR : 0,
    title === undefined ? 0 : PAD + chars(title) * 8,
  ) + PAD;
  const height = legendY + 12 + 20 + (marked ? 20 : 0) + PAD;
  const name = title ?? (values === 'counts' ? 'Cohort counts' : 'Cohort retention');

  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${e(name)}</title>`,
    `<desc>${e(`${axes.rows} by ${axes.columns}; ${note}`)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g font-family="${FONT}" font-size="12" fill="#222222">`,
  ];
  if (title !== undefined) out.push(`<text x="${PAD}" y="${PAD + 16}" font-size="14" font-weight="600">${e(title)}</text>`);
  const headerY = gridY - 8;
  const axisY = PAD + titleHeight + 14;
  out.push(
    `<text x="${PAD}" y="${axisY}" font-style="italic" fill="#555555">${e(axes.rows)}</text>`,
    `<text x="${columnTitleX}" y="${axisY}" font-style="italic" fill="#555555">${e(axes.columns)}</text>`,
    `<text x="${PAD}" y="${headerY}" font-weight="600">cohort</text>`,
    `<text x="${gridX - PAD}" y="${headerY}" font-weight="600" text-anchor="end">size</text>`,
  );
  for (const [k, label] of grid.columns.entries()) {
    out.push(`<text x="${gridX + k * cellWidth + cellWidth / 2}" y="${headerY}" font-weight="600" text-anchor="middle">${e(label)}</text>`);
  }
  for (const [i, row] of grid.rows.entries()) {
    const y = gridY + i * ROW;
    const middle = y + ROW / 2;
    out.push(
      `<text x="${PAD}" y="${middle}" dominant-baseline="central">${e(row.label)}</text>`,
      `<text x="${gridX - PAD}" y="${middle}" dominant-baseline="central" text-anchor="end">${e(String(row.size))}</text>`,
    );
    for (const [k, cell] of row.cells.entries()) {
      const text = texts[i]![k];
      if (text === null || text === undefined) continue;
      const x = gridX + k * cellWidth;
      const colours = heatShade(cell, grid.offsets[k]!, domain);
      if (colours !== undefined) {
        out.push(`<rect x="${x}" y="${y}" width="${cellWidth}" height="${ROW}" fill="${colours.background}" stroke="#ffffff"><title>${e(cellTitle(cell, row.size))}</title></rect>`);
      }
      const fill = colours === undefined ? '' : ` fill="${colours.text}"`;
      out.push(`<text x="${x + cellWidth / 2}" y="${middle}" dominant-baseline="central" text-anchor="middle"${fill}>${e(text)}</text>`);
    }
  }
  const legendText = legendY + 6;
  out.push(`<text x="${stripX - 4}" y="${legendText}" dominant-baseline="central" text-anchor="end">${e(low)}</text>`);
  for (let s = 0; s < LEGEND_STEPS; s++) {
    out.push(`<rect x="${stripX + s * SWATCH}" y="${legendY}" width="${SWATCH}" height="12" fill="${shade((s + 0.5) / LEGEND_STEPS).background}"/>`);
  }
  out.push(
    `<text x="${stripX + 4 + LEGEND_STEPS * SWATCH}" y="${legendText}" dominant-baseline="central">${e(high)}</text>`,
    `<text x="${PAD}" y="${legendY + 30}" font-size="11" fill="#555555">${e(note)}</text>`,
  );
  if (marked) out.push(`<text x="${PAD}" y="${legendY + 50}" font-size="11" fill="#555555">${e(INCOMPLETE_NOTE)}</text>`);
  out.push('</g>', '</svg>');
  return joinOutput(ctx, table, grid, out, '\n');
}
