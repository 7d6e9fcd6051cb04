import { fail, noExtraArguments } from '../core/_validate.js';

/**
 * The three NPS groups.
 * @category survey
 */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/**
 * Classifies one answer to "How likely are you to recommend us?" on the 0-10 scale.
 *
 * Rule: 9-10 promoter, 7-8 passive, 0-6 detractor. Source: Reichheld (2003), "The one number you need to
 * grow", Harvard Business Review; Bain & Company, NPS definition.
 *
 * @throws {@link MetricError} `INVALID_INPUT` unless the score is an integer from 0 to 10.
 * @example
 * ```ts
 * import { classifyNpsScore } from 'loyalty-metrics';
 * classifyNpsScore(9) //=> 'promoter'
 * classifyNpsScore(7) //=> 'passive'
 * classifyNpsScore(6) //=> 'detractor'
 * ```
 * @category survey
 */
export function classifyNpsScore(score: number): NpsCategory {
  noExtraArguments({ fn: 'classifyNpsScore' }, arguments);
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) {
    fail({ fn: 'classifyNpsScore' }, 'score', 'an integer from 0 to 10', score);
  }
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}
