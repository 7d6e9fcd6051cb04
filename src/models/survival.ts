import { fail, noExtraArguments } from '../core/_validate.js';
import { kaplanMeierCurve, survivalAt } from './_kaplanMeierCurve.js';
import { evaluateAtTimes, kaplanMeierTime, survivalModelTag } from './_survivalModels.js';
import { sbgParams, sbgPeriod, sbgSurvival } from './_shiftedBetaGeometric.js';
import type { ShiftedBetaGeometricParamsFit } from './fitShiftedBetaGeometric.js';
import type { KaplanMeierFit } from './kaplanMeier.js';

/**
 * A fit that has a survival curve: {@link survival} and {@link retentionProbability} accept it.
 * @category models
 */
export type SurvivalFit = KaplanMeierFit | ShiftedBetaGeometricParamsFit;

/** The model tags with a survival curve; a new model adds its tag here and one case below. */
const SURVIVAL_MODELS = ['kaplanMeier', 'shiftedBetaGeometric'] as const;

/**
 * Survival function S(t) of a fitted model: the probability that a subject (customer, subscription) is
 * still active after time t, for one t or for an array of t (the result is then an array of the same length).
 *
 * Generic over the fit's `model` tag:
 * - `'kaplanMeier'` ({@link kaplanMeier}): the step function S(t) = Π_{t_j <= t} (1 − d_j / n_j), the
 *   `survival` of the last table row at or before t; 1 before the first row. After the last row it keeps
 *   the last value (the curve is not informed beyond the longest follow-up; R's
 *   `summary(fit, times, extend = TRUE)` does the same). t is a finite number >= 0 in the unit of the
 *   durations.
 * - `'shiftedBetaGeometric'` ({@link fitShiftedBetaGeometric}): S(t) = B(α, β + t) / B(α, β), the share of
 *   the cohort still active after t periods (Fader & Hardie 2007, eq. 6), computed in log space; t is an
 *   integer >= 0 (a count of periods: the model is discrete). Beyond the fitted periods this is the
 *   model's projection.
 *
 * Predictions read only the fit's tag and table (parameters for the sBG), so a fit restored with `JSON.parse` works; a table that
 * is not a valid curve (times not increasing, survival outside [0, 1] or increasing) is refused.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not an object, an unknown `fit.model`, a
 * malformed table, or a t that is not a finite number >= 0 (in an array: naming `t[i]`); for the sBG, a
 * t that is not a non-negative integer or parameters that are not positive finite numbers.
 * @example
 * ```ts
 * import { kaplanMeier, survival } from 'loyalty-metrics';
 * const fit = kaplanMeier({ durations: [2, 3, 3, 5, 8], observed: [1, 1, 0, 1, 0] });
 * survival(fit, 1) //=> 1
 * survival(fit, 2) //=> 0.8
 * survival(fit, [0, 2, 4.5, 5, 10]).map((s) => s.toFixed(2)) //=> ["1.00", "0.80", "0.60", "0.30", "0.30"]
 * ```
 * @category models
 */
export function survival(fit: SurvivalFit, t: number): number;
export function survival(fit: SurvivalFit, t: readonly number[]): readonly number[];
export function survival(fit: SurvivalFit, t: number | readonly number[]): number | readonly number[];
export function survival(fit: SurvivalFit, t: number | readonly number[]): number | readonly number[] {
  const ctx = { fn: 'survival' };
  noExtraArguments(ctx, arguments, 2);
  const tagged = survivalModelTag(ctx, fit, SURVIVAL_MODELS);
  switch (tagged.model) {
    case 'kaplanMeier': {
      const curve = kaplanMeierCurve(ctx, tagged.fit);
      return evaluateAtTimes(ctx, t, (value, field) => survivalAt(curve, kaplanMeierTime(ctx, field, value)));
    }
    case 'shiftedBetaGeometric': {
      const { alpha, beta } = sbgParams(ctx, tagged.fit);
      return evaluateAtTimes(ctx, t, (value, field) => sbgSurvival(alpha, beta, sbgPeriod(ctx, field, value, 0)));
    }
    default:
      return fail(ctx, 'fit.model', `one of ${SURVIVAL_MODELS.join(', ')}`, tagged.model);
  }
}
