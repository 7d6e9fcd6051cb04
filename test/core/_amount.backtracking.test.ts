/**
 * Issue 10, B11: reading an amount takes linear time, with a length cap (src/core/_amount.ts).
 *
 * The old pattern `^([+-]?)(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE]([+-]?\d+))?$` let two runs of digits overlap
 * (the point between them was optional), so a run of n digits followed by junk was tried at every split:
 * `'1'.repeat(80_000) + 'x'` took 3.8 s to refuse, on every path that reads an amount (the metrics,
 * `CohortBuilder#add`, `Rate.of`, `Rate.fromJSON`, `CohortBuilder.fromJSON`). The inputs below are a
 * million characters long: quadratic, the old code would take about (1e6 / 8e4)^2 x 3.8 s = 10 minutes
 * per call, far past vitest's 30 s timeout, while the fixed reader refuses each at once (no test asserts on
 * wall time; the timeout is the check). Text longer than MAX_AMOUNT_LENGTH (400) characters after
 * trimming is refused with a message that says so.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amount, MAX_AMOUNT_LENGTH } from '../../src/core/_amount.js';
import {
  averageOrderValue,
  CohortBuilder,
  customerAcquisitionCost,
  customerLifetimeValue,
  grossRevenueRetention,
  MetricError,
  Rate,
} from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const ctx = { fn: 'f' };
const N = 1_000_000;
const TOO_LONG_RULE = `a non-negative finite amount written in at most ${MAX_AMOUNT_LENGTH} characters`;

/** A valid builder state whose one amount is replaced by `value`. */
function builderJsonWithAmount(value: unknown): unknown {
  const builder = new CohortBuilder({ period: 'month' });
  builder.add({ customerId: 'a', timestamp: '2024-01-05T00:00:00Z', amount: '5' });
  const json = JSON.parse(JSON.stringify(builder.toJSON())) as { customers: [string, unknown[][]][] };
  const cell = json.customers[0]?.[1][0];
  if (cell === undefined) throw new Error('no cell in the builder state');
  cell[3] = value;
  return json;
}

/** Every public path that reads an amount, each handed `value`. */
const amountPaths: readonly [string, (value: unknown) => unknown][] = [
  ['averageOrderValue revenue', (value) => averageOrderValue({ revenue: value as string, orders: 3 })],
  ['customerAcquisitionCost spend', (value) => customerAcquisitionCost({ spend: value as string, newCustomers: 3 })],
  ['grossRevenueRetention startingRevenue', (value) => grossRevenueRetention({ startingRevenue: value as string, churnedRevenue: 0, contractionRevenue: 0 })],
  ['customerLifetimeValue churnRate (a rate read as an amount)', (value) => customerLifetimeValue({ averageRevenuePerCustomer: 10, churnRate: value as string })],
  ['customerLifetimeValue grossMargin', (value) => customerLifetimeValue({ averageRevenuePerCustomer: 10, churnRate: 0.1, grossMargin: value as string })],
  ['CohortBuilder#add amount', (value) => new CohortBuilder({ period: 'month' }).add({ customerId: 'a', timestamp: '2024-01-05T00:00:00Z', amount: value as string })],
  ['Rate.of numerator', (value) => Rate.of(value as string, 1)],
  ['Rate.of denominator', (value) => Rate.of(1, value as string)],
  ['Rate.fromJSON', (value) => Rate.fromJSON({ numerator: value as string, denominator: '1', value: 0 })],
  ['CohortBuilder.fromJSON returnAmount', (value) => CohortBuilder.fromJSON(builderJsonWithAmount(value) as never)],
];

/** Runs `call`: it either returns or throws a MetricError; anything else fails the test. */
function refusedOrRead(call: () => unknown): 'refused' | 'read' {
  try {
    call();
    return 'read';
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(MetricError);
    return 'refused';
  }
}

/** The adversarial shapes, at a million characters: each would take the old pattern minutes. */
const adversarial: readonly [string, string][] = [
  ['digits then junk', `${'1'.repeat(N)}x`],
  ['digits, a point, digits, junk', `${'1'.repeat(N / 2)}.${'1'.repeat(N / 2)}x`],
  ['an exponent of a million digits then junk', `1e${'1'.repeat(N)}x`],
  ['a run of points', '.'.repeat(N)],
  ['digits and points alternating', '1.'.repeat(N / 2)],
  ['white space inside digits', `1${' '.repeat(N)}1`],
  ['a million digits (too large anyway)', '1'.repeat(N)],
  ['zeros between ones', `1${'0'.repeat(N)}1`],
  ['a tiny fraction written out', `0.${'0'.repeat(N)}1`],
  ['signs', '-+'.repeat(N / 2)],
];

