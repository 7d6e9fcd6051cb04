import type { Decimal } from 'decimal.js';
import type { MoneyInput } from '../core/_decimal.js';
import { moneyField } from '../core/_money.js';
import { countField, fail, record, noExtraArguments } from '../core/_validate.js';

/**
 * Input of {@link averageOrderValue}.
 * @category value
 */
export interface AverageOrderValueInput {
  /** Revenue of the orders, in one currency. */
  readonly revenue: MoneyInput;
  /** Number of orders. */
  readonly orders: number;
}

/**
 * Average order value (AOV): revenue divided by orders.
 *
 * Formula: AOV = revenue / orders, a Decimal rounded half-even to 50 significant digits. Source: standard
 * e-commerce definition (e.g. Shopify "average order value"); see
 * [docs/definitions.md](../../docs/definitions.md#averageordervalue-average-order-value-aov).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount or count; `EMPTY_POPULATION` when
 * orders = 0.
 * @example
 * ```ts
 * import { averageOrderValue } from 'loyalty-metrics';
 * averageOrderValue({ revenue: '1234.50', orders: 3 }).toString() //=> '411.5'
 * ```
 * @category value
 */
export function averageOrderValue(input: AverageOrderValueInput): Decimal {
  const ctx = { fn: 'averageOrderValue' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['revenue', 'orders']);
  const revenue = moneyField(ctx, fields, 'revenue');
  const orders = countField(ctx, fields, 'orders');
  if (orders === 0) fail(ctx, 'orders', 'positive: the value of no orders is undefined', orders, 'EMPTY_POPULATION');
  return revenue.div(orders);
}
