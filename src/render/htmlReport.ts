import { type Ctx, fail, noExtraArguments, own, record } from '../core/_validate.js';
import { escapeHtml as e } from './_escape.js';
import { type HtmlReportItem, renderItem } from './_reportItems.js';
import { readArray, readText } from './_reportFormat.js';
import { REPORT_CSS } from './_reportStyle.js';

/**
 * A section of an {@link htmlReport}: a heading, an optional introduction and its items.
 * @category charts
 */
export interface HtmlReportSection {
  /** The section's heading (also its entry in the page's contents). */
  readonly heading: string;
  /** A paragraph under the heading: what the section shows and from which data. */
  readonly intro?: string;
  /** KPI tables, charts, cohort heatmaps, plain tables and paragraphs, in order. */
  readonly items: readonly HtmlReportItem[];
}

/**
 * What {@link htmlReport} reads: a title, optional subtitle and note on the data, and the sections.
 * @category charts
 */
export interface HtmlReport {
  /** The page's title (`<title>` and `<h1>`). */
  readonly title: string;
  /** A line under the title, e.g. the shop and the reporting month. */
  readonly subtitle?: string;
  /** What data the page is made from and which dates it covers. */
  readonly dataNote?: string;
  /** The sections, at least one. */
  readonly sections: readonly HtmlReportSection[];
}

/** Pages longer than this are refused rather than built (a string this long is near V8's limit). */
const MAX_PAGE_LENGTH = 2 ** 28;

/**
 * Builds one self-contained HTML page from the pieces of a report: KPI tables with their intervals, charts,
 * cohort heatmaps, plain tables (a fit's parameter summary, its checks) and paragraphs, in titled sections.
 *
 * The page needs nothing else: the style sheet is inline, there is no script and no network request (a
 * Content-Security-Policy `<meta>` forbids both, so even a chart's markup cannot run or fetch anything),
 * and it reads the same with scripts off. Dark text on a white page, a single column that narrows to phone
 * width (640 px and less; wide tables and heatmaps scroll sideways in their own box), a table of contents
 * linking to each section, and print rules that keep the heatmap's colours and do not split a table or a
 * chart across pages.
 *
 * Items (`type`):
 * - `'kpis'`: rows `{ label, value, interval?, note?, digits? }` as a table with the columns measure, value,
 *   interval and note. A value is a string (as it is), a number (an integer with thousands separators,
 *   otherwise 2 decimals), a Rate (`toPercent`, 1 decimal) or a Decimal (2 decimals, thousands separators);
 *   `digits` sets the decimals. An interval `{ lower, upper, confidence? }` (what `rate.interval()` and the
 *   survey scores give) is written like its value (in percent for a Rate, whose bounds are fractions) as
 *   `"40.1% to 46.0%"`; the column is headed `"95% interval"` when every interval states the same
 *   confidence, else each cell names its own.
 * - `'chart'`: a {@link Chart}: its `toHTML()` figure, inserted as markup (give charts of this library), and
 *   its description under it.
 * - `'cohortTable'`: a {@link CohortTable} (any {@link CohortTableView}) as its heatmap, the HTML table of
 *   {@link cohortTableToHtml} (default) or with `as: 'svg'` the SVG of {@link cohortTableToSvg}; `caption`
 *   and `colorDomain` are passed on.
 * - `'table'`: `{ caption, columns, rows, note?, digits? }`, cells formatted like KPI values (`null`: an
 *   empty cell, shown as an en dash); a column of numbers (or of text that reads as one number, such as
 *   `'EUR 1,234.56'` or `'8.7%'`) is right-aligned, as the KPI tables' value column always is.
 * - `'paragraph'`: `{ text }`.
 *
 * Every text (titles, labels, notes, cells, captions) is HTML-escaped. The output depends on the input only
 * (no clock, locale or random identifier): the same report gives the same bytes.
 *
 * @throws {@link MetricError} `INVALID_INPUT` naming the field as a path such as
 * `report.sections[2].items[0].rows[1].label`: a missing or empty title, heading or label, no sections or an
 * empty item list, an unknown field or item type, a value that is not a string, finite number, Rate or
 * finite Decimal, an interval with a non-finite bound, a confidence outside (0, 1), `digits` outside 0-20,
 * a cohort table its renderer refuses (its message is quoted); `INCONSISTENT_INPUT` for an interval with
 * lower > upper or a table row whose length differs from the columns'; and when the page would pass 2^28
 * characters.
 * @example
 * ```ts
 * import { htmlReport, Rate } from 'loyalty-metrics';
 * const retention = Rate.of(550, 658);
 * const html = htmlReport({
 *   title: 'Shop report, December 2024',
 *   dataNote: 'From events.csv: 25,000 events, January 2023 to December 2024.',
 *   sections: [{
 *     heading: 'Customers',
 *     items: [
 *       { type: 'kpis', rows: [{ label: 'Retention rate', value: retention, interval: retention.interval(), note: 'retained / at start' }] },
 *       { type: 'table', caption: 'Parameters', columns: ['parameter', 'estimate'], rows: [['r', 0.17], ['alpha', 0.39]] },
 *     ],
 *   }],
 * });
 * html.startsWith('<!doctype html>') //=> true
 * html.includes('<th scope="col" class="lm-num">95% interval</th>') //=> true
 * html.includes('<td class="lm-num">83.6%</td><td class="lm-num">80.6% to 86.2%</td>') //=> true
 * html.includes('<script') //=> false
 * try {
 *   htmlReport({ title: 'x', sections: [{ heading: 'y', items: [{ type: 'kpis', rows: [{ label: '', value: 1 }] }] }] });
 * } catch (error) {
 *   error.field //=> 'report.sections[0].items[0].rows[0].label'
 * }
 * ```
 * @category charts
 */
