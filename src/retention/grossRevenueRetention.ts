import type { MoneyInput } from '../core/_decimal.js';
import { noExtraArguments } from '../core/_validate.js';
import { readRevenueMovements, revenueShare } from '../core/_revenue.js';
import type { Rate } from '../core/Rate.js';

/**
 * Revenue movements for {@link grossRevenueRetention}: recurring revenue (MRR or ARR) in one currency.
 * @category retention
 */
export interface GrossRevenueRetentionInput {
  /** Recurring revenue at the start of the period from the customers then active. */
  readonly startingRevenue: MoneyInput;
  /** Recurring revenue lost from customers who left. */
  readonly churnedRevenue: MoneyInput;
  /** Recurring revenue lost from customers who stayed but pay less (downgrades). */
  readonly contractionRevenue: MoneyInput;
}

/**
 * Gross revenue retention (GRR): the share of starting recurring revenue kept, ignoring expansion.
 *
 * Formula: GRR = (start - churned - contraction) / start, in [0, 1]. An exact {@link Rate} of money.
 * MRR should be normalised (annual plans / 12, after recurring discounts). Source: KeyBanc / ChartMogul
 * "gross revenue retention"; see
 * [docs/definitions.md](../../docs/definitions.md#grossrevenueretention-gross-revenue-retention-grr).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for an amount that is not a non-negative finite amount;
 * `INCONSISTENT_INPUT` when churned + contraction > start; `EMPTY_POPULATION` when start = 0.
 * @example
 * ```ts
 * import { grossRevenueRetention } from 'loyalty-metrics';
 * const grr = grossRevenueRetention({ startingRevenue: '50000', churnedRevenue: '2500', contractionRevenue: '1000' });
 * grr.toPercent(1) //=> '93.0%'
 * ```
 * @category retention
 */
export function grossRevenueRetention(input: GrossRevenueRetentionInput): Rate {
  const ctx = { fn: 'grossRevenueRetention' };
  noExtraArguments(ctx, arguments);
  const m = readRevenueMovements(ctx, input, ['startingRevenue', 'churnedRevenue', 'contractionRevenue']);
  return revenueShare(m, []);
}
