import type { MoneyInput } from '../core/_decimal.js';
import { noExtraArguments } from '../core/_validate.js';
import { readRevenueMovements, revenueShare } from '../core/_revenue.js';
import type { Rate } from '../core/Rate.js';

/**
 * Revenue movements for {@link netRevenueRetention}: recurring revenue (MRR or ARR) in one currency.
 * @category retention
 */
export interface NetRevenueRetentionInput {
  /** Recurring revenue at the start of the period from the customers then active. */
  readonly startingRevenue: MoneyInput;
  /** Recurring revenue lost from customers who left. */
  readonly churnedRevenue: MoneyInput;
  /** Recurring revenue lost from customers who stayed but pay less. */
  readonly contractionRevenue: MoneyInput;
  /** Recurring revenue added by customers who were active at the start (upgrades, seats). */
  readonly expansionRevenue: MoneyInput;
  /**
   * Recurring revenue of customers who had churned and came back. Optional: included when given, and
   * then counted with expansion. Leave it out for the stricter form most investors quote.
   */
  readonly reactivationRevenue?: MoneyInput;
}

/**
 * Net revenue retention (NRR, also net dollar retention): the share of starting recurring revenue kept,
 * counting expansion.
 *
 * Formula: NRR = (start - churned - contraction + expansion [+ reactivation]) / start; it may exceed 1.
 * Exact, so NRR - GRR = (expansion + reactivation) / start holds with no tolerance. Source: KeyBanc SaaS
 * survey, ChartMogul; see
 * [docs/definitions.md](../../docs/definitions.md#netrevenueretention-net-revenue-retention-nrr).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for an amount that is not a non-negative finite amount;
 * `INCONSISTENT_INPUT` when churned + contraction > start; `EMPTY_POPULATION` when start = 0.
 * @example
 * ```ts
 * import { netRevenueRetention } from 'loyalty-metrics';
 * const nrr = netRevenueRetention({
 *   startingRevenue: 50000, churnedRevenue: 2500, contractionRevenue: 1000, expansionRevenue: 7250,
 * });
 * nrr.toPercent(1) //=> '107.5%'
 * ```
 * @category retention
 */
export function netRevenueRetention(input: NetRevenueRetentionInput): Rate {
  const ctx = { fn: 'netRevenueRetention' };
  noExtraArguments(ctx, arguments);
  const m = readRevenueMovements(ctx, input, ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue']);
  return revenueShare(m, [m.expansion, m.reactivation]);
}
