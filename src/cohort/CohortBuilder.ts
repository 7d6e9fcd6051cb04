import { type Calendar, PERIOD_UNITS, type PeriodUnit, supportedRange } from '../core/_periods.js';
import { lastInstantOf, type TimestampInput, toEpochMs } from '../core/_time.js';
import { money } from '../core/_money.js';
import { count, fail, finiteNumber, oneOf, options as readOptions, own, record } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import { brandPrototype, brandSymbol, hasBrand } from '../core/_brand.js';
import { accessorError, accessors, type AnyEventRecord, type EventFields, readEvent, type SkippedRecord, toSkipped } from './_eventInput.js';
import { buildCohortTable, type ReturnRule } from './_buildTable.js';
import { CellStore } from './_cellStore.js';
import { arrayColumn, EPOCH_MS_CELL, MINOR_UNITS_CELL, sameLengths } from './_eventColumns.js';
import { BLOCK_SIZE, type ColumnRows, EventBlock, IGNORED, INVALID, plainPrototypeClean, RETURN, START, zoneOption } from './_builderParts.js';
import { hasInternedEvents, internedIdsOf } from './_internedIds.js';
import { IsoReader } from './_isoTimestamp.js';
import { minorUnits } from './_parseEventsCore.js';
import { PeriodIndex } from './_periodIndex.js';
import { buildRollingTable } from './_rollingTable.js';
import type { CohortTable } from './CohortTable.js';

/**
 * Options of {@link CohortBuilder}. Every axis of a cohort table is explicit, with a stated default.
 * @typeParam R - The type of the records added, whose fields `fields` names. Default {@link AnyEventRecord} (any object).
 * @category cohort
 */
export interface CohortBuilderOptions<R = AnyEventRecord> {
  /** Period unit of rows and offsets. Default `'month'`. */
  readonly period?: PeriodUnit;
  /** IANA time zone in which periods are calendar-aligned. Default `'UTC'`. */
  readonly timeZone?: string;
  /** First day of the week for `'week'` periods, 0 (Sunday) to 6. Default 1 (ISO Monday). */
  readonly weekStartsOn?: number;
  /**
   * `'first'` (default): a customer's cohort is the period of their first start event over all the data.
   * `'recurring'`: the customer is in every period in which they did a start event.
   */
  readonly cohortBy?: 'first' | 'recurring';
  /** Event names that define cohort membership. Default: any event. */
  readonly startEvents?: readonly string[];
  /** Event names that count as a return. Default: any event. */
  readonly returnEvents?: readonly string[];
  /** Return events needed in one period to count as returned in it. Default 1. */
  readonly minOccurrences?: number;
  /**
   * Where the fields of records of another shape are (names or accessors). Default: the CustomerEvent names.
   * Names must be keys of `R`, and accessors take an `R`: `new CohortBuilder<Order>({ fields: { customerId: (r) => r.user } })`.
   */
  readonly fields?: EventFields<R>;
  /** `'throw'` (default) at the first bad record, naming its index and field; or `'skip'` and report it. */
  readonly onInvalid?: 'throw' | 'skip';
  /**
   * Under `onInvalid: 'skip'`, how many skipped records are kept in full (index, field and reason) in
   * `skipped`; every skipped record, kept in full or not, is counted in `skippedCounts` by field, so
   * nothing is dropped silently while a million bad rows cost bounded memory and JSON. Default 1,000;
   * 0 keeps the counts only.
   */
  readonly maxSkipped?: number;
  /**
   * When both `startEvents` and `returnEvents` are set, what an event named in neither is: `'invalid'`
   * (default: a bad record, handled by `onInvalid`) or `'ignore'` (left out and counted in
   * `ignoredRecords`), for mixed streams such as purchases with support interactions.
   */
  readonly unknownEvents?: 'invalid' | 'ignore';
  /**
   * `'calendar'` (default): offset k is the k-th calendar period after the cohort's period. `'rolling'`:
   * offset k is the k-th window of fixed length W after each member's own cohort start event, with W =
   * 1 h, 24 h, 7 d, 30 d, 90 d or 365 d for `period` hour, day, week, month, quarter or year (Amplitude's
   * and PostHog's "N-day" retention); rows stay the calendar periods of the start events.
   */
  readonly timeWindow?: 'calendar' | 'rolling';
  /**
   * With `timeWindow: 'rolling'`, where windows are measured from. `'exact'` (default): the instants
   * themselves. `'hour'`: every timestamp rounded down to the start of its hour in `timeZone`, as
   * Amplitude computes daily N-day retention (a first event at 17:59 and a return at 17:00 the next day
   * are 24 hours apart: day 1). `'day'`: rounded down to its local calendar day, as Amplitude computes
   * weekly (7-day) and monthly (30-day) retention (not with `period: 'hour'`). Rows stay the calendar
   * periods of the exact start events.
   */
  readonly rollingAnchor?: 'exact' | 'hour' | 'day';
}

/**
 * Options of {@link CohortBuilder.build}.
 * @category cohort
 */
export interface CohortBuildOptions {
  /** First instant of the observed range (inclusive; a date alone is its midnight in the builder's zone). Default: the earliest event added. */
  readonly from?: TimestampInput;
  /**
   * Last instant of the observed range (inclusive). A date alone covers that whole day in the builder's
   * zone: `to: '2024-03-31'` ends with March, complete. Default: the latest event added.
   */
  readonly to?: TimestampInput;
  /**
   * `'on'` (default): returned in exactly offset k. `'onOrAfter'`: returned in k or any later offset.
   * `{ brackets: [1, 2, 4] }`: returned at least once in offsets [1, 2), [2, 4), [4, end].
   */
  readonly returnRule?: ReturnRule;
}

/**
 * The JSON form of a builder (see {@link CohortBuilder.toJSON}).
 * @category cohort
 */
export interface CohortBuilderJSON {
  /** Format tag, checked by `fromJSON`. */
  readonly format: 'loyalty-metrics/cohort-builder';
  /** Format version; later releases keep reading version 1. */
  readonly version: 1;
  /**
   * The options in force. `timeWindow` is written only when it is `'rolling'`, so the JSON of calendar
   * builders is that of earlier releases; a JSON without it is a calendar builder.
   */
  readonly options: Omit<CohortBuilderOptionsJSON, 'timeWindow' | 'rollingAnchor'> & {
    /** `'rolling'` for a builder of rolling windows; absent for calendar windows. */
    readonly timeWindow?: 'rolling';
    /** `'hour'` or `'day'` for rolling windows of rounded timestamps; absent for `'exact'`. */
    readonly rollingAnchor?: 'hour' | 'day';
  };
  /** Earliest and latest event time (epoch ms), or null before any event. */
  readonly range: readonly [number, number] | null;
  /** Records passed to `add`, valid or not. */
  readonly recordsAdded: number;
  /** Valid records left out as neither start nor return events. */
  readonly ignoredRecords: number;
  /**
   * Records refused with an error under `onInvalid: 'throw'` (counted in `recordsAdded`, not tallied).
   * Absent in the JSON of earlier releases, where it is read as what `recordsAdded` leaves over.
   */
  readonly refusedRecords?: number;
  /** The first skipped records (at most `options.maxSkipped`), in full. */
  readonly skipped: readonly SkippedRecord[];
  /**
   * Every skipped record, counted by its field without the record index (`record`, `customerId`,
   * `timestamp`, `event` or `amount`). Absent in the JSON of earlier releases, where `skipped` lists
   * every skipped record.
   */
  readonly skippedCounts?: Readonly<Record<string, number>>;
  /**
   * [customerId, [[periodStart, startEvents, returnEvents, returnAmount], ...]]; with rolling windows the
   * first number is the exact instant of the events instead of their period's start.
   */
  readonly customers: readonly (readonly [string, readonly (readonly [number, number, number, string])[]])[];
}

