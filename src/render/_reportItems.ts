/**
 * The items of {@link htmlReport}: their types, and the dispatch on `type` to the block that reads and
 * writes each one (_reportBlocks.ts). Every text is escaped; only a chart's own `toHTML()` is inserted as
 * markup.
 */
import type { Rate } from '../core/Rate.js';
import type { Interval } from '../core/wilsonInterval.js';
import { type Ctx, fail, own, record } from '../core/_validate.js';
import type { Chart } from './_chart.js';
import { escapeHtml as e } from './_escape.js';
import type { CohortTableView } from './_tableView.js';
import { readText } from './_reportFormat.js';
import { chart, cohortTable, kpis, table } from './_reportBlocks.js';

/**
 * A value of a KPI row or a table cell: a string as it is, a finite number (an integer with thousands
 * separators, others with 2 decimals), a Rate (in percent, 1 decimal) or a Decimal (money: 2 decimals,
 * thousands separators); `digits` changes the decimals.
 * @category charts
 */
export type HtmlReportValue =
  | string
  | number
  | Rate
  | {
      /** The value written with `digits` decimals, as decimal.js's `Decimal#toFixed`. */
      toFixed(digits: number): string;
    };

/**
 * One row of a KPI table.
 * @category charts
 */
export interface HtmlReportKpi {
  /** What the number is, e.g. `"Retention rate"`. */
  readonly label: string;
  /** The number: a string as it is, a number, a Rate (shown in percent) or a Decimal (money, 2 decimals). */
  readonly value: HtmlReportValue;
  /** Its interval, e.g. `rate.interval()` or a score's `interval`: fractions for a Rate, else the value's unit. */
  readonly interval?: Pick<Interval, 'lower' | 'upper'> & {
    /** The confidence level, such as 0.95: named in the column's heading ("95% interval"). */
    readonly confidence?: number;
  };
  /** A short note: the definition, the source, the formula. */
  readonly note?: string;
  /** Decimals of the value and its interval, 0-20. Default: 1 for a Rate, 2 for a Decimal or a fraction, none for an integer. */
  readonly digits?: number;
}

/** A table of KPIs with their intervals: label, value, interval, note. @category charts */
export interface HtmlReportKpis {
  /** This item's kind. */
  readonly type: 'kpis';
  /** A caption above the table. */
  readonly caption?: string;
  /** The rows. */
  readonly rows: readonly HtmlReportKpi[];
}

/** A chart of this library ({@link Chart}): its `toHTML()` figure, with its description under it. @category charts */
export interface HtmlReportChart {
  /** This item's kind. */
  readonly type: 'chart';
  /** The chart. */
  readonly chart: Pick<Chart, 'title' | 'description' | 'toHTML'>;
}

/** A cohort table drawn as its heatmap ({@link cohortTableToHtml}, or {@link cohortTableToSvg} with `as: 'svg'`). @category charts */
export interface HtmlReportCohortTable {
  /** This item's kind. */
  readonly type: 'cohortTable';
  /** The table: a {@link CohortTable} or any {@link CohortTableView}. */
  readonly table: CohortTableView;
  /** A caption (the SVG's title with `as: 'svg'`). */
  readonly caption?: string;
  /** `'table'` (default): the HTML table heatmap, text a reader can select; `'svg'`: the SVG heatmap. */
  readonly as?: 'table' | 'svg';
  /** The colour domain, as in {@link CohortTableToHtmlOptions.colorDomain}. */
  readonly colorDomain?: readonly [number, number];
}

/** A plain table, e.g. a fit's parameter summary or its checks. @category charts */
export interface HtmlReportTable {
  /** This item's kind. */
  readonly type: 'table';
  /** What the table shows. */
  readonly caption: string;
  /** The column headings. */
  readonly columns: readonly string[];
  /** The rows, each with one cell per column; `null` is an empty cell (shown as an en dash). */
  readonly rows: readonly (readonly (HtmlReportValue | null)[])[];
  /** A note under the table. */
  readonly note?: string;
  /** Decimals of the number, Rate and Decimal cells, 0-20 (defaults as in {@link HtmlReportKpi.digits}). */
  readonly digits?: number;
}

/** A paragraph of text. @category charts */
export interface HtmlReportParagraph {
  /** This item's kind. */
  readonly type: 'paragraph';
  /** The text (escaped; line breaks are kept as spaces). */
  readonly text: string;
}

/**
 * One item of a report section.
 * @category charts
 */
export type HtmlReportItem = HtmlReportKpis | HtmlReportChart | HtmlReportCohortTable | HtmlReportTable | HtmlReportParagraph;

const TYPES = ['kpis', 'chart', 'cohortTable', 'table', 'paragraph'] as const;

/** Reads the item at `field` and writes it as HTML. */
export function renderItem(ctx: Ctx, field: string, value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(ctx, field, 'an object', value);
  const type = own(value, 'type');
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) fail(ctx, `${field}.type`, `one of ${TYPES.map((t) => `'${t}'`).join(', ')}`, type);
  switch (type as (typeof TYPES)[number]) {
    case 'kpis':
      return kpis(ctx, field, record(ctx, field, value, ['type', 'caption', 'rows']));
    case 'chart':
      return chart(ctx, field, record(ctx, field, value, ['type', 'chart']));
    case 'cohortTable':
      return cohortTable(ctx, field, record(ctx, field, value, ['type', 'table', 'caption', 'as', 'colorDomain']));
    case 'table':
      return table(ctx, field, record(ctx, field, value, ['type', 'caption', 'columns', 'rows', 'note', 'digits']));
    case 'paragraph':
      return `<p>${e(readText(ctx, `${field}.text`, own(record(ctx, field, value, ['type', 'text']), 'text'), true) as string)}</p>`;
  }
}
