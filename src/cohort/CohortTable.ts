import type { Decimal } from 'decimal.js';
import type { Calendar, PeriodUnit } from '../core/_periods.js';
import { fail, oneOf, options as readOptions, own } from '../core/_validate.js';
import { brandPrototype, brandSymbol, hasBrand } from '../core/_brand.js';
import { divideRateByCount, Rate, rateOfCounts } from '../core/Rate.js';
import { churnRate } from '../churn/churnRate.js';
import { repeatPurchaseRate } from '../retention/repeatPurchaseRate.js';
import { retentionRate } from '../retention/retentionRate.js';
import { averageRevenuePerCustomer } from '../value/averageRevenuePerCustomer.js';
import type { ReturnRule } from './_buildTable.js';
import { cohortTableToCsv, type CohortTableToCsvOptions } from '../render/cohortTableToCsv.js';
import { cohortTableToHtml, type CohortTableToHtmlOptions } from '../render/cohortTableToHtml.js';
import { cohortTableToSvg, type CohortTableToSvgOptions } from '../render/cohortTableToSvg.js';
import { cohortTableToText } from '../render/cohortTableToText.js';
import { type JupyterDisplayData, jupyterDisplay } from '../render/jupyterDisplay.js';

/** The key Node's `util.inspect` (so `console.log`) looks up; registered, so no `node:util` import. */
const inspectCustom: symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * One row of a {@link CohortTable}.
 * @category cohort
 */
export interface Cohort {
  /** The period's label in the table's zone: `2024-03`, `2024-W09`, `2024-Q1`, `2024-03-05`. */
  readonly label: string;
  /** First instant of the period. */
  readonly start: Date;
  /** First instant of the next period (exclusive end). */
  readonly end: Date;
  /** Customers in the cohort (offset 0). */
  readonly size: number;
}

/**
 * One existing cell of a {@link CohortTable} in long format.
 * @category cohort
 */
export interface CohortTableRow {
  /** The cohort's label. */
  readonly cohort: string;
  /** The column's offset (or bracket start). */
  readonly offset: number;
  /** The cohort's size. */
  readonly size: number;
  /** Customers counted in the cell. */
  readonly count: number;
  /** count / size as a number, or null for an empty cohort. */
  readonly retention: number | null;
  /** The cell's revenue as a decimal string. */
  readonly revenue: string;
  /** Whether the cell reaches the unfinished last period. */
  readonly incomplete: boolean;
}

/** What the builder hands to the table. @internal */
export interface CohortTableData {
  readonly calendar: Calendar;
  /** Present for a table of rolling windows (the builder's `timeWindow: 'rolling'`). */
  readonly timeWindow?: 'rolling';
  readonly returnRule: ReturnRule;
  readonly columns: readonly number[];
  readonly cohorts: readonly Cohort[];
  readonly counts: readonly (readonly (number | null)[])[];
  readonly revenue: readonly (readonly (Decimal | null)[])[];
  readonly incomplete: readonly (readonly boolean[])[];
  readonly repeaters: readonly number[];
  readonly observedTo: Date;
}

/**
 * A cohort triangle: rows are cohorts, column k is k periods after the cohort's period (or a bracket of
 * offsets), cells after the end of observation are `null`. Every rate is computed by the library's
 * public functions (`retentionRate`, `churnRate`, `repeatPurchaseRate`, `averageRevenuePerCustomer`), so
 * their identities hold cell by cell. Immutable; each method returns fresh arrays.
 * @category cohort
 */
export class CohortTable {
  readonly #data: CohortTableData;

  /** @internal Built by {@link CohortBuilder.build}. */
  constructor(data: CohortTableData) {
    this.#data = data;
    Object.freeze(this);
  }

  /**
   * Refuses a receiver whose private state cannot be reached (`Object.create(CohortTable.prototype)`, a
   * `Proxy` of a table, a method borrowed onto another object) with a MetricError instead of the engine's
   * raw `TypeError: Cannot read private member`.
   */
  static #check(table: unknown, member: string): void {
    if (Object(table) !== table || !(#data in (table as object))) {
      fail({ fn: `CohortTable.${member}` }, 'this', 'a CohortTable built by CohortBuilder.build() (a Proxy of a table or an object made with Object.create(CohortTable.prototype) has no table data)', table);
    }
  }

