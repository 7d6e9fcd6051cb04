/**
 * M3 (issue 11 §4): the renderers read a plain `CohortTableView` (rows' labels and sizes, column offsets,
 * the return rule, and per cell the count, retention and incomplete flag), not the CohortTable class. A
 * CohortTable is one (checked by the compiler below), and a plain object holding the same data renders
 * exactly as the table does, with every renderer: a worked example, then a property over generated tables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortTable, cohortTableToCsv, cohortTableToHtml, cohortTableToSvg, cohortTableToText, type CohortTableView } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { bracketTable, smallTable } from './_fixtures.js';

/** The view's data copied out of a table into plain arrays and closures: no CohortTable left in it. */
function plainView(table: CohortTable): CohortTableView {
  const cohorts = table.cohorts.map(({ label, size }) => ({ label, size }));
  const columns = [...table.columns];
  const returnRule = table.returnRule;
  const counts = table.counts();
  const retention = table.retention();
  const incomplete = table.incomplete();
  return { cohorts, columns, returnRule, period: table.period, timeWindow: table.timeWindow, counts: () => counts, retention: () => retention, incomplete: () => incomplete };
}

/** Every renderer's output, with options that show counts, percentages and titles. */
function renderAll(table: CohortTableView): string[] {
  return [
    cohortTableToText(table),
    cohortTableToText(table, { values: 'counts', colour: true }),
    cohortTableToCsv(table),
    cohortTableToHtml(table, { caption: 'Cohorts', digits: 2 }),
    cohortTableToSvg(table, { title: 'Cohorts', values: 'counts' }),
  ];
}

describe('CohortTableView', () => {
  it('M3: a plain object with the data of the small table renders as the table does, with every renderer', () => {
    const table = smallTable();
    // A CohortTable is a CohortTableView: the public signatures still take a table.
    const asView: CohortTableView = table;
    expect(renderAll(plainView(table))).toEqual(renderAll(asView));
    expect(cohortTableToText(plainView(table))).toBe(table.toString());
  });

  it('M3: brackets: the plain view heads its columns by ranges, as the table does', () => {
    const table = bracketTable();
    expect(renderAll(plainView(table))).toEqual(renderAll(table));
    expect(cohortTableToCsv(plainView(table))).toBe(table.toCSV());
  });

  it('M3 property: for any generated table (period, rule, range), the plain view renders as the table', () => {
    const rule = fc.constantFrom<'on' | 'onOrAfter' | { brackets: number[] }>('on', 'onOrAfter', { brackets: [1, 2, 4] });
    fc.assert(
      fc.property(eventsArb({ maxLength: 30 }), fc.constantFrom('week', 'month', 'quarter') as fc.Arbitrary<'week' | 'month' | 'quarter'>, rule, (events, period, returnRule) => {
        const table = new CohortBuilder({ period }).addAll(events).build({ from: RANGE_FROM, to: RANGE_TO, returnRule });
        expect(renderAll(plainView(table))).toEqual(renderAll(table));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
