import { type Ctx, fail } from './_validate.js';

/** Survey answers validated as integers in [min, max]: a histogram plus the sum for the mean. */
export interface ScoreTally {
  readonly histogram: readonly number[];
  readonly total: number;
  readonly sum: number;
}

/**
 * Validates every answer (naming the first bad index) and tallies them in one pass. Accepts arrays and
 * typed arrays; never copies or mutates the input.
 */
export function tallyScores(ctx: Ctx, scores: unknown, min: number, max: number): ScoreTally {
  if (!Array.isArray(scores) && !isNumericTypedArray(scores)) {
    fail(ctx, 'scores', `an array of integer scores from ${min} to ${max}`, scores);
  }
  const list = scores as ArrayLike<unknown>;
  const histogram = new Array<number>(max - min + 1).fill(0);
  let sum = 0;
  for (let i = 0; i < list.length; i++) {
    const score = list[i];
    if (typeof score !== 'number' || !Number.isInteger(score) || score < min || score > max) {
      fail(ctx, `scores[${i}]`, `an integer from ${min} to ${max}`, score);
    }
    histogram[score - min] = (histogram[score - min] as number) + 1;
    sum += score;
  }
  return { histogram, total: list.length, sum };
}

function isNumericTypedArray(value: unknown): boolean {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}

/** How many answers fall in [from, to] (inclusive, in score units). */
export function countBetween(tally: ScoreTally, min: number, from: number, to: number): number {
  let n = 0;
  for (let score = from; score <= to; score++) n += tally.histogram[score - min] ?? 0;
  return n;
}

/** Attaches a non-enumerable `valueOf` so `Number(result)` gives the headline figure, then freezes. */
export function withValue<T extends object>(result: T, value: number): T & { valueOf(): number } {
  Object.defineProperty(result, 'valueOf', { value: () => value, enumerable: false });
  return Object.freeze(result) as T & { valueOf(): number };
}
