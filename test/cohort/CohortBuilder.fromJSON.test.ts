/**
 * CohortBuilder.fromJSON: a restored state is checked as strictly as events are (issue 10, A2 and the
 * fromJSON parts of B13 and D). Examples of the tampered states that used to build wrong tables, then
 * edges (old JSON, options of fromJSON), then the properties: any single mutation of a valid JSON is either
 * refused with a MetricError or read exactly as written (its toJSON() is the mutated JSON, so it builds the
 * table that state means); and no value that is not a saved builder gets past fromJSON.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderJSON, type CohortBuilderOptions, MetricError } from '../../src/index.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';

type Json = Record<string, unknown>;
const FN = 'CohortBuilder.fromJSON';

/** A deep, mutable copy of a builder's JSON. */
function plain(builder: CohortBuilder): Json {
  return JSON.parse(JSON.stringify(builder.toJSON())) as Json;
}

function restore(json: unknown): CohortBuilder {
  return CohortBuilder.fromJSON(json as CohortBuilderJSON);
}

/** Three months, two customers: a (Mar, Apr), b (Mar, May). March 2024 starts on a Friday. */
const EVENTS = [
  { customerId: 'a', timestamp: '2024-03-05T10:00:00Z', amount: '10.00' },
  { customerId: 'b', timestamp: '2024-03-20T10:00:00Z', amount: '5.00' },
  { customerId: 'a', timestamp: '2024-04-03T10:00:00Z', amount: '7.50' },
  { customerId: 'b', timestamp: '2024-05-11T10:00:00Z', amount: '2.00' },
];
const monthly = (): CohortBuilder => new CohortBuilder({ period: 'month' }).addAll(EVENTS);

