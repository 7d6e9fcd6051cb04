import { criticalValue } from '../core/_normalQuantile.js';
import { countBetween, tallyScores, withValue } from '../core/_scores.js';
import { confidence as readConfidence, countField, fail, oneOf, options as readOptions, own, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfCounts } from '../core/Rate.js';
import type { Interval } from '../core/wilsonInterval.js';

/**
 * Counts of answers per NPS group, the alternative input of {@link netPromoterScore}.
 * @category survey
 */
export interface NpsCounts {
  /** Answers of 9 or 10. */
  readonly promoters: number;
  /** Answers of 7 or 8. */
  readonly passives: number;
  /** Answers of 0 to 6. */
  readonly detractors: number;
}

/**
 * Options of {@link netPromoterScore}.
 * @category survey
 */
export interface NetPromoterScoreOptions {
  /** Two-sided confidence level of the interval, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** Interval method: `'adjustedWald'` (default, recommended by MeasuringU) or `'wald'`. */
  readonly method?: 'adjustedWald' | 'wald';
}

/**
 * Result of {@link netPromoterScore}. `Number(result)` is `score`.
 * @category survey
 */
export interface NetPromoterScoreResult {
  /** NPS on its conventional scale, from -100 to 100. */
  readonly score: number;
  /** Answers of 9-10. */
  readonly promoters: number;
  /** Answers of 7-8. */
  readonly passives: number;
  /** Answers of 0-6. */
  readonly detractors: number;
  /** All answers. */
  readonly total: number;
  /** Promoters / total, exact. */
  readonly promoterShare: Rate;
  /** Detractors / total, exact. */
  readonly detractorShare: Rate;
  /** Confidence interval on the -100..100 scale; always contains `score`. */
  readonly interval: Interval;
  /** Half-width of the interval before clamping, in NPS points (z x standard error x 100). */
  readonly marginOfError: number;
  /** The interval method used. */
  readonly method: 'adjustedWald' | 'wald';
  /** The score, so that `Number(result) === result.score`. */
  valueOf(): number;
}

/**
 * Net Promoter Score (NPS) from 0-10 answers, with its confidence interval.
 *
 * Formula: NPS = 100 x (promoters - detractors) / n, promoters answering 9-10 and detractors 0-6
 * (Reichheld 2003; Bain & Company). Per-answer variance p+ + p- - (p+ - p-)^2.
 * - `'wald'`: NPS ± z·sqrt(variance / n).
 * - `'adjustedWald'` (default): add 3/4 to promoters and detractors and 3 to n, then the same formula
 *   (Rocks 2016; MeasuringU, "Confidence intervals for Net Promoter Scores"). It behaves far better
 *   with small samples and extreme scores.
 * Both are clamped to [-100, 100]; the adjusted interval is centred on the adjusted estimate, so it is
 * widened where needed to contain the reported score (with 5 promoters out of 5 the upper bound is 100).
 * The score is invariant to the order of answers.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for an answer that is not an integer 0-10 (naming its
 * index), bad counts or options; `EMPTY_POPULATION` for no answers.
 * @example
 * ```ts
 * import { netPromoterScore } from 'loyalty-metrics';
 * const nps = netPromoterScore({ promoters: 520, passives: 280, detractors: 200 });
 * nps.score //=> 32
 * Number(nps) //=> 32
 * nps.marginOfError.toFixed(1) //=> '4.9'
 * netPromoterScore([10, 9, 8, 6, 10, 3]).score.toFixed(2) //=> '16.67'
 * ```
 * @category survey
 */
export function netPromoterScore(scores: readonly number[] | NpsCounts, options?: NetPromoterScoreOptions): NetPromoterScoreResult {
  const ctx = { fn: 'netPromoterScore' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['confidence', 'method']);
  const level = readConfidence(ctx, own(opts, 'confidence'));
  const method = oneOf(ctx, 'options.method', own(opts, 'method'), ['adjustedWald', 'wald'], 'adjustedWald');
  const { promoters, passives, detractors } = readGroups(ctx, scores);
  const total = promoters + passives + detractors;
  if (!Number.isSafeInteger(total)) fail(ctx, 'scores.promoters', 'such that promoters + passives + detractors is a safe integer', total);
  if (total === 0) fail(ctx, 'scores', 'at least one answer: NPS of no answers is undefined', scores, 'EMPTY_POPULATION');
  const score = (100 * (promoters - detractors)) / total;
  const bounds = npsInterval(promoters, detractors, total, criticalValue(level), method);
  const result = {
    score: score === 0 ? 0 : score,
    promoters,
    passives,
    detractors,
    total,
    promoterShare: rateOfCounts(promoters, total),
    detractorShare: rateOfCounts(detractors, total),
    interval: { lower: Math.min(bounds.lower, score), upper: Math.max(bounds.upper, score), confidence: level },
    marginOfError: bounds.marginOfError,
    method,
  };
  return withValue(result, result.score);
}

function readGroups(ctx: { fn: string }, scores: unknown): NpsCounts {
  if (typeof scores === 'object' && scores !== null && !Array.isArray(scores) && !ArrayBuffer.isView(scores)) {
    const fields = record(ctx, 'scores', scores, ['promoters', 'passives', 'detractors']);
    return {
      promoters: countField(ctx, fields, 'promoters', 'scores'),
      passives: countField(ctx, fields, 'passives', 'scores'),
      detractors: countField(ctx, fields, 'detractors', 'scores'),
    };
  }
  const tally = tallyScores(ctx, scores, 0, 10);
  return { promoters: countBetween(tally, 0, 9, 10), passives: countBetween(tally, 0, 7, 8), detractors: countBetween(tally, 0, 0, 6) };
}

function npsInterval(promoters: number, detractors: number, n: number, z: number, method: 'adjustedWald' | 'wald') {
  const extra = method === 'adjustedWald' ? 0.75 : 0;
  const size = n + 4 * extra;
  const pPlus = (promoters + extra) / size;
  const pMinus = (detractors + extra) / size;
  const centre = pPlus - pMinus;
  const variance = Math.max(0, pPlus + pMinus - centre * centre);
  const half = z * Math.sqrt(variance / size);
  const clamp = (x: number) => Math.min(100, Math.max(-100, 100 * x));
  return { lower: clamp(centre - half), upper: clamp(centre + half), marginOfError: 100 * half };
}
