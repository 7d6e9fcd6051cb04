import { countField, fail, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfCounts } from '../core/Rate.js';

/**
 * Counts for {@link returningCustomerRate}.
 * @category retention
 */
export interface ReturningCustomerRateInput {
  /** Customers who ordered in the window. */
  readonly customersWithOrders: number;
  /** Of those, customers with more than one order ever (orders before the window count). */
  readonly returningCustomers: number;
}

/**
 * Returning customer rate (Shopify's definition): the share of customers who ordered in the window who
 * have more than one order ever.
 *
 * Formula: customers who ordered in the window and have > 1 order in their whole history / customers who
 * ordered in the window. It differs from {@link repeatPurchaseRate}, which counts only orders inside the
 * window. Source: Shopify Help Center, "Returning customer rate".
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad count; `INCONSISTENT_INPUT` when returning customers
 * exceed customers with orders; `EMPTY_POPULATION` when no customer ordered.
 * @example
 * ```ts
 * import { returningCustomerRate } from 'loyalty-metrics';
 * returningCustomerRate({ customersWithOrders: 800, returningCustomers: 296 }).toPercent(0) //=> '37%'
 * ```
 * @category retention
 */
export function returningCustomerRate(input: ReturningCustomerRateInput): Rate {
  const ctx = { fn: 'returningCustomerRate' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['customersWithOrders', 'returningCustomers']);
  const withOrders = countField(ctx, fields, 'customersWithOrders');
  const returning = countField(ctx, fields, 'returningCustomers');
  if (returning > withOrders) {
    fail(ctx, 'returningCustomers', `<= customersWithOrders (${withOrders})`, returning, 'INCONSISTENT_INPUT');
  }
  if (withOrders === 0) fail(ctx, 'customersWithOrders', 'positive: a share of no customers is undefined', withOrders, 'EMPTY_POPULATION');
  return rateOfCounts(returning, withOrders);
}
