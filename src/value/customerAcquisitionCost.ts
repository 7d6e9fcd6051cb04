import type { Decimal } from 'decimal.js';
import type { MoneyInput } from '../core/_decimal.js';
import { moneyField } from '../core/_money.js';
import { countField, fail, record, noExtraArguments } from '../core/_validate.js';

/**
 * Input of {@link customerAcquisitionCost}.
 * @category value
 */
export interface CustomerAcquisitionCostInput {
  /**
   * Acquisition spend in the period. "Fully loaded" CAC includes sales and marketing salaries, tools and
   * overhead; "paid" CAC only media spend. Say which in your report.
   */
  readonly spend: MoneyInput;
  /** Customers acquired in the same period. */
  readonly newCustomers: number;
}

/**
 * Customer acquisition cost (CAC): acquisition spend per new customer.
 *
 * Formula: CAC = spend / new customers, a Decimal rounded half-even to 50 significant digits. Source:
 * standard definition (e.g. HubSpot, ChartMogul "CAC"); see
 * [docs/definitions.md](../../docs/definitions.md#customeracquisitioncost-customer-acquisition-cost-cac).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount or count; `EMPTY_POPULATION` when no
 * customer was acquired (the cost per customer is undefined, not 0 and not infinite).
 * @example
 * ```ts
 * import { customerAcquisitionCost } from 'loyalty-metrics';
 * customerAcquisitionCost({ spend: 42000, newCustomers: 120 }).toString() //=> '350'
 * ```
 * @category value
 */
export function customerAcquisitionCost(input: CustomerAcquisitionCostInput): Decimal {
  const ctx = { fn: 'customerAcquisitionCost' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['spend', 'newCustomers']);
  const spend = moneyField(ctx, fields, 'spend');
  const newCustomers = countField(ctx, fields, 'newCustomers');
  if (newCustomers === 0) fail(ctx, 'newCustomers', 'positive: the cost per no customer is undefined', newCustomers, 'EMPTY_POPULATION');
  return spend.div(newCustomers);
}
