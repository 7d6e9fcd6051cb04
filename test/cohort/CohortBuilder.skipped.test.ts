/**
 * CohortBuilder's bad-record paths (issue 10): `onInvalid: 'skip'` keeps the first `maxSkipped` records in
 * full and counts every one by field (B12), an accessor of `fields` that throws is a MetricError naming the
 * record, with the accessor's error as `cause` (B13), and the messages of `addAll` and of configured events
 * say what to do (D). Examples first, then edges, then the size sweep, fuzz loop and property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, MetricError } from '../../src/index.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { fcOptions } from '../arbitraries/events.js';

const good = { customerId: 'a', timestamp: '2024-01-05T10:00:00Z', amount: 10 };
const badTime = (k: number) => ({ customerId: `c${k}`, timestamp: 'never' });

describe('CohortBuilder: skipped records, bounded (B12)', () => {
  it('B12: the first maxSkipped bad records are kept in full, every one is counted', () => {
    const builder = new CohortBuilder({ onInvalid: 'skip', maxSkipped: 2 });
    builder.addAll([good, badTime(1), { customerId: '', timestamp: 0 }, badTime(3), 7 as never, { ...good, amount: 'abc' }]);
    expect(builder.skipped.map((s) => s.field)).toEqual(['events[1].timestamp', 'events[2].customerId']);
    expect(builder.skippedCount).toBe(5);
    expect(builder.skippedCounts).toEqual({ amount: 1, customerId: 1, record: 1, timestamp: 2 });
    expect(builder.recordsAdded).toBe(6);
    expect(builder.customerCount).toBe(1);
    const json = builder.toJSON();
    expect(json.skipped).toHaveLength(2);
    expect(json.skippedCounts).toEqual({ amount: 1, customerId: 1, record: 1, timestamp: 2 });
    expect(json.options.maxSkipped).toBe(2);
  });

  it('B12: the default keeps 1,000 in full; the skipped getter is one frozen array, not a copy per access', () => {
    const builder = new CohortBuilder({ onInvalid: 'skip' });
    expect(builder.options.maxSkipped).toBe(1000);
    for (let k = 0; k < 1500; k++) builder.add(badTime(k));
    expect(builder.skipped).toHaveLength(1000);
    expect(builder.skipped).toBe(builder.skipped);
    expect(Object.isFrozen(builder.skipped)).toBe(true);
    expect(Object.isFrozen(builder.skipped[0])).toBe(true);
    expect(builder.skippedCount).toBe(1500);
    expect(builder.skipped[999]!.index).toBe(999);
  });

  it('B12: maxSkipped 0 keeps the counts only; a bad maxSkipped is refused', () => {
    const builder = new CohortBuilder({ onInvalid: 'skip', maxSkipped: 0 }).addAll([badTime(0), badTime(1)]);
    expect(builder.skipped).toEqual([]);
    expect(builder.skippedCounts).toEqual({ timestamp: 2 });
    for (const maxSkipped of [-1, 1.5, '10', Number.NaN, Infinity]) {
      expectMetricError(() => new CohortBuilder({ maxSkipped: maxSkipped as number }), { fn: 'CohortBuilder', code: 'INVALID_INPUT', field: 'options.maxSkipped' });
    }
  });

  it('B12: merge and JSON keep the counts exact and the list the first records', () => {
    const a = new CohortBuilder({ onInvalid: 'skip', maxSkipped: 3 }).addAll([badTime(0), badTime(1), good]);
    const b = new CohortBuilder({ onInvalid: 'skip', maxSkipped: 3 }).addAll([badTime(0), { customerId: '', timestamp: 0 }, badTime(2)]);
    const merged = a.merge(b);
    expect(merged.skippedCount).toBe(5);
    expect(merged.skippedCounts).toEqual({ customerId: 1, timestamp: 4 });
    expect(merged.skipped).toEqual([...a.skipped, b.skipped[0]]);
    const restored = CohortBuilder.fromJSON(JSON.parse(JSON.stringify(merged.toJSON())));
    expect(restored.toJSON()).toEqual(merged.toJSON());
    expect(restored.merge(a).skippedCount).toBe(7);
  });
});

describe('CohortBuilder: accessors that throw (B13)', () => {
  it('B13: a throwing accessor is a MetricError naming the record and field, the error as cause', () => {
    const boom = new Error('boom');
    const builder = new CohortBuilder({
      fields: {
        customerId: (r: { id: string }) => {
          if (r.id === 'bad') throw boom;
          return r.id;
        },
      } as never,
    });
    builder.add({ id: 'x', timestamp: 0 });
    const error = expectMetricError(() => builder.add({ id: 'bad', timestamp: 0 }), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: 'events[1].customerId', rule: 'readable by options.fields.customerId (the accessor threw Error: boom)' });
    expect(error.cause).toBe(boom);
    // The refused record is counted, and the builder keeps working.
    expect(builder.recordsAdded).toBe(2);
    expect(builder.add({ id: 'y', timestamp: 0 }).customerCount).toBe(2);
  });
});

describe('CohortBuilder: messages (D)', () => {
  it('D: addAll(asyncIterable) points to addAllAsync', async () => {
    async function* rows() {
      yield good;
    }
    expectMetricError(() => new CohortBuilder().addAll(rows() as never), { fn: 'CohortBuilder.addAll', code: 'INVALID_INPUT', field: 'records', rule: /addAllAsync/ });
    expect((await new CohortBuilder().addAllAsync(rows())).customerCount).toBe(1);
    expectMetricError(() => new CohortBuilder().addAll(42 as never), { fn: 'CohortBuilder.addAll', code: 'INVALID_INPUT', field: 'records', rule: 'an iterable of events' });
  });

  it("D: an event outside the configured events mentions unknownEvents: 'ignore'", () => {
    const builder = new CohortBuilder({ startEvents: ['signup'], returnEvents: ['purchase'] });
    expectMetricError(() => builder.add({ ...good, event: 'pageview' }), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: 'events[0].event', rule: "one of the configured events (signup, purchase; to leave other events out, pass unknownEvents: 'ignore')" });
    expect(new CohortBuilder({ startEvents: ['signup'], returnEvents: ['purchase'], unknownEvents: 'ignore' }).add({ ...good, event: 'pageview' }).ignoredRecords).toBe(1);
  });

  it('D: unknown keys of a returnRule object are refused like everywhere else', () => {
    const builder = new CohortBuilder().add(good);
    expectMetricError(() => builder.build({ returnRule: { brackets: [1, 2], colour: 'red' } as never }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.returnRule.colour' });
    expectMetricError(() => builder.build({ returnRule: { bracket: [1, 2] } as never }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.returnRule.bracket' });
    expect(builder.build({ returnRule: { brackets: [1] } }).counts()).toEqual([[1, null]]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Size sweep, fuzz loop and property

describe('CohortBuilder: bad records at every size', () => {
  it('B12: size sweep: state, skipped list and JSON stay bounded, counts stay exact', () => {
    // Before the fix, 200,000 bad rows kept 200,000 entries and wrote ~32 MB of JSON; now the JSON of a
    // builder with no customers stays the size of 1,000 entries, whatever the number of bad rows.
    const sizes = [0, 1, 999, 1000, 1001, 20_000, 200_000];
    const jsonSizes: number[] = [];
    for (const n of sizes) {
      const builder = new CohortBuilder({ onInvalid: 'skip' });
      // Columns: the fastest way in for many rows; a string timestamp is a bad row of the column form.
      builder.addColumns({ customerId: Array.from({ length: n }, (_, k) => `c${k % 7}`), timestamp: new Array(n).fill('x') });
      builder.add(good);
      expect(builder.skippedCount).toBe(n);
      expect(builder.skippedCounts).toEqual(n === 0 ? {} : { timestamp: n });
      expect(builder.skipped).toHaveLength(Math.min(n, 1000));
      expect(builder.recordsAdded).toBe(n + 1);
      const text = JSON.stringify(builder.toJSON());
      jsonSizes.push(text.length);
      const restored = CohortBuilder.fromJSON(JSON.parse(text));
      expect(restored.skippedCount).toBe(n);
      const doubled = restored.merge(builder);
      expect(doubled.skippedCount).toBe(2 * n);
      expect(doubled.skipped).toHaveLength(Math.min(2 * n, 1000));
      expect(doubled.skippedCounts).toEqual(n === 0 ? {} : { timestamp: 2 * n });
    }
    // From 1,000 bad rows on, the JSON grows only by the digits of the counts and indices.
    const at1000 = jsonSizes[sizes.indexOf(1000)]!;
    for (const size of jsonSizes) expect(size).toBeLessThan(at1000 + 100);
    expect(at1000).toBeGreaterThan(jsonSizes[sizes.indexOf(999)]!);
  });

  it('B13: fuzz: an accessor of any field that throws anything, on every way in, is a MetricError with the thrown value as cause', async () => {
    const fieldNames = ['customerId', 'timestamp', 'event', 'amount'] as const;
    const hostile = { toString: () => { throw new Error('no text'); } };
    const thrownValues: unknown[] = [new Error('boom'), new TypeError('type'), 'text', undefined, null, 0, Symbol('s'), hostile, new MetricError({ code: 'INVALID_INPUT', functionName: 'mine', field: 'x', rule: 'y', received: 1 }), Object.create(null)];
    let checked = 0;
    for (const name of fieldNames) {
      for (const thrown of thrownValues) {
        for (const onInvalid of ['throw', 'skip'] as const) {
          for (const way of ['add', 'addAll', 'addAllAsync'] as const) {
            const fields = { [name]: (r: { bad?: boolean; [key: string]: unknown }) => {
              if (r.bad === true) throw thrown;
              return r[name];
            } };
            const builder = new CohortBuilder({ fields: fields as never, onInvalid });
            builder.add(good);
            const bad = { ...good, bad: true };
            const call = async () => {
              if (way === 'add') builder.add(bad);
              else if (way === 'addAll') builder.addAll([good, bad]);
              else await builder.addAllAsync((async function* () { yield [good, bad]; })());
            };
            const index = way === 'add' ? 1 : 2;
            let error: unknown;
            try {
              await call();
            } catch (caught) {
              error = caught;
            }
            if (onInvalid === 'throw') {
              expect(error, `${name} ${way}`).toBeInstanceOf(MetricError);
              expect((error as MetricError).field).toBe(`events[${index}].${name}`);
              expect((error as MetricError).cause).toBe(thrown);
              expect((error as MetricError).message).toMatch(new RegExp(`^CohortBuilder\\.add: events\\[${index}\\]\\.${name} must be readable by options\\.fields\\.${name} \\(the accessor threw .*\\), received an object$`, 's'));
            } else {
              expect(error).toBeUndefined();
              expect(builder.skipped.map((s) => s.field)).toEqual([`events[${index}].${name}`]);
              expect(builder.skippedCounts).toEqual({ [name]: 1 });
            }
            expect(builder.recordsAdded).toBe(index + 1);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(4 * thrownValues.length * 2 * 3);
  });

  it('B12: property: shards merged keep exact counts and the first maxSkipped records, through JSON', () => {
    const recordArb = fc.oneof(
      fc.constant<object>(good),
      fc.constant<object>(badTime(0)),
      fc.constant<object>({ customerId: '', timestamp: 0 }),
      fc.constant<object>({ ...good, event: '' }),
      fc.constant<object>({ ...good, amount: 'x' }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(recordArb, { maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.nat({ max: 6 }), (shards, maxSkipped) => {
        const builders = shards.map((records) => CohortBuilder.fromJSON(JSON.parse(JSON.stringify(new CohortBuilder({ onInvalid: 'skip', maxSkipped }).addAll(records).toJSON()))));
        const merged = builders.reduce((a, b) => a.merge(b));
        const whole = new CohortBuilder({ onInvalid: 'skip', maxSkipped }).addAll(shards.flat());
        expect(merged.skippedCount).toBe(whole.skippedCount);
        expect(merged.skippedCounts).toEqual(whole.skippedCounts);
        expect(merged.skipped.map((s) => s.field.replace(/\d+/, 'i'))).toEqual(whole.skipped.map((s) => s.field.replace(/\d+/, 'i')));
        expect(merged.skipped).toHaveLength(Math.min(maxSkipped, whole.skippedCount));
        // Associative: the list is the first records of the concatenation, however the merges nest.
        if (builders.length >= 3) expect(builders[0]!.merge(builders[1]!.merge(builders[2]!)).toJSON()).toEqual(builders[0]!.merge(builders[1]!).merge(builders[2]!).toJSON());
      }),
      fcOptions({ numRuns: 150 }),
    );
  });
});
