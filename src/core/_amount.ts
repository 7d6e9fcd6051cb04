import { type Ctx, fail, own } from './_validate.js';

/**
 * An exact amount as a scaled integer: value = int x 10^-scale. `scale` is >= 0 and, when positive, `int`
 * is not a multiple of 10 (trailing fractional zeros are stripped), so equal values have equal parts.
 */
export interface Scaled {
  readonly int: bigint;
  readonly scale: number;
}

/** Which signs an amount may have. `'nonNegative'` accepts -0 (as 0); `'positive'` refuses every zero. */
export type AmountSign = 'any' | 'nonNegative' | 'positive';

export const ZERO_SCALED: Scaled = Object.freeze({ int: 0n, scale: 0 });
export const ONE_SCALED: Scaled = Object.freeze({ int: 1n, scale: 0 });

/**
 * The accepted text: an optional sign, digits with an optional point (`5.`, `.5`), an optional exponent.
 * No hex, no `Infinity`, no digit separators; the caller trims surrounding white space.
 * The fraction's digits are matched only after the point (`\d+(?:\.\d*)?`, not `\d+\.?\d*`): with the
 * point optional, the two runs of digits overlapped and a long run of digits followed by junk was tried at
 * every split, in quadratic time (80,000 digits took seconds to refuse). Each character now has one way to
 * match, and the text is at most {@link MAX_AMOUNT_LENGTH} characters anyway.
 */
const AMOUNT_TEXT = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * The longest amount text read (after trimming): far more than any exact amount within 1e-30..1e30 needs
 * (61 digits span the whole range), and short enough that no reading of it costs anything. Longer text,
 * or a Decimal whose significant digits are longer, is refused at once with a message that says so.
 */
export const MAX_AMOUNT_LENGTH = 400;

/** The reading of a text longer than {@link MAX_AMOUNT_LENGTH}. */
const TOO_LONG = 'tooLong';

/** Exponents with more digits than this are far outside 1e-30..1e30 (and outside decimal.js's range). */
const MAX_EXPONENT_DIGITS = 15;

/**
 * An amount as read: value = (negative ? -1 : 1) x digits x 10^exponent. `digits` has no leading zeros
 * ('' for zero); `exponent` is +-Infinity when it is too large to matter.
 */
export interface ParsedAmount {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

/** The text read as an amount; `undefined` when it is not one, `TOO_LONG` past {@link MAX_AMOUNT_LENGTH}. */
function parseText(text: string): ParsedAmount | typeof TOO_LONG | undefined {
  if (text.length > MAX_AMOUNT_LENGTH) return TOO_LONG;
  const match = AMOUNT_TEXT.exec(text);
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', onlyFraction, exponentText] = match;
  const decimals = onlyFraction ?? fraction;
  const digits = `${whole}${decimals}`.replace(/^0+/, '');
  return { negative: sign === '-', digits, exponent: readExponent(exponentText) - decimals.length };
}

function readExponent(text: string | undefined): number {
  if (text === undefined) return 0;
  const negative = text.startsWith('-');
  const magnitude = text.replace(/^[+-]?0*/, '');
  if (magnitude.length > MAX_EXPONENT_DIGITS) return negative ? -Infinity : Infinity;
  const value = Number(magnitude);
  return negative ? -value : value;
}

/**
 * A Decimal from any copy of decimal.js, recognised the way decimal.js's own `Decimal.isDecimal` recognises
 * instances of other copies: by the `toStringTag` property of its prototype.
 */
export function isDecimalLike(value: unknown): value is { isFinite(): unknown; toExponential(): unknown } {
  return typeof value === 'object' && value !== null && (value as { readonly toStringTag?: unknown }).toStringTag === '[object Decimal]';
}

function parseDecimal(value: { isFinite(): unknown; toExponential(): unknown }): ParsedAmount | typeof TOO_LONG | undefined {
  // Exponential text, not toFixed(): its length is the number of significant digits, whereas toFixed()
  // of 1e9000000000000000 would try to write nine quadrillion zeros before the magnitude check.
  try {
    if (value.isFinite() !== true) return undefined;
    const text = value.toExponential();
    return typeof text === 'string' ? parseText(text) : undefined;
  } catch {
    return undefined;
  }
}

function parseAmount(value: unknown): ParsedAmount | typeof TOO_LONG | undefined {
  if (typeof value === 'number') {
    // Safe integers are their own shortest form: no text to scan.
    if (Number.isSafeInteger(value)) return { negative: value < 0, digits: value === 0 ? '' : String(Math.abs(value)), exponent: 0 };
    return Number.isFinite(value) ? parseText(String(value)) : undefined;
  }
  if (typeof value === 'bigint') return parseText(value.toString());
  if (typeof value === 'string') return parseText(value.trim());
  if (isDecimalLike(value)) return parseDecimal(value);
  return undefined;
}

/**
 * The magnitude bounds: a non-zero amount lies in [1e-30, 1e30], so every ratio of two amounts stays
 * within 1e60 and converts to a finite float. No currency amount or duration comes near either bound.
 */
function withinBounds({ digits, exponent }: ParsedAmount): boolean {
  // The value lies in [10^adjusted, 10^(adjusted + 1)).
  const adjusted = exponent + digits.length - 1;
  return adjusted >= -30 && (adjusted < 30 || (adjusted === 30 && /^10*$/.test(digits)));
}

/**
 * `text` without its trailing zeros, by a scan from the end: `/0+$/` is tried at every run of zeros and
 * takes quadratic time on digits such as 1000...0001.
 */
function withoutTrailingZeros(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 48) end -= 1;
  return text.slice(0, end);
}

