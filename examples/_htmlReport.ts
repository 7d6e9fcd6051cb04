// The demo's report, written twice from one description: on the terminal (printReport) and as one HTML
// page (writeHtmlReport, with the library's htmlReport). Both read the same HtmlReport, so they cannot
// tell different stories.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cohortTableToText, type HtmlReport, type HtmlReportItem, type HtmlReportValue, htmlReport, Rate } from '../src/index.js';
import { decimal, groupDigits, heading, paint, row } from './_format.js';

/** Lines printed under a section on the terminal only (such as the NPS bar), by section heading. */
export type TerminalExtras = ReadonlyMap<string, readonly string[]>;

/** Prints the report on the terminal: title, data note, then each section's items as aligned text. */
export function printReport(report: HtmlReport, colour: boolean, extras: TerminalExtras = new Map()): void {
  console.log(paint.bold(report.title));
  if (report.subtitle !== undefined) console.log(report.subtitle);
  if (report.dataNote !== undefined) console.log(paint.dim(report.dataNote));
  for (const section of report.sections) {
    console.log(heading(section.heading));
    if (section.intro !== undefined) console.log(paint.dim(`  ${section.intro}`));
    for (const item of section.items) printItem(item, colour);
    for (const line of extras.get(section.heading) ?? []) console.log(line);
  }
}

/** Writes examples/out/report.html (the folder is ignored by git) and returns its URL. */
export function writeHtmlReport(outDir: URL, report: HtmlReport): URL {
  mkdirSync(outDir, { recursive: true });
  const file = new URL('report.html', outDir);
  writeFileSync(file, htmlReport(report));
  return file;
}

function printItem(item: HtmlReportItem, colour: boolean): void {
  switch (item.type) {
    case 'kpis':
      if (item.caption !== undefined) console.log(paint.dim(`  ${item.caption}`));
      for (const kpi of item.rows) {
        const interval = kpi.interval === undefined ? '' : `${ciText(kpi.value, kpi.interval, kpi.digits)}`;
        console.log(row(kpi.label, valueText(kpi.value, kpi.digits), [interval, kpi.note ?? ''].filter((t) => t !== '').join(' · ')));
      }
      return;
    case 'table': {
      console.log(paint.dim(`  ${item.caption}`));
      const cells = [item.columns, ...item.rows.map((r) => r.map((c) => (c === null ? '–' : valueText(c, item.digits))))];
      const widths = item.columns.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
      for (const [i, r] of cells.entries()) {
        const line = r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
        console.log(`  ${i === 0 ? paint.bold(line) : line}`);
      }
      if (item.note !== undefined) console.log(paint.dim(`  ${item.note}`));
      return;
    }
    case 'cohortTable':
      if (item.caption !== undefined) console.log(paint.dim(`  ${item.caption}`));
      console.log(cohortTableToText(item.table, { colour }));
      return;
    case 'chart':
      console.log(paint.dim(`  [chart in report.html] ${item.chart.title}`));
      return;
    case 'paragraph':
      console.log(`  ${item.text}`);
      return;
  }
}

/** A value as htmlReport writes it: a Rate in percent, a number grouped, a Decimal with 2 decimals, text as it is. */
function valueText(value: HtmlReportValue, digits: number | undefined): string {
  if (typeof value === 'string') return value;
  if (value instanceof Rate) return value.toPercent(digits ?? 1);
  if (typeof value === 'number' && digits === undefined && Number.isSafeInteger(value)) return groupDigits(String(value));
  return decimal(value, digits ?? 2);
}

/** `95% CI 80.6% to 86.2%`, as the page's interval column. */
function ciText(value: HtmlReportValue, interval: { readonly lower: number; readonly upper: number; readonly confidence?: number }, digits: number | undefined): string {
  const write = (x: number): string => (value instanceof Rate ? `${(x * 100).toFixed(digits ?? 1)}%` : decimal(x, digits ?? 2));
  const level = interval.confidence === undefined ? '' : `${Number((interval.confidence * 100).toPrecision(12))}% `;
  return `${level}CI ${write(interval.lower)} to ${write(interval.upper)}`;
}