  /** The rows: label, start, end and size of each cohort. */
  get cohorts(): readonly Cohort[] {
    CohortTable.#check(this, 'cohorts');
    return this.#data.cohorts;
  }

  /** Column offsets: 0, 1, 2... (or 0 and the bracket starts). */
  get columns(): readonly number[] {
    CohortTable.#check(this, 'columns');
    return this.#data.columns;
  }

  /** The period unit of the rows (and of the offsets, or of the rolling windows' length). */
  get period(): PeriodUnit {
    CohortTable.#check(this, 'period');
    return this.#data.calendar.unit;
  }

  /** `'rolling'` for a table of rolling windows (the builder's `timeWindow: 'rolling'`), else `'calendar'`. */
  get timeWindow(): 'calendar' | 'rolling' {
    CohortTable.#check(this, 'timeWindow');
    return this.#data.timeWindow ?? 'calendar';
  }

  /** The return rule the table was built with. */
  get returnRule(): ReturnRule {
    CohortTable.#check(this, 'returnRule');
    return this.#data.returnRule;
  }

  /** Customers at each offset (column 0 is the cohort size); `null` where the cell does not exist. */
  counts(): (number | null)[][] {
    CohortTable.#check(this, 'counts');
    return this.#data.counts.map((row) => row.slice());
  }

  /** True for cells that reach the period containing the end of observation before that period ended. */
  incomplete(): boolean[][] {
    CohortTable.#check(this, 'incomplete');
    return this.#data.incomplete.map((row) => row.slice());
  }

