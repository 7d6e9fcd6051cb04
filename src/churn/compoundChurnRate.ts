import { ONE } from '../core/_decimal.js';
import { decimalOfRate, rateOfDecimals } from '../core/_exact.js';
import { type RateInput, rateInput } from '../core/_rateInput.js';
import { finiteNumber, own, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, ratePower } from '../core/Rate.js';

/**
 * Input of {@link compoundChurnRate}.
 * @category churn
 */
export interface CompoundChurnRateInput {
  /** Churn per period, in [0, 1]: a {@link Rate} or a fraction (0.05 for 5%). */
  readonly churnRate: RateInput;
  /** How many periods to compound over, >= 0; may be fractional (1/12 turns an annual rate monthly). */
  readonly periods: number;
}

/** Integer exponents up to this stay exact rationals; the parts grow by one power of the denominator each. */
const MAX_EXACT_PERIODS = 120;

/**
 * Churn over several periods at a constant hazard: converts a churn rate between period lengths.
 *
 * Formula: 1 - (1 - c)^periods. Monthly from annual: `periods: 1/12`; annual from monthly: `periods: 12`.
 * For whole numbers of periods up to 120 the result is an exact {@link Rate}, so compounding twice equals
 * compounding once over the sum of the periods exactly; otherwise the power is computed in Decimal to 50
 * significant digits (a fractional `periods` typed as a float, such as 1/12, itself carries only about
 * 16 significant digits, and so does the result). Assumes the same share leaves in every period (constant hazard), which
 * overstates long-run churn when the riskiest customers leave first. Source: standard geometric
 * conversion, e.g. ChartMogul and Baremetrics on annual vs monthly churn; see
 * [docs/definitions.md](../../docs/definitions.md#compoundchurnrate-churn-over-another-period-length).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a churn rate outside [0, 1] or periods that are negative
 * or not finite.
 * @example
 * ```ts
 * import { compoundChurnRate } from 'loyalty-metrics';
 * compoundChurnRate({ churnRate: 0.05, periods: 12 }).toPercent(2) //=> '45.96%'
 * compoundChurnRate({ churnRate: 0.3, periods: 1 / 12 }).toPercent(2) //=> '2.93%'
 * ```
 * @category churn
 */
export function compoundChurnRate(input: CompoundChurnRateInput): Rate {
  const ctx = { fn: 'compoundChurnRate' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['churnRate', 'periods']);
  const churn = rateInput(ctx, 'churnRate', own(fields, 'churnRate'), { min: 0, max: 1 });
  const periods = finiteNumber(ctx, 'periods', own(fields, 'periods'), { min: 0 });
  const survival = churn.complement();
  if (Number.isInteger(periods) && periods <= MAX_EXACT_PERIODS) return ratePower(survival, periods).complement();
  const survived = decimalOfRate(survival).pow(periods);
  return rateOfDecimals(ONE.minus(survived), ONE);
}
