import type { MoneyInput } from '../core/_decimal.js';
import { noExtraArguments } from '../core/_validate.js';
import { readRevenueMovements, revenueLoss } from '../core/_revenue.js';
import type { Rate } from '../core/Rate.js';

/**
 * Revenue movements for {@link netRevenueChurnRate}.
 * @category churn
 */
export interface NetRevenueChurnRateInput {
  /** Recurring revenue at the start of the period. */
  readonly startingRevenue: MoneyInput;
  /** Recurring revenue lost from customers who left. */
  readonly churnedRevenue: MoneyInput;
  /** Recurring revenue lost from customers who stayed but pay less. */
  readonly contractionRevenue: MoneyInput;
  /** Recurring revenue added by existing customers. */
  readonly expansionRevenue: MoneyInput;
  /** Recurring revenue of returning customers; optional, counted with expansion when given. */
  readonly reactivationRevenue?: MoneyInput;
}

/**
 * Net MRR churn rate: revenue lost net of expansion, as a share of starting revenue.
 *
 * Formula: (churned + contraction - expansion [- reactivation]) / start; exactly 1 - NRR. Negative when
 * expansion outweighs losses ("negative churn"). Source: ChartMogul / Baremetrics "net MRR churn"; see
 * [docs/definitions.md](../../docs/definitions.md#netrevenuechurnrate-net-mrr-churn-rate).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount; `INCONSISTENT_INPUT` when churned +
 * contraction > start; `EMPTY_POPULATION` when start = 0.
 * @example
 * ```ts
 * import { netRevenueChurnRate } from 'loyalty-metrics';
 * const churn = netRevenueChurnRate({
 *   startingRevenue: 50000, churnedRevenue: 2500, contractionRevenue: 1000, expansionRevenue: 7250,
 * });
 * churn.toPercent(1) //=> '-7.5%'
 * ```
 * @category churn
 */
export function netRevenueChurnRate(input: NetRevenueChurnRateInput): Rate {
  const ctx = { fn: 'netRevenueChurnRate' };
  noExtraArguments(ctx, arguments);
  const m = readRevenueMovements(ctx, input, ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue']);
  return revenueLoss(m, [m.expansion, m.reactivation]);
}
