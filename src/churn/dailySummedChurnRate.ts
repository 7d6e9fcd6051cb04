import { count, fail, own, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, ratioOfCounts } from '../core/Rate.js';

/**
 * One day of {@link dailySummedChurnRate}.
 * @category churn
 */
export interface DailyChurnCounts {
  /** Customers active at the start of the day. */
  readonly atStart: number;
  /** Customers lost that day. */
  readonly lost: number;
}

/**
 * Daily-summed churn rate (the "Shopify" method): the sum over the days of a period of that day's churn.
 *
 * Formula: Σ_d lost_d / atStart_d. It tracks a base that changes a lot within the period better than a
 * single start-of-period denominator. The sum is exact (a {@link Rate}, reduced; a sum of shares is not
 * itself a share, so it has no interval). Source: Steven H. Noble, "Defining churn rate (no really, this
 * actually requires an entire blog post)", Shopify Engineering; see
 * [docs/definitions.md](../../docs/definitions.md#dailysummedchurnrate-daily-summed-churn-rate).
 *
 * Edges: no days, or only days with `atStart` 0, throws `EMPTY_POPULATION`; among other days a day with
 * `atStart` 0 and `lost` 0 contributes 0; a hole in a sparse array is `INVALID_INPUT`; a day with
 * `atStart` 0 and losses, or `lost` > `atStart`, throws `INCONSISTENT_INPUT`.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when `days` is not an array of `{ atStart, lost }` counts
 * (naming the index); `INCONSISTENT_INPUT`; `EMPTY_POPULATION`.
 * @example
 * ```ts
 * import { dailySummedChurnRate } from 'loyalty-metrics';
 * const rate = dailySummedChurnRate([{ atStart: 1000, lost: 2 }, { atStart: 1010, lost: 3 }, { atStart: 990, lost: 1 }]);
 * rate.toNumber().toFixed(6) //=> '0.005980'
 * ```
 * @category churn
 */
export function dailySummedChurnRate(days: readonly DailyChurnCounts[]): Rate {
  const ctx = { fn: 'dailySummedChurnRate' };
  noExtraArguments(ctx, arguments);
  if (!Array.isArray(days)) fail(ctx, 'days', 'an array of { atStart, lost }', days);
  if (days.length === 0) fail(ctx, 'days', 'a non-empty array: churn over no days is undefined', days, 'EMPTY_POPULATION');
  let total: Rate = ratioOfCounts(0, 1);
  let populatedDays = 0;
  // An index loop, not forEach: a hole in a sparse array must be refused, not skipped.
  for (let index = 0; index < days.length; index++) {
    const field = `days[${index}]`;
    const fields = record(ctx, field, days[index], ['atStart', 'lost']);
    const atStart = count(ctx, `${field}.atStart`, own(fields, 'atStart'));
    const lost = count(ctx, `${field}.lost`, own(fields, 'lost'));
    if (lost > atStart) fail(ctx, `${field}.lost`, `<= ${field}.atStart (${atStart})`, lost, 'INCONSISTENT_INPUT');
    if (atStart > 0) {
      total = total.plus(ratioOfCounts(lost, atStart));
      populatedDays++;
    }
  }
  if (populatedDays === 0) fail(ctx, 'days', 'to include a day with customers: churn of no customers is undefined', days, 'EMPTY_POPULATION');
  return total;
}
