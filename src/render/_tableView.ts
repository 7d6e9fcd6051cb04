/**
 * What the renderers read of a cohort table, as a plain structural interface: `render/` depends on the
 * data a table shows, not on the class of `cohort/` that holds it (cohort -> render is the one direction).
 */
import type { Rate } from '../core/Rate.js';

/**
 * What the renderers ({@link cohortTableToText}, {@link cohortTableToCsv}, {@link cohortTableToHtml},
 * {@link cohortTableToSvg}) read of a table: the rows' labels and sizes, the column offsets, the return
 * rule (for bracket headers) and, per cell, the count, the retention and the incomplete flag. A
 * {@link CohortTable} is one; the renderers check every value at run time all the same.
 * @category render
 */
export interface CohortTableView {
  /** The rows: each cohort's label and size. */
  readonly cohorts: readonly {
    /** The cohort's label, such as `2024-03`. */
    readonly label: string;
    /** Customers in the cohort. */
    readonly size: number;
  }[];
  /** Column offsets (or bracket starts). */
  readonly columns: readonly number[];
  /** `'on'`, `'onOrAfter'` or `{ brackets }`: bracket columns are headed by their ranges. */
  readonly returnRule:
    | 'on'
    | 'onOrAfter'
    | {
        /** The bracket starts. */
        readonly brackets: readonly number[];
      };
  /** The period unit of the rows and offsets, when known: the heatmap's axis titles name it ("months since ..."). */
  readonly period?: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
  /** `'rolling'` when the columns are windows of fixed length since each member's start (axis titles say so). */
  readonly timeWindow?: 'calendar' | 'rolling';
  /** Customers per cell; `null` where the cell does not exist. */
  counts(): readonly (readonly (number | null)[])[];
  /** Retention per cell; `null` where the cell does not exist or the cohort is empty. */
  retention(): readonly (readonly (Rate | null)[])[];
  /** Whether each cell reaches the unfinished last period. */
  incomplete(): readonly (readonly boolean[])[];
}
