/**
 * Reading and formatting the values of {@link htmlReport}: KPI values, table cells and intervals become
 * plain text (escaped later), the same way everywhere on the page, with no locale or clock involved.
 */
import { asRate, type Rate } from '../core/Rate.js';
import { type Ctx, fail, own, record } from '../core/_validate.js';

/** The text of a value and whether it is a number (right-aligned, tabular figures). */
export interface FormattedValue {
  readonly text: string;
  readonly numeric: boolean;
  /** Set when the value was a Rate: its interval is shown in percent. */
  readonly rate?: Rate;
}

/** Text that reads as one number, so it is right-aligned like one: `4,333`, `-8.7%`, `EUR 1,234.56`. */
const NUMBER_TEXT = /^(?:[A-Z]{3} )?[-+]?\d[\d,]*(?:\.\d+)?%?$/;

/** Decimals of a `digits` field: an integer 0-20, or `undefined`. */
export function readDigits(ctx: Ctx, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 20) fail(ctx, field, 'an integer from 0 to 20', value);
  return value;
}

/** An optional string field. */
export function readText(ctx: Ctx, field: string, value: unknown, required = false, nonEmpty = false): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (nonEmpty && value.trim() === '')) fail(ctx, field, nonEmpty ? 'a non-empty string' : 'a string', value);
  return value;
}

/** `1234567.5` -> `1,234,567.5`: commas between groups of three digits of the integer part. */
export function groupDigits(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction = ''] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
}

/** A finite number as text: integers grouped as they are, others with `digits` decimals (default 2). */
function numberText(value: number, digits: number | undefined): string {
  const clean = value === 0 ? 0 : value;
  if (digits === undefined && Number.isSafeInteger(clean)) return groupDigits(String(clean));
  return groupDigits(clean.toFixed(digits ?? 2));
}

/**
 * One value: a string (as it is), a finite number, a Rate (`toPercent(digits ?? 1)`) or a Decimal-like
 * object with `toFixed` (money: `toFixed(digits ?? 2)`, grouped). `null` is allowed only where `allowNull`
 * says so and shows as an en dash (no value).
 */
export function formatValue(ctx: Ctx, field: string, value: unknown, digits: number | undefined, allowNull: boolean): FormattedValue {
  if (typeof value === 'string') return { text: value, numeric: NUMBER_TEXT.test(value) };
  if (value === null && allowNull) return { text: '\u2013', numeric: false };
  const rule = `a string, a finite number, a Rate or a finite Decimal${allowNull ? ' or null' : ''}`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(ctx, field, rule, value);
    return { text: numberText(value, digits), numeric: true };
  }
  if (typeof value !== 'object' || value === null) return fail(ctx, field, rule, value);
  const rate = asRate(value, ctx, field);
  if (rate !== undefined) return { text: rate.toPercent(digits ?? 1), numeric: true, rate };
  const toFixed = (value as { toFixed?: unknown }).toFixed;
  if (typeof toFixed !== 'function') return fail(ctx, field, rule, value);
  let text: unknown;
  try {
    text = toFixed.call(value, digits ?? 2);
  } catch {
    return fail(ctx, field, rule, value);
  }
  if (typeof text !== 'string' || !/^-?\d+(\.\d+)?$/.test(text)) return fail(ctx, field, rule, value);
  return { text: groupDigits(text === '-0' || /^-0\.0*$/.test(text) ? text.slice(1) : text), numeric: true };
}

/** An interval read and written: `"40.1% to 46.0%"`, and its confidence when it states one. */
export interface FormattedInterval {
  readonly text: string;
  readonly confidence: number | undefined;
}

/**
 * `{ lower, upper, confidence? }` (what `Rate.interval()`, `wilsonInterval` and the survey scores return),
 * bounds finite with lower <= upper, confidence in (0, 1). Written like the value: in percent (the bounds
 * are fractions) for a Rate, else with `digits` decimals (default 2; 1 for percent).
 */
export function formatInterval(ctx: Ctx, field: string, value: unknown, of: FormattedValue, digits: number | undefined): FormattedInterval {
  const input = record(ctx, field, value, ['lower', 'upper', 'confidence']);
  const bound = (key: 'lower' | 'upper'): number => {
    const v = own(input, key);
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(ctx, `${field}.${key}`, 'a finite number', v);
    return v;
  };
  const lower = bound('lower');
  const upper = bound('upper');
  if (lower > upper) fail(ctx, `${field}.upper`, `at least lower (${lower})`, upper, 'INCONSISTENT_INPUT');
  const level = own(input, 'confidence');
  if (level !== undefined && (typeof level !== 'number' || !(level > 0 && level < 1))) fail(ctx, `${field}.confidence`, 'a number in (0, 1)', level);
  const write = (x: number): string => (of.rate !== undefined ? `${groupDigits((x * 100 === 0 ? 0 : x * 100).toFixed(digits ?? 1))}%` : numberText(x, digits ?? 2));
  return { text: `${write(lower)} to ${write(upper)}`, confidence: level };
}

/** `0.95` -> `"95%"`, `0.9` -> `"90%"`, `0.975` -> `"97.5%"` (shortest exact-enough text). */
export function confidenceText(level: number): string {
  return `${Number((level * 100).toPrecision(12))}%`;
}

/**
 * An array at `field`, copied with its holes as `undefined` (a sparse `[, item]` is refused at the hole's
 * index, not skipped as `map` would skip it).
 */
export function readArray(ctx: Ctx, field: string, value: unknown, nonEmpty = false): readonly unknown[] {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) fail(ctx, field, nonEmpty ? 'a non-empty array' : 'an array', value);
  return Array.from(value as readonly unknown[]);
}
