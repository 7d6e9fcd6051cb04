import { amountField, optionalAmountField, sumScaled, ZERO_SCALED } from '../core/_amount.js';
import type { MoneyInput } from '../core/_decimal.js';
import { fail, own, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfAmounts } from '../core/Rate.js';

/**
 * Recurring-revenue movements of one period for {@link quickRatio}.
 * @category value
 */
export interface QuickRatioInput {
  /** Recurring revenue from new customers. */
  readonly newRevenue: MoneyInput;
  /** Recurring revenue added by existing customers. */
  readonly expansionRevenue: MoneyInput;
  /** Recurring revenue lost from customers who left. */
  readonly churnedRevenue: MoneyInput;
  /** Recurring revenue lost from customers who pay less. */
  readonly contractionRevenue: MoneyInput;
  /** Recurring revenue of returning customers; optional, added to the gains when given. */
  readonly reactivationRevenue?: MoneyInput;
}

/**
 * SaaS quick ratio: recurring revenue gained per unit lost.
 *
 * Formula: (new + expansion [+ reactivation]) / (churned + contraction), an exact {@link Rate}. Above 4
 * is commonly read as efficient growth. Source: Mamoon Hamid (Social Capital), "The SaaS quick ratio"
 * (2015); see [docs/definitions.md](../../docs/definitions.md#quickratio-saas-quick-ratio).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount; `UNDEFINED_RESULT` when nothing was lost
 * (churned + contraction = 0), since the ratio would be infinite.
 * @example
 * ```ts
 * import { quickRatio } from 'loyalty-metrics';
 * Number(quickRatio({ newRevenue: 10000, expansionRevenue: 4000, churnedRevenue: 2500, contractionRevenue: 1000 })) //=> 4
 * ```
 * @category value
 */
export function quickRatio(input: QuickRatioInput): Rate {
  const ctx = { fn: 'quickRatio' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['newRevenue', 'expansionRevenue', 'churnedRevenue', 'contractionRevenue', 'reactivationRevenue']);
  const gained = sumScaled([amountField(ctx, fields, 'newRevenue'), amountField(ctx, fields, 'expansionRevenue'), optionalAmountField(ctx, fields, 'reactivationRevenue') ?? ZERO_SCALED]);
  const lost = sumScaled([amountField(ctx, fields, 'churnedRevenue'), amountField(ctx, fields, 'contractionRevenue')]);
  if (lost.int === 0n) {
    fail(ctx, 'churnedRevenue', 'positive, or contractionRevenue positive: with no revenue lost the ratio is infinite', own(fields, 'churnedRevenue'), 'UNDEFINED_RESULT');
  }
  return rateOfAmounts(gained, lost);
}
