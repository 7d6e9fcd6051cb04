import type { MoneyInput } from './_decimal.js';
import { amount, ONE_SCALED, type Scaled, scaledToText } from './_amount.js';
import { fractionToFixed, fractionToNumber, isSafe } from './_fraction.js';
import { confidence as readConfidence, fail, options as readOptions, own } from './_validate.js';
import { MetricError } from './MetricError.js';
import { brandPrototype, brandSymbol, hasBrand } from './_brand.js';
import { type Interval, wilsonBounds } from './wilsonInterval.js';

/** Set by a static block of {@link Rate}: true when `value` was built by this copy's constructor. */
let isOwnRate: (value: object) => boolean;

/**
 * The JSON form of a {@link Rate}: the exact numerator and denominator as decimal strings, and the value
 * as a number for convenience. `Rate.fromJSON` restores it exactly.
 * @category core
 */
export interface RateJSON {
  /** The exact numerator as a plain decimal string (no exponent). */
  readonly numerator: string;
  /** The exact, positive denominator as a plain decimal string. */
  readonly denominator: string;
  /** numerator / denominator as the nearest float, for readers that only want the value. */
  readonly value: number;
}

/**
 * An exact ratio: it keeps its numerator and denominator, so identities such as
 * retention + churn = 1 hold with no tolerance, and a share of counts can give its own Wilson interval.
 *
 * Arithmetic (`plus`, `minus`, `complement`, `equals`) is exact rational arithmetic. When two rates share
 * a denominator the result keeps it (`83/100 + 17/100` is `100/100`); otherwise the result is reduced.
 * Conversions happen only on demand: `Number(rate)` and `rate.toNumber()` give the fraction as the nearest
 * float, `rate.toPercent(1)` a formatted string, {@link rateToDecimal} a Decimal rounded to 50 significant
 * digits. A Rate carries no Decimal: a bundle of count-only formulas does not include decimal.js.
 *
 * @example
 * ```ts
 * import { Rate } from 'loyalty-metrics';
 * const retention = Rate.of(83, 100);
 * Number(retention) //=> 0.83
 * retention.toPercent(1) //=> '83.0%'
 * retention.complement().toString() //=> '17/100'
 * retention.plus(retention.complement()).equals(1) //=> true
 * JSON.stringify(retention) //=> '{"numerator":"83","denominator":"100","value":0.83}'
 * ```
 * @category core
 */
export class Rate {
  readonly #numerator: bigint;
  readonly #denominator: bigint;
  /** Both parts are integers scaled by 10^scale, so decimal money ratios stay exact. */
  readonly #scale: number;
  /** True when the rate is k of n counted things (k <= n), the only kind with a Wilson interval. */
  readonly #share: boolean;

  /**
   * Internal: use {@link Rate.of}. Parts are integers scaled by 10^scale; the denominator is positive.
   * Public at runtime all the same, so it checks its parts: bigints, a positive denominator and a
   * non-negative safe-integer scale, or a MetricError (`new Rate(1n, 0n, 0)` is refused).
   * @internal
   */
  constructor(numerator: bigint, denominator: bigint, scale: number, share = false) {
    if (typeof numerator !== 'bigint') fail(CONSTRUCTOR, 'numerator', 'a bigint (build rates with Rate.of)', numerator);
    if (typeof denominator !== 'bigint' || denominator <= 0n) fail(CONSTRUCTOR, 'denominator', 'a positive bigint (build rates with Rate.of)', denominator);
    if (!Number.isSafeInteger(scale) || scale < 0) fail(CONSTRUCTOR, 'scale', 'a non-negative safe integer (build rates with Rate.of)', scale);
    this.#numerator = numerator;
    this.#denominator = denominator;
    this.#scale = scale;
    this.#share = share && scale === 0 && numerator >= 0n && numerator <= denominator && isSafe(denominator);
    Object.freeze(this);
  }

  /**
   * Builds a rate from a numerator (any sign) and a positive denominator, given as counts or exact
   * decimal amounts. Two safe-integer numbers k <= n make a share of counts, which has an interval.
   * @throws {@link MetricError} `INVALID_INPUT` for a non-finite part or a denominator <= 0.
   */
  static of(numerator: MoneyInput, denominator: MoneyInput): Rate {
    const ctx = { fn: 'Rate.of' };
    const rate = rateOfAmounts(amount(ctx, 'numerator', numerator, 'any'), amount(ctx, 'denominator', denominator, 'positive'));
    const { n, d, scale } = rate.parts();
    return scale === 0 && isCount(numerator) && isCount(denominator) ? new Rate(n, d, 0, true) : rate;
  }

  /**
   * Restores a rate from {@link Rate.toJSON}'s output (the `value` field is ignored).
   * @throws {@link MetricError} `INVALID_INPUT` when the object is not a serialised rate.
   */
  static fromJSON(json: RateJSON): Rate {
    const ctx = { fn: 'Rate.fromJSON' };
    if (typeof json !== 'object' || json === null) fail(ctx, 'json', 'an object with numerator and denominator', json);
    const numerator = amount(ctx, 'json.numerator', own(json, 'numerator'), 'any');
    return rateOfAmounts(numerator, amount(ctx, 'json.denominator', own(json, 'denominator'), 'positive'));
  }

