/**
 * Shared fast-check generators for the core, retention and churn suites: counts (non-negative safe
 * integers, biased to small values and to the edges 0, 1 and Number.MAX_SAFE_INTEGER), consistent period
 * counts (S, L, N, E), money amounts with up to 4 decimals in every accepted input form, consistent
 * revenue movements, exact rates, and `fcOptions()` for replayable runs.
 *
 * Every generator yields values whose exact answer is known to the test (counts, minor units as
 * bigints), so a property can state the expected result without re-implementing the metric.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { type MoneyInput, Rate } from '../../src/index.js';

export const MAX = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------------------------
// Run options

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, received ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Options for `fc.assert`: the seed comes from `FC_SEED` when set (so a failure printed as
 * `{ seed: 123, path: "..." }` replays with `FC_SEED=123`), otherwise a fresh one; `numRuns` defaults to
 * 200 (override per call, or globally with `FC_NUM_RUNS`). fast-check prints the seed and the shrunk
 * counterexample on failure.
 */
export function fcOptions(overrides: { readonly numRuns?: number } = {}): { seed: number; numRuns: number } {
  const seed = envNumber('FC_SEED') ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const numRuns = envNumber('FC_NUM_RUNS') ?? overrides.numRuns ?? 200;
  return { seed, numRuns };
}

// ---------------------------------------------------------------------------------------------------
// Counts

/** A count: a non-negative safe integer, biased to small values and to 0, 1 and MAX_SAFE_INTEGER. */
export const count: fc.Arbitrary<number> = fc.oneof(fc.nat({ max: 1000 }), fc.constantFrom(0, 1, MAX), fc.maxSafeNat());

/** A positive count, biased the same way. */
export const positiveCount: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.constantFrom(1, 2, MAX),
  fc.integer({ min: 1, max: MAX }),
);

/** A count in [min, max], biased to both ends and to small values above min. */
export function countBetween(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(min, max),
    fc.integer({ min, max: Math.min(max, min + 1000) }),
    fc.integer({ min, max }),
  );
}

/** A count in [0, max]. */
export function countUpTo(max: number): fc.Arbitrary<number> {
  return countBetween(0, max);
}

/** k successes of n trials, 0 <= k <= n, n >= 1 (n up to MAX_SAFE_INTEGER). */
export const proportion: fc.Arbitrary<{ readonly k: number; readonly n: number }> = positiveCount.chain((n) =>
  countUpTo(n).map((k) => ({ k, n })),
);

/**
 * Counts of one period: S at the start, L lost (L <= S), N new, E = S - L + N at the end. Every value,
 * E included, is a safe integer; S may be 0 (then L = 0).
 */
export interface Period {
  readonly S: number;
  readonly L: number;
  readonly N: number;
  readonly E: number;
}

export const period: fc.Arbitrary<Period> = count.chain((S) =>
  countUpTo(S).chain((L) => countUpTo(MAX - (S - L)).map((N) => ({ S, L, N, E: S - L + N }))),
);

/** A period with at least one customer at the start. */
export const activePeriod: fc.Arbitrary<Period> = period.filter((p) => p.S > 0);

// ---------------------------------------------------------------------------------------------------
// Money

/** Amounts are generated as integer minor units of 10^-4 (up to 4 decimals). */
export const MONEY_SCALE = 4;
export const UNITS_PER_WHOLE = 10n ** BigInt(MONEY_SCALE);
/** The largest generated amount: MAX_SAFE_INTEGER whole units with 4 decimals. */
export const MAX_MONEY_UNITS = BigInt(MAX) * UNITS_PER_WHOLE + (UNITS_PER_WHOLE - 1n);

/** Minor units in [min, max], biased to the ends, to small amounts and to whole amounts. */
export function moneyUnitsBetween(min: bigint, max: bigint): fc.Arbitrary<bigint> {
  const small = min + 10_000_000n < max ? min + 10_000_000n : max;
  return fc.oneof(
    fc.constantFrom(min, max),
    fc.bigInt({ min, max: small }),
    fc.bigInt({ min: min / UNITS_PER_WHOLE, max: max / UNITS_PER_WHOLE }).map((whole) => {
      const units = whole * UNITS_PER_WHOLE;
      return units < min ? min : units > max ? max : units;
    }),
    fc.bigInt({ min, max }),
  );
}

/** Non-negative minor units up to {@link MAX_MONEY_UNITS}. */
export const moneyUnits: fc.Arbitrary<bigint> = moneyUnitsBetween(0n, MAX_MONEY_UNITS);

/** Exact plain decimal text of minor units (any sign), without trailing zeros: 123450n -> '12.345'. */
export function unitsToText(units: bigint, pad = false): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const whole = abs / UNITS_PER_WHOLE;
  let frac = (abs % UNITS_PER_WHOLE).toString().padStart(MONEY_SCALE, '0');
  if (!pad) frac = frac.replace(/0+$/, '');
  return `${sign}${whole}${frac === '' ? '' : `.${frac}`}`;
}