function toScaled({ negative, digits, exponent }: ParsedAmount): Scaled {
  const significant = withoutTrailingZeros(digits);
  const shift = exponent + (digits.length - significant.length);
  const magnitude = BigInt(significant);
  const int = negative ? -magnitude : magnitude;
  return shift >= 0 ? { int: int * 10n ** BigInt(shift), scale: 0 } : { int, scale: -shift };
}

/**
 * The rules of every exact amount (money, a duration, a rate's part), with no Decimal involved: the value
 * as read, or a MetricError. Accepts finite numbers (at their shortest decimal form, `String(n)`: 0.1 is
 * exactly 1/10), plain decimal strings (trimmed; no hex, no `Infinity`), bigints and finite Decimals from
 * any copy of decimal.js; then the sign rule; then the magnitude: 0, or 1e-30 to 1e30.
 */
export function checkedAmount(ctx: Ctx, field: string, value: unknown, sign: AmountSign = 'nonNegative'): ParsedAmount {
  const rule = sign === 'any' ? 'a finite amount' : sign === 'positive' ? 'a positive finite amount' : 'a non-negative finite amount';
  const parsed = parseAmount(value);
  if (parsed === undefined) fail(ctx, field, `${rule} (number, decimal string, bigint or Decimal)`, value);
  if (parsed === TOO_LONG) fail(ctx, field, `${rule} written in at most ${MAX_AMOUNT_LENGTH} characters`, value);
  const zero = parsed.digits === '';
  if ((sign === 'nonNegative' && parsed.negative && !zero) || (sign === 'positive' && (parsed.negative || zero))) {
    fail(ctx, field, rule, value);
  }
  if (!zero && !withinBounds(parsed)) fail(ctx, field, `${rule} of magnitude 0 or from 1e-30 to 1e30`, value);
  return parsed;
}

/** An exact amount as a scaled integer (the rules of {@link checkedAmount}); `money()` is the Decimal form. */
export function amount(ctx: Ctx, field: string, value: unknown, sign: AmountSign = 'nonNegative'): Scaled {
  const parsed = checkedAmount(ctx, field, value, sign);
  return parsed.digits === '' ? ZERO_SCALED : toScaled(parsed);
}

export function amountField(ctx: Ctx, input: object, key: string, sign: AmountSign = 'nonNegative'): Scaled {
  return amount(ctx, key, own(input, key), sign);
}

export function optionalAmountField(ctx: Ctx, input: object, key: string): Scaled | undefined {
  const value = own(input, key);
  return value === undefined ? undefined : amount(ctx, key, value);
}

/** Strips trailing fractional zeros: the canonical form of {@link Scaled}. */
export function normaliseScaled(int: bigint, scale: number): Scaled {
  let i = int;
  let s = scale;
  while (s > 0 && i % 10n === 0n) {
    i /= 10n;
    s -= 1;
  }
  return { int: i, scale: s };
}

/** Exact signed sum of scaled amounts, in canonical form. */
export function sumScaled(terms: readonly Scaled[], signs?: readonly (1 | -1)[]): Scaled {
  const scale = Math.max(0, ...terms.map((t) => t.scale));
  let total = 0n;
  terms.forEach((t, i) => {
    const term = t.int * 10n ** BigInt(scale - t.scale);
    total += signs?.[i] === -1 ? -term : term;
  });
  return normaliseScaled(total, scale);
}

/**
 * Plain decimal text of int x 10^-scale, without exponent and without trailing fractional zeros (what
 * decimal.js's `toFixed()` writes): (15n, 1) -> '1.5', (30n, 1) -> '3', (-5n, 3) -> '-0.005'.
 */
export function scaledToText(int: bigint, scale: number): string {
  if (scale === 0 || int === 0n) return int.toString();
  const negative = int < 0n;
  const digits = (negative ? -int : int).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = withoutTrailingZeros(digits.slice(digits.length - scale));
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
