/**
 * Issue 10, C19: `instanceof` holds across copies of the library (src/core/_brand.ts). A project that loads
 * both the ESM and the CommonJS build has two `MetricError` classes; the docs recommend `instanceof`, so
 * `esmError instanceof cjs.MetricError` must be true. Two copies are made here cheaply: `vi.resetModules()`
 * and a second dynamic import of src give a second, separate set of classes (the package tests import the
 * built ESM and CJS files themselves).
 *
 * What passes (documented on each class's `Symbol.hasInstance`): an object whose prototype chain carries the
 * registered brand `Symbol.for('loyalty-metrics.<Class>')` with the value `true`, which is every instance of
 * every copy and of every subclass. What does not: primitives, an object with the brand only as its own
 * property (a JSON-shaped forgery), a brand with another value, a revoked Proxy (false, not a throw). On a
 * subclass, `instanceof` is the ordinary prototype check.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';

type Library = typeof import('../../src/index.js');
const BRANDED = ['MetricError', 'Rate', 'CohortTable', 'CohortBuilder'] as const;
type Branded = (typeof BRANDED)[number];

let one: Library;
let two: Library;

beforeAll(async () => {
  vi.resetModules();
  one = await import('../../src/index.js');
  vi.resetModules();
  two = await import('../../src/index.js');
});

/** One genuine instance of each branded class, made by a copy's own public API. */
function instancesOf(lib: Library): Record<Branded, object> {
  const builder = new lib.CohortBuilder({ period: 'month' });
  builder.add({ customerId: 'a', timestamp: '2024-01-05T00:00:00Z' });
  let error: unknown;
  try {
    lib.churnRate({ customersAtStart: 10, customersLost: -1 });
  } catch (caught) {
    error = caught;
  }
  return { MetricError: error as object, Rate: lib.Rate.of(1, 4), CohortTable: builder.build(), CohortBuilder: builder };
}

describe('C19: instanceof across copies of the library', () => {
  it('C19: the two imports are separate copies (the premise of every test below)', () => {
    expect(one.MetricError).not.toBe(two.MetricError);
    expect(one.Rate).not.toBe(two.Rate);
  });

  it("C19: an error of one copy is an instance of the other copy's MetricError, both ways", () => {
    const error = instancesOf(one).MetricError;
    expect(error instanceof two.MetricError).toBe(true);
    expect(error instanceof one.MetricError).toBe(true);
    expect(error instanceof Error).toBe(true);
    expect(instancesOf(two).MetricError instanceof one.MetricError).toBe(true);
  });

  // The class: every branded class, both directions, and nothing else crosses.
  it('C19: every branded class (MetricError, Rate, CohortTable, CohortBuilder) holds across copies both ways, and only for its own instances', () => {
    const instances = [instancesOf(one), instancesOf(two)];
    for (const [from, to] of [
      [0, 1],
      [1, 0],
      [0, 0],
    ] as const) {
      const classes = [one, two][to] as Library;
      for (const name of BRANDED) {
        for (const other of BRANDED) {
          const value = (instances[from] as Record<Branded, object>)[other];
          expect(value instanceof (classes[name] as unknown as abstract new (...args: never[]) => unknown), `${other} of copy ${from} instanceof ${name} of copy ${to}`).toBe(name === other);
        }
      }
    }
  });

  it('C19: subclasses still work: their instances pass every copy of the base, and instanceof a subclass is the ordinary check', () => {
    class QuotaError extends one.MetricError {}
    const quota = new QuotaError({ code: 'INVALID_INPUT', functionName: 'f', field: 'x', rule: 'y', received: 1 });
    expect(quota instanceof QuotaError).toBe(true);
    expect(quota instanceof one.MetricError).toBe(true);
    expect(quota instanceof two.MetricError).toBe(true);
    expect(quota.message).toBe('f: x must be y, received 1');
    expect(instancesOf(one).MetricError instanceof QuotaError).toBe(false);
    expect(instancesOf(two).MetricError instanceof QuotaError).toBe(false);
    class Named extends two.CohortBuilder {}
    const named = new Named({ period: 'week' });
    expect(named instanceof Named && named instanceof two.CohortBuilder && named instanceof one.CohortBuilder).toBe(true);
    expect(new one.CohortBuilder({ period: 'week' }) instanceof Named).toBe(false);
  });

  it('C19: a forged brand passes only on the prototype chain with the registered symbol and the value true', () => {
    for (const name of BRANDED) {
      const cls = one[name] as unknown as abstract new (...args: never[]) => unknown;
      const brand = Symbol.for(`loyalty-metrics.${name}`);
      expect({ [brand]: true } instanceof cls, `own brand property, ${name}`).toBe(false);
      expect(Object.create({ [Symbol(`loyalty-metrics.${name}`)]: true }) instanceof cls, `unregistered symbol, ${name}`).toBe(false);
      expect(Object.create({ [`loyalty-metrics.${name}`]: true }) instanceof cls, `string key, ${name}`).toBe(false);
      expect(Object.create({ [brand]: 'yes' }) instanceof cls, `brand not true, ${name}`).toBe(false);
      expect(Object.create({ [brand]: true }) instanceof cls, `brand on the prototype, ${name}`).toBe(true); // documented
      for (const primitive of [null, undefined, 0, 'x', 1n, true, Symbol('s')] as unknown[]) expect((primitive as object) instanceof cls).toBe(false);
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      expect(proxy instanceof cls).toBe(false);
      const endless: object = new Proxy({}, { getPrototypeOf: () => endless });
      expect(endless instanceof cls).toBe(false);
    }
  });

  it('C19: a foreign Rate is still read back through its JSON form (never trusted), and merge takes only a builder of its own copy', () => {
    const half = one.Rate.of(1, 2);
    expect(two.Rate.of(1, 2).plus(half).equals(1)).toBe(true);
    expect(two.customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: one.Rate.of(1, 20) }).toString()).toBe('2000');
    const foreign = new one.CohortBuilder({ period: 'month' });
    expect(foreign instanceof two.CohortBuilder).toBe(true);
    expect(() => new two.CohortBuilder({ period: 'month' }).merge(foreign as never)).toThrow(two.MetricError);
  });
});
