import { count, fail, options as readOptions, own, record } from '../core/_validate.js';
import { brandPrototype, brandSymbol, hasBrand } from '../core/_brand.js';
import { LONG_WORK_KEYS, type LongWorkOptions, readLongWork, stopIfAborted } from '../core/_longWork.js';
import type { AnyEventRecord, EventFields, SkippedRecord } from '../events/_eventInput.js';
import { buildCohortTable } from './_buildTable.js';
import { arrayColumn, type EventColumns, sameLengths } from '../events/_eventColumns.js';
import { BLOCK_SIZE, type ColumnRows } from './_builderParts.js';
import { hasInternedEvents, internedIdsOf } from '../events/_internedIds.js';
import { buildRollingTable } from './_rollingTable.js';
import type { CohortTable } from './CohortTable.js';
import { type CohortBuilderOptions, type CohortBuilderOptionsJSON, type CohortBuildOptions, differingOption, instant, readCohortOptions } from './_builderOptions.js';
import { absorbSavedState, builderJSON, type CohortBuilderJSON, readSavedOptions, restoreError } from './_builderJSON.js';
import { BuilderState } from './_builderState.js';

export type { CohortBuilderOptions, CohortBuilderOptionsJSON, CohortBuildOptions } from './_builderOptions.js';
export type { CohortBuilderJSON } from './_builderJSON.js';

/**
 * Builds cohort tables from raw events. Events are added in any order, from arrays, iterables, async
 * iterables or columns; builders filled on different shards merge into the builder of the whole; the
 * state serialises to plain JSON. `build()` lays the periods on the calendar in the builder's zone and
 * returns an immutable {@link CohortTable}.
 *
 * Each event is placed in its calendar period once, on arrival; the builder keeps, per customer and
 * period, the number of start and return events and the return events' amount, so memory grows with
 * the customer-periods, not with the events. (Internally: customers interned to integers, periods found
 * by a precomputed boundary index, per customer-period counts and integer minor units in flat typed
 * arrays; amounts stay exact, with a Decimal fallback for amounts that do not fit.)
 *
 * @example
 * ```ts
 * import { CohortBuilder } from 'loyalty-metrics';
 * const builder = new CohortBuilder({ period: 'month' });
 * builder.addAll([
 *   { customerId: 'a', timestamp: '2024-01-05T10:00:00Z', amount: 30 },
 *   { customerId: 'b', timestamp: '2024-01-20T10:00:00Z', amount: 20 },
 *   { customerId: 'a', timestamp: '2024-02-03T10:00:00Z', amount: 25 },
 *   { customerId: 'c', timestamp: '2024-02-10T10:00:00Z', amount: 10 },
 *   { customerId: 'b', timestamp: '2024-03-01T10:00:00Z', amount: 15 },
 * ]);
 * const table = builder.build();
 * JSON.stringify(table.counts()) //=> '[[2,1,1],[1,0,null],[0,null,null]]'
 * ```
 * @typeParam R - The type of the records `add`, `addAll` and `addAllAsync` take, whose fields
 * `options.fields` names (keys of `R`) or reads (accessors of an `R`), given explicitly:
 * `new CohortBuilder<Order>({ fields: { customerId: (r) => r.user } })`. It is never inferred from the options,
 * so options typed apart still fit. Default {@link AnyEventRecord}: any object, any field name. Types only:
 * records are validated at run time all the same.
 * @category cohort
 */
export class CohortBuilder<R extends object = AnyEventRecord> {
  /**
   * True for a CohortBuilder of any copy of the library (the ESM and the CommonJS build loaded side by
   * side): `builder instanceof CohortBuilder` holds across them, by the registered brand
   * `Symbol.for('loyalty-metrics.CohortBuilder')` on the prototype chain (an object with the brand only
   * as its own property does not pass). On a subclass, `instanceof` is the ordinary prototype check.
   * (`merge` still takes only a builder of this copy: it reads the other's private state.)
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, CohortBuilder, brandSymbol('CohortBuilder'), value);
  }

  static {
    brandPrototype(CohortBuilder.prototype, 'CohortBuilder');
  }

  /** Typed without `R`, so a builder of any record type is a `CohortBuilder<object>` (see merge). */
  readonly #sourceOptions: { readonly fields: unknown } | undefined;
  /** The options, counts and skipped records, and the paths that add events (see _builderState.ts). */
  readonly #state: BuilderState;

