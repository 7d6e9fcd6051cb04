import { noExtraArguments, options as readOptions } from '../core/_validate.js';
import type { KaplanMeierFit } from '../models/kaplanMeier.js';
import { type Chart, createChart } from '../render/_chart.js';
import { readString } from '../render/_grid.js';
import { CHART_WIDTH, linearScale, SERIES_COLOURS } from '../render/_plot.js';
import { survivalGroup, type SurvivalChartData } from './_survivalData.js';
import { readSurvivalFits } from './_survivalFits.js';
import { drawSurvival, survivalDescription } from './_survivalDraw.js';

export type { SurvivalChartAtRisk, SurvivalChartBandStep, SurvivalChartCensor, SurvivalChartData, SurvivalChartGroup, SurvivalChartStep } from './_survivalData.js';

/**
 * One labelled group of {@link survivalChart}.
 * @category charts
 */
export interface SurvivalChartInput {
  /** The group's name in the legend and the at-risk table (non-empty, unique). */
  readonly label: string;
  /** Its Kaplan-Meier fit (from `kaplanMeier`, or its JSON copy). */
  readonly fit: KaplanMeierFit;
}

/**
 * Options of {@link survivalChart}.
 * @category charts
 */
export interface SurvivalChartOptions {
  /** The x axis title, with its unit: `'months since signup'`. Default `'time'`. */
  readonly timeLabel?: string;
  /** The heading and `<title>`. Default `'Survival'`. */
  readonly title?: string;
}

/**
 * Kaplan-Meier survival curves, one step curve per group, as lifelines' `KaplanMeierFitter.plot` with
 * `show_censors` and `add_at_risk_counts`, or R's `survminer::ggsurvplot` with a risk table.
 *
 * Plotted numbers, all read from the fits of {@link kaplanMeier}:
 * - the curve: S(t) of each table row, a step function from S = 1 at time 0 that holds each value until
 *   the next row (right-continuous), ending at the last row's time;
 * - the band: each row's `lower` and `upper` (the fit's log-log interval at its `confidence`), step-shaped;
 *   absent where the fit has no limits (before the first event, S = 1, and once S = 0, as in R);
 * - censoring ticks: a short vertical mark on the curve at each time with censored subjects;
 * - the median: dotted lines from S = 0.5 on the y axis to the curve and down to the x axis, at the fit's
 *   `median.time` (R's rule); not drawn when the curve never falls to 0.5;
 * - the number at risk, a table under the x axis with one row per group in its colour: at each x tick t,
 *   the subjects whose time is beyond t (duration > t), lifelines' `add_at_risk_counts` default (the count
 *   at the end of the period); that is the `atRisk` of the fit's first row after t, and 0 past the last
 *   row. `data` also has the events and censorings up to t (lifelines' "Events" and "Censored" rows). With
 *   late entry (`entry`), subjects entering between t and that next row are counted too. Counts are sums
 *   of weights (fractional with fractional weights).
 *
 * Axes: x from 0 to the last time of any group, titled `timeLabel`, ticks at 1-2-5 steps; y "survival
 * probability", 0 to 1. Groups take the Okabe-Ito colours in order (repeating after 7).
 *
 * `fits` is one fit (label `'all'`), an array of fits (`'group 1'`, `'group 2'`, ...) or an array of
 * `{ label, fit }`. `data`: `{ timeLabel, timeDomain, ticks, groups: [{ label, colour, subjects, events,
 * steps: [{ time, survival }], band: [{ time, lower, upper }], confidence, censored: [{ time, survival,
 * count }], median: { time, lower, upper }, atRisk: [{ time, atRisk, events, censored }] }] }` (see
 * {@link SurvivalChartData}). The fits are not changed; the output is deterministic.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when a fit is not a Kaplan-Meier fit (wrong `model`, an empty
 * or malformed table: times not increasing, survival rising, counts not finite), for an empty array, a
 * missing, empty or repeated label, and an unknown option or one that is not a string.
 * @example
 * ```ts
 * import { kaplanMeier, survivalChart } from 'loyalty-metrics';
 * const fit = kaplanMeier({
 *   durations: [1, 2, 2, 3, 4, 4, 5, 6, 8, 9],
 *   observed: [true, true, false, true, true, false, false, true, false, false],
 * });
 * const chart = survivalChart(fit, { timeLabel: 'months since signup' });
 * chart.data.ticks //=> [0, 2, 4, 6, 8]
 * chart.data.groups[0].atRisk.map((r) => r.atRisk) //=> [10, 7, 4, 2, 1]
 * chart.data.groups[0].median.time //=> 6
 * chart.data.groups[0].censored.map((c) => c.time) //=> [2, 4, 5, 8, 9]
 * chart.toSVG().includes('Number at risk') //=> true
 * ```
 * @category charts
 */
export function survivalChart(fits: KaplanMeierFit | readonly KaplanMeierFit[] | readonly SurvivalChartInput[], options?: SurvivalChartOptions): Chart<SurvivalChartData> {
  const ctx = { fn: 'survivalChart' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['timeLabel', 'title']);
  const timeLabel = readString(ctx, opts, 'timeLabel') ?? 'time';
  const title = readString(ctx, opts, 'title') ?? 'Survival';
  const groups = readSurvivalFits(ctx, fits);
  let last = 0;
  for (const group of groups) last = Math.max(last, group.rows[group.rows.length - 1]!.time);
  // Not widened to nice ends: ticks fall inside [0, last], and a huge last time stays finite. A last time
  // so small that pixels per unit overflow (subnormal) is drawn on 0 to 1, as 0 is.
  const scale = linearScale([0, Number.isFinite(CHART_WIDTH / last) ? last : 0], [0, 1], { nice: false, ticks: 6 });
  const ticks = scale.ticks.filter((t) => t <= scale.domain[1]);
  const data: SurvivalChartData = {
    timeLabel,
    timeDomain: scale.domain,
    ticks,
    groups: groups.map((group, i) => survivalGroup(group, SERIES_COLOURS[i % SERIES_COLOURS.length]!, ticks)),
  };
  const description = survivalDescription(data);
  // Drawn now: the height follows the legend's rows and the number of groups.
  const { svg, height } = drawSurvival(data, title, description);
  return createChart({ kind: 'survival', title, description, data, width: CHART_WIDTH, height, draw: () => svg });
}
