/**
 * D (display part): `console.log(table)` and `util.inspect(table)` show the triangle, through a
 * `Symbol.for('nodejs.util.inspect.custom')` method (the library imports no Node built-in; this test
 * does, as a user's program would). Examples first, then edges (nested, colours, not a built table, too
 * large), then a property over generated tables: inspect equals the text view.
 */
import { Console } from 'node:console';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, CohortTable, cohortTableToText } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { rectangle } from '../render/_bigTables.js';
import { smallTable } from '../render/_fixtures.js';

/** What `console.log(...values)` prints, through a Console on a collecting stream (no TTY: no colours). */
function logged(...values: unknown[]): string {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  new Console({ stdout: stream, colorMode: false }).log(...values);
  return out;
}

describe('D: console.log and util.inspect show the table', () => {
  it('D: console.log(table) prints the triangle (the text view), not CohortTable {}', () => {
    const table = smallTable();
    expect(logged(table)).toBe(`${cohortTableToText(table)}\n`);
    expect(logged(table)).toContain('2024-01    2  100.0%   50.0%   50.0%*');
    expect(inspect(table)).toBe(table.toString());
  });

  it('with colours asked for (a colour terminal), the cells are shaded as cohortTableToText({ colour: true })', () => {
    const table = smallTable();
    expect(inspect(table, { colors: true })).toBe(cohortTableToText(table, { colour: true }));
    expect(inspect(table, { colors: false })).not.toContain('\u001b[');
  });

  it('nested in an object or an array, the lines are indented under their key', () => {
    const table = smallTable();
    const nested = inspect({ retention: table });
    expect(nested.startsWith('{\n  retention: cohort  size')).toBe(true);
    expect(nested).toContain('\n  2024-02    1  100.0%    0.0%*      ·');
    expect(inspect([table])).toContain('cohort  size');
  });

  it('a Proxy of a table or an object made with Object.create(CohortTable.prototype) says it has no table data, and never throws', () => {
    // Node calls the hook with the Proxy itself as `this`, where the private table data cannot be reached.
    const message = 'CohortTable <no table data: a Proxy, or not built by CohortBuilder>';
    expect(inspect(new Proxy(smallTable(), {}))).toBe(message);
    expect(inspect(Object.create(CohortTable.prototype))).toBe(message);
    expect(logged(Object.create(CohortTable.prototype))).toBe(`${message}\n`);
  });

  it('a table too large for the text view shows its size instead of throwing', () => {
    expect(inspect(rectangle(5000, 5000))).toBe('CohortTable <5000 cohorts x 5000 columns, too large to show as text>');
  });

  it('the library source imports no Node built-in for it (the symbol is the registered one)', () => {
    const source = readFileSync(new URL('../../src/cohort/CohortTable.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from ['"](node:)?util['"]/);
    expect(source).toContain("Symbol.for('nodejs.util.inspect.custom')");
  });

  it('property: inspect(table) is the text view of any generated table', () => {
    fc.assert(
      fc.property(eventsArb({ maxLength: 30 }), (events) => {
        const table = new CohortBuilder().addAll(events).build({ from: RANGE_FROM, to: RANGE_TO });
        expect(inspect(table)).toBe(cohortTableToText(table));
        expect(logged(table)).toBe(`${cohortTableToText(table)}\n`);
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
