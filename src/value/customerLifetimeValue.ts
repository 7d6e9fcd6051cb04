import type { Decimal } from 'decimal.js';
import type { MoneyInput } from '../core/_decimal.js';
import { type RateInput, rateInput } from '../core/_rateInput.js';
import { moneyField } from '../core/_money.js';
import { fail, oneOf, own, record, noExtraArguments } from '../core/_validate.js';
import { exactQuotient } from '../core/_exact.js';
import { divideRates, rateOfCounts } from '../core/Rate.js';

/**
 * Input of {@link customerLifetimeValue}. All rates are per period of the same length (monthly ARPC
 * with monthly churn and a monthly discount rate).
 * @category value
 */
export interface CustomerLifetimeValueInput {
  /** Revenue per customer per period (ARPC). */
  readonly averageRevenuePerCustomer: MoneyInput;
  /** Churn per period, in [0, 1]: a {@link Rate} or a fraction (0.05 for 5%). */
  readonly churnRate: RateInput;
  /** Gross margin in [0, 1] applied to revenue. Default 1 (revenue CLV). */
  readonly grossMargin?: RateInput;
  /** Discount rate per period, >= 0 (0.01 for 1% a month). Default 0 (undiscounted). */
  readonly discountRate?: RateInput;
  /**
   * When each period's margin arrives. `'start'` (default): the first payment is immediate, so with no
   * discounting CLV = ARPC x margin / churn exactly. `'end'`: payments at the end of each period
   * (Gupta & Lehmann's m·r / (1 + d - r)).
   */
  readonly paymentTiming?: 'start' | 'end';
}

/**
 * Customer lifetime value (CLV, LTV) by formula, under constant churn and optional discounting.
 *
 * With margin per period m = ARPC x grossMargin, retention r = 1 - churn and discount rate d:
 * - payment at the start of each period (default): CLV = m x (1 + d) / (1 + d - r); with d = 0 this is
 *   the usual SaaS form ARPC x margin / churn (ChartMogul and Baremetrics use ARPC / churn);
 * - payment at the end of each period: CLV = m x r / (1 + d - r).
 *
 * Both closed forms equal the explicit sums Σ_{t>=0} m r^t / (1 + d)^t and Σ_{t>=1} m r^t / (1 + d)^t.
 * The rate parts are combined exactly and the money divided once, rounded half-even to 50 significant
 * digits. Sources: Gupta & Lehmann (2003), "Customers as assets", Journal of Interactive Marketing 17(1);
 * ChartMogul, "Customer lifetime value"; see
 * [docs/definitions.md](../../docs/definitions.md#customerlifetimevalue-customer-lifetime-value-clv).
 * ChartMogul feeds it the trailing 6-month average churn: pass that average if you follow them.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad amount or a rate out of range; `UNDEFINED_RESULT`
 * when churn and the discount rate are both 0 (an infinite value is never returned).
 * @example
 * ```ts
 * import { customerLifetimeValue } from 'loyalty-metrics';
 * customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 0.8 }).toString() //=> '2400'
 * const discounted = customerLifetimeValue({
 *   averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 0.8, discountRate: 0.01, paymentTiming: 'end',
 * });
 * discounted.toFixed(2) //=> '1843.20'
 * ```
 * @category value
 */
export function customerLifetimeValue(input: CustomerLifetimeValueInput): Decimal {
  const ctx = { fn: 'customerLifetimeValue' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['averageRevenuePerCustomer', 'churnRate', 'grossMargin', 'discountRate', 'paymentTiming']);
  const arpc = moneyField(ctx, fields, 'averageRevenuePerCustomer');
  const churn = rateInput(ctx, 'churnRate', own(fields, 'churnRate'), { min: 0, max: 1 });
  const margin = optionalRate(ctx, fields, 'grossMargin', 1, { min: 0, max: 1 });
  const discount = optionalRate(ctx, fields, 'discountRate', 0, { min: 0 });
  const timing = oneOf(ctx, 'paymentTiming', own(fields, 'paymentTiming'), ['start', 'end'], 'start');
  const denominator = discount.plus(churn);
  if (denominator.equals(0)) {
    fail(ctx, 'churnRate', 'positive unless discountRate is: with no churn and no discounting CLV is infinite', own(fields, 'churnRate'), 'UNDEFINED_RESULT');
  }
  const paymentsFactor = timing === 'start' ? discount.plus(1) : churn.complement();
  const factor = divideRates(paymentsFactor, denominator);
  const { n: marginN, d: marginD } = margin.parts();
  return exactQuotient([arpc, marginN, factor.n], [marginD, factor.d]);
}

function optionalRate(ctx: { fn: string }, fields: object, key: string, fallback: number, bounds: { min: number; max?: number }) {
  const value = own(fields, key);
  return value === undefined ? rateOfCounts(fallback, 1) : rateInput(ctx, key, value, bounds);
}