  /**
   * Retention per cell as exact rates (`retentionRate` of count over size); `null` where the cell does
   * not exist or the cohort is empty. With `{ reference: 'previous' }`, relative to the previous column
   * (`null` when that column is 0), which can exceed 1 under the `'on'` rule.
   */
  retention(options?: { readonly reference?: 'cohort' | 'previous' }): (Rate | null)[][] {
    CohortTable.#check(this, 'retention');
    const ctx = { fn: 'CohortTable.retention' };
    const reference = oneOf(ctx, 'options.reference', own(readOptions(ctx, options, ['reference']), 'reference'), ['cohort', 'previous'], 'cohort');
    return this.#data.counts.map((row) =>
      row.map((count, k) => {
        const base = reference === 'cohort' ? row[0] : row[k - 1];
        if (count === null || base === null || base === undefined || base === 0) return null;
        if (reference === 'previous') return count <= base ? rateOfCounts(count, base) : Rate.of(count, base);
        return retentionRate({ customersAtStart: base, customersAtEnd: count, newCustomers: 0 });
      }),
    );
  }

  /** 1 - retention per cell, as `churnRate` of (size - count) over size. */
  churn(): (Rate | null)[][] {
    CohortTable.#check(this, 'churn');
    return this.#data.counts.map((row) =>
      row.map((count) => (count === null || !row[0] ? null : churnRate({ customersAtStart: row[0], customersLost: row[0] - count }))),
    );
  }

  /**
   * Net revenue of the cohort's return events in each cell's period(s): refunds (negative amounts) are
   * subtracted, so a cell may be negative.
   */
  revenue(): (Decimal | null)[][] {
    CohortTable.#check(this, 'revenue');
    return this.#data.revenue.map((row) => row.slice());
  }

  /**
   * Revenue per cohort member in each cell (`averageRevenuePerCustomer`); `null` for empty cohorts. Throws
   * INCONSISTENT_INPUT, naming the cell, where refunds made a cell's net revenue negative.
   */
  averageRevenuePerCustomer(): (Decimal | null)[][] {
    CohortTable.#check(this, 'averageRevenuePerCustomer');
    return this.#data.revenue.map((row, i) => {
      const size = this.#data.cohorts[i]!.size;
      return row.map((revenue, j) => (revenue === null || size === 0 ? null : perCustomer('averageRevenuePerCustomer', `revenue[${i}][${j}]`, revenue, size)));
    });
  }

  /**
   * Running total of net revenue per cohort member: the realised-LTV curve of each cohort. Throws
   * INCONSISTENT_INPUT, naming the cell, where refunds made a running total negative.
   */
  cumulativeRevenuePerCustomer(): (Decimal | null)[][] {
    CohortTable.#check(this, 'cumulativeRevenuePerCustomer');
    return this.#data.revenue.map((row, i) => {
      const size = this.#data.cohorts[i]!.size;
      let total: Decimal | undefined;
      return row.map((revenue, j) => {
        if (revenue === null || size === 0) return null;
        total = total === undefined ? revenue : total.plus(revenue);
        return perCustomer('cumulativeRevenuePerCustomer', `revenue[${i}][0..${j}]`, total, size);
      });
    });
  }

  /** Per cohort, members with at least two return events in the observed periods (`repeatPurchaseRate`). */
  repeatPurchaseRate(): (Rate | null)[] {
    CohortTable.#check(this, 'repeatPurchaseRate');
    return this.#data.cohorts.map((cohort, i) =>
      cohort.size === 0 ? null : repeatPurchaseRate({ customersWithOrders: cohort.size, customersWithRepeatOrders: this.#data.repeaters[i]! }),
    );
  }

  /**
   * The summary row: per column, over cohorts whose cell exists, is complete and whose size is positive,
   * `'weighted'` (default) = Σ counts / Σ sizes, `'simple'` = the plain mean of the row retentions.
   * `null` for a column with no such cell.
   */
  mean(options?: { readonly weighting?: 'simple' | 'weighted' }): (Rate | null)[] {
    CohortTable.#check(this, 'mean');
    const ctx = { fn: 'CohortTable.mean' };
    const weighting = oneOf(ctx, 'options.weighting', own(readOptions(ctx, options, ['weighting']), 'weighting'), ['simple', 'weighted'], 'weighted');
    return this.#data.columns.map((_, k) => {
      const cells = this.#data.counts.flatMap((row, i) => {
        const count = row[k];
        return count === null || count === undefined || !row[0] || this.#data.incomplete[i]![k] ? [] : [{ count, size: row[0] }];
      });
      if (cells.length === 0) return null;
      if (weighting === 'weighted') {
        return rateOfCounts(cells.reduce((s, c) => s + c.count, 0), cells.reduce((s, c) => s + c.size, 0));
      }
      const sum = cells.reduce<Rate>((s, c) => s.plus(Rate.of(c.count, c.size)), Rate.of(0, 1));
      // Exact parts, with no bound on their size (the sum's denominator grows with the cohort sizes' lcm).
      return divideRateByCount(sum, cells.length);
    });
  }

  /** Long format: one object per existing cell. */
  toRows(): CohortTableRow[] {
    CohortTable.#check(this, 'toRows');
    return this.#data.counts.flatMap((row, i) =>
      row.flatMap((count, k) => {
        if (count === null) return [];
        const size = row[0]!;
        return [{ cohort: this.#data.cohorts[i]!.label, offset: this.#data.columns[k]!, size, count, retention: size === 0 ? null : count / size, revenue: this.#data.revenue[i]![k]!.toFixed(), incomplete: this.#data.incomplete[i]![k]! }];
      }),
    );
  }

  /**
   * Plain JSON: calendar (then `timeWindow: 'rolling'` for a table of rolling windows), rule, cohorts (ISO
   * dates), columns, counts, revenue (decimal strings), incomplete flags.
   */
  toJSON(): object {
    CohortTable.#check(this, 'toJSON');
    return {
      calendar: this.#data.calendar,
      ...(this.#data.timeWindow === undefined ? {} : { timeWindow: this.#data.timeWindow }),
      returnRule: this.#data.returnRule,
      observedTo: this.#data.observedTo.toISOString(),
      columns: this.#data.columns,
      cohorts: this.#data.cohorts.map((c) => ({ label: c.label, start: c.start.toISOString(), end: c.end.toISOString(), size: c.size })),
      counts: this.counts(),
      revenue: this.#data.revenue.map((row) => row.map((d) => (d === null ? null : d.toFixed()))),
      incomplete: this.incomplete(),
    };
  }

  /** The aligned plain-text table of {@link cohortTableToText} with default options. */
  toString(): string {
    CohortTable.#check(this, 'toString');
    return cohortTableToText(this);
  }

  /** CSV (RFC 4180, formula-injection safe): see {@link cohortTableToCsv}. */
  toCSV(options?: CohortTableToCsvOptions): string {
    CohortTable.#check(this, 'toCSV');
    return cohortTableToCsv(this, options);
  }

  /**
   * A self-contained HTML `<table>` heatmap: see {@link cohortTableToHtml}. Its axis titles name the
   * table's period (`"cohort (month of first event)"`, `"months since the cohort's month"`), unless
   * `rowTitle` or `columnTitle` are given.
   */
  toHTML(options?: CohortTableToHtmlOptions): string {
    CohortTable.#check(this, 'toHTML');
    return cohortTableToHtml(this, options);
  }

  /**
   * A standalone SVG heatmap: see {@link cohortTableToSvg}. Its axis titles name the table's period
   * (`"cohort (month of first event)"`, `"months since the cohort's month"`, `"30-day windows since the
   * first event"` for rolling windows), unless `rowTitle` or `columnTitle` are given.
   */
  toSVG(options?: CohortTableToSvgOptions): string {
    CohortTable.#check(this, 'toSVG');
    return cohortTableToSvg(this, options);
  }

  /** Rich display in Jupyter (Deno kernel): the HTML heatmap, and the text table as plain text. See {@link jupyterDisplay}. */
  [jupyterDisplay](): JupyterDisplayData {
    CohortTable.#check(this, '[jupyterDisplay]');
    return { 'text/html': this.toHTML(), 'text/plain': this.toString() };
  }

  /**
   * What `console.log(table)` and `util.inspect(table)` show in Node: the text table of
   * {@link cohortTableToText} (the triangle), shaded with ANSI colours when the inspector asks for colours
   * (`options.colors`, as `console.log` does on a colour terminal). It never throws, as inspection must
   * not: a table too large to render shows its size instead, and an object whose table data cannot be
   * reached (a `Proxy` of a table, which Node inspects with the Proxy as `this`, or
   * `Object.create(CohortTable.prototype)`) says so.
   */
  [inspectCustom](depth?: unknown, options?: unknown): string {
    if (Object(this) !== this || !(#data in this)) return 'CohortTable <no table data: a Proxy, or not built by CohortBuilder>';
    if (typeof depth === 'number' && depth < 0) return '[CohortTable]';
    const colour = typeof options === 'object' && options !== null && (options as { readonly colors?: unknown }).colors === true;
    try {
      return cohortTableToText(this, { colour });
    } catch {
      return `CohortTable <${this.#data.cohorts.length} cohorts x ${this.#data.columns.length} columns, too large to show as text>`;
    }
  }

  /**
   * True for a CohortTable of any copy of the library (the ESM and the CommonJS build loaded side by side):
   * `table instanceof CohortTable` holds across them, by the registered brand
   * `Symbol.for('loyalty-metrics.CohortTable')` on the prototype chain (an object with the brand only as
   * its own property does not pass). On a subclass, `instanceof` is the ordinary prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, CohortTable, brandSymbol('CohortTable'), value);
  }
}
brandPrototype(CohortTable.prototype, 'CohortTable');

/** averageRevenuePerCustomer of a cell's (net) revenue, refused with a clear reason when refunds made it negative. */
function perCustomer(fn: string, field: string, revenue: Decimal, customers: number): Decimal {
  if (revenue.isNegative() && !revenue.isZero()) {
    fail({ fn: `CohortTable.${fn}` }, field, 'non-negative for a revenue per customer (refunds made the net revenue negative)', revenue.toFixed(), 'INCONSISTENT_INPUT');
  }
  return averageRevenuePerCustomer({ revenue, customers });
}
