import { countField, fail, noExtraArguments, record } from '../core/_validate.js';
import { type Rate, rateOfCounts } from '../core/Rate.js';

/**
 * Counts for {@link responseRate}.
 * @category survey
 */
export interface ResponseRateInput {
  /** Feedback items that were answered. */
  readonly answered: number;
  /** Feedback items that could be answered (for example the negative reviews of a month). */
  readonly total: number;
}

/**
 * Response rate: the share of feedback items that were answered.
 *
 * Formula: answered items / items, an exact {@link Rate} in [0, 1]; `rate.interval()` gives its Wilson
 * interval. Usually measured on negative reviews: the metric tables the library follows advise answering
 * them, as most customers who leave one stay when it is answered. Source: the customer-loyalty metric
 * tables (feedback); see [docs/definitions.md](../../docs/definitions.md#responserate-share-of-feedback-answered).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad count; `INCONSISTENT_INPUT` when answered exceeds
 * total; `EMPTY_POPULATION` when total = 0.
 * @example
 * ```ts
 * import { responseRate } from 'loyalty-metrics';
 * const rate = responseRate({ answered: 36, total: 48 });
 * rate.toPercent(1) //=> '75.0%'
 * rate.interval().lower.toFixed(3) //=> '0.612'
 * ```
 * @category survey
 */
export function responseRate(input: ResponseRateInput): Rate {
  const ctx = { fn: 'responseRate' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['answered', 'total']);
  const answered = countField(ctx, fields, 'answered');
  const total = countField(ctx, fields, 'total');
  if (answered > total) fail(ctx, 'answered', `<= total (${total})`, answered, 'INCONSISTENT_INPUT');
  if (total === 0) fail(ctx, 'total', 'positive: a share of no items is undefined', total, 'EMPTY_POPULATION');
  return rateOfCounts(answered, total);
}
