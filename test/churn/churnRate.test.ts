import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnRate, type ChurnRateInput, Rate, retentionRate } from '../../src/index.js';
import { activePeriod, count, countUpTo, fcOptions, MAX, period } from '../arbitraries/counts.js';
import { expectMetricError, isFiniteRate, withFrozen } from '../arbitraries/exact.js';

const FN = 'churnRate';

describe('churnRate: documenting examples', () => {
  it('200 customers at the start of the month, 14 lost: 7.0% (the TSDoc example, basis start)', () => {
    const churn = churnRate({ customersAtStart: 200, customersLost: 14 });
    expect(churn.toPercent(1)).toBe('7.0%');
    expect(churn.toString()).toBe('14/200');
    expect(churn.equals(churnRate({ customersAtStart: 200, customersLost: 14 }, { basis: 'start' }))).toBe(true);
  });

  it('ChartMogul-style standard exclusions: 17 lost, 2 joined and left, 1 left and came back -> 14/200', () => {
    const churn = churnRate({ customersAtStart: 200, customersLost: 17, joinedAndLost: 2, lostAndReactivated: 1 });
    expect(churn.toString()).toBe('14/200');
  });

  it("Stripe-style basis 'startPlusNew': 14 lost of 200 + 40 new -> 14/240 (5.8%)", () => {
    const churn = churnRate({ customersAtStart: 200, customersLost: 14, newCustomers: 40 }, { basis: 'startPlusNew' });
    expect(churn.toString()).toBe('14/240');
    expect(churn.toPercent(1)).toBe('5.8%');
  });

  it("basis 'average': 14 lost of (200 + 191) / 2 = 195.5 customers, kept exact", () => {
    const churn = churnRate({ customersAtStart: 200, customersLost: 14, customersAtEnd: 191 }, { basis: 'average' });
    expect(churn.toString()).toBe('14/195.5');
    expect(churn.equals(Rate.of(28, 391))).toBe(true);
    expect(churn.toPercent(2)).toBe('7.16%');
  });

  it('a share of counts has its Wilson interval', () => {
    const { lower, upper } = churnRate({ customersAtStart: 200, customersLost: 14 }).interval();
    expect(lower).toBeLessThan(0.07);
    expect(upper).toBeGreaterThan(0.07);
  });

  it('and retention of the same period add up to exactly 1', () => {
    const churn = churnRate({ customersAtStart: 200, customersLost: 14 });
    const retention = retentionRate({ customersAtStart: 200, customersAtEnd: 226, newCustomers: 40 });
    expect(churn.plus(retention).equals(1)).toBe(true);
  });
});

