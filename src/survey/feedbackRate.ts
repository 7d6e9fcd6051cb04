import { countField, fail, noExtraArguments, record } from '../core/_validate.js';
import { type Rate, ratioOfCounts } from '../core/Rate.js';

/**
 * Counts for {@link feedbackRate}.
 * @category survey
 */
export interface FeedbackRateInput {
  /** Feedback items (reviews, complaints, suggestions...) received in the period. */
  readonly feedbackItems: number;
  /** Customers who could have given feedback (by convention those active in the period). */
  readonly customers: number;
}

/**
 * Feedback rate: feedback items per active customer in a period.
 *
 * Formula: feedback items / customers, an exact {@link Rate} that may exceed 1 (a customer can leave
 * several items), so it has no Wilson interval; the share of customers who gave feedback is a different
 * figure (`feedbackSummary`'s `volume.customers` over the same customers). Source: "feedback" in the
 * customer-loyalty metric tables the library follows (volume of customers' opinions of the service, e.g.
 * 450 reviews), normalised per customer as {@link purchaseFrequency} and {@link interactionFrequency} are;
 * see [docs/definitions.md](../../docs/definitions.md#feedbackrate-feedback-items-per-customer).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad count; `EMPTY_POPULATION` when customers = 0.
 * @example
 * ```ts
 * import { feedbackRate } from 'loyalty-metrics';
 * const rate = feedbackRate({ feedbackItems: 450, customers: 1800 });
 * rate.toString() //=> '450/1800'
 * Number(rate) //=> 0.25
 * ```
 * @category survey
 */
export function feedbackRate(input: FeedbackRateInput): Rate {
  const ctx = { fn: 'feedbackRate' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['feedbackItems', 'customers']);
  const items = countField(ctx, fields, 'feedbackItems');
  const customers = countField(ctx, fields, 'customers');
  if (customers === 0) fail(ctx, 'customers', 'positive: feedback per no customer is undefined', customers, 'EMPTY_POPULATION');
  return ratioOfCounts(items, customers);
}