  constructor(options?: NoInfer<CohortBuilderOptions<R>>) {
    const { options: normalized, calendar, fields } = readCohortOptions({ fn: 'CohortBuilder' }, options);
    // Only the field mapping is kept from the caller's object (which the caller may change later); merge
    // rebuilds the other options from the validated ones.
    this.#sourceOptions = fields === undefined ? undefined : { fields };
    this.#state = new BuilderState(normalized, calendar, fields);
  }

  /** The options in force, with every default filled in. */
  get options(): CohortBuilderOptionsJSON {
    return this.#state.options;
  }

  /**
   * The first records skipped under `onInvalid: 'skip'` (at most `options.maxSkipped`, default 1,000), with
   * index, field and reason; a frozen array, made once per change. `skippedCount` and `skippedCounts`
   * count every skipped record.
   */
  get skipped(): readonly SkippedRecord[] {
    const state = this.#state;
    state.skippedView ??= Object.freeze(state.skipped.slice());
    return state.skippedView;
  }

  /** How many records were skipped under `onInvalid: 'skip'` in all (kept in `skipped` or not). */
  get skippedCount(): number {
    return this.#state.skippedTotal;
  }

  /**
   * Every skipped record counted by its field without the record index: `record` (not an object),
   * `customerId`, `timestamp`, `event` or `amount`. The counts add up to `skippedCount`.
   */
  get skippedCounts(): Readonly<Record<string, number>> {
    return this.#state.skippedCountsRecord();
  }

  /** Valid records left out because their event is neither a start nor a return event (`unknownEvents: 'ignore'`). */
  get ignoredRecords(): number {
    return this.#state.ignored;
  }

  /** Every record passed to `add` so far, valid or not. */
  get recordsAdded(): number {
    return this.#state.recordsAdded;
  }

  /** Distinct customers with at least one valid event. */
  get customerCount(): number {
    return this.#state.store.customerCount;
  }

  /** Adds one event (or a record of another shape, read through `options.fields`). Returns this builder. */
  add(record: R): this {
    this.#state.addRecord(record);
    this.#state.flush();
    return this;
  }

