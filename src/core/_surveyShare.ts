import type { ScoreTally } from './_scores.js';
import { type Ctx, fail, finiteNumber, own } from './_validate.js';

/** Reads an integer scale option (answers run from 1 to `scale`). */
export function readScale(ctx: Ctx, opts: object, fallback: number): number {
  const value = own(opts, 'scale');
  if (value === undefined) return fallback;
  const scale = finiteNumber(ctx, 'options.scale', value, { min: 2, max: 100, rule: 'an integer from 2 to 100 (answers run from 1 to scale)' });
  if (!Number.isInteger(scale)) fail(ctx, 'options.scale', 'an integer from 2 to 100 (answers run from 1 to scale)', value);
  return scale;
}

/** Reads a threshold option that must be an integer answer on the scale. */
export function readThreshold(ctx: Ctx, opts: object, key: string, scale: number, fallback: number): number {
  const value = own(opts, key);
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > scale) {
    fail(ctx, `options.${key}`, `an integer from 1 to the scale (${scale})`, value);
  }
  return value;
}

/** The mean answer, or undefined when the answers were given as counts. */
export function meanOf(tally: ScoreTally): number {
  return tally.sum / tally.total;
}
