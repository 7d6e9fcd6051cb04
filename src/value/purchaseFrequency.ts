import { countField, fail, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, ratioOfCounts } from '../core/Rate.js';

/**
 * Input of {@link purchaseFrequency}.
 * @category value
 */
export interface PurchaseFrequencyInput {
  /** Orders in the period. */
  readonly orders: number;
  /** Customers who could have ordered (by convention those active in the period). */
  readonly customers: number;
}

/**
 * Purchase frequency: orders per customer in a period.
 *
 * Formula: orders / customers, an exact {@link Rate} that may exceed 1. Identity: ARPC = AOV x purchase
 * frequency. Source: standard e-commerce CLV decomposition (e.g. Shopify, Kissmetrics); see
 * [docs/definitions.md](../../docs/definitions.md#purchasefrequency-purchase-frequency).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad count; `EMPTY_POPULATION` when customers = 0.
 * @example
 * ```ts
 * import { purchaseFrequency } from 'loyalty-metrics';
 * Number(purchaseFrequency({ orders: 1500, customers: 1000 })) //=> 1.5
 * ```
 * @category value
 */
export function purchaseFrequency(input: PurchaseFrequencyInput): Rate {
  const ctx = { fn: 'purchaseFrequency' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['orders', 'customers']);
  const orders = countField(ctx, fields, 'orders');
  const customers = countField(ctx, fields, 'customers');
  if (customers === 0) fail(ctx, 'customers', 'positive: orders per no customer is undefined', customers, 'EMPTY_POPULATION');
  return ratioOfCounts(orders, customers);
}
