/**
 * Inputs for the exact-amount reader (src/core/_amount.ts) and `money()` (src/core/_money.ts), and the
 * oracle they are checked against: the reading of 0.1.0 before the reader existed, which handed every
 * accepted form to decimal.js's constructor and checked sign and magnitude on the Decimal.
 *
 * The generators cover every accepted form and many refused ones: finite and non-finite numbers, decimal
 * text with signs, leading and trailing zeros, a lone point, exponents (either letter, signed, with leading
 * zeros) and surrounding white space, random text over the characters of the grammar, bigints, Decimals
 * of the global constructor, of another clone and of the CommonJS copy of decimal.js (a separate
 * implementation instance, as a user's own copy would be), and values of other types.
 */
import { createRequire } from 'node:module';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { OtherDecimal } from './money.js';

/** decimal.js loaded through `require`: its CommonJS build, a different copy from the ESM one imported above. */
export const CjsDecimal = createRequire(import.meta.url)('decimal.js') as typeof Decimal;

export type Sign = 'any' | 'nonNegative' | 'positive';
export const signs: fc.Arbitrary<Sign> = fc.constantFrom('any', 'nonNegative', 'positive');

const digits = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength });

/**
 * Decimal text, valid or not: `[space][sign][digits][.][digits][e[sign][zeros]exponent][space]`. Exponents
 * stay below 10^15, inside decimal.js's exponent range (±9e15), where its reading is the reference.
 */
export const decimalText: fc.Arbitrary<string> = fc
  .record({
    before: fc.constantFrom('', '', ' ', '\t', '\n ', '\u00a0'),
    sign: fc.constantFrom('', '', '+', '-'),
    leadingZeros: fc.constantFrom('', '', '0', '000'),
    whole: fc.oneof(digits(4), digits(35)),
    point: fc.boolean(),
    fraction: fc.oneof(digits(4), digits(35)),
    trailingZeros: fc.constantFrom('', '', '0', '000'),
    exponent: fc.option(
      fc.record({
        letter: fc.constantFrom('e', 'E'),
        sign: fc.constantFrom('', '+', '-'),
        zeros: fc.constantFrom('', '0', '00000'),
        value: fc.oneof(fc.nat(40), fc.nat(1_000_000), fc.constantFrom(29, 30, 31, 999_999_999_999_999)),
      }),
    ),
    after: fc.constantFrom('', '', ' ', '\r\n'),
  })
  .map(({ before, sign, leadingZeros, whole, point, fraction, trailingZeros, exponent, after }) => {
    const wholePart = `${leadingZeros}${whole}`;
    const fractionPart = point ? `.${fraction}${trailingZeros}` : '';
    const exponentPart = exponent === null ? '' : `${exponent.letter}${exponent.sign}${exponent.zeros}${exponent.value}`;
    return `${before}${sign}${wholePart}${fractionPart}${exponentPart}${after}`;
  });

/** Amounts near the magnitude bounds 1e-30 and 1e30, written in several ways. */
export const boundaryText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('1', '10', '0.1', '9.99', '1.0000000000000000000000000001', '0.999999999999999999999'), fc.constantFrom(-31, -30, -29, 29, 30, 31), fc.constantFrom('', '-'))
  .map(([mantissa, exponent, sign]) => `${sign}${mantissa}e${exponent}`);

/** Short random text over the characters of the grammar (mostly refused). */
export const grammarNoise: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...'0123456789.eE+- _x'), maxLength: 10 });

/** Decimals of three constructors from valid text, and the non-finite and negative-zero Decimals. */
export const decimals: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(fc.oneof(decimalText, boundaryText), fc.constantFrom(Decimal, OtherDecimal, CjsDecimal))
    .filter(([text]) => /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text.trim()))
    .map(([text, D]) => new D(text.trim())),
  fc.constantFrom(new Decimal(NaN), new Decimal(Infinity), new CjsDecimal(-Infinity), new Decimal('-0'), new CjsDecimal('-0'), new OtherDecimal('1e-31')),
);

/** Values of the wrong type. */
export const nonAmounts: fc.Arbitrary<unknown> = fc.constantFrom(null, undefined, true, {}, [], [1], new Date(0), () => 1, Symbol('x'), { valueOf: () => 1 });

/** Any input a money field may receive. */
export const amountInput: fc.Arbitrary<unknown> = fc.oneof(
  decimalText,
  boundaryText,
  grammarNoise,
  fc.double(),
  fc.double({ min: -1e31, max: 1e31 }),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  fc.bigInt({ min: -(10n ** 32n), max: 10n ** 32n }),
  decimals,
  nonAmounts,
);

// ---------------------------------------------------------------------------------------------------
// The oracle: 0.1.0's money() on decimal.js

/** The library's Decimal configuration, in a clone of the test's own. */
export const ReferenceDecimal = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -21, toExpPos: 40 });

const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function referenceRead(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new ReferenceDecimal(value) : undefined;
  if (typeof value === 'bigint') return new ReferenceDecimal(value.toString());
  if (typeof value === 'string') {
    const text = value.trim();
    return DECIMAL_TEXT.test(text) ? new ReferenceDecimal(text) : undefined;
  }
  if (typeof value === 'object' && value !== null && ReferenceDecimal.isDecimal(value)) {
    return (value as Decimal).isFinite() ? new ReferenceDecimal(value as Decimal) : undefined;
  }
  return undefined;
}

/** What 0.1.0's money() did with a value: the Decimal it returned, or the rule of the MetricError it threw. */
export type ReferenceOutcome = { readonly value: Decimal } | { readonly rule: string };

export function referenceMoney(value: unknown, sign: Sign): ReferenceOutcome {
  const rule = sign === 'any' ? 'a finite amount' : sign === 'positive' ? 'a positive finite amount' : 'a non-negative finite amount';
  const amount = referenceRead(value);
  if (amount === undefined) return { rule: `${rule} (number, decimal string, bigint or Decimal)` };
  if ((sign === 'nonNegative' && amount.isNegative() && !amount.isZero()) || (sign === 'positive' && (!amount.isPositive() || amount.isZero()))) {
    return { rule };
  }
  if (!amount.isZero() && (amount.abs().greaterThan('1e30') || amount.abs().lessThan('1e-30'))) {
    return { rule: `${rule} of magnitude 0 or from 1e-30 to 1e30` };
  }
  return { value: amount.isZero() ? new ReferenceDecimal(0) : amount };
}
