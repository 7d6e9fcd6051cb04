/**
 * What the three model-check charts (periodTransactionsChart, calibrationHoldoutChart,
 * cumulativeTransactionsChart) share: reading the fit, the time-unit check, the frequency buckets and the
 * drawing of a categorical x axis.
 */
import { BETA_GEO_PARAMS } from '../models/_betaGeo.js';
import { BGBB_PARAMS } from '../models/_betaGeoBetaBinom.js';
import { readParams } from '../models/_fit.js';
import { PARETO_NBD_PARAMS } from '../models/_paretoNbd.js';
import { type Ctx, fail, own } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import { type LinearScale, type PlotArea } from '../render/_plot.js';

/** Every transaction model of the library with a count distribution and new-customer expectation. */
export const COUNT_MODELS = ['betaGeo', 'modifiedBetaGeo', 'paretoNbd', 'betaGeoBetaBinom'] as const;
/** The continuous-time models (customers `{ frequency, recency, T }`, horizons in the time unit). */
export const CONTINUOUS_MODELS = ['betaGeo', 'modifiedBetaGeo', 'paretoNbd'] as const;

const PARAM_NAMES: Readonly<Record<string, readonly string[]>> = {
  betaGeo: BETA_GEO_PARAMS,
  modifiedBetaGeo: BETA_GEO_PARAMS,
  paretoNbd: PARETO_NBD_PARAMS,
  betaGeoBetaBinom: BGBB_PARAMS,
};

/** Human names of the models for titles and descriptions. */
const MODEL_NAMES: Readonly<Record<string, string>> = {
  betaGeo: 'BG/NBD',
  modifiedBetaGeo: 'MBG/NBD',
  paretoNbd: 'Pareto/NBD',
  betaGeoBetaBinom: 'BG/BB',
};

/** The fit's model tag and its stated time unit (null when none), with its parameters checked up front. */
export function readFit(ctx: Ctx, fit: unknown, models: readonly string[]): { readonly model: string; readonly name: string; readonly timeUnit: string | null } {
  if (typeof fit !== 'object' || fit === null) fail(ctx, 'fit', `a model fit of ${models.join(', ')}`, fit);
  const tag = own(fit, 'model');
  if (typeof tag !== 'string' || !models.includes(tag)) fail(ctx, 'fit.model', `one of ${models.join(', ')}`, tag);
  readParams(ctx, fit, models, PARAM_NAMES[tag] as readonly string[]);
  const unit = own(fit, 'timeUnit');
  if (unit !== undefined && unit !== null && typeof unit !== 'string') fail(ctx, 'fit.timeUnit', 'a time unit name or null', unit);
  return { model: tag, name: MODEL_NAMES[tag] as string, timeUnit: (unit as string | null | undefined) ?? null };
}

/** Throws INCONSISTENT_INPUT when the fit states a time unit and the data's differs. */
export function checkTimeUnit(ctx: Ctx, field: string, fitUnit: string | null, dataUnit: unknown): void {
  if (fitUnit !== null && dataUnit !== undefined && dataUnit !== fitUnit) {
    fail(ctx, field, `the fit's time unit ('${fitUnit}'): the model's rates are per ${fitUnit}`, dataUnit, 'INCONSISTENT_INPUT');
  }
}

/** The `maxFrequency` option: an integer from 1 to 100 (the last bucket is "maxFrequency+"). Default 7, as lifetimes. */
export function readMaxFrequency(ctx: Ctx, value: unknown): number {
  if (value === undefined) return 7;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) fail(ctx, 'options.maxFrequency', 'an integer from 1 to 100', value);
  return value;
}

/** A `title` option: a non-empty string, or the default. */
export function readTitle(ctx: Ctx, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') fail(ctx, 'options.title', 'a non-empty string', value);
  return value;
}

/** The label of frequency bucket `k` of `max` buckets past 0: "0", "1", ..., "max+". */
export function bucketLabel(k: number, max: number): string {
  return k >= max ? `${max}+` : String(k);
}

/** The bucket of a frequency: itself, or `max` for `max` and above. */
export function bucketOf(frequency: number, max: number): number {
  return frequency >= max ? max : frequency;
}

/**
 * A band scale over categories 0..last: category k is centred in its band. The ticks are the categories,
 * thinned to every 2nd, 5th, 10th... when labels `labelWidth` px wide would overlap; the last category (the
 * "n+" bucket) always has its tick.
 */
export function categoryScale(last: number, area: PlotArea, labelWidth = 44): LinearScale {
  const bandWidth = area.width / (last + 1);
  const every = [1, 2, 5, 10, 20, 50].find((k) => k * bandWidth >= labelWidth) ?? 100;
  const ticks: number[] = [];
  for (let k = 0; k <= last; k += every) if (k === last || (last - k) * bandWidth >= labelWidth) ticks.push(k);
  if (ticks[ticks.length - 1] !== last) ticks.push(last);
  return {
    domain: [-0.5, last + 0.5],
    range: [area.left, area.left + area.width],
    ticks,
    step: 1,
    map: (value) => area.left + (value + 0.5) * bandWidth,
  };
}

/** A sum with Neumaier's compensation, so that counts of many customers add to the exact total. */
export function compensatedSum(values: Iterable<number>): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/**
 * Runs a call into a public model function and re-throws its MetricError (an `UNDEFINED_RESULT` for a
 * horizon the series cannot reach, say) under the chart's name, with the same code, field and value.
 */
export function asChart<T>(ctx: Ctx, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof MetricError) || error.functionName === ctx.fn) throw error;
    const message = error.message;
    const from = message.indexOf(' must be ');
    const to = message.lastIndexOf(', received ');
    const rule = from >= 0 && to > from ? message.slice(from + ' must be '.length, to) : 'valid';
    throw new MetricError({ code: error.code, functionName: ctx.fn, field: error.field, rule: `${rule} (in ${error.functionName})`, received: error.received });
  }
}
