import type { TimestampInput } from '../core/_time.js';
import { fail, noExtraArguments, own, record } from '../core/_validate.js';
import { collect, endOption, meanAmount, readSetup, SETUP_KEYS } from './_rfmInput.js';
import { buildSummary, durationMeter } from './_rfmRows.js';
import type { RfmEvents, RfmSummary, RfmSummaryOptions } from './rfmSummary.js';

/**
 * Options of {@link calibrationHoldoutSplit}: those of {@link rfmSummary} plus the end of observation.
 * @category models
 */
export interface CalibrationHoldoutSplitOptions extends RfmSummaryOptions {
  /**
   * The end of observation (required), in a period after the calibration end's. The holdout is the
   * periods after the last calibration period up to and including the one containing `observationEnd`.
   */
  readonly observationEnd: TimestampInput;
}

/**
 * One calibration customer's purchases in the holdout.
 * @category models
 */
export interface HoldoutCustomer {
  /** The customer. */
  readonly customerId: string;
  /** Holdout periods with a purchase (every one counts: there is no first purchase to leave out). */
  readonly frequency: number;
  /** Mean amount of those periods (float64), 0 without holdout purchases. */
  readonly monetaryValue: number;
  /** Length of the holdout in the time unit (the same for every customer). */
  readonly duration: number;
}

/**
 * The holdout column-wise, in the order of the calibration customers (typed arrays: treat as read-only).
 * @category models
 */
export interface HoldoutColumns {
  /** Customer ids, as in `calibration.columns.customerId`. */
  readonly customerId: readonly string[];
  /** {@link HoldoutCustomer.frequency} per customer. */
  readonly frequency: Float64Array;
  /** {@link HoldoutCustomer.monetaryValue} per customer. */
  readonly monetaryValue: Float64Array;
}

/**
 * The holdout part of a {@link CalibrationHoldoutSplit}.
 * @category models
 */
export interface HoldoutSummary {
  /** One frozen row per calibration customer, in the order of `calibration.customers`. */
  readonly customers: readonly HoldoutCustomer[];
  /** The same numbers column-wise. */
  readonly columns: HoldoutColumns;
  /** Length of the holdout in the time unit: from the start of the last calibration period to the start of the last holdout period. */
  readonly duration: number;
  /** The observation end as given. */
  readonly observationEnd: Date;
  /** Start of the period containing `observationEnd`: the last holdout period. */
  readonly observationEndPeriod: Date;
}

/**
 * Result of {@link calibrationHoldoutSplit}.
 * @category models
 */
export interface CalibrationHoldoutSplit {
  /**
   * The calibration summary: exactly what {@link rfmSummary} returns for the same events and options
   * (its `ignoredAfterCalibration` counts the holdout purchases and the later ones).
   */
  readonly calibration: RfmSummary;
  /** Holdout frequency and monetary value of each calibration customer. */
  readonly holdout: HoldoutSummary;
  /** Customers whose first purchase is in the holdout: not in the split (a model cannot score them). */
  readonly holdoutOnlyCustomers: number;
  /** Their ids, sorted. */
  readonly holdoutOnlyCustomerIds: readonly string[];
  /** Valid purchase records after the observation end's period: left out, counted here. */
  readonly ignoredAfterObservation: number;
}

