/**
 * Shared by the generic survival predictions (`survival`, `retentionProbability`): the model tag of the
 * fit, and `t` given as one number or as an array of numbers (vectorised evaluation).
 */
import { type Ctx, fail, own } from '../core/_validate.js';

/**
 * Reads `fit.model` and checks it is one of `models` (the branches the prediction implements).
 * Only the tag is read here: each branch checks the fields it needs.
 */
export function survivalModelTag<const M extends string>(ctx: Ctx, fit: unknown, models: readonly M[]): { readonly model: M; readonly fit: object } {
  const known = models.map((m) => `'${m}'`).join(', ');
  if (typeof fit !== 'object' || fit === null || Array.isArray(fit)) fail(ctx, 'fit', `a model fit (model ${known})`, fit);
  const model = own(fit, 'model');
  if (typeof model !== 'string' || !(models as readonly string[]).includes(model)) {
    fail(ctx, 'fit.model', `one of the models with a survival curve: ${known}`, model);
  }
  return { model: model as M, fit };
}

/**
 * Evaluates `at` on `t`: a number gives a number, an array gives a frozen array of the same length. `at`
 * checks its value and names it with `field` (`t`, or `t[3]` inside an array).
 */
export function evaluateAtTimes(ctx: Ctx, t: unknown, at: (value: unknown, field: string) => number): number | readonly number[] {
  if (Array.isArray(t)) {
    const out = new Array<number>(t.length);
    for (let i = 0; i < t.length; i++) out[i] = at(t[i], `t[${i}]`);
    return Object.freeze(out);
  }
  if (typeof t === 'object' && t !== null) fail(ctx, 't', 'a number or an array of numbers', t);
  return at(t, 't');
}

/** A time for a Kaplan-Meier curve: a finite number >= 0. */
export function kaplanMeierTime(ctx: Ctx, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(ctx, field, 'a finite number >= 0', value);
  return value === 0 ? 0 : value;
}
