import { amountField, optionalAmountField, type Scaled, scaledToText, sumScaled, ZERO_SCALED } from './_amount.js';
import { type Ctx, fail, own, record } from './_validate.js';
import { type Rate, rateOfAmounts } from './Rate.js';

/**
 * Revenue movements of one period, read and checked once for every revenue metric. Exact scaled integers:
 * the revenue metrics return Rates, so they need no Decimal (and no decimal.js in a bundle).
 */
export interface RevenueMovements {
  readonly starting: Scaled;
  readonly churned: Scaled;
  readonly contraction: Scaled;
  readonly expansion: Scaled;
  readonly reactivation: Scaled;
}

const FIELDS = ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue', 'reactivationRevenue'] as const;

/**
 * Reads the revenue fields a metric uses (others are unknown fields) and checks that churn and contraction
 * do not exceed the starting revenue they come out of.
 */
export function readRevenueMovements(ctx: Ctx, input: unknown, required: readonly (typeof FIELDS)[number][]): RevenueMovements {
  const optional = required.includes('expansionRevenue') ? ['reactivationRevenue'] : [];
  const fields = record(ctx, 'input', input, [...required, ...optional]);
  const read = (key: (typeof FIELDS)[number]): Scaled =>
    required.includes(key) ? amountField(ctx, fields, key) : (optionalAmountField(ctx, fields, key) ?? ZERO_SCALED);
  const movements = {
    starting: read('startingRevenue'),
    churned: read('churnedRevenue'),
    contraction: read('contractionRevenue'),
    expansion: read('expansionRevenue'),
    reactivation: read('reactivationRevenue'),
  };
  const excess = sumScaled([movements.churned, movements.contraction, movements.starting], [1, 1, -1]);
  if (excess.int > 0n) {
    const starting = scaledToText(movements.starting.int, movements.starting.scale);
    fail(ctx, 'churnedRevenue', `plus contractionRevenue <= startingRevenue (${starting})`, own(fields, 'churnedRevenue'), 'INCONSISTENT_INPUT');
  }
  if (movements.starting.int === 0n) {
    fail(ctx, 'startingRevenue', 'positive: a share of no revenue is undefined', own(fields, 'startingRevenue'), 'EMPTY_POPULATION');
  }
  return movements;
}

/** (starting - churned - contraction + gained) / starting, exactly. */
export function revenueShare(m: RevenueMovements, gained: readonly Scaled[]): Rate {
  const numerator = sumScaled([m.starting, m.churned, m.contraction, ...gained], [1, -1, -1, ...gained.map(() => 1 as const)]);
  return rateOfAmounts(numerator, m.starting);
}

/** (churned + contraction - lessened) / starting, exactly: the revenue churn rates. */
export function revenueLoss(m: RevenueMovements, offsets: readonly Scaled[]): Rate {
  const numerator = sumScaled([m.churned, m.contraction, ...offsets], [1, 1, ...offsets.map(() => -1 as const)]);
  return rateOfAmounts(numerator, m.starting);
}
