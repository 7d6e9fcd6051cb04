/**
 * Issue 10, D: an uncaught MetricError whose `received` is a Decimal prints the value, not the Decimal's
 * constructor (src/core/MetricError.ts). A Decimal instance carries its constructor as an own property, and
 * where the Decimal has no inspect hook of its own (decimal.js releases before the hook, runtimes and
 * printers that do not call it) Node printed that constructor with its 60 settings and methods under
 * `received:`. MetricError now formats itself for `util.inspect` (so `console.log` and an uncaught throw):
 * its stack, then its fields, with a Decimal `received` written as in the message, `Decimal(-5)`.
 */
import { inspect } from 'node:util';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOrderValue, MetricError } from '../../src/index.js';
import { CjsDecimal } from '../arbitraries/amountInputs.js';
import { fcOptions } from '../arbitraries/counts.js';
import { OtherDecimal } from '../arbitraries/money.js';

/** A Decimal of a copy of decimal.js with no inspect hook: its constructor, with many settings, is an own property. */
function hooklessDecimal(text: string): object {
  const constructor = Object.assign(function Decimal() {}, { isDecimal: () => true }, Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`setting${i}`, i])));
  const value = Object.create({ toString: () => text, toStringTag: '[object Decimal]' }) as Record<string, unknown>;
  value.constructor = constructor;
  value.d = [5];
  return value;
}

const errorWith = (received: unknown): MetricError => new MetricError({ code: 'INVALID_INPUT', functionName: 'f', field: 'x', rule: 'r', received });

describe('D: util.inspect of a MetricError shows a Decimal received as its value', () => {
  it('D: an uncaught MetricError with a Decimal received prints Decimal(-5), not the constructor', () => {
    for (const decimal of [hooklessDecimal('-5'), new Decimal(-5), new OtherDecimal(-5), new CjsDecimal(-5)]) {
      const shown = inspect(errorWith(decimal));
      expect(shown).toContain('f: x must be r, received Decimal(-5)');
      expect(shown).toContain('received: Decimal(-5)');
      expect(shown).not.toMatch(/setting\d|precision|isDecimal/);
      expect(shown).toMatch(/^MetricError: f: x must be r, received Decimal\(-5\)\n/);
    }
    let thrown: unknown;
    try {
      averageOrderValue({ revenue: new Decimal(-5), orders: 3 });
    } catch (error) {
      thrown = error;
    }
    const shown = inspect(thrown);
    expect(shown).toContain("code: 'INVALID_INPUT'");
    expect(shown).toContain("field: 'revenue'");
    expect(shown).toContain('received: Decimal(-5)');
    expect(shown).toContain("functionName: 'averageOrderValue'");
  });

  it('D: other received values are shown as Node shows them, and a nested error is shown at depth', () => {
    expect(inspect(errorWith(-3))).toContain('received: -3');
    expect(inspect(errorWith('abc'))).toContain("received: 'abc'");
    expect(inspect(errorWith([1, 2]))).toContain('received: [ 1, 2 ]');
    expect(inspect({ outer: { inner: errorWith(1) } }, { depth: 0 })).toContain('[Object]');
    expect(inspect([errorWith(hooklessDecimal('7'))])).toContain('received: Decimal(7)');
  });

  it('D: inspect never throws and never prints a Decimal constructor, whatever was received', () =>
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.constantFrom<unknown>(hooklessDecimal('1.5'), new Decimal('1e-40'), new CjsDecimal(NaN), new OtherDecimal('123.456'))), (received) => {
        const shown = inspect(errorWith(received));
        expect(shown.startsWith('MetricError: f: x must be r, received ')).toBe(true);
        expect(shown).toContain("code: 'INVALID_INPUT'");
        expect(shown).not.toMatch(/setting\d+:/);
      }),
      fcOptions(),
    ));
});
