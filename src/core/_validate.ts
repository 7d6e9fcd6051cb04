import { MetricError, type MetricErrorCode } from './MetricError.js';

/** A validation context: the public function's name, used in every message. */
export interface Ctx {
  readonly fn: string;
}

export function fail(ctx: Ctx, field: string, rule: string, received: unknown, code: MetricErrorCode = 'INVALID_INPUT'): never {
  throw new MetricError({ code, functionName: ctx.fn, field, rule, received });
}

/** Own, enumerable property read: never follows the prototype chain, so `__proto__` keys are inert. */
export function own(record: object, key: string): unknown {
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/**
 * Checks that `value` is a plain record whose keys are all in `allowed`; an unknown key is an error, not
 * a silent skip, so a typo such as `customerAtStart` cannot pass unnoticed.
 */
export function record(ctx: Ctx, field: string, value: unknown, allowed: readonly string[]): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(ctx, field, 'an object', value);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      fail(ctx, `${field === 'input' ? '' : `${field}.`}${key}`, `one of the known fields (${allowed.join(', ')})`, own(value, key));
    }
  }
  return value;
}

/** Like {@link record} for the optional trailing options object. */
export function options(ctx: Ctx, value: unknown, allowed: readonly string[]): object {
  if (value === undefined) return {};
  return record(ctx, 'options', value, allowed);
}

function path(field: string, key: string): string {
  return field === 'input' ? key : `${field}.${key}`;
}

/** An array or a typed array (not a DataView): the column form of many-record inputs. */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** A count: a non-negative safe integer. */
export function count(ctx: Ctx, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(ctx, field, 'a non-negative safe integer', value);
  }
  return value === 0 ? 0 : value;
}

export function countField(ctx: Ctx, input: object, key: string, field = 'input'): number {
  return count(ctx, path(field, key), own(input, key));
}

export function optionalCountField(ctx: Ctx, input: object, key: string, field = 'input'): number | undefined {
  const value = own(input, key);
  return value === undefined ? undefined : count(ctx, path(field, key), value);
}

/** A finite number inside [min, max] (bounds optional and inclusive unless `exclusive` says otherwise). */
export function finiteNumber(
  ctx: Ctx,
  field: string,
  value: unknown,
  bounds: { readonly min?: number; readonly max?: number; readonly minExclusive?: boolean; readonly maxExclusive?: boolean; readonly rule?: string } = {},
): number {
  const { min, max, minExclusive = false, maxExclusive = false } = bounds;
  const rule = bounds.rule ?? describeRange(min, max, minExclusive, maxExclusive);
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(ctx, field, rule, value);
  if (min !== undefined && (minExclusive ? value <= min : value < min)) fail(ctx, field, rule, value);
  if (max !== undefined && (maxExclusive ? value >= max : value > max)) fail(ctx, field, rule, value);
  return value === 0 ? 0 : value;
}

function describeRange(min: number | undefined, max: number | undefined, minEx: boolean, maxEx: boolean): string {
  if (min === undefined && max === undefined) return 'a finite number';
  if (max === undefined) return `a finite number ${minEx ? '>' : '>='} ${min}`;
  if (min === undefined) return `a finite number ${maxEx ? '<' : '<='} ${max}`;
  return `a number in ${minEx ? '(' : '['}${min}, ${max}${maxEx ? ')' : ']'}`;
}

/** A confidence level strictly between 0 and 1. */
export function confidence(ctx: Ctx, value: unknown, field = 'options.confidence'): number {
  if (value === undefined) return 0.95;
  return finiteNumber(ctx, field, value, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
}

/** One of a fixed set of string options. */
export function oneOf<const T extends string>(ctx: Ctx, field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(ctx, field, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/**
 * Refuses arguments past the ones a function takes: from JavaScript, `f(input, { option })` on a
 * function without options would otherwise be silently ignored. Trailing `undefined`s are accepted, so
 * wrappers that forward an optional argument keep working.
 */
export function noExtraArguments(ctx: Ctx, args: ArrayLike<unknown>, accepted = 1): void {
  for (let i = accepted; i < args.length; i++) {
    if (args[i] !== undefined) {
      fail(ctx, 'arguments', `at most ${accepted === 1 ? 'one argument (this function takes no options object)' : `${accepted} arguments`}`, args.length);
    }
  }
}