describe('churnRate: edge cases and errors', () => {
  it('is 0 with no losses and 1 when everyone left', () => {
    expect(churnRate({ customersAtStart: 10, customersLost: 0 }).equals(0)).toBe(true);
    expect(churnRate({ customersAtStart: 10, customersLost: 10 }).equals(1)).toBe(true);
    expect(churnRate({ customersAtStart: MAX, customersLost: MAX }).equals(1)).toBe(true);
    expect(churnRate({ customersAtStart: MAX, customersLost: 1, newCustomers: MAX }, { basis: 'startPlusNew' }).toString()).toBe(`1/${2n * BigInt(MAX)}`);
  });

  it("under 'average' it may exceed 1 when most of a shrinking base leaves", () => {
    const churn = churnRate({ customersAtStart: 10, customersLost: 9, customersAtEnd: 1 }, { basis: 'average' });
    expect(churn.toString()).toBe('9/5.5');
    expect(Number(churn)).toBeGreaterThan(1);
  });

  it('refuses a zero denominator under every basis (EMPTY_POPULATION)', () => {
    expectMetricError(() => churnRate({ customersAtStart: 0, customersLost: 0 }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'customersAtStart',
      rule: 'positive: churn of no customers is undefined',
      received: '0',
    });
    expectMetricError(() => churnRate({ customersAtStart: 0, customersLost: 0, newCustomers: 0 }, { basis: 'startPlusNew' }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'customersAtStart + newCustomers',
      received: '0',
    });
    expectMetricError(() => churnRate({ customersAtStart: 0, customersLost: 0, customersAtEnd: 0 }, { basis: 'average' }), {
      fn: FN,
      code: 'EMPTY_POPULATION',
      field: 'customersAtStart + customersAtEnd',
      received: '0',
    });
  });

  it('allows a start of 0 under startPlusNew and average when there are new or end customers', () => {
    expect(churnRate({ customersAtStart: 0, customersLost: 3, newCustomers: 10 }, { basis: 'startPlusNew' }).toString()).toBe('3/10');
    expect(churnRate({ customersAtStart: 0, customersLost: 0, customersAtEnd: 4 }, { basis: 'average' }).equals(0)).toBe(true);
  });

  it('refuses more lost customers than at the start under basis start (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => churnRate({ customersAtStart: 10, customersLost: 11 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'customersLost',
      rule: 'after exclusions <= customersAtStart (10); pass joinedAndLost for customers who joined and left',
      received: '11',
    });
    // With the exclusion the same counts are consistent.
    expect(churnRate({ customersAtStart: 10, customersLost: 11, joinedAndLost: 1 }).equals(1)).toBe(true);
    expectMetricError(() => churnRate({ customersAtStart: 0, customersLost: 1 }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'customersLost' });
  });

  it('refuses more lost customers than start + new under the other bases (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => churnRate({ customersAtStart: 10, customersLost: 16, newCustomers: 5 }, { basis: 'startPlusNew' }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'customersLost',
      rule: 'after exclusions <= customersAtStart + newCustomers (15)',
      received: '16',
    });
    expect(churnRate({ customersAtStart: 10, customersLost: 15, newCustomers: 5 }, { basis: 'startPlusNew' }).equals(1)).toBe(true);
    expectMetricError(() => churnRate({ customersAtStart: 10, customersLost: 16, newCustomers: 5, customersAtEnd: 0 }, { basis: 'average' }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'customersLost',
      rule: 'after exclusions <= customersAtStart + newCustomers (15)',
      received: '16',
    });
  });

  it("under 'average' without newCustomers the losses are not bounded by S (N may hide the excess)", () => {
    expect(churnRate({ customersAtStart: 10, customersLost: 11, customersAtEnd: 3 }, { basis: 'average' }).toString()).toBe('11/6.5');
  });

  it("under 'startPlusNew' joinedAndLost leaves both the losses and the new customers", () => {
    // 200 at the start, 40 new of whom 5 left again, 19 lost in all: (19 - 5) / (200 + 40 - 5).
    const churn = churnRate({ customersAtStart: 200, customersLost: 19, newCustomers: 40, joinedAndLost: 5 }, { basis: 'startPlusNew' });
    expect(churn.toString()).toBe('14/235');
    expectMetricError(() => churnRate({ customersAtStart: 200, customersLost: 19, newCustomers: 4, joinedAndLost: 5 }, { basis: 'startPlusNew' }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'joinedAndLost',
      rule: '<= newCustomers (4): they joined in the period',
      received: '5',
    });
  });

  it('refuses exclusions larger than the losses (INCONSISTENT_INPUT)', () => {
    expectMetricError(() => churnRate({ customersAtStart: 100, customersLost: 3, joinedAndLost: 2, lostAndReactivated: 2 }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'joinedAndLost',
      rule: 'plus lostAndReactivated <= customersLost (3)',
      received: '4',
    });
    expectMetricError(() => churnRate({ customersAtStart: 100, customersLost: 0, lostAndReactivated: 1 }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'joinedAndLost' });
  });

  it('requires newCustomers under startPlusNew and customersAtEnd under average (INVALID_INPUT)', () => {
    expectMetricError(() => churnRate({ customersAtStart: 100, customersLost: 3 }, { basis: 'startPlusNew' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'newCustomers',
      rule: "given with basis 'startPlusNew'",
      received: 'undefined',
    });
    expectMetricError(() => churnRate({ customersAtStart: 100, customersLost: 3 }, { basis: 'average' }), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'customersAtEnd',
      rule: "given with basis 'average'",
      received: 'undefined',
    });
  });

  it('ignores newCustomers and customersAtEnd under basis start (they are validated, not used)', () => {
    expect(churnRate({ customersAtStart: 200, customersLost: 14, newCustomers: 40, customersAtEnd: 226 }).toString()).toBe('14/200');
    expectMetricError(() => churnRate({ customersAtStart: 200, customersLost: 14, newCustomers: -1 }), { fn: FN, code: 'INVALID_INPUT', field: 'newCustomers', received: '-1' });
  });

  const countFields = ['customersAtStart', 'customersLost', 'newCustomers', 'customersAtEnd', 'joinedAndLost', 'lostAndReactivated'] as const;
  it.each<[unknown, string]>([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-1, '-1'],
    [1.5, '1.5'],
    ['3', '"3"'],
    [null, 'null'],
    [{}, 'an object'],
    [2n, '2n'],
    [MAX + 1, '9007199254740992'],
  ])('refuses %s in every count field', (value, received) => {
    for (const field of countFields) {
      const input = { customersAtStart: 200, customersLost: 14, newCustomers: 40, customersAtEnd: 226, joinedAndLost: 1, lostAndReactivated: 1, [field]: value };
      expectMetricError(() => churnRate(input as never), { fn: FN, code: 'INVALID_INPUT', field, rule: 'a non-negative safe integer', received });
    }
  });

  it('refuses a missing required count, unknown fields and an own __proto__', () => {
    expectMetricError(() => churnRate({ customersAtStart: 200 } as never), { fn: FN, code: 'INVALID_INPUT', field: 'customersLost', received: 'undefined' });
    expectMetricError(() => churnRate({ customersAtStart: 200, customersLost: 14, churned: 3 } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'churned',
      rule: 'one of the known fields (customersAtStart, customersLost, newCustomers, customersAtEnd, joinedAndLost, lostAndReactivated)',
      received: '3',
    });
    const json = JSON.parse('{"customersAtStart": 200, "customersLost": 14, "__proto__": {"joinedAndLost": 14}}') as ChurnRateInput;
    expectMetricError(() => churnRate(json), { fn: FN, code: 'INVALID_INPUT', field: '__proto__', received: 'an object' });
    expectMetricError(() => churnRate(undefined as never), { fn: FN, code: 'INVALID_INPUT', field: 'input', rule: 'an object', received: 'undefined' });
  });

  it('validates options: unknown keys, a bad basis, a non-object', () => {
    const input = { customersAtStart: 200, customersLost: 14 };
    expectMetricError(() => churnRate(input, { denominator: 'start' } as never), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'options.denominator',
      rule: 'one of the known fields (basis)',
      received: '"start"',
    });
    for (const [basis, received] of [
      ['end', '"end"'],
      ['Start', '"Start"'],
      ['', '""'],
      [null, 'null'],
      [1, '1'],
    ] as const) {
      expectMetricError(() => churnRate(input, { basis } as never), {
        fn: FN,
        code: 'INVALID_INPUT',
        field: 'options.basis',
        rule: "one of 'start', 'startPlusNew', 'average'",
        received,
      });
    }
    expectMetricError(() => churnRate(input, null as never), { fn: FN, code: 'INVALID_INPUT', field: 'options', rule: 'an object', received: 'null' });
    expectMetricError(() => churnRate(input, 'start' as never), { fn: FN, code: 'INVALID_INPUT', field: 'options', rule: 'an object', received: '"start"' });
    expect(churnRate(input, {}).toString()).toBe('14/200');
    expect(churnRate(input, { basis: undefined } as never).toString()).toBe('14/200');
  });

  it('refuses a third argument', () => {
    expectMetricError(() => (churnRate as (...args: unknown[]) => unknown)({ customersAtStart: 200, customersLost: 14 }, {}, {}), {
      fn: FN,
      code: 'INVALID_INPUT',
      field: 'arguments',
      rule: 'at most 2 arguments',
      received: '3',
    });
  });
});

