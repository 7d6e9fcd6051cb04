import { fail, noExtraArguments } from '../core/_validate.js';
import { kaplanMeierCurve, survivalAt } from './_kaplanMeierCurve.js';
import { evaluateAtTimes, kaplanMeierTime, survivalModelTag } from './_survivalModels.js';
import { sbgParams, sbgPeriod, sbgRetention } from './_shiftedBetaGeometric.js';
import type { SurvivalFit } from './survival.js';

/** The model tags with a retention probability; a new model adds its tag here and one case below. */
const RETENTION_MODELS = ['kaplanMeier', 'shiftedBetaGeometric'] as const;

/**
 * Retention probability of period t: the probability of surviving period t given survival to its start,
 * r(t) = S(t) / S(t − 1), for one t or for an array of t (the result is then an array).
 *
 * Generic over the fit's `model` tag:
 * - `'kaplanMeier'` ({@link kaplanMeier}): S(t) / S(t − 1) on the Kaplan-Meier step function (see
 *   {@link survival}), periods being unit intervals (t − 1, t] in the unit of the durations; S(t − 1) = 1
 *   for t < 1. t is a finite number >= 0, and survival to t − 1 must be positive.
 * - `'shiftedBetaGeometric'` ({@link fitShiftedBetaGeometric}): r(t) = (β + t − 1) / (α + β + t − 1)
 *   (Fader & Hardie 2007, eq. 8), in (0, 1) and increasing in t: the customers with high churn
 *   probabilities leave first. t is an integer >= 1 (period 1 is the first renewal).
 *
 * The churn probability of period t is 1 − r(t). The definition is Fader & Hardie's retention rate
 * r(t) = S(t) / S(t − 1) ("How to project customer retention", Journal of Interactive Marketing 21(1), 2007).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not an object, an unknown `fit.model`, a
 * malformed table, or a t that is not a finite number >= 0 (in an array: naming `t[i]`); for the sBG, a
 * t that is not an integer >= 1 or parameters that are not positive finite numbers;
 * `UNDEFINED_RESULT` when S(t − 1) = 0 (no one is left to retain).
 * @example
 * ```ts
 * import { kaplanMeier, retentionProbability } from 'loyalty-metrics';
 * const fit = kaplanMeier({ durations: [1, 2, 2, 3, 3, 3, 4, 4], observed: [1, 1, 1, 1, 0, 0, 1, 0] });
 * retentionProbability(fit, 1) //=> 0.875
 * retentionProbability(fit, [2, 3, 4]).map((r) => r.toFixed(4)) //=> ["0.7143", "0.8000", "0.5000"]
 * ```
 * @category models
 */
export function retentionProbability(fit: SurvivalFit, t: number): number;
export function retentionProbability(fit: SurvivalFit, t: readonly number[]): readonly number[];
export function retentionProbability(fit: SurvivalFit, t: number | readonly number[]): number | readonly number[];
export function retentionProbability(fit: SurvivalFit, t: number | readonly number[]): number | readonly number[] {
  const ctx = { fn: 'retentionProbability' };
  noExtraArguments(ctx, arguments, 2);
  const tagged = survivalModelTag(ctx, fit, RETENTION_MODELS);
  switch (tagged.model) {
    case 'kaplanMeier': {
      const curve = kaplanMeierCurve(ctx, tagged.fit);
      return evaluateAtTimes(ctx, t, (value, field) => {
        const time = kaplanMeierTime(ctx, field, value);
        const before = survivalAt(curve, time - 1);
        if (before === 0) {
          fail(ctx, field, `a time at which survival to t - 1 is positive (the Kaplan-Meier curve is 0 from time ${zeroFrom(curve.time, curve.survival)})`, value, 'UNDEFINED_RESULT');
        }
        return Math.min(1, survivalAt(curve, time) / before);
      });
    }
    case 'shiftedBetaGeometric': {
      const { alpha, beta } = sbgParams(ctx, tagged.fit);
      return evaluateAtTimes(ctx, t, (value, field) => sbgRetention(alpha, beta, sbgPeriod(ctx, field, value, 1)));
    }
    default:
      return fail(ctx, 'fit.model', `one of ${RETENTION_MODELS.join(', ')}`, tagged.model);
  }
}

function zeroFrom(time: Float64Array, survival: Float64Array): number {
  const k = survival.findIndex((s) => s === 0);
  return time[k] as number;
}
