/**
 * CohortBuilder.merge (issue 10, B13 and D): only a real builder is merged (anything else is a MetricError,
 * never a raw TypeError), a refusal names the option that differs, and options that cannot change the
 * state or the table do not block a merge. Examples, then the fuzz loop over values that are not builders
 * and a property over option pairs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderOptions, MetricError } from '../../src/index.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';

const FN = 'CohortBuilder.merge';
const events = [
  { customerId: 'a', timestamp: '2024-01-05T10:00:00Z', amount: 10, event: 'signup' },
  { customerId: 'a', timestamp: '2024-02-05T10:00:00Z', amount: 5, event: 'purchase' },
];

describe('CohortBuilder.merge: what it accepts (B13, D)', () => {
  it('B13: merge(Object.create(CohortBuilder.prototype)) is a MetricError, not a raw TypeError', () => {
    expectMetricError(() => new CohortBuilder().merge(Object.create(CohortBuilder.prototype) as CohortBuilder), { fn: FN, code: 'INVALID_INPUT', field: 'other' });
    expectMetricError(() => new CohortBuilder().merge(new Proxy(new CohortBuilder(), {})), { fn: FN, code: 'INVALID_INPUT', field: 'other' });
    expectMetricError(() => new CohortBuilder().merge(new CohortBuilder().toJSON() as never), { fn: FN, code: 'INVALID_INPUT', field: 'other' });
  });

  it('D: a refusal names the option that differs, with both values', () => {
    const cases: [CohortBuilderOptions, CohortBuilderOptions, string][] = [
      [{}, { period: 'week' }, 'period'],
      [{ timeZone: 'Europe/Berlin' }, { timeZone: 'Europe/Paris' }, 'timeZone'],
      [{ period: 'week' }, { period: 'week', weekStartsOn: 0 }, 'weekStartsOn'],
      [{}, { cohortBy: 'recurring' }, 'cohortBy'],
      [{ startEvents: ['signup'] }, { startEvents: ['signup', 'purchase'] }, 'startEvents'],
      [{}, { returnEvents: ['purchase'] }, 'returnEvents'],
      [{}, { minOccurrences: 2 }, 'minOccurrences'],
      [{}, { timeWindow: 'rolling' }, 'timeWindow'],
    ];
    for (const [mine, theirs, option] of cases) {
      const error = expectMetricError(() => new CohortBuilder(mine).merge(new CohortBuilder(theirs)), { fn: FN, code: 'INCONSISTENT_INPUT', field: `other.options.${option}`, rule: new RegExp(`^equal to this builder's options\\.${option} \\(.+\\)$`) });
      expect(error.message).not.toContain('{');
    }
  });

  it("D: onInvalid, unknownEvents, maxSkipped, weekStartsOn of a monthly builder, 'utc' vs 'UTC' and the order of event names do not block a merge", () => {
    const pairs: [CohortBuilderOptions, CohortBuilderOptions][] = [
      [{ onInvalid: 'throw' }, { onInvalid: 'skip' }],
      [{ startEvents: ['signup'], returnEvents: ['purchase'] }, { startEvents: ['signup'], returnEvents: ['purchase'], unknownEvents: 'ignore' }],
      [{}, { maxSkipped: 5 }],
      [{ period: 'month' }, { period: 'month', weekStartsOn: 0 }],
      [{ timeZone: 'UTC' }, { timeZone: 'utc' }],
      [{ startEvents: ['signup', 'purchase'] }, { startEvents: ['purchase', 'signup'] }],
      [{ returnEvents: ['purchase', 'renewal'] }, { returnEvents: ['renewal', 'purchase', 'renewal'] }],
    ];
    for (const [mine, theirs] of pairs) {
      const a = new CohortBuilder(mine).addAll(events.slice(0, 1));
      const b = new CohortBuilder(theirs).addAll(events.slice(1));
      const merged = a.merge(b);
      // The merged builder has the options of the builder merge is called on, and the table of the whole.
      expect(merged.options).toEqual(a.options);
      expect(merged.build().toJSON()).toEqual(new CohortBuilder(mine).addAll(events).build().toJSON());
    }
  });
});

describe('CohortBuilder.merge: edges', () => {
  it("the merged builder has this builder's options as validated, even if the caller's options object changed since", () => {
    const options: { period: 'month' | 'week'; startEvents: string[] } = { period: 'month', startEvents: ['signup'] };
    const a = new CohortBuilder(options).addAll(events);
    options.period = 'week';
    options.startEvents.push('purchase');
    const merged = a.merge(new CohortBuilder({ period: 'month', startEvents: ['signup'] }));
    expect(merged.options).toEqual(a.options);
    expect(merged.options.period).toBe('month');
    expect(merged.options.startEvents).toEqual(['signup']);
  });
});

describe('CohortBuilder.merge: fuzz and property', () => {
  it('B13: fuzz: any value that is not a builder made by this library is a MetricError', () => {
    const builder = new CohortBuilder().addAll(events);
    const specials: unknown[] = [Object.create(CohortBuilder.prototype), Object.create(builder), new Proxy(builder, {}), { ...builder }, builder.toJSON(), null, undefined, 0, '', [], () => builder, Symbol('b'), new Date(0)];
    for (const value of specials) expect(() => builder.merge(value as CohortBuilder)).toThrow(MetricError);
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => builder.merge(value as CohortBuilder)).toThrow(MetricError);
        expect(() => CohortBuilder.fromJSON(value as never)).toThrow(MetricError);
      }),
      fcOptions({ numRuns: 300 }),
    );
  });

  it('D: property: two builders merge exactly when no option that shapes the table differs, and a refusal names that option', () => {
    const optionsArb = fc.record(
      {
        period: fc.constantFrom('week' as const, 'month' as const),
        timeZone: fc.constantFrom('UTC', 'utc', 'Europe/Berlin'),
        weekStartsOn: fc.constantFrom(0, 1),
        startEvents: fc.constantFrom(['signup'], ['signup', 'purchase'], ['purchase', 'signup']),
        onInvalid: fc.constantFrom('throw' as const, 'skip' as const),
        minOccurrences: fc.constantFrom(1, 2),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(optionsArb, optionsArb, eventsArb({ maxLength: 8, names: ['signup', 'purchase'] }), (x, y, sample) => {
        const a = new CohortBuilder(x).addAll(sample);
        const b = new CohortBuilder(y).addAll(sample);
        const zone = (o: CohortBuilderOptions) => (o.timeZone ?? 'UTC').toUpperCase();
        const names = (o: CohortBuilderOptions) => JSON.stringify([...new Set(o.startEvents ?? [])].sort()) + String(o.startEvents === undefined);
        const differs = [
          (x.period ?? 'month') !== (y.period ?? 'month') ? 'period' : undefined,
          zone(x) !== zone(y) ? 'timeZone' : undefined,
          (x.period ?? 'month') === 'week' && (x.weekStartsOn ?? 1) !== (y.weekStartsOn ?? 1) ? 'weekStartsOn' : undefined,
          names(x) !== names(y) ? 'startEvents' : undefined,
          (x.minOccurrences ?? 1) !== (y.minOccurrences ?? 1) ? 'minOccurrences' : undefined,
        ].filter((name) => name !== undefined);
        let error: unknown;
        try {
          const merged = a.merge(b);
          expect(merged.recordsAdded).toBe(2 * sample.length);
          // The merged builder is the builder (with a's options) of the events of both.
          const range = { from: RANGE_FROM, to: RANGE_TO };
          expect(merged.build(range).toJSON()).toEqual(new CohortBuilder(x).addAll([...sample, ...sample]).build(range).toJSON());
        } catch (caught) {
          error = caught;
        }
        if (differs.length === 0) expect(error).toBeUndefined();
        else {
          expect(error).toBeInstanceOf(MetricError);
          expect(differs.map((name) => `other.options.${name}`)).toContain((error as MetricError).field);
        }
      }),
      fcOptions({ numRuns: 200 }),
    );
  });
});
