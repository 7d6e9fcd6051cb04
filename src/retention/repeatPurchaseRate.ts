import { countField, fail, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfCounts } from '../core/Rate.js';

/**
 * Counts for {@link repeatPurchaseRate}.
 * @category retention
 */
export interface RepeatPurchaseRateInput {
  /** Customers with at least one order in the window. */
  readonly customersWithOrders: number;
  /** Customers with at least two orders in the window. */
  readonly customersWithRepeatOrders: number;
}

/**
 * Repeat purchase rate: the share of customers who ordered in a window who ordered at least twice in it.
 *
 * Formula: customers with >= 2 orders in the window / customers with >= 1 order in the window. Orders
 * before the window do not count; for "ordered before, ordered again" use {@link returningCustomerRate}
 * (Shopify's returning customer rate). The result is an exact {@link Rate}; `rate.interval()` gives its
 * Wilson interval. Source: the usual e-commerce definition (e.g. Klaviyo, Baymard); see
 * [docs/definitions.md](../../docs/definitions.md#repeatpurchaserate-repeat-purchase-rate).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad count; `INCONSISTENT_INPUT` when repeat customers
 * exceed customers with orders; `EMPTY_POPULATION` when no customer ordered.
 * @example
 * ```ts
 * import { repeatPurchaseRate } from 'loyalty-metrics';
 * const rate = repeatPurchaseRate({ customersWithOrders: 1200, customersWithRepeatOrders: 324 });
 * rate.toPercent(1) //=> '27.0%'
 * rate.interval().lower.toFixed(3) //=> '0.246'
 * ```
 * @category retention
 */
export function repeatPurchaseRate(input: RepeatPurchaseRateInput): Rate {
  const ctx = { fn: 'repeatPurchaseRate' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['customersWithOrders', 'customersWithRepeatOrders']);
  const withOrders = countField(ctx, fields, 'customersWithOrders');
  const repeat = countField(ctx, fields, 'customersWithRepeatOrders');
  if (repeat > withOrders) {
    fail(ctx, 'customersWithRepeatOrders', `<= customersWithOrders (${withOrders})`, repeat, 'INCONSISTENT_INPUT');
  }
  if (withOrders === 0) fail(ctx, 'customersWithOrders', 'positive: a share of no customers is undefined', withOrders, 'EMPTY_POPULATION');
  return rateOfCounts(repeat, withOrders);
}
