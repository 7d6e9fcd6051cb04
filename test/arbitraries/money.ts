/**
 * Shared fast-check generators for exact amounts (money, durations) and rate arguments, used by the
 * test/value and test/engagement suites. Every generator yields values whose exact decimal value is
 * known (`text`), together with the form passed to the library (`input`), so a property can state the
 * expected answer without re-implementing the metric.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { type MoneyInput, Rate } from '../../src/index.js';

/** A high-precision Decimal for the test oracles: 100 significant digits, never the library's clone. */
export const D100 = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });

/** A Decimal constructor that is neither the global one nor the library's (precision 5 on purpose). */
export const OtherDecimal = Decimal.clone({ precision: 5, rounding: Decimal.ROUND_DOWN });

/** An exact amount: its plain decimal text and one accepted input form of the same value. */
export interface Amount {
  readonly text: string;
  readonly input: MoneyInput;
}

/** Every accepted input form of an exact decimal value given as plain text. */
export function moneyForms(text: string): MoneyInput[] {
  const value = new D100(text);
  const forms: MoneyInput[] = [text, new Decimal(text), new OtherDecimal(text)];
  const asNumber = Number(text);
  if (Number.isFinite(asNumber) && new D100(asNumber).equals(value)) forms.push(asNumber);
  if (value.isInteger()) forms.push(BigInt(value.toFixed()));
  return forms;
}

/**
 * A non-negative exact amount: up to `digits` significant digits and up to `maxScale` decimals, in any
 * accepted form (number when it is exact as a float, decimal string, bigint when integral, Decimal from
 * decimal.js's global constructor or from another clone).
 */
export function amount(options: { readonly digits?: number; readonly maxScale?: number; readonly positive?: boolean } = {}): fc.Arbitrary<Amount> {
  const { digits = 12, maxScale = 4, positive = false } = options;
  const limit = 10n ** BigInt(digits) - 1n;
  return fc
    .tuple(fc.bigInt({ min: positive ? 1n : 0n, max: limit }), fc.integer({ min: 0, max: maxScale }))
    .map(([mantissa, scale]) => new D100(`${mantissa}e-${scale}`).toFixed())
    .chain((text) => fc.constantFrom(...moneyForms(text)).map((input) => ({ text, input })));
}

/** Money as cents: a plain two-decimal amount in every accepted form. */
export function cents(options: { readonly max?: bigint; readonly positive?: boolean } = {}): fc.Arbitrary<Amount> {
  const { max = 10n ** 11n, positive = false } = options;
  return fc
    .bigInt({ min: positive ? 1n : 0n, max })
    .map((c) => new D100(c.toString()).div(100).toFixed())
    .chain((text) => fc.constantFrom(...moneyForms(text)).map((input) => ({ text, input })));
}

/** A rate argument (churn, margin, discount) as k / 10^4, with its exact text and one accepted form. */
export interface RateArg {
  /** The exact value as plain decimal text, e.g. '0.0425'. */
  readonly text: string;
  /** The argument passed to the library: a number, a decimal string or a Rate. */
  readonly input: number | string | Rate;
}

/** A rate k / 10^4 with k in [min, max], given as a number, a decimal string or a Rate. */
export function rateArg(min: number, max: number): fc.Arbitrary<RateArg> {
  return fc.integer({ min, max }).chain((k) => {
    const text = new D100(k).div(10_000).toFixed();
    return fc.constantFrom<number | string | Rate>(Number(text), text, Rate.of(k, 10_000)).map((input) => ({ text, input }));
  });
}

/** Positive counts that are products 2^a 5^b (so that an amount divided by them terminates). */
export const terminatingDivisor: fc.Arbitrary<number> = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 12 }))
  .map(([a, b]) => 2 ** a * 5 ** b);

/** Freezes an input and everything reachable from it (Decimals and Rates are left as they are). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !(value instanceof Rate) && !Decimal.isDecimal(value) && !ArrayBuffer.isView(value)) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
