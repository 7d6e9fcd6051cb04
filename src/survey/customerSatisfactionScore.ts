import { countBetween, tallyScores, withValue } from '../core/_scores.js';
import { meanOf, readScale, readThreshold } from '../core/_surveyShare.js';
import { confidence as readConfidence, countField, fail, options as readOptions, own, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfCounts } from '../core/Rate.js';
import { type Interval, wilsonBounds } from '../core/wilsonInterval.js';

/**
 * Options of {@link customerSatisfactionScore}.
 * @category survey
 */
export interface CustomerSatisfactionScoreOptions {
  /** Answers run from 1 to `scale` (5, 7 or 10 are common). Default 5. Raw answers only. */
  readonly scale?: number;
  /** Lowest answer that counts as satisfied. Default `scale - 1` (top-2-box: 4-5 on a 1-5 scale). Raw answers only. */
  readonly satisfiedFrom?: number;
  /** Two-sided confidence level of the Wilson interval. Default 0.95. */
  readonly confidence?: number;
}

/**
 * Result of {@link customerSatisfactionScore}. `Number(result)` is the satisfied share.
 * @category survey
 */
export interface CustomerSatisfactionScoreResult {
  /** Satisfied answers / all answers, exact; in [0, 1]. This is CSAT. */
  readonly share: Rate;
  /** Satisfied answers. */
  readonly satisfied: number;
  /** All answers. */
  readonly total: number;
  /** Wilson interval of the share, in [0, 1]. */
  readonly interval: Interval;
  /** Mean answer on the 1..scale scale, present only when raw answers were given (never called CSAT). */
  readonly meanScore?: number;
  /** The scale used. */
  readonly scale: number;
  /** The threshold used. */
  readonly satisfiedFrom: number;
  /** The satisfied share as a number. */
  valueOf(): number;
}

/**
 * Customer satisfaction score (CSAT): the share of satisfied answers, top-2-box by default.
 *
 * Formula: CSAT = answers >= satisfiedFrom / all answers, on a 1..scale scale (default 1-5, satisfied =
 * 4-5). The mean answer is reported separately as `meanScore`, never as CSAT. Interval: Wilson score.
 * Source: ACSI / common practice (top-2-box share); see
 * [docs/definitions.md](../../docs/definitions.md#customersatisfactionscore-customer-satisfaction-score-csat).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for an answer outside 1..scale (naming its index), bad
 * counts or options; `INCONSISTENT_INPUT` when satisfied > total; `EMPTY_POPULATION` for no answers.
 * @example
 * ```ts
 * import { customerSatisfactionScore } from 'loyalty-metrics';
 * const csat = customerSatisfactionScore([5, 4, 3, 5, 2, 4, 5, 1]);
 * csat.share.toPercent(1) //=> '62.5%'
 * csat.meanScore //=> 3.625
 * customerSatisfactionScore({ satisfied: 172, total: 200 }).share.toPercent(0) //=> '86%'
 * ```
 * @category survey
 */
export function customerSatisfactionScore(
  scores: readonly number[] | { readonly satisfied: number; readonly total: number },
  options?: CustomerSatisfactionScoreOptions,
): CustomerSatisfactionScoreResult {
  const ctx = { fn: 'customerSatisfactionScore' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['scale', 'satisfiedFrom', 'confidence']);
  const scale = readScale(ctx, opts, 5);
  const satisfiedFrom = readThreshold(ctx, opts, 'satisfiedFrom', scale, scale - 1);
  const level = readConfidence(ctx, own(opts, 'confidence'));
  let satisfied: number;
  let total: number;
  let meanScore: number | undefined;
  if (typeof scores === 'object' && scores !== null && !Array.isArray(scores) && !ArrayBuffer.isView(scores)) {
    const fields = record(ctx, 'scores', scores, ['satisfied', 'total']);
    for (const key of ['scale', 'satisfiedFrom']) {
      if (own(opts, key) !== undefined) fail(ctx, `options.${key}`, 'left out with counts: it applies only to raw answers', own(opts, key));
    }
    satisfied = countField(ctx, fields, 'satisfied', 'scores');
    total = countField(ctx, fields, 'total', 'scores');
    if (satisfied > total) fail(ctx, 'scores.satisfied', `<= scores.total (${total})`, satisfied, 'INCONSISTENT_INPUT');
  } else {
    const tally = tallyScores(ctx, scores, 1, scale);
    satisfied = countBetween(tally, 1, satisfiedFrom, scale);
    total = tally.total;
    meanScore = total > 0 ? meanOf(tally) : undefined;
  }
  if (total === 0) fail(ctx, 'scores', 'at least one answer: CSAT of no answers is undefined', scores, 'EMPTY_POPULATION');
  const share = rateOfCounts(satisfied, total);
  const result = {
    share,
    satisfied,
    total,
    interval: wilsonBounds(satisfied, total, level),
    ...(meanScore === undefined ? {} : { meanScore }),
    scale,
    satisfiedFrom,
  };
  return withValue(result, share.toNumber());
}