  /**
   * The numerator, exactly as given (or as computed by exact arithmetic), as plain decimal text with no
   * exponent and no trailing fractional zeros: `Rate.of('1234.50', 10000n).numerator` is `'1234.5'`.
   */
  get numerator(): string {
    return scaledToText(this.#numerator, this.#scale);
  }

  /** The denominator, exactly, as plain decimal text like {@link Rate.numerator}; always positive. */
  get denominator(): string {
    return scaledToText(this.#denominator, this.#scale);
  }

  /** The value as the nearest float, ties to even, whatever the size of the parts (a share lies in [0, 1]). */
  toNumber(): number {
    return fractionToNumber(this.#numerator, this.#denominator);
  }

  /**
   * The value as a percentage string, rounded half-even to `digits` decimals from the exact fraction:
   * `'83.0%'`. A negative value that rounds to zero keeps its sign (`'-0.0%'`), as `Number#toFixed` and
   * decimal.js's `toFixed` write it.
   * @param digits - decimals after the point, an integer 0-20. Default 1.
   */
  toPercent(digits = 1): string {
    if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
      fail({ fn: 'Rate.toPercent' }, 'digits', 'an integer from 0 to 20', digits);
    }
    return `${fractionToFixed(this.#numerator * 100n, this.#denominator, digits)}%`;
  }

  /** Exact comparison of values (`2/4` equals `1/2`), against a rate or an exact number. */
  equals(other: Rate | MoneyInput): boolean {
    const [a, b] = align(this, toRate(other, 'Rate.equals'));
    return a.n * b.d === b.n * a.d;
  }

  /** Exact sum. */
  plus(other: Rate | MoneyInput): Rate {
    return combine(this, toRate(other, 'Rate.plus'), 1n);
  }

  /** Exact difference. */
  minus(other: Rate | MoneyInput): Rate {
    return combine(this, toRate(other, 'Rate.minus'), -1n);
  }

  /** 1 - this, keeping the denominator: the complement of 83/100 is 17/100. */
  complement(): Rate {
    return new Rate(this.#denominator - this.#numerator, this.#denominator, this.#scale, this.#share);
  }

  /**
   * True when the rate is a share of counted things, k of n with 0 <= k <= n (retention, churn on the
   * start basis, survey shares, `Rate.of(83, 100)`, and their complements). Ratios of money, rates per
   * customer (purchase frequency) and results of `plus` / `minus` are not, even when their value lies in
   * [0, 1]. Only shares have a {@link Rate.interval}.
   */
  get isProportion(): boolean {
    return this.#share;
  }

  /**
   * Wilson score interval of a share of counts (see {@link wilsonInterval}).
   * @throws {@link MetricError} `UNDEFINED_RESULT` when the rate is not a share of counts (a ratio of
   * money, or a value above 1); `INVALID_INPUT` for a confidence outside (0, 1).
   */
  interval(options?: { readonly confidence?: number }): Interval {
    const ctx = { fn: 'Rate.interval' };
    const level = readConfidence(ctx, own(readOptions(ctx, options, ['confidence']), 'confidence'));
    if (!this.isProportion) {
      throw new MetricError({
        code: 'UNDEFINED_RESULT',
        functionName: ctx.fn,
        field: 'rate',
        rule: 'a share of counts (integer k of n, 0 <= k <= n) to have a Wilson interval',
        received: this.toString(),
      });
    }
    return wilsonBounds(Number(this.#numerator), Number(this.#denominator), level);
  }

  /** `{ numerator, denominator, value }` with exact decimal strings. */
  // A restored rate (Rate.fromJSON) is a plain ratio: JSON does not say whether it was a share.
  toJSON(): RateJSON {
    return { numerator: this.numerator, denominator: this.denominator, value: this.toNumber() };
  }

  /** The exact fraction, e.g. `'83/100'`. */
  toString(): string {
    return `${this.numerator}/${this.denominator}`;
  }

  /** The number for `Number(rate)` and arithmetic; the fraction text in template strings. */
  [Symbol.toPrimitive](hint: string): number | string {
    return hint === 'string' ? this.toString() : this.toNumber();
  }

  /** Shown by Node's `console.log` and REPLs: `Rate(83/100 = 0.83)`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Rate(${this.toString()} = ${this.toNumber()})`;
  }

  /** Internal: the scaled integer parts, for exact arithmetic inside the library. @internal */
  parts(): { readonly n: bigint; readonly d: bigint; readonly scale: number } {
    return { n: this.#numerator, d: this.#denominator, scale: this.#scale };
  }

  /**
   * True for a Rate of any copy of the library (the ESM and the CommonJS build loaded side by side, or two
   * versions): `rate instanceof Rate` holds across them. An object passes when its prototype chain carries
   * the registered brand `Symbol.for('loyalty-metrics.Rate')`, as every Rate does; an object that only has
   * the brand as its own property does not. On a subclass, `instanceof` is the ordinary prototype check.
   * The library itself trusts no foreign Rate: it reads one back through its JSON form.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, Rate, RATE_BRAND, value);
  }

  static {
    isOwnRate = (value) => #numerator in value;
  }
}

const CONSTRUCTOR = { fn: 'Rate' };

/** Marks Rates across copies of the library (class names do not survive minification). */
const RATE_BRAND = brandSymbol('Rate');
brandPrototype(Rate.prototype, 'Rate');

/** Builds an exact rate from two exact amounts (denominator > 0). */
export function rateOfAmounts(numerator: Scaled, denominator: Scaled): Rate {
  const scale = Math.max(numerator.scale, denominator.scale);
  return new Rate(numerator.int * 10n ** BigInt(scale - numerator.scale), denominator.int * 10n ** BigInt(scale - denominator.scale), scale);
}

/** A share k of n counted things (callers have checked 0 <= k <= n): it has a Wilson interval. */
export function rateOfCounts(numerator: number, denominator: number): Rate {
  return new Rate(BigInt(numerator), BigInt(denominator), 0, true);
}

/** A ratio of two counts that is not a share (orders per customer): no interval. */
export function ratioOfCounts(numerator: number, denominator: number): Rate {
  return new Rate(BigInt(numerator), BigInt(denominator), 0);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** True for a Rate of this copy of the library, built by its constructor (not `Object.create(Rate.prototype)`). */
export function isRate(value: unknown): value is Rate {
  return typeof value === 'object' && value !== null && isOwnRate(value);
}

/**
 * A Rate from this copy, or one rebuilt (validated) from a Rate of another copy of the library, such as
 * the CommonJS build loaded beside the ESM one; `undefined` for anything else. Nothing of a foreign
 * object is trusted: it is read back through its JSON form.
 */
export function asRate(value: unknown, ctx: { fn: string }, field: string): Rate | undefined {
  if (isRate(value)) return value;
  if (!(value instanceof Rate)) return undefined;
  let json: unknown;
  try {
    json = (value as { toJSON(): unknown }).toJSON();
  } catch {
    return fail(ctx, field, 'a Rate or an exact number', value);
  }
  if (typeof json !== 'object' || json === null) return fail(ctx, field, 'a Rate or an exact number', value);
  return rateOfAmounts(amount(ctx, `${field}.numerator`, own(json, 'numerator'), 'any'), amount(ctx, `${field}.denominator`, own(json, 'denominator'), 'positive'));
}

function toRate(value: Rate | MoneyInput, fn: string): Rate {
  return asRate(value, { fn }, 'other') ?? rateOfAmounts(amount({ fn }, 'other', value, 'any'), ONE_SCALED);
}

/** Exact sign of a rate's value: -1, 0 or 1 (the denominator is positive). */
export function rateSign(rate: Rate): -1 | 0 | 1 {
  const { n } = rate.parts();
  return n < 0n ? -1 : n > 0n ? 1 : 0;
}

/** Both rates' parts at a common scale (the scale cancels in a ratio, so only n and d matter). */
function align(a: Rate, b: Rate): [{ n: bigint; d: bigint }, { n: bigint; d: bigint }] {
  const pa = a.parts();
  const pb = b.parts();
  const scale = Math.max(pa.scale, pb.scale);
  const fa = 10n ** BigInt(scale - pa.scale);
  const fb = 10n ** BigInt(scale - pb.scale);
  return [
    { n: pa.n * fa, d: pa.d * fa },
    { n: pb.n * fb, d: pb.d * fb },
  ];
}

function combine(a: Rate, b: Rate, sign: 1n | -1n): Rate {
  const pa = a.parts();
  const pb = b.parts();
  const scale = Math.max(pa.scale, pb.scale);
  const [x, y] = align(a, b);
  if (x.d === y.d) return new Rate(x.n + sign * y.n, x.d, scale);
  const n = x.n * y.d + sign * y.n * x.d;
  const d = x.d * y.d;
  const g = gcd(n < 0n ? -n : n, d);
  return new Rate(n / g, d / g, 0);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/** Exact power of a rate's value for integer exponents: (n/d)^k. */
export function ratePower(rate: Rate, exponent: number): Rate {
  const { n, d } = rate.parts();
  const k = BigInt(exponent);
  return new Rate(n ** k, d ** k, 0);
}

/** Exact rate / k for a positive integer k (a plain ratio, not a share): the mean of k rates from their sum. */
export function divideRateByCount(rate: Rate, k: number): Rate {
  const { n, d, scale } = rate.parts();
  return new Rate(n, d * BigInt(k), scale);
}

/** Exact quotient of two rates' values as integer parts (b must be non-zero). */
export function divideRates(a: Rate, b: Rate): { readonly n: bigint; readonly d: bigint } {
  const [x, y] = align(a, b);
  const n = x.n * y.d;
  const d = x.d * y.n;
  return d < 0n ? { n: -n, d: -d } : { n, d };
}
