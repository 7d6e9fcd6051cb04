/**
 * Test helpers shared by the core, retention and churn suites: the MetricError assertion (class, code,
 * field, function and message format), exact fractions of Rates and floats (for ulp checks and exact
 * cross-multiplication without any tolerance), and the no-mutation check (deep freeze + snapshot).
 */
import { Decimal } from 'decimal.js';
import { expect } from 'vitest';
import { MetricError, type MetricErrorCode, Rate } from '../../src/index.js';

// ---------------------------------------------------------------------------------------------------
// Errors

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface ExpectedError {
  /** The public function named in the message. */
  readonly fn: string;
  readonly code: MetricErrorCode;
  readonly field: string;
  /** The rule after "must be" (exact text, or a pattern). */
  readonly rule?: string | RegExp;
  /** The rendered received value after "received" (exact text). */
  readonly received?: string;
}

/**
 * Runs `call`, expects it to throw a MetricError with the given code, field and function, and checks the
 * message format `"<fn>: <field> must be <rule>, received <value>"`. Returns the error.
 */
export function expectMetricError(call: () => unknown, expected: ExpectedError): MetricError {
  let thrown: unknown;
  let threw = false;
  try {
    call();
  } catch (error) {
    thrown = error;
    threw = true;
  }
  expect(threw, `expected ${expected.fn} to throw ${expected.code} on ${expected.field}`).toBe(true);
  expect(thrown).toBeInstanceOf(MetricError);
  expect(thrown).toBeInstanceOf(Error);
  const error = thrown as MetricError;
  expect({ code: error.code, field: error.field, functionName: error.functionName, name: error.name }).toEqual({
    code: expected.code,
    field: expected.field,
    functionName: expected.fn,
    name: 'MetricError',
  });
  const match = new RegExp(`^${escapeRegExp(expected.fn)}: ${escapeRegExp(expected.field)} must be (.+), received (.+)$`, 's').exec(error.message);
  expect(match, error.message).not.toBeNull();
  const [, rule, received] = match as RegExpExecArray;
  if (typeof expected.rule === 'string') expect(rule).toBe(expected.rule);
  else if (expected.rule !== undefined) expect(rule).toMatch(expected.rule);
  if (expected.received !== undefined) expect(received).toBe(expected.received);
  return error;
}

// ---------------------------------------------------------------------------------------------------
// Exact fractions

export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

