/**
 * The builder's cell store against a plain model (a Map of Decimal sums): counts and exact amounts per
 * (customer, key) whatever the order of the operations, the folds in between, the decimals of the
 * amounts (which may raise the store's scale) and sums past Number.MAX_SAFE_INTEGER (the Decimal
 * side-table).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactDecimal } from '../../src/core/_decimal.js';
import { CellStore, minorText } from '../../src/cohort/_cellStore.js';
import { fcOptions } from '../arbitraries/events.js';

interface Op {
  readonly customer: string;
  readonly key: number;
  readonly starts: number;
  readonly returns: number;
  /** [minor units, decimals], or a decimal string for addDecimal. */
  readonly amount: readonly [number, number] | string | undefined;
  readonly compactAfter: boolean;
}

const opArb: fc.Arbitrary<Op> = fc.record({
  customer: fc.constantFrom('a', 'b', 'c', '__proto__', 'ü-wide-id-ü', 'a-rather-long-customer-id'),
  key: fc.constantFrom(-86_400_000, 0, 1.5, 1_700_000_000_000, 1_700_000_000_001),
  starts: fc.constantFrom(0, 1, 1, 3),
  returns: fc.constantFrom(0, 1, 1, 2),
  amount: fc.oneof(
    fc.constant(undefined),
    fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 4 })),
    fc.tuple(fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 52 + 1), fc.constantFrom(0, 2)),
    fc.constantFrom('0.001', '12.5', '1e-20', '123456789012345678901234.5', '0'),
  ),
  compactAfter: fc.boolean(),
});

/** The store's cells as [id, key, starts, returns, amount text], in store order. */
function cellsOf(store: CellStore): [string, number, number, number, string][] {
  store.compact();
  const rows: [string, number, number, number, string][] = [];
  for (let cell = 0; cell < store.size; cell++) {
    rows.push([store.ids[store.customerAt(cell)]!, store.keyAt(cell), store.startsAt(cell), store.returnsAt(cell), store.amountTextAt(cell)]);
  }
  return rows;
}

describe('CellStore', () => {
  it('minorText writes minor units as Decimal#toFixed() does', () => {
    for (const [minor, decimals] of [[0, 2], [20282, 2], [3000, 2], [5, 2], [5, 0], [123456789, 4], [Number.MAX_SAFE_INTEGER, 15], [10, 1]] as const) {
      expect(minorText(minor, decimals)).toBe(new ExactDecimal(`${minor}e-${decimals}`).toFixed());
    }
  });

  it('a sum past 2^53 - 1 minor units stays exact', () => {
    const store = new CellStore();
    const c = store.customerOf('a');
    store.addMinor(store.add(c, 0, 1, 1), Number.MAX_SAFE_INTEGER, 2);
    store.addMinor(store.add(c, 0, 0, 1), Number.MAX_SAFE_INTEGER, 2);
    store.addMinor(store.add(c, 0, 0, 1), 1, 3);
    expect(cellsOf(store)).toEqual([['a', 0, 1, 3, '180143985094819.821']]);
  });

  it('property: cells equal the sums of a plain model, in (customer, key) order, whatever the folds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.constantFrom(1, 2, 3, 2 ** 20), (ops, logLimit) => {
        // A small log limit folds the log while current cells stay (as a long stream does).
        const store = new CellStore(logLimit);
        const model = new Map<string, { customer: string; key: number; starts: number; returns: number; amount: InstanceType<typeof ExactDecimal> }>();
        for (const op of ops) {
          const customer = store.customerOf(op.customer);
          const entry = store.add(customer, op.key, op.starts, op.returns);
          const id = `${op.customer}\u0000${op.key}`;
          const cell = model.get(id) ?? { customer: op.customer, key: op.key, starts: 0, returns: 0, amount: new ExactDecimal(0) };
          cell.starts += op.starts;
          cell.returns += op.returns;
          if (typeof op.amount === 'string') {
            store.addDecimal(entry, new ExactDecimal(op.amount));
            cell.amount = cell.amount.plus(op.amount);
          } else if (op.amount !== undefined) {
            store.addMinor(entry, op.amount[0], op.amount[1]);
            cell.amount = cell.amount.plus(new ExactDecimal(`${op.amount[0]}e-${op.amount[1]}`));
          }
          model.set(id, cell);
          if (op.compactAfter) store.compact();
        }
        const expected = [...model.values()]
          .sort((x, y) => store.customerOf(x.customer) - store.customerOf(y.customer) || x.key - y.key)
          .map((c) => [c.customer, c.key, c.starts, c.returns, c.amount.toFixed()]);
        expect(cellsOf(store)).toEqual(expected);
        expect(store.customerCount).toBe(new Set(ops.map((op) => op.customer)).size);
      }),
      fcOptions({ numRuns: 200 }),
    );
  });
});
