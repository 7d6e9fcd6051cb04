/**
 * The step function S(t) of a Kaplan-Meier fit, for the predictions. A table made by `kaplanMeier` is
 * frozen and registered here with its columns, so it is read without a copy; any other table (a fit
 * restored from JSON, or written by hand) is checked first: each row's time finite, >= 0 and increasing,
 * each survival in [0, 1] and non-increasing.
 */
import { type Ctx, fail, own } from '../core/_validate.js';
import { firstGreater } from './_productLimit.js';

export interface StepCurve {
  readonly time: Float64Array;
  readonly survival: Float64Array;
}

const registered = new WeakMap<object, StepCurve>();

/** Called by kaplanMeier on the frozen table it returns. */
export function registerKaplanMeierCurve(table: readonly object[], time: Float64Array, survival: Float64Array): void {
  registered.set(table, { time, survival });
}

/** The curve of a Kaplan-Meier fit whose `model` tag has been checked. */
export function kaplanMeierCurve(ctx: Ctx, fit: object): StepCurve {
  const table = own(fit, 'table');
  if (typeof table === 'object' && table !== null) {
    const known = registered.get(table);
    if (known !== undefined) return known;
  }
  if (!Array.isArray(table) || table.length === 0) fail(ctx, 'fit.table', 'a non-empty array of rows { time, survival, ... } (a kaplanMeier fit)', table);
  const time = new Float64Array(table.length);
  const survival = new Float64Array(table.length);
  table.forEach((row: unknown, k) => {
    if (typeof row !== 'object' || row === null) fail(ctx, `fit.table[${k}]`, 'a row { time, survival, ... }', row);
    const t = own(row, 'time');
    const previousTime = k === 0 ? -Infinity : (time[k - 1] as number);
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || !(t > previousTime)) {
      fail(ctx, `fit.table[${k}].time`, k === 0 ? 'a finite number >= 0' : `a finite number > the previous row's time (${previousTime})`, t);
    }
    const s = own(row, 'survival');
    const previousSurvival = k === 0 ? 1 : (survival[k - 1] as number);
    if (typeof s !== 'number' || !(s >= 0 && s <= previousSurvival)) {
      fail(ctx, `fit.table[${k}].survival`, `a number in [0, ${previousSurvival}] (survival never increases)`, s);
    }
    time[k] = t;
    survival[k] = s;
  });
  return { time, survival };
}

/** S(t): the survival of the last row at or before t; 1 before the first row; the last value after it. */
export function survivalAt(curve: StepCurve, t: number): number {
  const k = firstGreater(curve.time, t);
  return k === 0 ? 1 : (curve.survival[k - 1] as number);
}
