import type { Decimal } from 'decimal.js';
import type { MoneyInput } from '../core/_decimal.js';
import { type RateInput, rateInput } from '../core/_rateInput.js';
import { exactQuotient } from '../core/_exact.js';
import { moneyField } from '../core/_money.js';
import { fail, own, record, noExtraArguments } from '../core/_validate.js';
import { rateSign } from '../core/Rate.js';

/**
 * Input of {@link cacPaybackPeriod}.
 * @category value
 */
export interface CacPaybackPeriodInput {
  /** Customer acquisition cost (see {@link customerAcquisitionCost}). */
  readonly customerAcquisitionCost: MoneyInput;
  /** Revenue per customer per period (ARPC). The result is in the same periods. */
  readonly averageRevenuePerCustomer: MoneyInput;
  /** Gross margin in [0, 1]. Default 1 (revenue payback; margin payback is the stricter, usual form). */
  readonly grossMargin?: RateInput;
}

/**
 * CAC payback period: how many periods of margin repay the cost of acquiring a customer.
 *
 * Formula: CAC / (ARPC x gross margin), in the period of the ARPC (months for monthly ARPC). Ignores
 * churn and discounting, as the metric conventionally does. Source: standard SaaS definition (e.g.
 * KeyBanc SaaS survey, ChartMogul "CAC payback"); see
 * [docs/definitions.md](../../docs/definitions.md#cacpaybackperiod-cac-payback-period).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount or margin; `UNDEFINED_RESULT` when
 * ARPC x margin is 0 (the cost is never repaid).
 * @example
 * ```ts
 * import { cacPaybackPeriod } from 'loyalty-metrics';
 * cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, grossMargin: 0.8 }).toString() //=> '12'
 * ```
 * @category value
 */
export function cacPaybackPeriod(input: CacPaybackPeriodInput): Decimal {
  const ctx = { fn: 'cacPaybackPeriod' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['customerAcquisitionCost', 'averageRevenuePerCustomer', 'grossMargin']);
  const cac = moneyField(ctx, fields, 'customerAcquisitionCost');
  const arpc = moneyField(ctx, fields, 'averageRevenuePerCustomer');
  const marginValue = own(fields, 'grossMargin');
  const margin = marginValue === undefined ? undefined : rateInput(ctx, 'grossMargin', marginValue, { min: 0, max: 1 });
  if (arpc.isZero() || (margin !== undefined && rateSign(margin) === 0)) {
    const field = arpc.isZero() ? 'averageRevenuePerCustomer' : 'grossMargin';
    fail(ctx, field, 'positive: with no margin per period the cost is never repaid', own(fields, field), 'UNDEFINED_RESULT');
  }
  if (margin === undefined) return cac.div(arpc);
  const { n, d } = margin.parts();
  return exactQuotient([cac, d], [arpc, n]);
}