/**
 * Serialisable options (field accessors cannot be serialised and are not needed after adding).
 * @category cohort
 */
export type CohortBuilderOptionsJSON = Omit<Required<CohortBuilderOptions>, 'fields' | 'startEvents' | 'returnEvents'> & {
  /** Start event names, or null for any event. */
  readonly startEvents: readonly string[] | null;
  /** Return event names, or null for any event. */
  readonly returnEvents: readonly string[] | null;
};

const OPTION_KEYS = ['period', 'timeZone', 'weekStartsOn', 'cohortBy', 'startEvents', 'returnEvents', 'minOccurrences', 'fields', 'onInvalid', 'unknownEvents', 'timeWindow', 'maxSkipped', 'rollingAnchor'];

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

  readonly #options: CohortBuilderOptionsJSON;
  /** Typed without `R`, so a builder of any record type is a `CohortBuilder<object>` (see merge). */
  readonly #sourceOptions: { readonly fields: unknown } | undefined;
  readonly #calendar: Calendar;
  readonly #periods: PeriodIndex;
  /** The instants whose period lies inside the ECMAScript time range (see supportedRange); others are refused. */
  readonly #minTime: number;
  readonly #maxTime: number;
  /** Rolling windows: cells are keyed by the exact instant of the events, not by their period. */
  readonly #rolling: boolean;
  readonly #store = new CellStore();
  readonly #read: ReturnType<typeof accessors>;
  /** Whether records are read by the default field names (then read inline, not through accessors). */
  readonly #defaultFields: boolean;
  readonly #iso: IsoReader;
  readonly #starts: ReadonlySet<string> | undefined;
  readonly #returns: ReadonlySet<string> | undefined;
  readonly #known: ReadonlySet<string> | undefined;
  /** Event names classified lately, and their classes (a small cache: a stream has few names). */
  readonly #kindNames: unknown[] = [];
  readonly #kindValues: number[] = [];
  /** The first skipped records (at most options.maxSkipped), frozen. */
  readonly #skipped: SkippedRecord[] = [];
  /** Every skipped record, counted by field (see {@link skipKey}). */
  readonly #skippedCounts = new Map<string, number>();
  #skippedTotal = 0;
  /** What the `skipped` getter hands out, made once per change. */
  #skippedView: readonly SkippedRecord[] | undefined;
  /** Valid events read but not yet counted by the store (see #flush). */
  readonly #block = new EventBlock();
  #recordsAdded = 0;
  #ignored = 0;
  /** Records refused with an error (onInvalid 'throw'): counted in #recordsAdded, so JSON can account for them. */
  #refused = 0;
  #range: [number, number] | null = null;

  constructor(options?: NoInfer<CohortBuilderOptions<R>>) {
    const ctx = { fn: 'CohortBuilder' };
    const opts = readOptions(ctx, options, OPTION_KEYS);
    // Only the field mapping is kept from the caller's object (which the caller may change later); merge
    // rebuilds the other options from the validated ones.
    this.#sourceOptions = own(opts, 'fields') === undefined ? undefined : { fields: own(opts, 'fields') };
    const timeZone = zoneOption(ctx, own(opts, 'timeZone') ?? 'UTC');
    const weekStartsOn = own(opts, 'weekStartsOn') === undefined ? 1 : finiteNumber(ctx, 'options.weekStartsOn', own(opts, 'weekStartsOn'), { min: 0, max: 6, rule: 'an integer from 0 (Sunday) to 6' });
    if (!Number.isInteger(weekStartsOn)) fail(ctx, 'options.weekStartsOn', 'an integer from 0 (Sunday) to 6', weekStartsOn);
    const minOccurrences = own(opts, 'minOccurrences') === undefined ? 1 : count(ctx, 'options.minOccurrences', own(opts, 'minOccurrences'));
    if (minOccurrences < 1) fail(ctx, 'options.minOccurrences', 'a positive integer', minOccurrences);
    const startEvents = eventNames(ctx, 'options.startEvents', own(opts, 'startEvents'));
    const returnEvents = eventNames(ctx, 'options.returnEvents', own(opts, 'returnEvents'));
    this.#options = Object.freeze({
      period: oneOf(ctx, 'options.period', own(opts, 'period'), PERIOD_UNITS, 'month'),
      timeZone,
      weekStartsOn,
      cohortBy: oneOf(ctx, 'options.cohortBy', own(opts, 'cohortBy'), ['first', 'recurring'], 'first'),
      startEvents,
      returnEvents,
      minOccurrences,
      onInvalid: oneOf(ctx, 'options.onInvalid', own(opts, 'onInvalid'), ['throw', 'skip'], 'throw'),
      maxSkipped: own(opts, 'maxSkipped') === undefined ? DEFAULT_MAX_SKIPPED : count(ctx, 'options.maxSkipped', own(opts, 'maxSkipped')),
      unknownEvents: oneOf(ctx, 'options.unknownEvents', own(opts, 'unknownEvents'), ['invalid', 'ignore'], 'invalid'),
      timeWindow: oneOf(ctx, 'options.timeWindow', own(opts, 'timeWindow'), ['calendar', 'rolling'], 'calendar'),
      rollingAnchor: oneOf(ctx, 'options.rollingAnchor', own(opts, 'rollingAnchor'), ['exact', 'hour', 'day'], 'exact'),
    });
    if (this.#options.rollingAnchor !== 'exact' && this.#options.timeWindow !== 'rolling') {
      fail(ctx, 'options.rollingAnchor', "'exact' unless options.timeWindow is 'rolling'", this.#options.rollingAnchor);
    }
    if (this.#options.rollingAnchor === 'day' && this.#options.period === 'hour') {
      fail(ctx, 'options.rollingAnchor', "'exact' or 'hour' with period 'hour' (a day is longer than the window)", this.#options.rollingAnchor);
    }
    this.#rolling = this.#options.timeWindow === 'rolling';
    this.#calendar = { unit: this.#options.period, timeZone, weekStartsOn };
    this.#periods = new PeriodIndex(this.#calendar);
    [this.#minTime, this.#maxTime] = supportedRange(this.#calendar);
    this.#read = accessors('CohortBuilder', own(opts, 'fields'));
    this.#defaultFields = own(opts, 'fields') === undefined;
    this.#iso = new IsoReader(timeZone === 'UTC');
    this.#starts = startEvents === null ? undefined : new Set(startEvents);
    this.#returns = returnEvents === null ? undefined : new Set(returnEvents);
    const bothListed = startEvents !== null && returnEvents !== null;
    this.#known = bothListed && this.#options.unknownEvents === 'invalid' ? new Set([...startEvents, ...returnEvents]) : undefined;
  }

  /** The options in force, with every default filled in. */
  get options(): CohortBuilderOptionsJSON {
    return this.#options;
  }

  /**
   * The first records skipped under `onInvalid: 'skip'` (at most `options.maxSkipped`, default 1,000), with
   * index, field and reason; a frozen array, made once per change. `skippedCount` and `skippedCounts`
   * count every skipped record.
   */
  get skipped(): readonly SkippedRecord[] {
    this.#skippedView ??= Object.freeze(this.#skipped.slice());
    return this.#skippedView;
  }

  /** How many records were skipped under `onInvalid: 'skip'` in all (kept in `skipped` or not). */
  get skippedCount(): number {
    return this.#skippedTotal;
  }

  /**
   * Every skipped record counted by its field without the record index: `record` (not an object),
   * `customerId`, `timestamp`, `event` or `amount`. The counts add up to `skippedCount`.
   */
  get skippedCounts(): Readonly<Record<string, number>> {
    return Object.freeze(Object.fromEntries([...this.#skippedCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }

  /** Valid records left out because their event is neither a start nor a return event (`unknownEvents: 'ignore'`). */
  get ignoredRecords(): number {
    return this.#ignored;
  }

  /** Every record passed to `add` so far, valid or not. */
  get recordsAdded(): number {
    return this.#recordsAdded;
  }

  /** Distinct customers with at least one valid event. */
  get customerCount(): number {
    return this.#store.customerCount;
  }

  /** Adds one event (or a record of another shape, read through `options.fields`). Returns this builder. */
  add(record: R): this {
    this.#addRecord(record);
    this.#flush();
    return this;
  }

  /** Adds every event of an array or any iterable. */
  addAll(records: Iterable<R>): this {
    if (records === null || typeof (records as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
      const isAsync = typeof (records as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
      fail({ fn: 'CohortBuilder.addAll' }, 'records', isAsync ? 'an iterable of events (for an async iterable, await addAllAsync(records))' : 'an iterable of events', records);
    }
    try {
      for (const record of records) this.#addRecord(record);
    } finally {
      this.#flush();
    }
    return this;
  }

  /** Adds every event of an async iterable (a stream of rows or of pages of rows). */
  async addAllAsync(records: AsyncIterable<R | readonly R[]>): Promise<this> {
    if (records === null || typeof (records as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] !== 'function') {
      fail({ fn: 'CohortBuilder.addAllAsync' }, 'records', 'an async iterable of events or of arrays of events', records);
    }
    for await (const item of records) {
      if (Array.isArray(item)) this.addAll(item);
      else this.add(item as R);
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
    const direct = rowIds !== undefined && this.#store.adopt(rowIds.interner);
    const customerOfId = new Int32Array(rowIds === undefined || direct ? 0 : rowIds.interner.ids.length).fill(-1);
    // With numbered event names, each name is classified once.
    const kindOf = new Int8Array(eventIds === undefined ? 0 : eventIds.names.length).fill(-1);
    const rows: ColumnRows = { n, ids, idNames: rowIds?.interner.ids, times, events, amounts, decimals, index: rowIds?.index, direct, customerOfId, eventIds, kindOf };
    // Rows go in ranges: a function called many times is optimised with complete type feedback, where
    // one long loop would run partly in unoptimised code (and box every float it touches).
    for (let from = 0; from < n; from += BLOCK_SIZE) {
      const to = Math.min(from + BLOCK_SIZE, n);
      if (direct) this.#addInternedRows(rows, from, to);
      else for (let i = from; i < to; i++) this.#addColumnRow(rows, i);
    }
    this.#flush();
    return this;
  }

  /** Rows from .. to-1 of parsed columns whose interner the store shares: ids need no check and no lookup. */
  #addInternedRows(rows: ColumnRows, from: number, to: number): void {
    const { times, events, amounts, decimals, eventIds, kindOf } = rows;
    const index = rows.index as Int32Array;
    const block = this.#block;
    const minTime = this.#minTime;
    const maxTime = this.#maxTime;
    for (let i = from; i < to; i++) {
      const time = times[i];
      let kind: number;
      if (eventIds !== undefined) {
        const e = eventIds.index[i] as number;
        kind = kindOf[e] as number;
        if (kind < 0) kind = kindOf[e] = this.#kind(eventIds.names[e]);
      } else {
        kind = this.#kind(events === undefined ? 'purchase' : (events[i] ?? 'purchase'));
      }
      const minor = amounts === undefined ? 0 : (amounts[i] ?? 0);
      if (kind === INVALID || typeof time !== 'number' || !(time >= minTime && time <= maxTime) || typeof minor !== 'number' || !Number.isSafeInteger(minor)) {
        this.#addColumnRow(rows, i);
        continue;
      }
      this.#recordsAdded++;
      if (kind === IGNORED) {
        this.#ignored++;
        continue;
      }
      // #push, written out: a call per row would box the float arguments.
      if (block.size === BLOCK_SIZE || (block.size > 0 && block.decimals !== decimals)) this.#flush();
      const j = block.size++;
      block.customer[j] = index[i] as number;
      block.time[j] = time;
      block.kind[j] = kind;
      block.minor[j] = (kind & RETURN) === 0 ? 0 : minor;
      block.decimals = decimals;
    }
  }

  /** One row of columns, checked field by field; anything unusual goes through the general reader for its message. */
  #addColumnRow(rows: ColumnRows, i: number): void {
    const { ids, idNames, times, events, eventIds, amounts, decimals, index, direct, customerOfId } = rows;
    const rawId = idNames === undefined ? ids[i] : idNames[index![i] as number];
    const time = times[i];
    const rawEvent = eventIds === undefined ? events?.[i] : eventIds.names[eventIds.index[i] as number];
    const kind = this.#kind(rawEvent ?? 'purchase');
    // A row whose interned id was already accepted needs no id check and no lookup.
    const id = index === undefined ? -1 : (index[i] as number);
    let customer = id < 0 ? -1 : direct ? id : (customerOfId[id] as number);
    const idOk = customer >= 0 || (typeof rawId === 'string' ? rawId !== '' : typeof rawId === 'number' && Number.isFinite(rawId));
    if (!idOk || typeof time !== 'number' || !(time >= this.#minTime && time <= this.#maxTime) || kind === INVALID) {
      // Columns hold epoch milliseconds only: a string or Date here is refused, so the general reader below
      // (used for its messages) can never accept the row and drop its amount.
      if (idOk && typeof time !== 'number') {
        this.#reject(new MetricError({ code: 'INVALID_INPUT', functionName: 'CohortBuilder.addColumns', field: `events[${this.#recordsAdded}].timestamp`, rule: EPOCH_MS_CELL, received: time }));
        return;
      }
      this.#addOne({ customerId: rawId, timestamp: time, event: rawEvent, amount: 0 }, DEFAULT_READ);
      return;
    }
    const minor = amounts?.[i] ?? 0;
    if (!(typeof minor === 'number' && Number.isSafeInteger(minor))) {
      this.#reject(new MetricError({ code: 'INVALID_INPUT', functionName: 'CohortBuilder.addColumns', field: `events[${this.#recordsAdded}].amount`, rule: MINOR_UNITS_CELL, received: minor }));
      return;
    }
    this.#recordsAdded++;
    if (kind === IGNORED) {
      this.#ignored++;
      return;
    }
    if (customer < 0) {
      customer = typeof rawId === 'string' ? this.#store.customerOf(rawId) : this.#store.customerOfNumber(rawId as number);
      if (id >= 0 && !direct) customerOfId[id] = customer;
    }
    this.#push(customer, time, kind, (kind & RETURN) === 0 ? 0 : minor, decimals);
  }

  /** A new builder holding the events of this one and of `other` (same options); neither is changed. */
  merge(other: CohortBuilder<object>): CohortBuilder<R> {
    const ctx = { fn: 'CohortBuilder.merge' };
    // A brand check, not instanceof: Object.create(CohortBuilder.prototype) or a Proxy has no state.
    if (typeof other !== 'object' || other === null || !(#store in other)) {
      fail(ctx, 'other', 'a CohortBuilder made by its constructor or CohortBuilder.fromJSON (of this copy of the library)', other);
    }
    const differing = differingOption(this.#options, other.#options);
    if (differing !== undefined) {
      const mine = (this.#options as unknown as Record<string, unknown>)[differing];
      const theirs = (other.#options as unknown as Record<string, unknown>)[differing];
      fail(ctx, `other.options.${differing}`, `equal to this builder's options.${differing} (${JSON.stringify(mine)})`, Array.isArray(theirs) ? JSON.stringify(theirs) : theirs, 'INCONSISTENT_INPUT');
    }
    const { startEvents, returnEvents, ...rest } = this.#options;
    const merged = new CohortBuilder<R>({
      ...rest,
      ...(startEvents === null ? {} : { startEvents }),
      ...(returnEvents === null ? {} : { returnEvents }),
      ...this.#sourceOptions,
    } as CohortBuilderOptions<R>);
    for (const source of [this, other]) merged.#absorbBuilder(source);
    return merged;
  }

  /** Adds another builder's state, store to store: what `#absorb(source.toJSON())` adds, without the JSON. */
  #absorbBuilder(source: CohortBuilder<object>): void {
    this.#store.absorb(source.#store);
    if (source.#range !== null) this.#widenRange(source.#range[0], source.#range[1]);
    this.#recordsAdded += source.#recordsAdded;
    this.#ignored += source.#ignored;
    this.#refused += source.#refused;
    this.#absorbSkipped(source.#skipped, source.#skippedCounts);
  }

  /**
   * Adds skipped records: their counts, and their entries while this builder's list is complete and has
   * room, so the list stays the first records of the concatenation (which keeps merge associative).
   */
  #absorbSkipped(entries: readonly SkippedRecord[], counts: ReadonlyMap<string, number>): void {
    const complete = this.#skipped.length === this.#skippedTotal;
    for (const [key, n] of counts) this.#noteSkipped(undefined, n, key);
    if (!complete) return;
    for (const entry of entries) {
      if (this.#skipped.length >= this.#options.maxSkipped) break;
      this.#skipped.push(Object.isFrozen(entry) ? entry : Object.freeze({ index: entry.index, field: entry.field, reason: entry.reason }));
      this.#skippedView = undefined;
    }
  }

  /**
   * The builder's state as plain JSON: options (without field accessors), the observed range, the
   * skipped records and, per customer, per period, the start-event count, return-event count and return
   * amount. Customers and periods are sorted, so equal states give equal JSON. The format is versioned
   * (`version: 1`) and kept readable by later releases.
   */
  toJSON(): CohortBuilderJSON {
    const store = this.#store;
    store.compact();
    const offsets = store.customerOffsets();
    const ids = store.ids;
    const byId = Array.from(ids.keys())
      .filter((customer) => offsets[customer + 1]! > offsets[customer]!)
      .sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    // Cells are kept in (customer, key) order, so each customer's periods come out sorted.
    const customers = byId.map((customer) => {
      const periods: (readonly [number, number, number, string])[] = [];
      for (let cell = offsets[customer]!; cell < offsets[customer + 1]!; cell++) {
        periods.push([store.keyAt(cell), store.startsAt(cell), store.returnsAt(cell), store.amountTextAt(cell)]);
      }
      return [ids[customer]!, periods] as const;
    });
    return {
      format: 'loyalty-metrics/cohort-builder',
      version: 1,
      options: jsonOptions(this.#options),
      range: this.#range === null ? null : [this.#range[0], this.#range[1]],
      recordsAdded: this.#recordsAdded,
      ignoredRecords: this.#ignored,
      refusedRecords: this.#refused,
      skipped: this.#skipped.slice(),
      skippedCounts: this.skippedCounts,
      customers,
    };
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
    const opts = readOptions(ctx, options, ['fields']);
    if (typeof json !== 'object' || json === null || own(json, 'format') !== 'loyalty-metrics/cohort-builder') {
      fail(ctx, 'json.format', "'loyalty-metrics/cohort-builder'", typeof json === 'object' && json !== null ? own(json, 'format') : json);
    }
    record(ctx, 'json', json, JSON_KEYS);
    if (own(json, 'version') !== 1) fail(ctx, 'json.version', '1', own(json, 'version'));
    const saved = record(ctx, 'json.options', own(json, 'options'), JSON_OPTION_KEYS);
    for (const key of REQUIRED_JSON_OPTIONS) if (own(saved, key) === undefined) fail(ctx, `json.options.${key}`, 'present, as toJSON() writes it', undefined);
    for (const key of ['startEvents', 'returnEvents']) {
      if (own(saved, key) !== null && !Array.isArray(own(saved, key))) fail(ctx, `json.options.${key}`, 'null or a non-empty array of event names', own(saved, key));
    }
    const restored: Record<string, unknown> = {};
    for (const key of Object.keys(saved)) {
      const value = own(saved, key);
      // null means "any event" for the event lists only; elsewhere it must not read as the default.
      if (value === null && key !== 'startEvents' && key !== 'returnEvents') fail(ctx, `json.options.${key}`, 'a value, as toJSON() writes it (null only for startEvents and returnEvents)', value);
      if (value !== null) restored[key] = value;
    }
    if (own(opts, 'fields') !== undefined) restored.fields = own(opts, 'fields');
    let builder: CohortBuilder<R>;
    try {
      builder = new CohortBuilder<R>(restored as CohortBuilderOptions<R>);
    } catch (error) {
      // The constructor's words, with the JSON path: options.period -> json.options.period.
      if (!(error instanceof MetricError) || error.functionName !== 'CohortBuilder') throw error;
      const rule = error.message.slice(error.message.indexOf(' must be ') + 9, error.message.lastIndexOf(', received '));
      const field = error.field.startsWith('options.fields') ? error.field : `json.${error.field}`;
      throw new MetricError({ code: error.code, functionName: ctx.fn, field, rule, received: error.received });
    }
    builder.#absorb(json);
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
    const from = instant(ctx, 'options.from', own(opts, 'from'), this.#options.timeZone) ?? this.#range?.[0];
    const to = instant(ctx, 'options.to', own(opts, 'to'), this.#options.timeZone, true) ?? this.#range?.[1];
    if (from === undefined || to === undefined) fail(ctx, 'options.from', 'given when no event was added', undefined, 'EMPTY_POPULATION');
    if (to < from) fail(ctx, 'options.to', `not before options.from (${new Date(from).toISOString()})`, own(opts, 'to') ?? new Date(to).toISOString(), 'INCONSISTENT_INPUT');
    const input = { calendar: this.#calendar, options: this.#options, from, to, returnRule: own(opts, 'returnRule'), store: this.#store };
    return this.#rolling ? buildRollingTable(input) : buildCohortTable(input);
  }

  /** Counts a bad record, then throws or reports it as `onInvalid` says. */
  #reject(error: MetricError): void {
    this.#flush();
    const index = this.#recordsAdded++;
    if (this.#options.onInvalid === 'throw') {
      this.#refused++;
      throw error;
    }
    this.#noteSkipped(toSkipped(error, index), 1);
  }

  /** Counts `count` skipped records of `entry`'s field, and keeps `entry` in full while there is room. */
  #noteSkipped(entry: SkippedRecord | undefined, count: number, key = entry === undefined ? '' : skipKey(entry.field)): void {
    this.#skippedTotal += count;
    this.#skippedCounts.set(key, (this.#skippedCounts.get(key) ?? 0) + count);
    if (entry !== undefined && this.#skipped.length < this.#options.maxSkipped) {
      this.#skipped.push(Object.isFrozen(entry) ? entry : Object.freeze({ index: entry.index, field: entry.field, reason: entry.reason }));
      this.#skippedView = undefined;
    }
  }

  /**
   * Adds one record. Records of the usual shape (a text or numeric id, an ISO-8601 string in a common
   * form or epoch ms or a Date, a number amount with few decimals) take a fast path that validates them
   * inline and never makes a Decimal; anything else goes through the general reader, which also words
   * the errors, so both paths accept the same records with the same meaning.
   */
  #addRecord(record: unknown): void {
    if (typeof record !== 'object' || record === null) return this.#addOne(record, this.#read);
    let rawId: unknown;
    let rawTime: unknown;
    let rawEvent: unknown;
    let rawAmount: unknown;
    if (this.#defaultFields) {
      const r = record as { customerId?: unknown; timestamp?: unknown; event?: unknown; amount?: unknown };
      const proto = Object.getPrototypeOf(r);
      if ((proto === Object.prototype && plainPrototypeClean()) || proto === null) {
        // A plain record: a property it does not own reads as undefined anyway, without four hasOwn calls.
        rawId = r.customerId;
        rawTime = r.timestamp;
        rawEvent = r.event;
        rawAmount = r.amount;
      } else {
        rawId = Object.hasOwn(r, 'customerId') ? r.customerId : undefined;
        rawTime = Object.hasOwn(r, 'timestamp') ? r.timestamp : undefined;
        rawEvent = Object.hasOwn(r, 'event') ? r.event : undefined;
        rawAmount = Object.hasOwn(r, 'amount') ? r.amount : undefined;
      }
    } else {
      const [readId, readTime, readEventName, readAmount] = this.#read;
      let field = 0;
      try {
        rawId = readId(record);
        field = 1;
        rawTime = readTime(record);
        field = 2;
        rawEvent = readEventName(record);
        field = 3;
        rawAmount = readAmount(record);
      } catch (error) {
        return this.#reject(accessorError('CohortBuilder.add', this.#recordsAdded, field, record, error));
      }
    }
    const kind = this.#kind(rawEvent === undefined ? 'purchase' : rawEvent);
    const timeOk = this.#readTime(rawTime);
    const idOk = typeof rawId === 'string' ? rawId !== '' : typeof rawId === 'number' && Number.isFinite(rawId);
    // Amounts other than numbers (strings, bigints, Decimals) and numbers with many decimals are read
    // exactly by the general reader.
    const minor = rawAmount === undefined || rawAmount === null ? 0 : this.#minorOf(rawAmount);
    if (!idOk || !timeOk || kind === INVALID || Number.isNaN(minor)) return this.#addRead(record, rawId, rawTime, rawEvent, rawAmount);
    this.#recordsAdded++;
    if (kind === IGNORED) {
      this.#ignored++;
      return;
    }
    const store = this.#store;
    const customer = typeof rawId === 'string' ? store.customerOf(rawId) : store.customerOfNumber(rawId as number);
    // #push, written out: a call that is not inlined would box the time.
    const block = this.#block;
    const decimals = this.#amountScale();
    if (block.size === BLOCK_SIZE || (block.size > 0 && block.decimals !== decimals)) this.#flush();
    const j = block.size++;
    block.customer[j] = customer;
    block.time[j] = this.#time;
    block.kind[j] = kind;
    block.minor[j] = (kind & RETURN) === 0 ? 0 : minor;
    block.decimals = decimals;
  }

  /**
   * The general path for a record whose fields are read already (read once: accessors may have effects).
   * A function of its own, so that #addRecord captures no variable in a closure (which would allocate a
   * context per record).
   */
  #addRead(record: object, rawId: unknown, rawTime: unknown, rawEvent: unknown, rawAmount: unknown): void {
    // The values read already, not the accessors again: an accessor is called once per record.
    this.#addOne(record, [() => rawId, () => rawTime, () => rawEvent, () => rawAmount] as const);
  }

  /**
   * Reads a timestamp on the fast path into `#time`; false when the general reader must decide. (The
   * instant goes through a field: a float returned by a call that is not inlined would be boxed.)
   */
  #readTime(value: unknown): boolean {
    let ms = Number.NaN;
    if (typeof value === 'string') {
      if (!this.#iso.parse(value, 0, value.length)) return false;
      ms = this.#iso.value;
    } else if (typeof value === 'number') ms = Math.abs(value) <= 8.64e15 ? value + 0 : Number.NaN;
    else if (value instanceof Date) ms = value.getTime();
    // NaN, and instants whose period is not inside the time range, go to the general path, which refuses them.
    if (!(ms >= this.#minTime && ms <= this.#maxTime)) return false;
    this.#time = ms;
    return true;
  }

  /** The instant `#readTime` read last. */
  #time = 0;

  /** Decimals of the minor units that number amounts are read in: the store's, or cents before any amount. */
  #amountScale(): number {
    return this.#store.hasScale ? this.#store.scale : 2;
  }

  /**
   * A number amount in exact minor units of 10^-scale (negative for a refund), or NaN when it has more
   * decimals (or is huge or not a number). m = round(x · 10^s) is exact when m / 10^s === x and m < 2^50: doubles that
   * small are closer together than a quarter of 10^-s, so x's shortest decimal form, which the general
   * reader uses, is then exactly m · 10^-s.
   */
  #minorOf(amount: unknown): number {
    if (typeof amount !== 'number') return Number.NaN;
    const power = TEN_POWERS[this.#amountScale()] as number;
    const minor = Math.round(amount * power);
    return Math.abs(minor) < 2 ** 50 && minor / power === amount ? minor + 0 : Number.NaN;
  }

  /** START | RETURN bits of an event name, or IGNORED, or INVALID (not a name, or an unknown name). */
  #kind(event: unknown): number {
    const names = this.#kindNames;
    for (let k = 0; k < names.length; k++) if (names[k] === event) return this.#kindValues[k] as number;
    let kind: number;
    if (typeof event !== 'string' || event === '' || (this.#known !== undefined && !this.#known.has(event))) kind = INVALID;
    else {
      const isStart = this.#starts === undefined || this.#starts.has(event);
      const isReturn = this.#returns === undefined || this.#returns.has(event);
      kind = (isStart ? START : 0) | (isReturn ? RETURN : 0);
    }
    // The newest name goes first; the cache keeps the last few.
    names.unshift(event);
    this.#kindValues.unshift(kind);
    if (names.length > KIND_CACHE) {
      names.pop();
      this.#kindValues.pop();
    }
    return kind;
  }

  /** The general path: validates with the reader that words the errors. */
  #addOne(record: unknown, read: ReturnType<typeof accessors> | readonly [() => unknown, () => unknown, () => unknown, () => unknown]): void {
    let event;
    try {
      event = readEvent('CohortBuilder.add', record, this.#recordsAdded, read as ReturnType<typeof accessors>, this.#options.timeZone, this.#known);
    } catch (error) {
      if (!(error instanceof MetricError)) throw error;
      this.#reject(error);
      return;
    }
    // Checked before any state changes: a period past the ends of the time range cannot be placed.
    if (!(event.timestamp >= this.#minTime && event.timestamp <= this.#maxTime)) {
      this.#reject(this.#outsideTimeRange(event.timestamp));
      return;
    }
    this.#recordsAdded++;
    const kind = this.#kind(event.event);
    if (kind === IGNORED) {
      this.#ignored++;
      return;
    }
    this.#flush();
    const customer = this.#store.customerOf(event.customerId);
    this.#widenRange(event.timestamp, event.timestamp);
    const key = this.#rolling ? event.timestamp : this.#periods.startOf(event.timestamp);
    this.#store.add(customer, key, kind & START ? 1 : 0, kind & RETURN ? 1 : 0);
    if ((kind & RETURN) !== 0 && event.amount !== undefined) this.#store.addDecimal(customer, event.amount);
  }

  /** The error of a valid instant whose period is not inside the time range (within a period of ±8.64e15 ms). */
  #outsideTimeRange(ms: number): MetricError {
    const iso = (t: number) => new Date(t).toISOString();
    return new MetricError({
      code: 'INVALID_INPUT',
      functionName: 'CohortBuilder.add',
      field: `events[${this.#recordsAdded}].timestamp`,
      rule: `an instant from ${iso(this.#minTime)} to ${iso(this.#maxTime)} (its ${this.#calendar.unit} period inside the ECMAScript time range)`,
      received: iso(ms),
    });
  }

  /** Queues a valid event; the store counts queued events in blocks. */
  #push(customer: number, time: number, kind: number, minor: number, decimals: number): void {
    const block = this.#block;
    if (block.size === BLOCK_SIZE || (block.size > 0 && block.decimals !== decimals)) this.#flush();
    const j = block.size++;
    block.customer[j] = customer;
    block.time[j] = time;
    block.kind[j] = kind;
    block.minor[j] = minor;
    block.decimals = decimals;
  }

  /** Counts the queued events: the observed range, the period of each, then the store in one loop. */
  #flush(): void {
    const block = this.#block;
    const n = block.size;
    if (n === 0) return;
    block.size = 0;
    const times = block.time;
    let low = times[0] as number;
    let high = low;
    for (let j = 0; j < n; j++) {
      const time = times[j] as number;
      if (time < low) low = time;
      else if (time > high) high = time;
    }
    this.#widenRange(low, high);
    if (!this.#rolling) this.#periods.startsOf(times, n);
    this.#store.addBlock(block.customer, times, block.kind, block.minor, n, block.decimals);
  }

  #widenRange(low: number, high: number): void {
    const range = this.#range;
    if (range === null) this.#range = [low, high];
    else {
      if (low < range[0]) range[0] = low;
      if (high > range[1]) range[1] = high;
    }
  }

  /**
   * Adds a serialised state to this new builder; every value is checked, since JSON may come from anywhere
   * (see fromJSON). Field names are made only for a bad value: a saved state has hundreds of thousands of cells.
   */
  #absorb(json: object): void {
    const ctx = { fn: 'CohortBuilder.fromJSON' };
    const recordsAdded = count(ctx, 'json.recordsAdded', own(json, 'recordsAdded'));
    const ignored = own(json, 'ignoredRecords') === undefined ? 0 : count(ctx, 'json.ignoredRecords', own(json, 'ignoredRecords'));
    const range = readRange(ctx, own(json, 'range'), this.#minTime, this.#maxTime);
    const skippedTotal = this.#absorbSavedSkipped(ctx, json, recordsAdded);
    const customers = own(json, 'customers');
    if (!Array.isArray(customers)) fail(ctx, 'json.customers', 'an array of [customerId, periods]', customers);
    if (customers.length > 0 && range === null) fail(ctx, 'json.range', '[earliest, latest] in epoch ms when there are customers', null, 'INCONSISTENT_INPUT');
    const store = this.#store;
    const rolling = this.#rolling;
    const periods = this.#periods;
    // The tallies lie in [low, high]; the range is exactly spanned by them (it is the earliest and latest event).
    const low = range === null ? 0 : rolling ? range[0] : periods.startOf(range[0]);
    const high = range === null ? 0 : rolling ? range[1] : periods.startOf(range[1]);
    const unit = rolling ? 'an event instant' : `the start of a ${this.#options.period} in ${this.#options.timeZone}`;
    const mode = this.#options.startEvents === null ? (this.#options.returnEvents === null ? 'same' : 'startsCover') : this.#options.returnEvents === null ? 'returnsCover' : 'either';
    let sumStarts = 0;
    let sumReturns = 0;
    let sumMax = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let previousId: string | undefined;
    for (let i = 0; i < customers.length; i++) {
      const entry: unknown = customers[i];
      if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[1])) fail(ctx, `json.customers[${i}]`, 'a [customerId, periods] pair', entry);
      const id: unknown = entry[0];
      if (typeof id !== 'string' || id === '') fail(ctx, `json.customers[${i}][0]`, 'a non-empty customer id', id);
      if (previousId !== undefined && !(id > previousId)) fail(ctx, `json.customers[${i}][0]`, `after ${JSON.stringify(previousId)} (ids sorted, each once)`, id, 'INCONSISTENT_INPUT');
      previousId = id;
      const cells = entry[1] as unknown[];
      if (cells.length === 0) fail(ctx, `json.customers[${i}][1]`, 'a non-empty array of tallies', cells);
      const customer = store.customerOf(id);
      let previousKey = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < cells.length; j++) {
        const cell: unknown = cells[j];
        const field = (k?: number) => `json.customers[${i}][1][${j}]${k === undefined ? '' : `[${k}]`}`;
        if (!Array.isArray(cell) || cell.length !== 4) fail(ctx, field(), 'a [periodStart, startEvents, returnEvents, returnAmount] tally', cell);
        const [key, starts, returns, amount] = cell as [unknown, unknown, unknown, unknown];
        if (typeof key !== 'number' || !(key >= low && key <= high)) fail(ctx, field(0), range === null ? 'inside json.range' : `${unit} inside json.range (${new Date(low).toISOString()} to ${new Date(high).toISOString()})`, key, 'INCONSISTENT_INPUT');
        if (!rolling && periods.startOf(key) !== key) fail(ctx, field(0), unit, key, 'INCONSISTENT_INPUT');
        if (!(key > previousKey)) fail(ctx, field(0), `after ${previousKey} (tallies sorted, each period once)`, key, 'INCONSISTENT_INPUT');
        previousKey = key;
        const startCount = isCount(starts) ? starts : count(ctx, field(1), starts);
        const returnCount = isCount(returns) ? returns : count(ctx, field(2), returns);
        if (startCount + returnCount === 0) fail(ctx, field(), 'a tally of at least one event', cell, 'INCONSISTENT_INPUT');
        if (mode === 'same' && startCount !== returnCount) fail(ctx, field(2), `${startCount}, the start events (every event is both when neither startEvents nor returnEvents is set)`, returnCount, 'INCONSISTENT_INPUT');
        if (mode === 'returnsCover' && returnCount < startCount) fail(ctx, field(2), `at least ${startCount}, the start events (every event is a return when returnEvents is not set)`, returnCount, 'INCONSISTENT_INPUT');
        if (mode === 'startsCover' && startCount < returnCount) fail(ctx, field(1), `at least ${returnCount}, the return events (every event is a start when startEvents is not set)`, startCount, 'INCONSISTENT_INPUT');
        store.add(customer, key, startCount, returnCount);
        // toJSON writes amounts as plain decimal text (negative for net refunds): read as minor units, with
        // no Decimal per cell.
        const decimals = typeof amount === 'string' ? plainDecimals(amount) : -1;
        const minor = decimals < 0 ? Number.NaN : minorUnits(amount as string, decimals);
        let zero = minor === 0;
        if (Number.isFinite(minor)) store.addMinor(customer, minor, decimals);
        else {
          const value = money(ctx, field(3), amount, 'any');
          zero = value.isZero();
          store.addDecimal(customer, value);
        }
        if (!zero && returnCount === 0) fail(ctx, field(3), 'zero when there is no return event (amounts are those of return events)', amount, 'INCONSISTENT_INPUT');
        sumStarts += startCount;
        sumReturns += returnCount;
        sumMax += Math.max(startCount, returnCount);
        if (key < first) first = key;
        if (key > last) last = key;
      }
    }
    if (range !== null && (first !== low || last !== high)) {
      fail(ctx, 'json.range', customers.length === 0 ? 'null when there are no customers' : `the earliest and latest event (tallies span ${first} to ${last})`, range, 'INCONSISTENT_INPUT');
    }
    // Events tallied: exactly known unless an event name is both a start and a return event.
    const exact = mode === 'same' || mode === 'returnsCover' ? sumReturns : mode === 'startsCover' ? sumStarts : this.#disjointEvents() ? sumStarts + sumReturns : undefined;
    const fewest = exact ?? sumMax;
    const most = exact ?? sumStarts + sumReturns;
    const savedRefused = own(json, 'refusedRecords');
    // JSON of earlier releases has no refusedRecords: what recordsAdded leaves over was refused.
    const counted = recordsAdded - ignored - skippedTotal;
    const refused = savedRefused === undefined ? Math.max(0, counted - most) : count(ctx, 'json.refusedRecords', savedRefused);
    if (counted - refused < fewest || counted - refused > most) {
      const events = fewest === most ? String(fewest) : `from ${fewest} to ${most}`;
      fail(ctx, 'json.recordsAdded', `the tallied events (${events}) + ignoredRecords (${ignored}) + skipped records (${skippedTotal}) + refusedRecords (${savedRefused === undefined ? 'any' : refused})`, recordsAdded, 'INCONSISTENT_INPUT');
    }
    this.#refused = refused;
    if (range !== null) this.#widenRange(range[0], range[1]);
    this.#recordsAdded = recordsAdded;
    this.#ignored = ignored;
  }

  /** Whether no event name is both a start and a return event (then each event is exactly one of them). */
  #disjointEvents(): boolean {
    const starts = this.#starts;
    return starts !== undefined && this.#returns !== undefined && ![...this.#returns].some((name) => starts.has(name));
  }

  /** Reads `skipped` and `skippedCounts` of a saved state; returns the number of skipped records. */
  #absorbSavedSkipped(ctx: { fn: string }, json: object, recordsAdded: number): number {
    const skipped = own(json, 'skipped');
    if (!Array.isArray(skipped)) fail(ctx, 'json.skipped', 'an array', skipped);
    const listed = new Map<string, number>();
    const entries = skipped.map((entry: unknown, k) => {
      const checked = readSkipped(ctx, `json.skipped[${k}]`, entry, recordsAdded);
      const key = skipKey(checked.field);
      listed.set(key, (listed.get(key) ?? 0) + 1);
      return checked;
    });
    const saved = own(json, 'skippedCounts');
    // JSON of earlier releases lists every skipped record, and has no counts.
    const counts = saved === undefined ? listed : new Map<string, number>();
    if (saved !== undefined) {
      const object = record(ctx, 'json.skippedCounts', saved, SKIP_KEYS);
      for (const key of SKIP_KEYS) {
        if (own(object, key) === undefined) continue;
        const n = count(ctx, `json.skippedCounts.${key}`, own(object, key));
        if (n === 0) fail(ctx, `json.skippedCounts.${key}`, 'a positive count (toJSON() leaves out fields with none)', n);
        if (n < (listed.get(key) ?? 0)) fail(ctx, `json.skippedCounts.${key}`, `at least ${listed.get(key) ?? 0}, the skipped records listed for it`, n, 'INCONSISTENT_INPUT');
        counts.set(key, n);
      }
      for (const key of listed.keys()) if (!counts.has(key)) fail(ctx, `json.skippedCounts.${key}`, `at least ${listed.get(key)}, the skipped records listed for it`, undefined, 'INCONSISTENT_INPUT');
    }
    let total = 0;
    for (const n of counts.values()) total += n;
    if (total > recordsAdded) fail(ctx, 'json.skippedCounts', `counts adding up to at most json.recordsAdded (${recordsAdded})`, total, 'INCONSISTENT_INPUT');
    if (saved !== undefined && skipped.length > this.#options.maxSkipped) {
      fail(ctx, 'json.skipped', `at most json.options.maxSkipped (${this.#options.maxSkipped}) records`, skipped, 'INCONSISTENT_INPUT');
    }
    this.#absorbSkipped(entries, counts);
    return total;
  }


}

/** Default of `maxSkipped`: the skipped records kept in full. */
const DEFAULT_MAX_SKIPPED = 1000;
/** The keys of `skippedCounts`: the field of a skipped record without its index (`record` for the record itself). */
const SKIP_KEYS = ['record', 'customerId', 'timestamp', 'event', 'amount'];
const SKIPPED_FIELD = /^events\[(\d+)\](?:\.(customerId|timestamp|event|amount))?$/;
const JSON_KEYS = ['format', 'version', 'options', 'range', 'recordsAdded', 'ignoredRecords', 'refusedRecords', 'skipped', 'skippedCounts', 'customers'];
const JSON_OPTION_KEYS = OPTION_KEYS.filter((key) => key !== 'fields');
/** Options that every version-1 JSON has (later ones default when absent). */
const REQUIRED_JSON_OPTIONS = ['period', 'timeZone', 'weekStartsOn', 'cohortBy', 'startEvents', 'returnEvents', 'minOccurrences', 'onInvalid'];

/** The `skippedCounts` key of a skipped record's field: `events[12].amount` -> `amount`, `events[3]` -> `record`. */
function skipKey(field: string): string {
  return SKIPPED_FIELD.exec(field)?.[2] ?? 'record';
}

/** A skipped record of a saved state, checked: its index below recordsAdded, its field and reason naming it. */
function readSkipped(ctx: { fn: string }, field: string, entry: unknown, recordsAdded: number): SkippedRecord {
  const checked = record(ctx, field, entry, ['index', 'field', 'reason']);
  const index = count(ctx, `${field}.index`, own(checked, 'index'));
  if (index >= recordsAdded) fail(ctx, `${field}.index`, `below json.recordsAdded (${recordsAdded})`, index, 'INCONSISTENT_INPUT');
  const name = own(checked, 'field');
  const match = typeof name === 'string' ? SKIPPED_FIELD.exec(name) : null;
  if (match === null || Number(match[1]) !== index) fail(ctx, `${field}.field`, `events[${index}] or events[${index}].<customerId, timestamp, event or amount>`, name);
  const reason = own(checked, 'reason');
  if (typeof reason !== 'string' || !/^CohortBuilder\.[A-Za-z]+: /.test(reason) || !reason.includes(`: ${name} must be `) || reason.length > 10_000) {
    fail(ctx, `${field}.reason`, `the validation message naming ${name}`, reason);
  }
  return Object.freeze({ index, field: name as string, reason });
}

/** `json.range`: null, or [earliest, latest] instants that the builder accepts (min to max), earliest <= latest. */
function readRange(ctx: { fn: string }, range: unknown, min: number, max: number): readonly [number, number] | null {
  if (range === null) return null;
  const ok = Array.isArray(range) && range.length === 2 && range.every((t) => typeof t === 'number' && t >= min && t <= max) && (range[0] as number) <= (range[1] as number);
  if (!ok) fail(ctx, 'json.range', `null or [earliest, latest] in epoch ms (from ${min} to ${max}, earliest <= latest)`, range);
  return range as [number, number];
}

/**
 * The first option of `b` that differs from `a` in a way that changes the state or the table, or undefined.
 * Not compared: `onInvalid`, `unknownEvents` and `maxSkipped` (they decide what happens to records not yet
 * added), `weekStartsOn` unless periods are weeks, the spelling of a zone (`'utc'`, `'UTC'`) and the order of
 * event names. The merged builder has the options of the builder `merge` is called on.
 */
function differingOption(a: CohortBuilderOptionsJSON, b: CohortBuilderOptionsJSON): string | undefined {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  return keys.find((key) => {
    if (key === 'onInvalid' || key === 'unknownEvents' || key === 'maxSkipped') return false;
    if (key === 'weekStartsOn' && a.period !== 'week') return false;
    if (key === 'timeZone') return canonicalZone(a.timeZone) !== canonicalZone(b.timeZone);
    if (key === 'startEvents' || key === 'returnEvents') return nameSet(x[key]) !== nameSet(y[key]);
    return JSON.stringify(x[key]) !== JSON.stringify(y[key]);
  });
}

function canonicalZone(timeZone: string): string {
  return timeZone === 'UTC' ? timeZone : new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
}

function nameSet(names: unknown): string {
  return Array.isArray(names) ? JSON.stringify([...new Set(names as string[])].sort()) : 'null';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Digits after the point of a plain decimal text (an optional '-', digits, optionally a point and digits),
 * at most 15; else -1.
 */
function plainDecimals(text: string): number {
  let point = -1;
  const from = text.charCodeAt(0) === 45 ? 1 : 0;
  if (text.length === from) return -1;
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 && point < 0 && k > from && k < text.length - 1) point = k;
    else if (c < 48 || c > 57) return -1;
  }
  if (text.length === 0) return -1;
  const decimals = point < 0 ? 0 : text.length - point - 1;
  return decimals <= 15 ? decimals : -1;
}

/** The options as JSON: calendar builders write them as they always have (no `timeWindow`). */
function jsonOptions(options: CohortBuilderOptionsJSON): CohortBuilderJSON['options'] {
  const { timeWindow, rollingAnchor, ...rest } = options;
  const rolling = timeWindow === 'rolling' ? { ...rest, timeWindow } : rest;
  return rollingAnchor === 'exact' ? rolling : { ...rolling, rollingAnchor };
}

const TEN_POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** Event names remembered by #kind. */
const KIND_CACHE = 4;
const DEFAULT_READ = accessors('CohortBuilder.addColumns', undefined);

/**
 * Events as parallel columns for {@link CohortBuilder.addColumns}.
 * @category cohort
 */
export interface EventColumns {
  /** Customer ids. */
  readonly customerId: ArrayLike<string | number>;
  /** Epoch milliseconds (a Float64Array is ideal). */
  readonly timestamp: ArrayLike<number>;
  /** Event names; default `'purchase'` for every row. */
  readonly event?: ArrayLike<string>;
  /** Amounts in minor units (integers: cents; negative for a refund); default none. */
  readonly amount?: ArrayLike<number>;
  /** Decimals of the minor unit: 2 for cents (default), 0 for whole units, 3 for mills. */
  readonly amountDecimals?: number;
}

/** A timestamp option in epoch ms; an inclusive end (`wholeDay`) reads a date alone as the last instant of that day. */
function instant(ctx: { fn: string }, field: string, value: unknown, timeZone: string, wholeDay = false): number | undefined {
  if (value === undefined) return undefined;
  const ms = wholeDay ? lastInstantOf(value, timeZone) : toEpochMs(value, timeZone);
  if (ms === undefined) fail(ctx, field, 'a valid Date, epoch milliseconds or ISO-8601 string', value);
  return ms;
}

function eventNames(ctx: { fn: string }, field: string, value: unknown): readonly string[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || value.some((name) => typeof name !== 'string' || name === '')) {
    fail(ctx, field, 'a non-empty array of event names', value);
  }
  return Object.freeze([...value] as string[]);
}
