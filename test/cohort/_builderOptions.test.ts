/**
 * M4 (issue 11 §4): the cohort definition read apart from the builder. `readCohortOptions(ctx, options)`
 * reads and validates a CohortBuilderOptions object exactly as the CohortBuilder constructor does (the
 * SQL compilers use it to accept the same options with the same messages): a worked example, edge cases,
 * then a property over option objects valid and not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, MetricError } from '../../src/index.js';
import { readCohortOptions } from '../../src/cohort/_builderOptions.js';
import { fcOptions } from '../arbitraries/events.js';

const BUILDER = { fn: 'CohortBuilder' };

/** What a call returns or throws, comparable with toEqual (errors by class, code, field and message). */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    if (!(error instanceof MetricError)) return { untyped: String(error) };
    return { error: { code: error.code, field: error.field, message: error.message } };
  }
}

describe('readCohortOptions', () => {
  it('M4: weekly cohorts in Berlin of purchases: the options of the constructor, the calendar and no field mapping', () => {
    const options = { period: 'week', timeZone: 'Europe/Berlin', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' } as const;
    const read = readCohortOptions(BUILDER, options);
    expect(read.options).toEqual(new CohortBuilder(options).options);
    expect(Object.isFrozen(read.options)).toBe(true);
    expect(read.calendar).toEqual({ unit: 'week', timeZone: 'Europe/Berlin', weekStartsOn: 1 });
    expect(read.fields).toBeUndefined();
    expect(read.options).toMatchObject({ cohortBy: 'first', minOccurrences: 1, timeWindow: 'calendar', rollingAnchor: 'exact', maxSkipped: 1000, onInvalid: 'throw' });
  });

  it('M4: no options at all are the defaults: monthly in UTC, weeks from Monday, any event', () => {
    const read = readCohortOptions(BUILDER, undefined);
    expect(read.options).toEqual(new CohortBuilder().options);
    expect(read.calendar).toEqual({ unit: 'month', timeZone: 'UTC', weekStartsOn: 1 });
    expect(read.options.startEvents).toBeNull();
  });

  it('M4: the field mapping comes back as given; the reader of records checks it, not the definition', () => {
    const fields = { customerId: 'user' };
    expect(readCohortOptions(BUILDER, { fields }).fields).toBe(fields);
  });

  it('M4: refusals name the caller (ctx.fn) and the option, with the constructor\'s rule', () => {
    const ctx = { fn: 'cohortSql' };
    const cases: unknown[] = [
      { period: 'fortnight' },
      { timeZone: 'Mars/Base' },
      { weekStartsOn: 7 },
      { minOccurrences: 0 },
      { startEvents: [] },
      { rollingAnchor: 'day' },
      { timeWindow: 'rolling', rollingAnchor: 'day', period: 'hour' },
      { colour: 'blue' },
      'monthly',
    ];
    for (const options of cases) {
      const mine = outcome(() => readCohortOptions(ctx, options)) as { error: { message: string; field: string } };
      const builder = outcome(() => new CohortBuilder(options as never)) as { error: { message: string; field: string } };
      expect(mine.error.field, JSON.stringify(options)).toBe(builder.error.field);
      expect(mine.error.message, JSON.stringify(options)).toBe(builder.error.message.replace(/^CohortBuilder: /, 'cohortSql: '));
    }
  });

  it('M4 property: on any option object, readCohortOptions returns the options the constructor keeps, or throws what it throws', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const optionArb = fc.record(
      {
        period: maybe(fc.constantFrom('hour', 'day', 'week', 'month', 'quarter', 'year', 'decade', 3)),
        timeZone: maybe(fc.constantFrom('UTC', 'utc', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Nowhere/City', '')),
        weekStartsOn: maybe(fc.constantFrom(0, 1, 6, 7, -1, 2.5, '1')),
        cohortBy: maybe(fc.constantFrom('first', 'recurring', 'last')),
        startEvents: maybe(fc.constantFrom(['purchase'], ['signup', 'purchase'], [], [''], 'purchase')),
        returnEvents: maybe(fc.constantFrom(['purchase'], ['refund', 'purchase'], [], [3])),
        minOccurrences: maybe(fc.constantFrom(1, 2, 5, 0, 1.5, -1)),
        onInvalid: maybe(fc.constantFrom('throw', 'skip', 'ignore')),
        maxSkipped: maybe(fc.constantFrom(0, 10, 1000, -1, 0.5)),
        unknownEvents: maybe(fc.constantFrom('invalid', 'ignore', 'drop')),
        timeWindow: maybe(fc.constantFrom('calendar', 'rolling', 'sliding')),
        rollingAnchor: maybe(fc.constantFrom('exact', 'hour', 'day', 'minute')),
        bogus: maybe(fc.constant(true)),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(optionArb, (raw) => {
        // Keys whose value is undefined are left out, as a user writes them.
        const options = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        const mine = outcome(() => {
          const read = readCohortOptions(BUILDER, options);
          return { options: read.options, calendar: read.calendar };
        });
        const builder = outcome(() => {
          const b = new CohortBuilder(options as never);
          return { options: b.options, calendar: { unit: b.options.period, timeZone: b.options.timeZone, weekStartsOn: b.options.weekStartsOn } };
        });
        expect(mine).toEqual(builder);
      }),
      fcOptions(),
    );
  });
});
