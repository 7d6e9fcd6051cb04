/**
 * The blocks of {@link htmlReport}'s items: KPI tables, plain tables, charts and cohort heatmaps, each read
 * (with its field path in any error) and written as an HTML fragment with every text escaped.
 */
import { MetricError } from '../core/MetricError.js';
import { type Ctx, fail, own, record } from '../core/_validate.js';
import { escapeHtml as e } from './_escape.js';
import type { CohortTableView } from './_tableView.js';
import { cohortTableToHtml } from './cohortTableToHtml.js';
import { cohortTableToSvg } from './cohortTableToSvg.js';
import { confidenceText, type FormattedValue, formatInterval, formatValue, readArray, readDigits, readText } from './_reportFormat.js';

function caption(text: string | undefined): string {
  return text === undefined ? '' : `<caption>${e(text)}</caption>`;
}

export function kpis(ctx: Ctx, field: string, item: object): string {
  const title = readText(ctx, `${field}.caption`, own(item, 'caption'));
  const rows = readArray(ctx, `${field}.rows`, own(item, 'rows'), true).map((row, i) => {
    const at = `${field}.rows[${i}]`;
    const input = record(ctx, at, row, ['label', 'value', 'interval', 'note', 'digits']);
    const label = readText(ctx, `${at}.label`, own(input, 'label'), true, true) as string;
    const digits = readDigits(ctx, `${at}.digits`, own(input, 'digits'));
    const value = formatValue(ctx, `${at}.value`, own(input, 'value'), digits, false);
    const raw = own(input, 'interval');
    const interval = raw === undefined ? undefined : formatInterval(ctx, `${at}.interval`, raw, value, digits);
    return { label, value, interval, note: readText(ctx, `${at}.note`, own(input, 'note')) ?? '' };
  });
  const levels = [...new Set(rows.flatMap((r) => (r.interval?.confidence === undefined ? [] : [r.interval.confidence])))];
  const shared = levels.length === 1 && rows.every((r) => r.interval === undefined || r.interval.confidence !== undefined);
  const head = shared ? `${confidenceText(levels[0] as number)} interval` : 'interval';
  const hasInterval = rows.some((r) => r.interval !== undefined);
  const lines = [`<div class="lm-scroll"><table class="lm-kpis">${caption(title)}`, `<thead><tr><th scope="col">measure</th><th scope="col" class="lm-num">value</th>${hasInterval ? `<th scope="col" class="lm-num">${e(head)}</th>` : ''}<th scope="col">note</th></tr></thead>`, '<tbody>'];
  for (const r of rows) {
    let interval = '';
    if (hasInterval) {
      const text = r.interval === undefined ? '' : `${r.interval.text}${!shared && r.interval.confidence !== undefined ? ` (${confidenceText(r.interval.confidence)})` : ''}`;
      interval = `<td class="lm-num">${e(text)}</td>`;
    }
    // The value column is a column of numbers: right-aligned whatever form each value takes.
    lines.push(`<tr><th scope="row">${e(r.label)}</th><td class="lm-num">${e(r.value.text)}</td>${interval}<td class="lm-note">${e(r.note)}</td></tr>`);
  }
  lines.push('</tbody></table></div>');
  return lines.join('\n');
}

function cell(value: FormattedValue): string {
  return value.numeric ? `<td class="lm-num">${e(value.text)}</td>` : `<td>${e(value.text)}</td>`;
}

export function chart(ctx: Ctx, field: string, item: object): string {
  const at = `${field}.chart`;
  const value = own(item, 'chart');
  const rule = 'a Chart (with title, description and toHTML())';
  if (typeof value !== 'object' || value === null) fail(ctx, at, rule, value);
  const c = value as Partial<Record<'title' | 'description' | 'toHTML', unknown>>;
  readText(ctx, `${at}.title`, c.title, true);
  const description = readText(ctx, `${at}.description`, c.description, true) as string;
  if (typeof c.toHTML !== 'function') fail(ctx, `${at}.toHTML`, 'a function', c.toHTML);
  const html: unknown = (c.toHTML as () => unknown).call(value);
  if (typeof html !== 'string' || html.trim() === '') fail(ctx, `${at}.toHTML()`, 'a non-empty string', html);
  return `<div class="lm-figure">\n${html}\n<p class="lm-note">${e(description)}</p>\n</div>`;
}

export function cohortTable(ctx: Ctx, field: string, item: object): string {
  const text = readText(ctx, `${field}.caption`, own(item, 'caption'));
  const as = own(item, 'as');
  if (as !== undefined && as !== 'table' && as !== 'svg') fail(ctx, `${field}.as`, "one of 'table', 'svg'", as);
  const domain = own(item, 'colorDomain');
  const options = { ...(domain === undefined ? {} : { colorDomain: domain as readonly [number, number] }) };
  try {
    if (as === 'svg') return `<div class="lm-scroll lm-heatmap">\n${cohortTableToSvg(own(item, 'table') as CohortTableView, { ...options, ...(text === undefined ? {} : { title: text }) })}\n</div>`;
    return `<div class="lm-scroll lm-heatmap">\n${cohortTableToHtml(own(item, 'table') as CohortTableView, { ...options, ...(text === undefined ? {} : { caption: text }) })}\n</div>`;
  } catch (error) {
    if (!(error instanceof MetricError)) throw error;
    // The renderer names its own argument (`table`, `options.colorDomain`): say where it sits in the report.
    const inner = error.field.startsWith('options.') ? error.field.slice('options.'.length) : error.field;
    return fail(ctx, `${field}.${inner}`, `what ${error.functionName} accepts (${error.message})`, error.received, error.code);
  }
}

export function table(ctx: Ctx, field: string, item: object): string {
  const title = readText(ctx, `${field}.caption`, own(item, 'caption'), true) as string;
  const columns = readArray(ctx, `${field}.columns`, own(item, 'columns'), true).map((c, j) => readText(ctx, `${field}.columns[${j}]`, c, true) as string);
  const digits = readDigits(ctx, `${field}.digits`, own(item, 'digits'));
  const rows = readArray(ctx, `${field}.rows`, own(item, 'rows')).map((row, i) => {
    const cells = readArray(ctx, `${field}.rows[${i}]`, row);
    if (cells.length !== columns.length) fail(ctx, `${field}.rows[${i}]`, `an array of ${columns.length} cells (one per column)`, row, 'INCONSISTENT_INPUT');
    return cells.map((c, j) => formatValue(ctx, `${field}.rows[${i}][${j}]`, c, digits, true));
  });
  const note = readText(ctx, `${field}.note`, own(item, 'note'));
  const numericColumn = columns.map((_, j) => rows.length > 0 && rows.every((r) => r[j]!.numeric || r[j]!.text === '\u2013'));
  const head = columns.map((c, j) => `<th scope="col"${numericColumn[j] ? ' class="lm-num"' : ''}>${e(c)}</th>`).join('');
  const lines = [`<div class="lm-scroll"><table class="lm-table">${caption(title)}`, `<thead><tr>${head}</tr></thead>`, '<tbody>'];
  for (const row of rows) {
    lines.push(`<tr>${row.map((c, j) => (j === 0 && !c.numeric ? `<th scope="row">${e(c.text)}</th>` : cell(c))).join('')}</tr>`);
  }
  lines.push('</tbody>');
  if (note !== undefined) lines.push(`<tfoot><tr><td colspan="${columns.length}" class="lm-note">${e(note)}</td></tr></tfoot>`);
  lines.push('</table></div>');
  return lines.join('\n');
}