export function htmlReport(report: HtmlReport): string {
  const ctx: Ctx = { fn: 'htmlReport' };
  noExtraArguments(ctx, arguments, 1);
  const input = record(ctx, 'report', report, ['title', 'subtitle', 'dataNote', 'sections']);
  const title = readText(ctx, 'report.title', own(input, 'title'), true, true) as string;
  const subtitle = readText(ctx, 'report.subtitle', own(input, 'subtitle'));
  const dataNote = readText(ctx, 'report.dataNote', own(input, 'dataNote'));
  const sections = readArray(ctx, 'report.sections', own(input, 'sections'), true).map((value, i) => {
    const at = `report.sections[${i}]`;
    const section = record(ctx, at, value, ['heading', 'intro', 'items']);
    const heading = readText(ctx, `${at}.heading`, own(section, 'heading'), true, true) as string;
    const intro = readText(ctx, `${at}.intro`, own(section, 'intro'));
    const items = readArray(ctx, `${at}.items`, own(section, 'items'), true).map((item, j) => renderItem(ctx, `${at}.items[${j}]`, item));
    return { heading, intro, items };
  });

  const parts = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:" />`,
    '<meta name="generator" content="loyalty-metrics htmlReport" />',
    `<title>${e(title)}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${e(title)}</h1>`,
  ];
  if (subtitle !== undefined) parts.push(`<p class="lm-subtitle">${e(subtitle)}</p>`);
  if (dataNote !== undefined) parts.push(`<p class="lm-data-note">${e(dataNote)}</p>`);
  parts.push('</header>');
  if (sections.length > 1) {
    parts.push('<nav aria-label="Contents"><ol>');
    sections.forEach((s, i) => parts.push(`<li><a href="#section-${i + 1}">${e(s.heading)}</a></li>`));
    parts.push('</ol></nav>');
  }
  sections.forEach((s, i) => {
    parts.push(`<section id="section-${i + 1}" aria-labelledby="section-${i + 1}-heading">`, `<h2 id="section-${i + 1}-heading">${e(s.heading)}</h2>`);
    if (s.intro !== undefined) parts.push(`<p class="lm-intro">${e(s.intro)}</p>`);
    for (const item of s.items) parts.push(item);
    parts.push('</section>');
  });
  parts.push('<footer>Made with loyalty-metrics. A self-contained page: no script, no network.</footer>', '</main>', '</body>', '</html>', '');

  let length = 0;
  for (const part of parts) length += part.length + 1;
  if (length > MAX_PAGE_LENGTH) fail(ctx, 'report', `small enough that the page fits in ${MAX_PAGE_LENGTH} characters, and this one needs ${length}`, report);
  return parts.join('\n');
}