describe('B11: amounts are read in linear time, and text past the length cap is refused at once', () => {
  it("B11: '1'.repeat(80000) + 'x' (3.8 s before) and a million digits then junk are refused, saying the text is too long", () => {
    for (const text of [`${'1'.repeat(80_000)}x`, `${'1'.repeat(N)}x`]) {
      const error = expectMetricError(() => amount(ctx, 'x', text), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: TOO_LONG_RULE });
      expect(error.message.length).toBeLessThan(200); // the received text is shortened in the message
      expectMetricError(() => averageOrderValue({ revenue: text, orders: 3 }), { fn: 'averageOrderValue', code: 'INVALID_INPUT', field: 'revenue', rule: TOO_LONG_RULE });
      expectMetricError(() => Rate.of(text, 1), { fn: 'Rate.of', code: 'INVALID_INPUT', field: 'numerator', rule: `a finite amount written in at most ${MAX_AMOUNT_LENGTH} characters` });
    }
  });

  it('B11: the cap counts the text after trimming: 400 characters are read, 401 refused, surrounding white space is free', () => {
    expect(amount(ctx, 'x', `${'0'.repeat(MAX_AMOUNT_LENGTH - 1)}1`)).toEqual({ int: 1n, scale: 0 });
    expect(amount(ctx, 'x', `${' '.repeat(N)}12.50${'\t'.repeat(N)}`)).toEqual({ int: 125n, scale: 1 });
    expectMetricError(() => amount(ctx, 'x', `${'0'.repeat(MAX_AMOUNT_LENGTH)}1`), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: TOO_LONG_RULE });
  });

  it('B11: a Decimal whose significant digits pass the cap is refused the same way (its text is what is read)', () => {
    const Wide = Decimal.clone({ precision: 1000 });
    const long = new Wide(`0.${'3'.repeat(900)}`);
    expectMetricError(() => amount(ctx, 'x', long), { fn: 'f', code: 'INVALID_INPUT', field: 'x', rule: TOO_LONG_RULE, received: `Decimal(${long.toString()})` });
    expect(amount(ctx, 'x', new Wide(`0.${'3'.repeat(300)}`))).toEqual({ int: BigInt('3'.repeat(300)), scale: 300 });
  });

  // The class: every public amount path, every adversarial shape, a million characters each.
  it('B11: every public amount path refuses each million-character adversarial text with a MetricError', () => {
    for (const [shape, text] of adversarial) {
      for (const [path, read] of amountPaths) {
        expect(refusedOrRead(() => read(text)), `${path} on ${shape}`).toBe('refused');
      }
    }
  });

  // The other readers of user text on the event path (timestamps by the ISO pattern of src/core/_time.ts,
  // customer ids and event names, which no pattern reads) take the same inputs in linear time too.
  it('B11: a million-character adversarial timestamp, customer id or event name is refused or read at once', () => {
    const timestamps = [`2024-01-01${' '.repeat(N)}x`, `2024-01-01T00:00:00${'0'.repeat(N)}`, `2024-01-01T00:00:00.${'1'.repeat(N)}Z`, '2'.repeat(N), `2024-01-01T00:00:00+${'0'.repeat(N)}`];
    for (const timestamp of timestamps) {
      expect(refusedOrRead(() => new CohortBuilder({ period: 'month' }).add({ customerId: 'a', timestamp })), timestamp.slice(0, 30)).toBe('refused');
    }
    for (const text of adversarial.map(([, t]) => t)) {
      expect(refusedOrRead(() => new CohortBuilder({ period: 'month' }).add({ customerId: text, timestamp: '2024-01-05T00:00:00Z', event: text }))).toBe('read');
    }
  });

  it('B11: long texts built from runs of the grammar characters are refused or read, on every amount path', () =>
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...'0123456789.eE+- \tx'), fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1_000, max: 150_000 }))), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...amountPaths),
        (runs, [path, read]) => {
          const text = runs.map(([char, times]) => char.repeat(times)).join('');
          const outcome = refusedOrRead(() => read(text));
          // Past the cap (after trimming), nothing is read by the core reader. CohortBuilder.fromJSON reads
          // the plain digits toJSON writes with its own digit loop first (linear too, no cap), which
          // accepts zero-padded text such as '0' x 1000 as 0: only its time is checked here.
          if (text.trim().length > MAX_AMOUNT_LENGTH && !path.startsWith('CohortBuilder.fromJSON')) expect(outcome, path).toBe('refused');
        },
      ),
      fcOptions({ numRuns: 60 }),
    ));
});