  /** Adds every event of an array or any iterable. */
  addAll(records: Iterable<R>): this {
    if (records === null || typeof (records as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
      const isAsync = typeof (records as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
      fail({ fn: 'CohortBuilder.addAll' }, 'records', isAsync ? 'an iterable of events (for an async iterable, await addAllAsync(records))' : 'an iterable of events', records);
    }
    try {
      for (const record of records) this.#state.addRecord(record);
    } finally {
      this.#state.flush();
    }
    return this;
  }

  /**
   * Adds every event of an async iterable (a stream of rows or of pages of rows).
   *
   * `options.signal` is checked before each item: once aborted, the call stops by throwing
   * `signal.reason`. The events of the items read before the abort stay added (`recordsAdded` counts them),
   * so to discard a partial read, add into a fresh builder and merge it when the call completes.
   * `options.onProgress` is called after each item with the records read so far (`rowsRead`) and the
   * items (`chunks`); `bytesRead` is 0 (records are not bytes).
   * @example
   * ```ts
   * import { CohortBuilder } from 'loyalty-metrics';
   * async function* pages() {
   *   yield [{ customerId: 'a', timestamp: '2024-01-05T10:00:00Z' }, { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' }];
   *   yield [{ customerId: 'a', timestamp: '2024-02-03T10:00:00Z' }];
   * }
   * const seen = [];
   * const builder = await new CohortBuilder().addAllAsync(pages(), { onProgress: (p) => seen.push(p.rowsRead) });
   * seen //=> [2, 3]
   * builder.recordsAdded //=> 3
   * ```
   */
  async addAllAsync(records: AsyncIterable<R | readonly R[]>, options?: LongWorkOptions): Promise<this> {
    const ctx = { fn: 'CohortBuilder.addAllAsync' };
    if (records === null || typeof (records as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] !== 'function') {
      fail(ctx, 'records', 'an async iterable of events or of arrays of events', records);
    }
    const { signal, onProgress } = readLongWork(ctx, options === undefined ? undefined : record(ctx, 'options', options, LONG_WORK_KEYS));
    let rowsRead = 0;
    let chunks = 0;
    stopIfAborted(signal);
    for await (const item of records) {
      stopIfAborted(signal);
      if (Array.isArray(item)) {
        this.addAll(item);
        rowsRead += item.length;
      } else {
        this.add(item as R);
        rowsRead++;
      }
      chunks++;
      onProgress?.({ bytesRead: 0, rowsRead, chunks });
    }
    return this;
  }

  /**
   * Adds events given as parallel columns (the fast path for data already in arrays): customer ids,
   * epoch-millisecond timestamps, optional event names and optional amounts in minor units (cents for
   * `amountDecimals: 2`, the default; negative for a refund, which nets the revenue of its cell).
   */
  addColumns(columns: EventColumns): this {
    const ctx = { fn: 'CohortBuilder.addColumns' };
    if (typeof columns !== 'object' || columns === null) fail(ctx, 'columns', 'an object of parallel arrays', columns);
    // Columns from this library's parsers carry their ids (and event names) as numbers: the string columns
    // are then neither made nor read.
    const rowIds = internedIdsOf(columns);
    const eventIds = rowIds !== undefined && hasInternedEvents(columns, rowIds) ? rowIds.events : undefined;
    const ids = rowIds === undefined ? arrayColumn(ctx, 'columns.customerId', own(columns, 'customerId')) : [];
    const n = rowIds === undefined ? ids.length : rowIds.index.length;
    const times = arrayColumn(ctx, 'columns.timestamp', own(columns, 'timestamp'));
    const rawEvents = eventIds === undefined ? own(columns, 'event') : undefined;
    const events = rawEvents === undefined ? undefined : arrayColumn(ctx, 'columns.event', rawEvents);
    const amounts = own(columns, 'amount') === undefined ? undefined : arrayColumn(ctx, 'columns.amount', own(columns, 'amount'));
    const decimals = own(columns, 'amountDecimals') === undefined ? 2 : count(ctx, 'columns.amountDecimals', own(columns, 'amountDecimals'));
    sameLengths(ctx, 'columns', n, [['timestamp', times], ['event', events], ['amount', amounts]]);
    // A parse's own numbers are customer numbers when the store shares its interner; otherwise each
    // distinct id is looked up once.
    const direct = rowIds !== undefined && this.#state.store.adopt(rowIds.interner);
    const customerOfId = new Int32Array(rowIds === undefined || direct ? 0 : rowIds.interner.ids.length).fill(-1);
    // With numbered event names, each name is classified once.
    const kindOf = new Int8Array(eventIds === undefined ? 0 : eventIds.names.length).fill(-1);
    const rows: ColumnRows = { n, ids, idNames: rowIds?.interner.ids, times, events, amounts, decimals, index: rowIds?.index, direct, customerOfId, eventIds, kindOf };
    // Rows go in ranges: a function called many times is optimised with complete type feedback, where
    // one long loop would run partly in unoptimised code (and box every float it touches).
    for (let from = 0; from < n; from += BLOCK_SIZE) {
      const to = Math.min(from + BLOCK_SIZE, n);
      if (direct) this.#state.addInternedRows(rows, from, to);
      else for (let i = from; i < to; i++) this.#state.addColumnRow(rows, i);
    }
    this.#state.flush();
    return this;
  }

  /** A new builder holding the events of this one and of `other` (same options); neither is changed. */
  merge(other: CohortBuilder<object>): CohortBuilder<R> {
    const ctx = { fn: 'CohortBuilder.merge' };
    // A brand check, not instanceof: Object.create(CohortBuilder.prototype) or a Proxy has no state.
    if (typeof other !== 'object' || other === null || !(#state in other)) {
      fail(ctx, 'other', 'a CohortBuilder made by its constructor or CohortBuilder.fromJSON (of this copy of the library)', other);
    }
    const differing = differingOption(this.#state.options, other.#state.options);
    if (differing !== undefined) {
      const mine = (this.#state.options as unknown as Record<string, unknown>)[differing];
      const theirs = (other.#state.options as unknown as Record<string, unknown>)[differing];
      fail(ctx, `other.options.${differing}`, `equal to this builder's options.${differing} (${JSON.stringify(mine)})`, Array.isArray(theirs) ? JSON.stringify(theirs) : theirs, 'INCONSISTENT_INPUT');
    }
    const { startEvents, returnEvents, ...rest } = this.#state.options;
    const merged = new CohortBuilder<R>({
      ...rest,
      ...(startEvents === null ? {} : { startEvents }),
      ...(returnEvents === null ? {} : { returnEvents }),
      ...this.#sourceOptions,
    } as CohortBuilderOptions<R>);
    for (const source of [this, other]) merged.#state.absorbBuilder(source.#state);
    return merged;
  }

  /**
   * The builder's state as plain JSON: options (without field accessors), the observed range, the
   * skipped records and, per customer, per period, the start-event count, return-event count and return
   * amount. Customers and periods are sorted, so equal states give equal JSON. The format is versioned
   * (`version: 1`) and kept readable by later releases.
   */
  toJSON(): CohortBuilderJSON {
    return builderJSON(this.#state);
  }

  /**
   * Restores a builder from {@link CohortBuilder.toJSON}; pass `fields` again to keep adding mapped records.
   * The JSON is checked as strictly as events are, since it may come from anywhere: known keys only, every
   * value typed, customers sorted with unique non-empty ids, every tally on the restored calendar (or, with
   * rolling windows, an instant) inside `range`, the range spanning exactly the tallies, and the counts
   * consistent with `recordsAdded`, `ignoredRecords` and the skipped records. Anything else is a MetricError
   * naming the JSON path, never a builder that would build a different table.
   */
  static fromJSON<R extends object = AnyEventRecord>(json: CohortBuilderJSON, options?: NoInfer<{ readonly fields?: EventFields<R> }>): CohortBuilder<R> {
    const ctx = { fn: 'CohortBuilder.fromJSON' };
    const restored = readSavedOptions(ctx, json, options);
    let builder: CohortBuilder<R>;
    try {
      builder = new CohortBuilder<R>(restored as CohortBuilderOptions<R>);
    } catch (error) {
      throw restoreError(ctx, error);
    }
    absorbSavedState(builder.#state, json);
    return builder;
  }

  /**
   * The cohort table over [from, to]. Rows are cohorts in period order; column k is offset k periods
   * after the cohort's period; cells after `to` are `null` and the period containing `to` is flagged
   * incomplete unless `to` is its last millisecond.
   *
   * Both ends are inclusive, as in {@link periodSummary}; a date-only `to` covers that whole day in the
   * builder's zone, so `{ from: '2024-01-01', to: '2024-03-31' }` is January to March, March complete,
   * and `to: '2024-04-01'` adds an April row (incomplete). An instant `to` is the last one observed.
   *
   * `from` and `to` select whole periods: the table covers every period that contains an instant of
   * [from, to], and the builder, which keeps counts per period, counts every event of those periods, even
   * one earlier than `from` in the first period or later than `to` in the last. Pass period boundaries,
   * or add only the events you want, when that matters.
   *
   * With `timeWindow: 'rolling'`, rows are the same calendar periods, column k is each member's k-th
   * window after its cohort start event, a cell exists when its row's start plus k windows is at most `to`,
   * and it is incomplete while some member's window k is still open at `to`.
   *
   * A table has at most 100,000 rows and 5,000,000 cells (rows × columns): a larger range is refused with
   * a MetricError on `options.to` naming its size, before it is allocated (narrow it with a coarser period,
   * `from`/`to`, or `returnRule` brackets).
   */
  build(options?: CohortBuildOptions): CohortTable {
    const ctx = { fn: 'CohortBuilder.build' };
    const opts = readOptions(ctx, options, ['from', 'to', 'returnRule']);
    const rule = own(opts, 'returnRule');
    // A rule object has one key: a typo such as { bracket: [...] } is refused, not read as no brackets.
    if (typeof rule === 'object' && rule !== null && !Array.isArray(rule)) record(ctx, 'options.returnRule', rule, ['brackets']);
    const from = instant(ctx, 'options.from', own(opts, 'from'), this.#state.options.timeZone) ?? this.#state.range?.[0];
    const to = instant(ctx, 'options.to', own(opts, 'to'), this.#state.options.timeZone, true) ?? this.#state.range?.[1];
    if (from === undefined || to === undefined) fail(ctx, 'options.from', 'given when no event was added', undefined, 'EMPTY_POPULATION');
    if (to < from) fail(ctx, 'options.to', `not before options.from (${new Date(from).toISOString()})`, own(opts, 'to') ?? new Date(to).toISOString(), 'INCONSISTENT_INPUT');
    const input = { calendar: this.#state.calendar, options: this.#state.options, from, to, returnRule: own(opts, 'returnRule'), store: this.#state.store };
    return this.#state.rolling ? buildRollingTable(input) : buildCohortTable(input);
  }
}