/** The accepted input forms of money. */
export type MoneyForm = 'string' | 'paddedString' | 'exponentString' | 'number' | 'bigint' | 'decimal';
export const moneyForms: readonly MoneyForm[] = ['string', 'paddedString', 'exponentString', 'number', 'bigint', 'decimal'];

/**
 * Minor units rendered in one input form. A form that cannot hold the value exactly falls back to the
 * plain string (a number is used only when its shortest decimal form is the exact amount; a bigint
 * only for whole amounts).
 */
export function renderMoney(units: bigint, form: MoneyForm): MoneyInput {
  const text = unitsToText(units);
  switch (form) {
    case 'string':
      return text;
    case 'paddedString':
      return unitsToText(units, true);
    case 'exponentString':
      return `${units}e-${MONEY_SCALE}`;
    case 'number': {
      const asNumber = Number(text);
      return new Decimal(asNumber).equals(new Decimal(text)) ? asNumber : text;
    }
    case 'bigint':
      return units % UNITS_PER_WHOLE === 0n ? units / UNITS_PER_WHOLE : text;
    case 'decimal':
      return new Decimal(text);
  }
}

/** An amount: its exact minor units and the form passed to the library. */
export interface Money {
  readonly units: bigint;
  readonly input: MoneyInput;
}

export function moneyOf(units: fc.Arbitrary<bigint>): fc.Arbitrary<Money> {
  return fc.tuple(units, fc.constantFrom(...moneyForms)).map(([u, form]) => ({ units: u, input: renderMoney(u, form) }));
}

/** A non-negative amount with up to 4 decimals, up to MAX_SAFE_INTEGER whole units, in any form. */
export const money: fc.Arbitrary<Money> = moneyOf(moneyUnits);

/**
 * Consistent revenue movements of one period: starting > 0, churned + contraction <= starting,
 * expansion and (optional) reactivation unconstrained.
 */
export interface RevenueCase {
  readonly starting: Money;
  readonly churned: Money;
  readonly contraction: Money;
  readonly expansion: Money;
  readonly reactivation: Money | undefined;
}

export const revenueCase: fc.Arbitrary<RevenueCase> = moneyUnitsBetween(1n, MAX_MONEY_UNITS).chain((start) =>
  moneyUnitsBetween(0n, start).chain((churned) =>
    fc.record({
      starting: moneyOf(fc.constant(start)),
      churned: moneyOf(fc.constant(churned)),
      contraction: moneyOf(moneyUnitsBetween(0n, start - churned)),
      expansion: money,
      reactivation: fc.option(money, { nil: undefined }),
    }),
  ),
);

/** The GRR / gross-churn input of a revenue case. */
export function grossInput(c: RevenueCase): { startingRevenue: MoneyInput; churnedRevenue: MoneyInput; contractionRevenue: MoneyInput } {
  return { startingRevenue: c.starting.input, churnedRevenue: c.churned.input, contractionRevenue: c.contraction.input };
}

/** The NRR / net-churn input of a revenue case (reactivation only when present). */
export function netInput(c: RevenueCase): {
  startingRevenue: MoneyInput;
  churnedRevenue: MoneyInput;
  contractionRevenue: MoneyInput;
  expansionRevenue: MoneyInput;
  reactivationRevenue?: MoneyInput;
} {
  return {
    ...grossInput(c),
    expansionRevenue: c.expansion.input,
    ...(c.reactivation === undefined ? {} : { reactivationRevenue: c.reactivation.input }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Rates

/** A share of counts k / n as a Rate. */
export const proportionRate: fc.Arbitrary<Rate> = proportion.map(({ k, n }) => Rate.of(k, n));

/** A ratio of amounts with up to 4 decimals, numerator of any sign, denominator positive. */
export const moneyRate: fc.Arbitrary<Rate> = fc
  .tuple(moneyUnits, fc.boolean(), moneyUnitsBetween(1n, MAX_MONEY_UNITS), fc.constantFrom(...moneyForms), fc.constantFrom(...moneyForms))
  .map(([n, negative, d, fn, fd]) => {
    const numerator = renderMoney(n, fn);
    return Rate.of(negative ? `-${unitsToText(n)}` : numerator, renderMoney(d, fd));
  });

/** Any exact rate: shares of counts and signed ratios of decimal amounts. */
export const anyRate: fc.Arbitrary<Rate> = fc.oneof(proportionRate, moneyRate);

/**
 * A churn rate in [0, 1] as accepted by rate arguments: a Rate of counts (denominator up to `maxN`), or a
 * fraction with up to 4 decimals as a number or a decimal string. Biased to 0 and 1.
 */
export function unitRate(maxN = 1_000_000): fc.Arbitrary<Rate | number | string> {
  return fc.oneof(
    fc.constantFrom<Rate | number | string>(0, 1, 0.05, '0.3', Rate.of(0, 1), Rate.of(1, 1)),
    countBetween(1, maxN).chain((n) => countUpTo(n).map((k) => Rate.of(k, n))),
    fc.integer({ min: 0, max: 10_000 }).chain((u) => fc.constantFrom<number | string>(u / 10_000, unitsToText(BigInt(u)))),
  );
}
