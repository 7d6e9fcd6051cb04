/**
 * The output side of rfmSummary and calibrationHoldoutSplit: durations in the time unit, each customer's
 * periods split at the calibration end, and the frozen BTYD rows and columns.
 */
import { utcWall } from '../core/_time.js';
import { wallClock } from '../core/_zoneOffset.js';
import { type Amount, type Collected, meanAmount, plus, type RfmSetup } from './_rfmInput.js';
import type { RfmColumns, RfmCustomer, RfmSummary } from './rfmSummary.js';

/**
 * Durations between period starts in the time unit: whole calendar days (a week is 7 of them, so weeks
 * may be fractional), or whole calendar months. Calendar positions are computed once per period start.
 */
export function durationMeter(setup: RfmSetup): (from: number, to: number) => number {
  const { timeZone } = setup.calendar;
  const cache = new Map<number, number>();
  const position = (start: number): number => {
    let p = cache.get(start);
    if (p === undefined) {
      if (setup.timeUnit === 'month') {
        const wall = wallClock(start, timeZone);
        p = wall.getUTCFullYear() * 12 + wall.getUTCMonth();
      } else if (timeZone === 'UTC') {
        p = Math.round(start / 86_400_000);
      } else {
        const wall = wallClock(start, timeZone);
        p = Math.round(utcWall(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()) / 86_400_000);
      }
      cache.set(start, p);
    }
    return p;
  };
  const divisor = setup.timeUnit === 'week' ? 7 : 1;
  return (from, to) => (position(to) - position(from)) / divisor + 0;
}

/** One customer's periods split at the calibration end: the BTYD statistics, or undefined when none is in calibration. */
interface Split {
  readonly first: number;
  readonly last: number;
  readonly periods: number;
  readonly repeatTotal: Amount;
  readonly holdoutPeriods: number;
  readonly holdoutTotal: Amount;
}

/** Customer c's periods (ascending) split at the calibration end, or undefined when none is in calibration. */
function splitCustomer(collected: Collected, c: number, calibration: number): Split | undefined {
  const { offsets, periods, amounts, decimals } = collected;
  const a = offsets[c] as number;
  const b = offsets[c + 1] as number;
  let k = a;
  while (k < b && (periods[k] as number) <= calibration) k++;
  if (k === a) return undefined;
  let repeatTotal: Amount = 0;
  for (let x = a + 1; x < k; x++) repeatTotal = plus(repeatTotal, amounts[x] as Amount, decimals);
  let holdoutTotal: Amount = 0;
  for (let x = k; x < b; x++) holdoutTotal = plus(holdoutTotal, amounts[x] as Amount, decimals);
  return { first: periods[a] as number, last: periods[k - 1] as number, periods: k - a, repeatTotal, holdoutPeriods: b - k, holdoutTotal };
}

/** What a customer's BTYD row is computed from: its first and last purchase periods' starts, their number, and the repeat total. */
export interface CustomerPeriods {
  readonly first: number;
  readonly last: number;
  readonly periods: number;
  readonly repeatTotal: Amount;
}

/**
 * The frozen BTYD rows of the customers `ids` (sorted by the caller) and the same numbers column-wise:
 * frequency = periods - 1, recency and T as durations between period starts, the mean repeat amount.
 */
export function customerRows(
  ids: readonly string[],
  at: (i: number) => CustomerPeriods,
  setup: RfmSetup,
  calibrationPeriod: number,
  decimals: number,
): { readonly customers: readonly RfmCustomer[]; readonly columns: RfmColumns } {
  const measure = durationMeter(setup);
  const n = ids.length;
  const columns: RfmColumns = Object.freeze({
    customerId: Object.freeze(ids.slice()),
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    monetaryValue: new Float64Array(n),
  });
  const customers: RfmCustomer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = at(i);
    const frequency = s.periods - 1;
    const row: RfmCustomer = Object.freeze({
      customerId: ids[i] as string,
      frequency,
      recency: measure(s.first, s.last),
      T: measure(s.first, calibrationPeriod),
      monetaryValue: meanAmount(s.repeatTotal, frequency, decimals),
    });
    customers[i] = row;
    columns.frequency[i] = row.frequency;
    columns.recency[i] = row.recency;
    columns.T[i] = row.T;
    columns.monetaryValue[i] = row.monetaryValue;
  }
  return { customers: Object.freeze(customers), columns };
}

/** The frozen RfmSummary of the rows, the setup, the calibration end and the record counts (in the result's key order). */
export function frozenSummary(
  rows: { readonly customers: readonly RfmCustomer[]; readonly columns: RfmColumns },
  setup: RfmSetup,
  calibrationEnd: { readonly instant: number; readonly period: number },
  counts: Pick<RfmSummary, 'recordsRead' | 'ignoredEvents' | 'ignoredAfterCalibration' | 'skipped'>,
): RfmSummary {
  return Object.freeze({
    customers: rows.customers,
    columns: rows.columns,
    period: setup.calendar.unit,
    timeUnit: setup.timeUnit,
    timeZone: setup.calendar.timeZone,
    weekStartsOn: setup.calendar.weekStartsOn,
    calibrationEnd: new Date(calibrationEnd.instant),
    calibrationEndPeriod: new Date(calibrationEnd.period),
    recordsRead: counts.recordsRead,
    ignoredEvents: counts.ignoredEvents,
    ignoredAfterCalibration: counts.ignoredAfterCalibration,
    skipped: counts.skipped,
  });
}

/** The calibration rows (customers sorted by id) and the splits they came from, in the same order. */
export function buildSummary(
  collected: Collected,
  setup: RfmSetup,
  calibrationEnd: { readonly instant: number; readonly period: number },
): { readonly summary: RfmSummary; readonly splits: readonly Split[]; readonly holdoutOnly: readonly string[] } {
  const measure = durationMeter(setup);
  const ids: string[] = [];
  const splits: Split[] = [];
  const holdoutOnly: string[] = [];
  for (const id of [...collected.ids].sort()) {
    const split = splitCustomer(collected, collected.index.get(id) as number, calibrationEnd.period);
    if (split === undefined) holdoutOnly.push(id);
    else {
      ids.push(id);
      splits.push(split);
    }
  }
  const { customers, columns } = customerRows(ids, (i) => splits[i] as Split, setup, calibrationEnd.period, collected.decimals);
  const summary = frozenSummary({ customers, columns }, setup, calibrationEnd, {
    recordsRead: collected.recordsRead,
    ignoredEvents: collected.ignoredEvents,
    ignoredAfterCalibration: collected.afterCalibration,
    skipped: collected.skipped,
  });
  return { summary, splits, holdoutOnly };
}
