import { amountField } from '../core/_amount.js';
import type { MoneyInput } from '../core/_decimal.js';
import { fail, own, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfAmounts } from '../core/Rate.js';

/**
 * Input of {@link ltvToCacRatio}.
 * @category value
 */
export interface LtvToCacRatioInput {
  /** Customer lifetime value (see {@link customerLifetimeValue}), in the same currency as CAC. */
  readonly customerLifetimeValue: MoneyInput;
  /** Customer acquisition cost. */
  readonly customerAcquisitionCost: MoneyInput;
}

/**
 * LTV:CAC ratio: lifetime value earned per unit of acquisition cost.
 *
 * Formula: CLV / CAC, an exact {@link Rate} of money. A ratio of 3 is the usual rule of thumb for a
 * healthy SaaS business; below 1 each customer loses money. Use a margin-based CLV for a meaningful
 * ratio. Source: standard SaaS definition (e.g. David Skok, "SaaS metrics 2.0"); see
 * [docs/definitions.md](../../docs/definitions.md#ltvtocacratio-ltvcac-ratio).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount; `UNDEFINED_RESULT` when CAC = 0.
 * @example
 * ```ts
 * import { ltvToCacRatio } from 'loyalty-metrics';
 * Number(ltvToCacRatio({ customerLifetimeValue: 2400, customerAcquisitionCost: 800 })) //=> 3
 * ```
 * @category value
 */
export function ltvToCacRatio(input: LtvToCacRatioInput): Rate {
  const ctx = { fn: 'ltvToCacRatio' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['customerLifetimeValue', 'customerAcquisitionCost']);
  const ltv = amountField(ctx, fields, 'customerLifetimeValue');
  const cac = amountField(ctx, fields, 'customerAcquisitionCost');
  if (cac.int === 0n) fail(ctx, 'customerAcquisitionCost', 'positive: a ratio to zero cost is undefined', own(fields, 'customerAcquisitionCost'), 'UNDEFINED_RESULT');
  return rateOfAmounts(ltv, cac);
}
