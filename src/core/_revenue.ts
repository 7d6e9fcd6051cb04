import type { Decimal } from 'decimal.js';
import { ZERO } from './_decimal.js';
import { type Ctx, fail, moneyField, optionalMoneyField, own, record } from './_validate.js';
import { exactSum } from './_exact.js';
import { type Rate, rateOfDecimals } from './Rate.js';

/** Revenue movements of one period, read and checked once for every revenue metric. */
export interface RevenueMovements {
  readonly starting: Decimal;
  readonly churned: Decimal;
  readonly contraction: Decimal;
  readonly expansion: Decimal;
  readonly reactivation: Decimal;
}

const FIELDS = ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue', 'reactivationRevenue'] as const;

/**
 * Reads the revenue fields a metric uses (others are unknown fields) and checks that churn and contraction
 * do not exceed the starting revenue they come out of.
 */
export function readRevenueMovements(ctx: Ctx, input: unknown, required: readonly (typeof FIELDS)[number][]): RevenueMovements {
  const optional = required.includes('expansionRevenue') ? ['reactivationRevenue'] : [];
  const fields = record(ctx, 'input', input, [...required, ...optional]);
  const read = (key: (typeof FIELDS)[number]): Decimal =>
    required.includes(key) ? moneyField(ctx, fields, key) : (optionalMoneyField(ctx, fields, key) ?? ZERO);
  const movements = {
    starting: read('startingRevenue'),
    churned: read('churnedRevenue'),
    contraction: read('contractionRevenue'),
    expansion: read('expansionRevenue'),
    reactivation: read('reactivationRevenue'),
  };
  const excess = exactSum([movements.churned, movements.contraction, movements.starting], [1, 1, -1]);
  if (excess.isPositive() && !excess.isZero()) {
    fail(ctx, 'churnedRevenue', `plus contractionRevenue <= startingRevenue (${movements.starting.toFixed()})`, own(fields, 'churnedRevenue'), 'INCONSISTENT_INPUT');
  }
  if (movements.starting.isZero()) {
    fail(ctx, 'startingRevenue', 'positive: a share of no revenue is undefined', own(fields, 'startingRevenue'), 'EMPTY_POPULATION');
  }
  return movements;
}

/** (starting - churned - contraction + gained) / starting, exactly. */
export function revenueShare(m: RevenueMovements, gained: readonly Decimal[]): Rate {
  const numerator = exactSum([m.starting, m.churned, m.contraction, ...gained], [1, -1, -1, ...gained.map(() => 1 as const)]);
  return rateOfDecimals(numerator, m.starting);
}

/** (churned + contraction - lessened) / starting, exactly: the revenue churn rates. */
export function revenueLoss(m: RevenueMovements, offsets: readonly Decimal[]): Rate {
  const numerator = exactSum([m.churned, m.contraction, ...offsets], [1, 1, ...offsets.map(() => -1 as const)]);
  return rateOfDecimals(numerator, m.starting);
}
