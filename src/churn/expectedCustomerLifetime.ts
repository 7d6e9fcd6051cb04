import type { Decimal } from 'decimal.js';
import { exactQuotient } from '../core/_exact.js';
import { type RateInput, rateInput } from '../core/_rateInput.js';
import { fail, own, record, noExtraArguments } from '../core/_validate.js';

/**
 * Input of {@link expectedCustomerLifetime}.
 * @category churn
 */
export interface ExpectedCustomerLifetimeInput {
  /** Churn per period, in (0, 1]: a {@link Rate} or a fraction. */
  readonly churnRate: RateInput;
}

/**
 * Expected customer lifetime under constant churn, in periods of the churn rate.
 *
 * Formula: 1 / c. Under a constant per-period churn c, lifetimes are geometric with mean 1 / c periods
 * (counting the first period). Source: the geometric-lifetime assumption behind formula CLV (e.g. Gupta &
 * Lehmann 2003; ChartMogul "customer lifetime"); see
 * [docs/definitions.md](../../docs/definitions.md#expectedcustomerlifetime-expected-customer-lifetime).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a rate outside [0, 1]; `UNDEFINED_RESULT` for zero churn
 * (an infinite lifetime is never returned).
 * @example
 * ```ts
 * import { expectedCustomerLifetime } from 'loyalty-metrics';
 * expectedCustomerLifetime({ churnRate: 0.04 }).toString() //=> '25'
 * ```
 * @category churn
 */
export function expectedCustomerLifetime(input: ExpectedCustomerLifetimeInput): Decimal {
  const ctx = { fn: 'expectedCustomerLifetime' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['churnRate']);
  const churn = rateInput(ctx, 'churnRate', own(fields, 'churnRate'), { min: 0, max: 1 });
  if (churn.equals(0)) fail(ctx, 'churnRate', 'positive: with zero churn the expected lifetime is infinite', own(fields, 'churnRate'), 'UNDEFINED_RESULT');
  const { n, d } = churn.parts();
  return exactQuotient([d], [n]);
}