describe('churnRate: properties', () => {
  it('churn + retention == 1 exactly and churn == retention.complement() (E = S - L + N, basis start)', () =>
    fc.assert(
      fc.property(activePeriod, ({ S, L, N, E }) => {
        const churn = churnRate({ customersAtStart: S, customersLost: L });
        const retention = retentionRate({ customersAtStart: S, customersAtEnd: E, newCustomers: N });
        expect(churn.plus(retention).equals(1)).toBe(true);
        expect(retention.complement().equals(churn)).toBe(true);
        expect(churn.toString()).toBe(`${L}/${S}`);
      }),
      fcOptions(),
    ));

  it('exclusions are subtracted from the losses exactly', () =>
    fc.assert(
      fc.property(
        activePeriod.chain(({ S, L }) =>
          countUpTo(MAX - L).chain((j) =>
            countUpTo(MAX - L - j).map((r) => ({ S, counted: L, joinedAndLost: j, lostAndReactivated: r })),
          ),
        ),
        ({ S, counted, joinedAndLost, lostAndReactivated }) => {
          const lost = counted + joinedAndLost + lostAndReactivated;
          const churn = churnRate({ customersAtStart: S, customersLost: lost, joinedAndLost, lostAndReactivated });
          expect(churn.equals(churnRate({ customersAtStart: S, customersLost: counted }))).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it("'startPlusNew' with exclusions is exactly (L - j - r) / (S + N - j)", () =>
    fc.assert(
      fc.property(
        fc.record({ S: fc.nat({ max: 10_000 }), N: fc.nat({ max: 10_000 }) }).chain(({ S, N }) =>
          fc.nat({ max: N }).chain((j) =>
            fc.nat({ max: S + N - j }).chain((counted) =>
              fc.nat({ max: 1000 }).map((r) => ({ S, N, j, r, counted })),
            ),
          ),
        ),
        ({ S, N, j, r, counted }) => {
          fc.pre(S + N - j > 0);
          const churn = churnRate({ customersAtStart: S, customersLost: counted + j + r, newCustomers: N, joinedAndLost: j, lostAndReactivated: r }, { basis: 'startPlusNew' });
          expect(churn.equals(Rate.of(counted, S + N - j))).toBe(true);
          expect(churn.toString()).toBe(`${counted}/${S + N - j}`);
        },
      ),
      fcOptions(),
    ));

  it("'startPlusNew' is exactly L / (S + N), in [0, 1], even when S + N exceeds MAX_SAFE_INTEGER", () =>
    fc.assert(
      fc.property(
        fc
          .tuple(count, count)
          .filter(([S, N]) => S + N > 0)
          .chain(([S, N]) => countUpTo(Math.min(MAX, S + N)).map((L) => ({ S, N, L }))),
        ({ S, N, L }) => {
          const churn = churnRate({ customersAtStart: S, customersLost: L, newCustomers: N }, { basis: 'startPlusNew' });
          expect(churn.equals(Rate.of(BigInt(L), BigInt(S) + BigInt(N)))).toBe(true);
          expect(Number(churn) >= 0 && Number(churn) <= 1).toBe(true);
          expect(isFiniteRate(churn)).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it("'average' is exactly 2 L / (S + E), never NaN", () =>
    fc.assert(
      fc.property(period, ({ S, L, E }) => {
        fc.pre(S + E > 0);
        const churn = churnRate({ customersAtStart: S, customersLost: L, customersAtEnd: E }, { basis: 'average' });
        expect(churn.equals(Rate.of(2n * BigInt(L), BigInt(S) + BigInt(E)))).toBe(true);
        expect(isFiniteRate(churn)).toBe(true);
      }),
      fcOptions(),
    ));

  it('basis start: in [0, 1], a proportion whose interval contains it', () =>
    fc.assert(
      fc.property(activePeriod, ({ S, L }) => {
        const churn = churnRate({ customersAtStart: S, customersLost: L });
        expect(churn.isProportion).toBe(true);
        const { lower, upper } = churn.interval();
        expect(0 <= lower && lower <= Number(churn) && Number(churn) <= upper && upper <= 1).toBe(true);
      }),
      fcOptions(),
    ));

  it('does not mutate its (deep-frozen) input or options', () =>
    fc.assert(
      fc.property(activePeriod, fc.constantFrom('start', 'startPlusNew', 'average') , ({ S, L, N, E }, basis) => {
        withFrozen({ input: { customersAtStart: S, customersLost: L, newCustomers: N, customersAtEnd: E }, options: { basis } }, ({ input, options }) =>
          churnRate(input, options),
        );
      }),
      fcOptions({ numRuns: 50 }),
    ));
});