function scaled(value: Decimal | string): { readonly int: bigint; readonly scale: number } {
  const text = typeof value === 'string' ? value : value.toFixed();
  const point = text.indexOf('.');
  if (point === -1) return { int: BigInt(text), scale: 0 };
  return { int: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

/** The exact value of a Rate as a fraction of integers (from its public numerator and denominator). */
export function fractionOf(rate: Rate): Fraction {
  const n = scaled(rate.numerator);
  const d = scaled(rate.denominator);
  const scale = Math.max(n.scale, d.scale);
  return { n: n.int * 10n ** BigInt(scale - n.scale), d: d.int * 10n ** BigInt(scale - d.scale) };
}

/** The exact value of a Decimal as a fraction of integers. */
export function fractionOfDecimal(value: Decimal): Fraction {
  const s = scaled(value);
  return { n: s.int, d: 10n ** BigInt(s.scale) };
}

/** Exact a * b. */
export function times(a: Fraction, b: Fraction): Fraction {
  return { n: a.n * b.n, d: a.d * b.d };
}

/** Exact a == b. */
export function sameValue(a: Fraction, b: Fraction): boolean {
  return a.n * b.d === b.n * a.d;
}

/** The exact value of a finite float: m * 2^e as a fraction. */
export function fractionOfFloat(x: number): Fraction {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`);
  let m = x;
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e += 1;
  }
  return { n: BigInt(m), d: 2n ** BigInt(e) };
}

/** The spacing of floats at |x| (the ulp), as an exact fraction; x is a normal, non-zero float. */
function ulpOf(x: number): Fraction {
  const exponent = Math.floor(Math.log2(Math.abs(x)));
  // Math.log2 may be off by one near powers of two: correct it exactly.
  let e = exponent;
  if (2 ** e > Math.abs(x)) e -= 1;
  if (2 ** (e + 1) <= Math.abs(x)) e += 1;
  const k = e - 52;
  return k >= 0 ? { n: 2n ** BigInt(k), d: 1n } : { n: 1n, d: 2n ** BigInt(-k) };
}

/** True when the float x lies within `ulps` units in the last place of the exact value n / d. */
export function withinUlps(x: number, exact: Fraction, ulps = 1): boolean {
  const f = fractionOfFloat(x);
  // |x - n/d| <= ulps * ulp(x); x = 0 only for an exact 0 (library values stay within 1e-60..1e60).
  if (x === 0) return exact.n === 0n;
  const diffN = f.n * exact.d - exact.n * f.d;
  const diffD = f.d * exact.d;
  const absDiffN = diffN < 0n ? -diffN : diffN;
  const u = ulpOf(x);
  return absDiffN * u.d <= BigInt(ulps) * u.n * diffD;
}

/** The float next to x towards +Infinity (up) or -Infinity (down); x is finite. */
function nextFloat(x: number, direction: 1 | -1): number {
  if (x === 0) return direction * Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  // Away from zero is +1 on the bits of a positive float and of a negative one alike.
  view.setBigUint64(0, (x > 0) === (direction === 1) ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/** |a - b| as a fraction with a positive denominator. */
function distance(a: Fraction, b: Fraction): Fraction {
  const n = a.n * b.d - b.n * a.d;
  return { n: n < 0n ? -n : n, d: a.d * b.d };
}

/** -1, 0 or 1 as a < b, a == b, a > b (positive denominators). */
function compare(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * True when the finite float x is the correctly rounded value of the exact n / d (round to nearest,
 * ties to the even significand), checked exactly against both neighbouring floats; 0 is +0.
 */
export function isCorrectlyRounded(x: number, exact: Fraction): boolean {
  if (!Number.isFinite(x)) return false;
  const value = exact.d < 0n ? { n: -exact.n, d: -exact.d } : exact;
  if (Object.is(x, -0)) return false;
  const error = distance(fractionOfFloat(x), value);
  for (const neighbour of [nextFloat(x, 1), nextFloat(x, -1)]) {
    if (!Number.isFinite(neighbour)) continue;
    const order = compare(error, distance(fractionOfFloat(neighbour), value));
    if (order > 0) return false;
    if (order === 0) {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      if ((view.getBigUint64(0) & 1n) === 1n) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// No mutation

/** Freezes a value and everything reachable from it (Rates are frozen already; Decimals are frozen too). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/**
 * A structural copy for before/after comparison. Plain data goes through `structuredClone`; Decimals
 * and Rates (which structuredClone would flatten) are recorded by their exact text.
 */
export function snapshot(value: unknown): unknown {
  if (value instanceof Rate) return { rate: value.toString() };
  if (Decimal.isDecimal(value)) return { decimal: (value as Decimal).toString() };
  if (Array.isArray(value)) return value.map(snapshot);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: snapshot((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return structuredClone(value);
}

/**
 * Deep-freezes `input`, runs `call` on it and checks that it is structurally unchanged. A write into a
 * frozen input would throw a TypeError (ES modules are strict), so this also catches in-place mutation.
 */
export function withFrozen<T, R>(input: T, call: (frozen: T) => R): R {
  const before = snapshot(input);
  const result = call(deepFreeze(input));
  expect(snapshot(input)).toEqual(before);
  return result;
}

/** True when a Rate converts to a finite number (never NaN, never Infinity). */
export function isFiniteRate(rate: Rate): boolean {
  return Number.isFinite(Number(rate)) && Number.isFinite(rate.toNumber()) && new Decimal(rate.denominator).isPositive();
}
