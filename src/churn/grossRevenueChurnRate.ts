import type { MoneyInput } from '../core/_decimal.js';
import { noExtraArguments } from '../core/_validate.js';
import { readRevenueMovements, revenueLoss } from '../core/_revenue.js';
import type { Rate } from '../core/Rate.js';

/**
 * Revenue movements for {@link grossRevenueChurnRate}.
 * @category churn
 */
export interface GrossRevenueChurnRateInput {
  /** Recurring revenue at the start of the period. */
  readonly startingRevenue: MoneyInput;
  /** Recurring revenue lost from customers who left. */
  readonly churnedRevenue: MoneyInput;
  /** Recurring revenue lost from customers who stayed but pay less. */
  readonly contractionRevenue: MoneyInput;
}

/**
 * Gross MRR churn rate: the share of starting recurring revenue lost to churn and contraction.
 *
 * Formula: (churned + contraction) / start, in [0, 1]; exactly 1 - GRR. Source: ChartMogul / Baremetrics
 * "gross MRR churn"; see [docs/definitions.md](../../docs/definitions.md#grossrevenuechurnrate-gross-mrr-churn-rate).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount; `INCONSISTENT_INPUT` when churned +
 * contraction > start; `EMPTY_POPULATION` when start = 0.
 * @example
 * ```ts
 * import { grossRevenueChurnRate } from 'loyalty-metrics';
 * grossRevenueChurnRate({ startingRevenue: 50000, churnedRevenue: 2500, contractionRevenue: 1000 }).toPercent(1) //=> '7.0%'
 * ```
 * @category churn
 */
export function grossRevenueChurnRate(input: GrossRevenueChurnRateInput): Rate {
  const ctx = { fn: 'grossRevenueChurnRate' };
  noExtraArguments(ctx, arguments);
  const m = readRevenueMovements(ctx, input, ['startingRevenue', 'churnedRevenue', 'contractionRevenue']);
  return revenueLoss(m, []);
}
