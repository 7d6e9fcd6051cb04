/**
 * The numbers of {@link survivalChart}: per group the step points, the band, the censoring times, the
 * median and the number at risk at each x tick (lifelines' `add_at_risk_counts`).
 */
import type { KaplanMeierMedian } from '../models/kaplanMeier.js';
import type { FitRow, SurvivalGroupInput } from './_survivalFits.js';

/**
 * One point of a step curve: the value holds from `time` until the next point's time.
 * @category charts
 */
export interface SurvivalChartStep {
  /** The time. */
  readonly time: number;
  /** S(time), the Kaplan-Meier estimate of surviving past `time`. */
  readonly survival: number;
}

/**
 * One step of the confidence band: the limits hold from `time` until the next step's time (or the curve's end).
 * @category charts
 */
export interface SurvivalChartBandStep {
  /** The time. */
  readonly time: number;
  /** The fit's lower limit at `time` (log-log interval). */
  readonly lower: number;
  /** The fit's upper limit at `time`. */
  readonly upper: number;
}

/**
 * A censoring tick.
 * @category charts
 */
export interface SurvivalChartCensor {
  /** A time at which subjects were censored. */
  readonly time: number;
  /** S(time), where the tick is drawn. */
  readonly survival: number;
  /** Subjects (sum of weights) censored at that time. */
  readonly count: number;
}

/**
 * The counts under the axis at one x tick, as lifelines' `add_at_risk_counts`.
 * @category charts
 */
export interface SurvivalChartAtRisk {
  /** The tick's time. */
  readonly time: number;
  /** Subjects still at risk after `time`: duration > time (the at-risk count at the end of the period). */
  readonly atRisk: number;
  /** Events at or before `time`. */
  readonly events: number;
  /** Censorings at or before `time`. */
  readonly censored: number;
}

/**
 * One group (one fit) of the chart.
 * @category charts
 */
export interface SurvivalChartGroup {
  /** The group's label. */
  readonly label: string;
  /** Its colour (`#rrggbb`, Okabe-Ito). */
  readonly colour: string;
  /** Subjects (sum of weights) and events of the fit. */
  readonly subjects: number;
  /** Events observed. */
  readonly events: number;
  /** The step curve: `{ time: 0, survival: 1 }`, then one point per row of the fit's table. */
  readonly steps: readonly SurvivalChartStep[];
  /** The band: the rows where the fit's limits exist (not where S is 1 or 0, as in R). */
  readonly band: readonly SurvivalChartBandStep[];
  /** Confidence level of the band (the fit's). */
  readonly confidence: number;
  /** Rows with censored subjects. */
  readonly censored: readonly SurvivalChartCensor[];
  /** The fit's median and its limits (null where not reached). */
  readonly median: KaplanMeierMedian;
  /** The number at risk (and cumulative events and censorings) at each x tick. */
  readonly atRisk: readonly SurvivalChartAtRisk[];
}

/**
 * The numbers {@link survivalChart} plots, plain JSON.
 * @category charts
 */
export interface SurvivalChartData {
  /** The x axis title (`options.timeLabel`). */
  readonly timeLabel: string;
  /** The x range drawn: 0 to the last time of any group. */
  readonly timeDomain: readonly [number, number];
  /** The x ticks, where the numbers at risk are counted. */
  readonly ticks: readonly number[];
  /** One entry per fit, in the order given. */
  readonly groups: readonly SurvivalChartGroup[];
}

/**
 * A group's plotted numbers. The number at risk at tick t follows lifelines' `add_at_risk_counts`
 * (default, the count at the end of the period): subjects whose duration is > t, which is the `atRisk`
 * of the first row after t (0 after the last row). Events and censorings are cumulative to t.
 */
export function survivalGroup(group: SurvivalGroupInput, colour: string, ticks: readonly number[]): SurvivalChartGroup {
  const { rows } = group;
  const steps = [{ time: 0, survival: 1 }, ...rows.map((r) => ({ time: r.time, survival: r.survival }))];
  const band = rows.flatMap((r) => (r.lower === null || r.upper === null ? [] : [{ time: r.time, lower: r.lower, upper: r.upper }]));
  const censored = rows.flatMap((r) => (r.censored > 0 ? [{ time: r.time, survival: r.survival, count: r.censored }] : []));
  const atRisk = ticks.map((t) => {
    let events = 0;
    let censoredSoFar = 0;
    let next: FitRow | undefined;
    for (const row of rows) {
      if (row.time > t) {
        next = row;
        break;
      }
      events += row.events;
      censoredSoFar += row.censored;
    }
    return { time: t, atRisk: next === undefined ? 0 : next.atRisk, events, censored: censoredSoFar };
  });
  return { label: group.label, colour, subjects: group.subjects, events: group.events, steps, band, confidence: group.confidence, censored, median: group.median, atRisk };
}
