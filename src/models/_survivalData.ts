/**
 * Validation of the input of `kaplanMeier`: parallel columns of durations, event flags, optional entry
 * times (left truncation) and optional case weights, read into typed arrays. Every bad value is reported
 * with its column and index (`durations[3]`, `entry[7]`).
 */
import { type Ctx, fail, own, record, isArrayLike } from '../core/_validate.js';

/** The checked columns. `entry` and `weights` are undefined when not given. */
export interface SurvivalData {
  readonly durations: Float64Array;
  /** 1 for an observed event, 0 for a right-censored duration. */
  readonly observed: Uint8Array;
  readonly entry: Float64Array | undefined;
  readonly weights: Float64Array | undefined;
  /** Sum of the weights (the number of rows when unweighted). */
  readonly total: number;
}

/** Positive weights outside this range are refused: Greenwood's sums stay finite and exact enough. */
const MIN_WEIGHT = 1e-100;
const MAX_WEIGHT = 1e100;

export const SURVIVAL_DATA_KEYS = ['durations', 'observed', 'entry', 'weights'] as const;

export function readSurvivalData(ctx: Ctx, input: unknown): SurvivalData {
  const fields = record(ctx, 'input', input, SURVIVAL_DATA_KEYS);
  const durationsValue = own(fields, 'durations');
  const durations = numericColumn(ctx, 'durations', durationsValue, undefined, (value, field) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(ctx, field, 'a finite number >= 0', value);
    return value === 0 ? 0 : value;
  });
  const n = durations.length;
  if (n === 0) fail(ctx, 'durations', 'a non-empty array: a survival curve of no subjects is undefined', durationsValue, 'EMPTY_POPULATION');
  const observed = readObserved(ctx, own(fields, 'observed'), n);
  const entryValue = own(fields, 'entry');
  const entry = entryValue === undefined ? undefined : numericColumn(ctx, 'entry', entryValue, n, (value, field, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(ctx, field, 'a finite number >= 0', value);
    const duration = durations[i] as number;
    if (!(value < duration)) {
      fail(ctx, field, `< durations[${i}] (${duration}): a subject enters the risk set strictly before its event or censoring`, value, 'INCONSISTENT_INPUT');
    }
    return value === 0 ? 0 : value;
  });
  const weightsValue = own(fields, 'weights');
  const weights = weightsValue === undefined ? undefined : numericColumn(ctx, 'weights', weightsValue, n, (value, field) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value > 0 && (value < MIN_WEIGHT || value > MAX_WEIGHT))) {
      fail(ctx, field, 'a finite number >= 0 (0, or from 1e-100 to 1e100)', value);
    }
    return value;
  });
  let total = n;
  if (weights !== undefined) {
    total = 0;
    for (let i = 0; i < n; i++) total += weights[i] as number;
    if (!(total > 0)) fail(ctx, 'weights', 'an array with at least one positive weight: a survival curve of no weight is undefined', weightsValue, 'EMPTY_POPULATION');
  }
  return { durations, observed, entry, weights, total };
}

function numericColumn(
  ctx: Ctx,
  name: string,
  value: unknown,
  length: number | undefined,
  check: (value: unknown, field: string, index: number) => number,
): Float64Array {
  if (!isArrayLike(value)) fail(ctx, name, 'an array (or typed array) of numbers', value);
  if (length !== undefined && value.length !== length) fail(ctx, name, `an array as long as durations (${length})`, value, 'INCONSISTENT_INPUT');
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = check(value[i], `${name}[${i}]`, i);
  return out;
}

function readObserved(ctx: Ctx, value: unknown, length: number): Uint8Array {
  if (!isArrayLike(value)) fail(ctx, 'observed', 'an array of booleans (true: event observed, false: censored) or of 1/0', value);
  if (value.length !== length) fail(ctx, 'observed', `an array as long as durations (${length})`, value, 'INCONSISTENT_INPUT');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const flag = value[i];
    if (flag === true || flag === 1) out[i] = 1;
    else if (flag !== false && flag !== 0) fail(ctx, `observed[${i}]`, 'a boolean (true: event observed, false: censored) or 1/0', flag);
  }
  return out;
}
