import { noExtraArguments } from '../core/_validate.js';
import { type Chart, createChart } from '../render/_chart.js';
import { CHART_WIDTH } from '../render/_plot.js';
import type { CohortTableView } from '../render/_tableView.js';
import { retentionSetup, type RetentionChartData } from './_retentionData.js';
import { drawRetention, retentionDescription } from './_retentionDraw.js';

export type { RetentionChartCohort, RetentionChartData, RetentionChartMeanPoint, RetentionChartPoint } from './_retentionData.js';

/**
 * Options of {@link retentionChart}.
 * @category charts
 */
export interface RetentionChartOptions {
  /** The cohorts drawn, by label (each a label of the table, once); drawn in table order. Not with `last`. */
  readonly cohorts?: readonly string[];
  /** Draw the last n cohorts (a positive integer). Not with `cohorts`. Default: all when there are at most 12, else the last 12. */
  readonly last?: number;
  /** Confidence level of the mean's Wilson interval, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** `'full'` (default): the y axis spans 0% to 100%; `'data'`: 0% to the highest value drawn (with `startOffset: 1`, the returning customers fill the plot). */
  readonly yDomain?: 'full' | 'data';
  /** The first offset drawn, a non-negative integer. Default 0 (the cohort itself, 100%). */
  readonly startOffset?: number;
  /** The heading and `<title>`. Default `'Retention by cohort'`. */
  readonly title?: string;
  /** The x axis title. Default from the table's period, as the heatmap's column title: `"months since the cohort's month"`. */
  readonly xTitle?: string;
}

/**
 * Retention curves of a cohort table: for each cohort drawn, the share of its customers counted at each
 * offset (one line per cohort), with the weighted mean of all the table's cohorts in bold and its
 * interval as a band.
 *
 * Plotted numbers (all read from the table, none recomputed):
 * - a cohort's point at offset k: retained / size, the cell of `table.retention()` (retained =
 *   `table.counts()`, size = the cohort's size); cells that do not exist (after the end of observation)
 *   are not drawn, and an empty cohort (size 0) has no line;
 * - incomplete points: the cells `table.incomplete()` flags (the period had not ended when observation
 *   stopped), drawn hollow on a dashed segment and named in the legend;
 * - the mean at offset k: `table.mean({ weighting: 'weighted' })`, Σ retained / Σ size over all the
 *   table's cohorts whose cell exists, is complete and has a positive size (incomplete cells would pull it
 *   down), so not only over the cohorts drawn; no point where no cohort qualifies. A table view without a
 *   `mean` method has no mean line;
 * - the band: the Wilson score interval of that mean Rate (`rate.interval({ confidence })`).
 *
 * The y axis is retention in percent, 0-100% (or 0 to the highest value drawn, `yDomain: 'data'`); the x
 * axis the table's offsets with the heatmap's axis title (`"months since the cohort's month"`; bracket
 * starts for `returnRule` brackets). Up to 6 cohorts get Okabe-Ito colours and a legend entry each; more
 * are thin ColorBrewer blues from light (oldest) to dark (newest). The description says how many cohorts
 * are drawn of how many. The same view as PostHog's retention graph and the mean curve of a cohort
 * analysis notebook.
 *
 * Edge cases: a table with no cohorts (or no customer at the offsets drawn) gives a chart that says so,
 * in the drawing and in its description; one offset is a row of points; the output is deterministic and
 * the table is not changed.
 *
 * `data`: `{ xTitle, offsets, totalCohorts, cohorts: [{ label, size, points: [{ offset, retention,
 * retained, incomplete }] }], mean: [{ offset, retention, retained, customers, lower, upper, cohorts }],
 * confidence, yDomain }`, retention and limits as fractions in [0, 1] (see {@link RetentionChartData}).
 *
 * @throws {@link MetricError} `INVALID_INPUT` when `table` is not a CohortTable (or a view of one), for an
 * unknown option or a bad value (`options.cohorts[2]` naming a label the table does not have, `last` not a
 * positive integer, both `cohorts` and `last`, a confidence outside (0, 1)), and for a table of more than
 * 250,000 cells.
 * @example
 * ```ts
 * import { CohortBuilder, retentionChart } from 'loyalty-metrics';
 * const table = new CohortBuilder({ period: 'month' }).addAll([
 *   { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
 *   { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
 *   { customerId: 'c', timestamp: '2024-02-02T10:00:00Z' },
 *   { customerId: 'a', timestamp: '2024-02-03T10:00:00Z' },
 *   { customerId: 'c', timestamp: '2024-03-04T10:00:00Z' },
 * ]).build();
 * const chart = retentionChart(table);
 * chart.data.cohorts.map((c) => c.points.map((p) => p.retention)) //=> [[1, 0.5, 0], [1, 1], [null]]
 * chart.data.cohorts[1].points[1].incomplete //=> true
 * chart.data.mean.map((m) => [m.retention, m.customers]) //=> [[1, 3], [0.5, 2]]
 * chart.data.xTitle //=> "months since the cohort's month"
 * chart.toSVG().startsWith('<svg') //=> true
 * ```
 * @category charts
 */
export function retentionChart(table: CohortTableView, options?: RetentionChartOptions): Chart<RetentionChartData> {
  const ctx = { fn: 'retentionChart' };
  noExtraArguments(ctx, arguments, 2);
  const { data, title, defaulted } = retentionSetup(ctx, table, options);
  const description = retentionDescription(data, defaulted);
  // Drawn now: the height follows the legend's rows, and the drawing is small.
  const { svg, height } = drawRetention(data, title, description);
  return createChart({ kind: 'retention', title, description, data, width: CHART_WIDTH, height, draw: () => svg });
}
