import { countBetween, tallyScores, withValue } from '../core/_scores.js';
import { meanOf, readScale, readThreshold } from '../core/_surveyShare.js';
import { confidence as readConfidence, fail, oneOf, options as readOptions, own, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfCounts } from '../core/Rate.js';
import { type Interval, wilsonBounds } from '../core/wilsonInterval.js';

/**
 * Options of {@link customerEffortScore}.
 * @category survey
 */
export interface CustomerEffortScoreOptions {
  /** Answers run from 1 to `scale`. Default 7 (CES 2.0, "The company made it easy for me..."). */
  readonly scale?: number;
  /**
   * The threshold of an "easy" answer. With `'higherIsEasier'`, answers >= agreeFrom are easy (default:
   * the answers above the midpoint, 5-7 on 1-7); with `'lowerIsEasier'`, answers <= agreeFrom are easy
   * (default: the answers below the midpoint, 1-2 on 1-5).
   */
  readonly agreeFrom?: number;
  /**
   * `'higherIsEasier'` (default) for agreement scales; `'lowerIsEasier'` for the original effort
   * question ("How much effort did you personally have to put forth?"), where 1 is very low effort.
   */
  readonly direction?: 'higherIsEasier' | 'lowerIsEasier';
  /** Two-sided confidence level of the Wilson interval. Default 0.95. */
  readonly confidence?: number;
}

/**
 * Result of {@link customerEffortScore}. `Number(result)` is the easy share.
 * @category survey
 */
export interface CustomerEffortScoreResult {
  /** Easy answers / all answers, exact; in [0, 1]. */
  readonly share: Rate;
  /** Answers on the easy side of the threshold. */
  readonly easy: number;
  /** All answers. */
  readonly total: number;
  /** Mean answer on the 1..scale scale (read with `direction`: higher is easier or harder). */
  readonly meanScore: number;
  /** Wilson interval of the share. */
  readonly interval: Interval;
  /** The scale used. */
  readonly scale: number;
  /** The threshold used. */
  readonly agreeFrom: number;
  /** The direction used. */
  readonly direction: 'higherIsEasier' | 'lowerIsEasier';
  /** The easy share as a number. */
  valueOf(): number;
}

/**
 * Customer effort score (CES): the share of answers saying the experience was easy, and the mean answer.
 *
 * Formula: share = easy answers / all answers; mean = sum of answers / n. Default: CES 2.0, a 1-7
 * agreement scale where 5-7 agree that "the company made it easy to handle my issue" (Gartner / CEB,
 * Dixon, Freeman & Toman 2010, "Stop trying to delight your customers", HBR; CES 2.0 in "The Effortless
 * Experience", 2013). The older 1-5 effort scale runs the other way: pass `direction: 'lowerIsEasier'`.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for an answer outside 1..scale (naming its index) or bad
 * options; `EMPTY_POPULATION` for no answers.
 * @example
 * ```ts
 * import { customerEffortScore } from 'loyalty-metrics';
 * const ces = customerEffortScore([7, 6, 5, 4, 2, 7, 6, 3]);
 * ces.share.toPercent(1) //=> '62.5%'
 * ces.meanScore //=> 5
 * customerEffortScore([1, 2, 2, 4, 5], { scale: 5, direction: 'lowerIsEasier' }).easy //=> 3
 * ```
 * @category survey
 */
export function customerEffortScore(scores: readonly number[], options?: CustomerEffortScoreOptions): CustomerEffortScoreResult {
  const ctx = { fn: 'customerEffortScore' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['scale', 'agreeFrom', 'direction', 'confidence']);
  const scale = readScale(ctx, opts, 7);
  const direction = oneOf(ctx, 'options.direction', own(opts, 'direction'), ['higherIsEasier', 'lowerIsEasier'], 'higherIsEasier');
  const midpoint = (scale + 1) / 2;
  const defaultThreshold = direction === 'higherIsEasier' ? Math.floor(midpoint) + 1 : Math.ceil(midpoint) - 1;
  const agreeFrom = readThreshold(ctx, opts, 'agreeFrom', scale, defaultThreshold);
  const level = readConfidence(ctx, own(opts, 'confidence'));
  const tally = tallyScores(ctx, scores, 1, scale);
  if (tally.total === 0) fail(ctx, 'scores', 'at least one answer: CES of no answers is undefined', scores, 'EMPTY_POPULATION');
  const easy = direction === 'higherIsEasier' ? countBetween(tally, 1, agreeFrom, scale) : countBetween(tally, 1, 1, agreeFrom);
  const share = rateOfCounts(easy, tally.total);
  const result = {
    share,
    easy,
    total: tally.total,
    meanScore: meanOf(tally),
    interval: wilsonBounds(easy, tally.total, level),
    scale,
    agreeFrom,
    direction,
  };
  return withValue(result, share.toNumber());
}