describe('CohortBuilder.fromJSON: tampered states are refused (A2)', () => {
  it('A2: a valid state restores to the same table', () => {
    const builder = monthly();
    expect(restore(plain(builder)).build().toJSON()).toEqual(builder.build().toJSON());
  });

  it('A2: options.period changed month -> week (week cohorts from month tallies) is refused', () => {
    const json = plain(monthly());
    (json.options as Json).period = 'week';
    expectMetricError(() => restore(json), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[0][1][0][0]', rule: /^the start of a week in UTC inside json\.range/ });
  });

  it('A2: a narrowed range (a cohort would vanish) is refused', () => {
    const json = plain(monthly());
    (json.range as number[])[0] = Date.parse('2024-04-02T00:00:00Z');
    expectMetricError(() => restore(json), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[0][1][0][0]' });
    const widened = plain(monthly());
    (widened.range as number[])[1] = Date.parse('2024-07-02T00:00:00Z');
    expectMetricError(() => restore(widened), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.range' });
  });

  it('A2: one customer listed twice (revenue doubled) is refused, as are unsorted ids', () => {
    const json = plain(monthly());
    const customers = json.customers as unknown[];
    json.customers = [customers[0], customers[0], customers[1]];
    expectMetricError(() => restore(json), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[1][0]' });
    json.customers = [customers[1], customers[0]];
    expectMetricError(() => restore(json), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[1][0]' });
  });

  it('A2: a tally start of 1e300, outside the range, off the calendar, or repeated is refused', () => {
    for (const start of [1e300, -1e300, Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-03-02T00:00:00Z'), Number.NaN]) {
      const json = plain(monthly());
      ((json.customers as [string, unknown[][]][])[0]![1][0]!)[0] = start;
      expectMetricError(() => restore(json), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[0][1][0][0]' });
    }
    const json = plain(monthly());
    const cells = (json.customers as [string, unknown[][]][])[0]![1];
    cells[1] = [...cells[0]!];
    expectMetricError(() => restore(json), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[0][1][1][0]' });
  });

  it('A2: an empty customer id, an empty tally list, or an empty tally is refused', () => {
    const json = plain(monthly());
    (json.customers as unknown[][])[0]![0] = '';
    expectMetricError(() => restore(json), { fn: FN, code: 'INVALID_INPUT', field: 'json.customers[0][0]' });
    const noTallies = plain(monthly());
    (noTallies.customers as unknown[][])[0]![1] = [];
    expectMetricError(() => restore(noTallies), { fn: FN, code: 'INVALID_INPUT', field: 'json.customers[0][1]' });
    const emptyTally = plain(monthly());
    (emptyTally.customers as [string, unknown[][]][])[0]![1][0] = [Date.parse('2024-03-01T00:00:00Z'), 0, 0, '0'];
    expectMetricError(() => restore(emptyTally), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[0][1][0]' });
  });

  it('A2: counts that do not add up to recordsAdded, or an amount without a return event, are refused', () => {
    const json = plain(monthly());
    (json.customers as [string, unknown[][]][])[0]![1][0] = [Date.parse('2024-03-01T00:00:00Z'), 2, 2, '10'];
    expectMetricError(() => restore(json), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.recordsAdded' });
    const lopsided = plain(monthly());
    (lopsided.customers as [string, unknown[][]][])[0]![1][0]![2] = 2;
    expectMetricError(() => restore(lopsided), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[0][1][0][2]' });
    const signups = new CohortBuilder({ startEvents: ['signup'], returnEvents: ['purchase'] }).add({ customerId: 'a', timestamp: '2024-03-05T10:00:00Z', event: 'signup' });
    const paidSignup = plain(signups);
    (paidSignup.customers as [string, unknown[][]][])[0]![1][0]![3] = '9.99';
    expectMetricError(() => restore(paidSignup), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.customers[0][1][0][3]' });
  });

  it('A2: junk in skipped is refused (wrong shape, extra keys, an index past recordsAdded, a reason naming another record)', () => {
    const builder = new CohortBuilder({ onInvalid: 'skip' }).addAll([...EVENTS, { customerId: '', timestamp: 0 }]);
    const good = plain(builder);
    expect(restore(good).skipped).toEqual(builder.skipped);
    const entry = (good.skipped as Json[])[0]!;
    const cases: [unknown, string][] = [
      ['junk', 'json.skipped[0]'],
      [{ ...entry, extra: 1 }, 'json.skipped[0].extra'],
      [{ ...entry, index: 99 }, 'json.skipped[0].index'],
      [{ ...entry, index: 1 }, 'json.skipped[0].field'],
      [{ ...entry, field: 'nonsense' }, 'json.skipped[0].field'],
      [{ ...entry, reason: 'whatever' }, 'json.skipped[0].reason'],
      [{ ...entry, reason: 42 }, 'json.skipped[0].reason'],
    ];
    for (const [bad, field] of cases) {
      const error = (() => {
        try {
          restore({ ...good, skipped: [bad] });
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error, field).toBeInstanceOf(MetricError);
      expect((error as MetricError).field).toBe(field);
    }
    expectMetricError(() => restore({ ...good, skipped: 'junk' }), { fn: FN, code: 'INVALID_INPUT', field: 'json.skipped' });
  });

  it('A2: unknown or missing keys of the JSON and of its options are refused, every option typed', () => {
    const json = plain(monthly());
    expectMetricError(() => restore({ ...json, extra: 1 }), { fn: FN, code: 'INVALID_INPUT', field: 'json.extra' });
    expectMetricError(() => restore({ ...json, options: { ...(json.options as Json), colour: 'red' } }), { fn: FN, code: 'INVALID_INPUT', field: 'json.options.colour' });
    expectMetricError(() => restore({ ...json, options: { ...(json.options as Json), fields: {} } }), { fn: FN, code: 'INVALID_INPUT', field: 'json.options.fields' });
    const { period: _period, ...withoutPeriod } = json.options as Json;
    expectMetricError(() => restore({ ...json, options: withoutPeriod }), { fn: FN, code: 'INVALID_INPUT', field: 'json.options.period' });
    expectMetricError(() => restore({ ...json, options: { ...(json.options as Json), period: 'fortnight' } }), { fn: FN, code: 'INVALID_INPUT', field: 'json.options.period' });
    expectMetricError(() => restore({ ...json, options: { ...(json.options as Json), timeZone: null } }), { fn: FN, code: 'INVALID_INPUT', field: 'json.options.timeZone' });
    expectMetricError(() => restore({ ...json, options: { ...(json.options as Json), weekStartsOn: '1' } }), { fn: FN, code: 'INVALID_INPUT', field: 'json.options.weekStartsOn' });
    expectMetricError(() => restore({ ...json, options: { ...(json.options as Json), startEvents: 'purchase' } }), { fn: FN, code: 'INVALID_INPUT', field: 'json.options.startEvents' });
    expectMetricError(() => restore({ ...json, recordsAdded: 4.5 }), { fn: FN, code: 'INVALID_INPUT', field: 'json.recordsAdded' });
    expectMetricError(() => restore({ ...json, range: [1, 0] }), { fn: FN, code: 'INVALID_INPUT', field: 'json.range' });
  });
});

describe('CohortBuilder.fromJSON: edges', () => {
  it('D: unknown keys of the options of fromJSON are refused like everywhere else', () => {
    const json = monthly().toJSON();
    expectMetricError(() => CohortBuilder.fromJSON(json, { field: {} } as never), { fn: FN, code: 'INVALID_INPUT', field: 'options.field' });
    expectMetricError(() => CohortBuilder.fromJSON(json, 'fields' as never), { fn: FN, code: 'INVALID_INPUT', field: 'options' });
    expectMetricError(() => CohortBuilder.fromJSON(json, { fields: { user: 'id' } } as never), { fn: FN, code: 'INVALID_INPUT', field: 'options.fields.user' });
    const mapped = CohortBuilder.fromJSON(json, { fields: { customerId: 'user' } });
    expect(mapped.add({ user: 'c', timestamp: '2024-05-02T00:00:00Z' }).customerCount).toBe(3);
  });

  it('A2: a record refused with an error (onInvalid throw) is accounted for, so the state still restores', () => {
    const builder = monthly();
    expect(() => builder.add({ customerId: '', timestamp: 0 })).toThrow(MetricError);
    const json = plain(builder);
    expect(json.refusedRecords).toBe(1);
    expect(restore(json).toJSON()).toEqual(builder.toJSON());
    expect(restore(json).merge(builder).toJSON().refusedRecords).toBe(2);
    expectMetricError(() => restore({ ...json, refusedRecords: 0 }), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'json.recordsAdded' });
    // JSON of earlier releases has no refusedRecords: what recordsAdded leaves over was refused.
    const { refusedRecords: _r, ...old } = json;
    expect(restore(old).toJSON()).toEqual(builder.toJSON());
  });

  it('an empty builder, a builder with only skipped records, and JSON of earlier releases restore', () => {
    expect(restore(plain(new CohortBuilder())).recordsAdded).toBe(0);
    const onlyBad = new CohortBuilder({ onInvalid: 'skip' }).add({ customerId: 'a', timestamp: 'never' });
    expect(restore(plain(onlyBad)).skippedCount).toBe(1);
    // Version-1 JSON of earlier releases: no maxSkipped, unknownEvents, timeWindow or skippedCounts.
    const old = plain(new CohortBuilder({ onInvalid: 'skip' }).addAll([...EVENTS, { customerId: 'a', timestamp: 'never' }]));
    const { maxSkipped: _m, unknownEvents: _u, ...oldOptions } = old.options as Json;
    const { skippedCounts: _s, ...oldJson } = { ...old, options: oldOptions } as Json;
    const restored = restore(oldJson);
    expect(restored.skippedCounts).toEqual({ timestamp: 1 });
    expect(restored.build().toJSON()).toEqual(restore(old).build().toJSON());
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** Builders of several kinds: every event both kinds, start events only, disjoint lists, skips, rolling windows, weeks in Berlin. */
const KINDS: readonly CohortBuilderOptions[] = [
  {},
  { period: 'week', timeZone: 'Europe/Berlin', startEvents: ['signup'] },
  { startEvents: ['signup'], returnEvents: ['purchase'], unknownEvents: 'ignore' },
  { returnEvents: ['purchase'], onInvalid: 'skip', cohortBy: 'recurring' },
  { period: 'day', timeWindow: 'rolling', onInvalid: 'skip' },
];

const stateArb = fc.record({
  kind: fc.nat({ max: KINDS.length - 1 }),
  events: eventsArb({ maxLength: 12, names: ['signup', 'purchase', 'support'] }),
  bad: fc.nat({ max: 2 }),
});

function stateOf({ kind, events, bad }: { kind: number; events: readonly object[]; bad: number }): CohortBuilder {
  const options = KINDS[kind]!;
  const builder = new CohortBuilder({ ...options, onInvalid: 'skip' });
  builder.addAll(events);
  for (let k = 0; k < bad; k++) builder.add({ customerId: k === 0 ? '' : 'x', timestamp: k === 0 ? RANGE_FROM : 'never' });
  return CohortBuilder.fromJSON({ ...builder.toJSON(), options: { ...builder.toJSON().options, onInvalid: options.onInvalid ?? 'throw' } });
}

/** Every path of a JSON tree (below the root). */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
    const path = [...prefix, key];
    out.push(path);
    pathsOf((value as Record<string | number, unknown>)[key], path, out);
  }
  return out;
}

type Mutation = { readonly op: 'change'; readonly value: unknown } | { readonly op: 'nudge'; readonly delta: number } | { readonly op: 'remove' } | { readonly op: 'duplicate' };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('change' as const),
    value: fc.oneof(
      fc.constantFrom<unknown>(1e300, -1, 0, 1, 2, 0.5, Number.MAX_SAFE_INTEGER, 8.64e15, -8.64e15, '', 'x', '1.5', '-1', null, true, [], {}),
      fc.constantFrom<unknown>('week', 'month', 'day', 'year', 'recurring', 'first', 'rolling', 'calendar', 'skip', 'throw', 'ignore', 'invalid', 'utc', 'Europe/Berlin', 'signup', 'purchase', ['purchase'], ['signup']),
      fc.anything({ maxDepth: 1 }),
    ),
  }),
  fc.record({ op: fc.constant('nudge' as const), delta: fc.constantFrom(1, -1, 3_600_000, -86_400_000, 86_400_000, 604_800_000, 2_678_400_000) }),
  fc.constant({ op: 'remove' as const }),
  fc.constant({ op: 'duplicate' as const }),
);

function mutate(json: Json, path: readonly (string | number)[], mutation: Mutation): Json {
  const copy = JSON.parse(JSON.stringify(json)) as Json;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  if (mutation.op === 'change') parent[key] = mutation.value;
  else if (mutation.op === 'nudge') parent[key] = typeof parent[key] === 'number' ? (parent[key] as number) + mutation.delta : `${String(parent[key])}0`;
  else if (mutation.op === 'remove') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (Array.isArray(parent)) parent.splice(key as number, 0, JSON.parse(JSON.stringify(parent[key])));
  else parent[key] = [parent[key], parent[key]];
  return copy;
}

/** A JSON state with the defaults of later fields filled in and amounts as canonical decimals. */
function normalise(json: Json): Json {
  const copy = JSON.parse(JSON.stringify(json)) as Json;
  const options = copy.options as Json;
  if (typeof options === 'object' && options !== null) {
    copy.options = { ...new CohortBuilder().options, ...options };
    if ((copy.options as Json).timeWindow === 'calendar') delete (copy.options as Json).timeWindow;
    for (const key of ['timeWindow', 'rollingAnchor']) if ((copy.options as Json)[key] === undefined || (copy.options as Json)[key] === (new CohortBuilder().options as unknown as Json)[key]) delete (copy.options as Json)[key];
  }
  copy.ignoredRecords ??= 0;
  copy.refusedRecords ??= 0;
  if (copy.skippedCounts === undefined && Array.isArray(copy.skipped)) {
    const counts: Record<string, number> = {};
    for (const entry of copy.skipped as { field: string }[]) {
      const key = /\.(\w+)$/.exec(entry.field)?.[1] ?? 'record';
      counts[key] = (counts[key] ?? 0) + 1;
    }
    copy.skippedCounts = counts;
  }
  for (const [, cells] of (copy.customers ?? []) as [string, unknown[][]][]) for (const cell of cells) cell[3] = new Decimal(String(cell[3])).toString();
  return copy;
}

describe('CohortBuilder.fromJSON: properties', () => {
  it('A2: any single mutation of a valid JSON is refused with a MetricError or read exactly as written', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(stateArb, fc.nat(), mutationArb, (state, pick, mutation) => {
        const json = plain(stateOf(state));
        const paths = pathsOf(json);
        const mutated = mutate(json, paths[pick % paths.length]!, mutation);
        let restored: CohortBuilder;
        try {
          restored = restore(mutated);
        } catch (error) {
          expect(error).toBeInstanceOf(MetricError);
          expect((error as MetricError).functionName).toBe(FN);
          refused++;
          return;
        }
        accepted++;
        // Read exactly as written: nothing merged (a customer twice), dropped (a tally outside the range)
        // or reinterpreted (month tallies on a weekly calendar); so the table is that of the state written.
        expect(normalise(plain(restored))).toEqual(normalise(mutated));
        expect(restore(plain(restored)).build({ from: RANGE_FROM, to: RANGE_TO }).toJSON()).toEqual(restored.build({ from: RANGE_FROM, to: RANGE_TO }).toJSON());
      }),
      fcOptions({ numRuns: 400 }),
    );
    // Both outcomes were exercised (the generator is not stuck on one side).
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('B13: no value that is not a saved builder gets past fromJSON: a MetricError, never a raw error', () => {
    const json = plain(monthly());
    const specials: unknown[] = [Object.create(CohortBuilder.prototype), monthly(), new Proxy({}, {}), [], '', 0, null, undefined, Symbol('x'), () => json, new Date(0), new Map(), { ...json, customers: new Proxy([], {}) }];
    for (const value of specials) expect(() => restore(value)).toThrow(MetricError);
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom('options', 'range', 'skipped', 'skippedCounts', 'customers', 'recordsAdded', 'ignoredRecords'), (value, key) => {
        expect(() => restore(value)).toThrow(MetricError);
        // A valid tag and version with anything as one field.
        try {
          restore({ ...json, [key]: value });
        } catch (error) {
          expect(error).toBeInstanceOf(MetricError);
        }
      }),
      fcOptions({ numRuns: 300 }),
    );
  });
});