/**
 * Splits raw transactions at a calibration end into the calibration RFM summary (to fit a model on) and,
 * per calibration customer, what they did in the holdout (to test its predictions): the split of
 * lifetimes' `calibration_and_holdout_data` and BTYDplus's `elog2cbs`.
 *
 * Purchases are snapped to periods as in {@link rfmSummary}. The holdout is the periods after the last
 * calibration period P_cal up to the period P_obs containing `observationEnd`; holdout frequency (x* in
 * the papers) = holdout periods with a purchase; holdout monetary value = mean of those periods' summed
 * amounts (lifetimes averages the raw transactions instead); duration = time from start(P_cal) to
 * start(P_obs) in the time unit, so the CDNOW split (days, weeks, 1997-09-30 / 1998-06-30) has a
 * 39-week holdout. Customers first seen in the holdout are left out and counted, since the models
 * predict only for customers known at the end of calibration.
 *
 * @param events - As for {@link rfmSummary}: event objects or columns.
 * @throws {@link MetricError} as {@link rfmSummary}; also `INVALID_INPUT` without `observationEnd`, and
 * `INCONSISTENT_INPUT` when `observationEnd` is not in a later period than `calibrationEnd`.
 * @example
 * ```ts
 * import { calibrationHoldoutSplit } from 'loyalty-metrics';
 * const purchases = [
 *   { customerId: 'ann', timestamp: '2024-01-03', amount: 50 },
 *   { customerId: 'ann', timestamp: '2024-02-07', amount: 30 },
 *   { customerId: 'bob', timestamp: '2024-02-14', amount: 25 },
 *   { customerId: 'bob', timestamp: '2024-03-20', amount: 99 }, // holdout
 *   { customerId: 'cat', timestamp: '2024-03-05', amount: 60 }, // first seen in the holdout: dropped
 * ];
 * const split = calibrationHoldoutSplit(purchases, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28', observationEnd: '2024-03-27' });
 * split.calibration.customers.map((c) => c.customerId) //=> ["ann", "bob"]
 * split.holdout.customers[1] //=> {"customerId": "bob", "frequency": 1, "monetaryValue": 99, "duration": 4}
 * split.holdoutOnlyCustomerIds //=> ["cat"]
 * ```
 * @category models
 */
export function calibrationHoldoutSplit(events: RfmEvents, options: CalibrationHoldoutSplitOptions): CalibrationHoldoutSplit {
  const ctx = { fn: 'calibrationHoldoutSplit' };
  noExtraArguments(ctx, arguments, 2);
  const opts = record(ctx, 'options', options, ['calibrationEnd', 'observationEnd', ...SETUP_KEYS]);
  const setup = readSetup(ctx, opts);
  const calibrationEnd = endOption(ctx, 'options.calibrationEnd', own(opts, 'calibrationEnd'), setup);
  const observationEnd = endOption(ctx, 'options.observationEnd', own(opts, 'observationEnd'), setup);
  if (observationEnd.period <= calibrationEnd.period) {
    fail(ctx, 'options.observationEnd', `in a ${setup.calendar.unit} after the one of options.calibrationEnd (${new Date(calibrationEnd.instant).toISOString()})`, own(opts, 'observationEnd'), 'INCONSISTENT_INPUT');
  }
  const collected = collect(ctx, events, setup, calibrationEnd.period, observationEnd.period);
  const { summary, splits, holdoutOnly } = buildSummary(collected, setup, calibrationEnd);
  const duration = durationMeter(setup)(calibrationEnd.period, observationEnd.period);
  const ids = summary.columns.customerId;
  const n = ids.length;
  const columns: HoldoutColumns = Object.freeze({ customerId: ids, frequency: new Float64Array(n), monetaryValue: new Float64Array(n) });
  const customers: HoldoutCustomer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const split = splits[i];
    const frequency = split?.holdoutPeriods ?? 0;
    const monetaryValue = split === undefined ? 0 : meanAmount(split.holdoutTotal, frequency, collected.decimals);
    customers[i] = Object.freeze({ customerId: ids[i] as string, frequency, monetaryValue, duration });
    columns.frequency[i] = frequency;
    columns.monetaryValue[i] = monetaryValue;
  }
  return Object.freeze({
    calibration: summary,
    holdout: Object.freeze({
      customers: Object.freeze(customers),
      columns,
      duration,
      observationEnd: new Date(observationEnd.instant),
      observationEndPeriod: new Date(observationEnd.period),
    }),
    holdoutOnlyCustomers: holdoutOnly.length,
    holdoutOnlyCustomerIds: Object.freeze(holdoutOnly),
    ignoredAfterObservation: collected.afterCutoff,
  });
}
