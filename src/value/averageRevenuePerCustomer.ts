import type { Decimal } from 'decimal.js';
import type { MoneyInput } from '../core/_decimal.js';
import { moneyField } from '../core/_money.js';
import { countField, fail, record, noExtraArguments } from '../core/_validate.js';

/**
 * Input of {@link averageRevenuePerCustomer}.
 * @category value
 */
export interface AverageRevenuePerCustomerInput {
  /** Revenue in the period, in one currency. */
  readonly revenue: MoneyInput;
  /**
   * Customers to divide by. By convention the customers active in the period; pass the average or the
   * end-of-period count instead if that is your definition, and say so in your report.
   */
  readonly customers: number;
}

/**
 * Average revenue per customer (ARPC, also ARPU / ARPA): revenue divided by customers.
 *
 * Formula: ARPC = revenue / customers. Identity: ARPC = AOV x purchase frequency. Returns a Decimal
 * rounded half-even to 50 significant digits; round for display with `.toFixed(2)`. Source: standard
 * definition (ChartMogul "ARPA", Baremetrics "ARPU"); see
 * [docs/definitions.md](../../docs/definitions.md#averagerevenuepercustomer-average-revenue-per-customer-arpc).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a revenue that is not a non-negative finite amount or a
 * bad count; `EMPTY_POPULATION` when customers = 0.
 * @example
 * ```ts
 * import { averageRevenuePerCustomer } from 'loyalty-metrics';
 * averageRevenuePerCustomer({ revenue: '125000.00', customers: 1000 }).toFixed(2) //=> '125.00'
 * averageRevenuePerCustomer({ revenue: 100, customers: 3 }).toFixed(2) //=> '33.33'
 * ```
 * @category value
 */
export function averageRevenuePerCustomer(input: AverageRevenuePerCustomerInput): Decimal {
  const ctx = { fn: 'averageRevenuePerCustomer' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['revenue', 'customers']);
  const revenue = moneyField(ctx, fields, 'revenue');
  const customers = countField(ctx, fields, 'customers');
  if (customers === 0) fail(ctx, 'customers', 'positive: revenue per no customer is undefined', customers, 'EMPTY_POPULATION');
  return revenue.div(customers);
}
