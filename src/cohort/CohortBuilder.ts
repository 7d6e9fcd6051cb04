import { type Calendar, PERIOD_UNITS, type PeriodUnit } from '../core/_periods.js';
import { type TimestampInput, toEpochMs } from '../core/_time.js';
import { money } from '../core/_money.js';
import { count, fail, finiteNumber, oneOf, options as readOptions, own } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import { accessors, type CustomerEvent, type EventFields, readEvent, type SkippedRecord, toSkipped } from './_eventInput.js';
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
 * @category cohort
 */
export interface CohortBuilderOptions {
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
  /** Where the fields of records of another shape are (names or accessors). Default: the CustomerEvent names. */
  readonly fields?: EventFields;
  /** `'throw'` (default) at the first bad record, naming its index and field; or `'skip'` and report it. */
  readonly onInvalid?: 'throw' | 'skip';
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
}

/**
 * Options of {@link CohortBuilder.build}.
 * @category cohort
 */
export interface CohortBuildOptions {
  /** First instant of the observed range. Default: the earliest event added. */
  readonly from?: TimestampInput;
  /** Last instant of the observed range (inclusive). Default: the latest event added. */
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
  readonly options: Omit<CohortBuilderOptionsJSON, 'timeWindow'> & {
    /** `'rolling'` for a builder of rolling windows; absent for calendar windows. */
    readonly timeWindow?: 'rolling';
  };
  /** Earliest and latest event time (epoch ms), or null before any event. */
  readonly range: readonly [number, number] | null;
  /** Records passed to `add`, valid or not. */
  readonly recordsAdded: number;
  /** Valid records left out as neither start nor return events. */
  readonly ignoredRecords: number;
  /** Records skipped under `onInvalid: 'skip'`. */
  readonly skipped: readonly SkippedRecord[];
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

const OPTION_KEYS = ['period', 'timeZone', 'weekStartsOn', 'cohortBy', 'startEvents', 'returnEvents', 'minOccurrences', 'fields', 'onInvalid', 'unknownEvents', 'timeWindow'];

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
 * @category cohort
 */
export class CohortBuilder {
  readonly #options: CohortBuilderOptionsJSON;
  readonly #sourceOptions: CohortBuilderOptions | undefined;
  readonly #calendar: Calendar;
  readonly #periods: PeriodIndex;
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
  readonly #skipped: SkippedRecord[] = [];
  /** Valid events read but not yet counted by the store (see #flush). */
  readonly #block = new EventBlock();
  #recordsAdded = 0;
  #ignored = 0;
  #range: [number, number] | null = null;

  constructor(options?: CohortBuilderOptions) {
    const ctx = { fn: 'CohortBuilder' };
    const opts = readOptions(ctx, options, OPTION_KEYS);
    this.#sourceOptions = options;
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
      unknownEvents: oneOf(ctx, 'options.unknownEvents', own(opts, 'unknownEvents'), ['invalid', 'ignore'], 'invalid'),
      timeWindow: oneOf(ctx, 'options.timeWindow', own(opts, 'timeWindow'), ['calendar', 'rolling'], 'calendar'),
    });
    this.#rolling = this.#options.timeWindow === 'rolling';
    this.#calendar = { unit: this.#options.period, timeZone, weekStartsOn };
    this.#periods = new PeriodIndex(this.#calendar);
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

  /** Records skipped under `onInvalid: 'skip'`, with index and reason. */
  get skipped(): readonly SkippedRecord[] {
    return this.#skipped.slice();
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
  add(record: CustomerEvent | object): this {
    this.#addRecord(record);
    this.#flush();
    return this;
  }

  /** Adds every event of an array or any iterable. */
  addAll(records: Iterable<CustomerEvent | object>): this {
    if (records === null || typeof (records as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
      fail({ fn: 'CohortBuilder.addAll' }, 'records', 'an iterable of events', records);
    }
    try {
      for (const record of records) this.#addRecord(record);
    } finally {
      this.#flush();
    }
    return this;
  }

  /** Adds every event of an async iterable (a stream of rows or of pages of rows). */
  async addAllAsync(records: AsyncIterable<CustomerEvent | object | readonly (CustomerEvent | object)[]>): Promise<this> {
    if (records === null || typeof (records as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] !== 'function') {
      fail({ fn: 'CohortBuilder.addAllAsync' }, 'records', 'an async iterable of events or of arrays of events', records);
    }
    for await (const item of records) {
      if (Array.isArray(item)) this.addAll(item);
      else this.add(item as object);
    }
    return this;
  }

  /**
   * Adds events given as parallel columns (the fast path for data already in arrays): customer ids,
   * epoch-millisecond timestamps, optional event names and optional amounts in minor units (cents for
   * `amountDecimals: 2`, the default).
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
      if (kind === INVALID || typeof time !== 'number' || !(Math.abs(time) <= 8.64e15) || typeof minor !== 'number' || !(minor >= 0 && Number.isSafeInteger(minor))) {
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
    if (!idOk || typeof time !== 'number' || !(Math.abs(time) <= 8.64e15) || kind === INVALID) {
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
    if (!(typeof minor === 'number' && Number.isSafeInteger(minor) && minor >= 0)) {
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
  merge(other: CohortBuilder): CohortBuilder {
    const ctx = { fn: 'CohortBuilder.merge' };
    if (!(other instanceof CohortBuilder)) fail(ctx, 'other', 'a CohortBuilder', other);
    if (JSON.stringify(other.#options) !== JSON.stringify(this.#options)) {
      fail(ctx, 'other.options', `equal to this builder's options (${JSON.stringify(this.#options)})`, JSON.stringify(other.#options), 'INCONSISTENT_INPUT');
    }
    const merged = new CohortBuilder(this.#sourceOptions);
    for (const source of [this, other]) merged.#absorbBuilder(source);
    return merged;
  }

  /** Adds another builder's state, store to store: what `#absorb(source.toJSON())` adds, without the JSON. */
  #absorbBuilder(source: CohortBuilder): void {
    this.#store.absorb(source.#store);
    if (source.#range !== null) this.#widenRange(source.#range[0], source.#range[1]);
    this.#recordsAdded += source.#recordsAdded;
    this.#ignored += source.#ignored;
    this.#skipped.push(...source.#skipped);
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
      skipped: this.#skipped.slice(),
      customers,
    };
  }

  /** Restores a builder from {@link CohortBuilder.toJSON}; pass `fields` again to keep adding mapped records. */
  static fromJSON(json: CohortBuilderJSON, options?: { readonly fields?: EventFields }): CohortBuilder {
    const ctx = { fn: 'CohortBuilder.fromJSON' };
    if (typeof json !== 'object' || json === null || own(json, 'format') !== 'loyalty-metrics/cohort-builder') {
      fail(ctx, 'json.format', "'loyalty-metrics/cohort-builder'", typeof json === 'object' && json !== null ? own(json, 'format') : json);
    }
    if (own(json, 'version') !== 1) fail(ctx, 'json.version', '1', own(json, 'version'));
    const saved = own(json, 'options') as CohortBuilderOptionsJSON;
    if (typeof saved !== 'object' || saved === null) fail(ctx, 'json.options', 'the options object of toJSON()', saved);
    const builder = new CohortBuilder({
      ...saved,
      ...(saved.startEvents === null ? { startEvents: undefined } : { startEvents: saved.startEvents }),
      ...(saved.returnEvents === null ? { returnEvents: undefined } : { returnEvents: saved.returnEvents }),
      ...(options?.fields === undefined ? {} : { fields: options.fields }),
    } as CohortBuilderOptions);
    builder.#absorb(json);
    return builder;
  }

  /**
   * The cohort table over [from, to]. Rows are cohorts in period order; column k is offset k periods
   * after the cohort's period; cells after `to` are `null` and the period containing `to` is flagged
   * incomplete unless `to` is its last millisecond.
   *
   * `from` and `to` select whole periods: the table covers every period that contains an instant of
   * [from, to], and the builder, which keeps counts per period, counts every event of those periods, even
   * one earlier than `from` in the first period or later than `to` in the last. Pass period boundaries,
   * or add only the events you want, when that matters.
   *
   * With `timeWindow: 'rolling'`, rows are the same calendar periods, column k is each member's k-th
   * window after its cohort start event, a cell exists when its row's start plus k windows is at most `to`,
   * and it is incomplete while some member's window k is still open at `to`.
   */
  build(options?: CohortBuildOptions): CohortTable {
    const ctx = { fn: 'CohortBuilder.build' };
    const opts = readOptions(ctx, options, ['from', 'to', 'returnRule']);
    const from = instant(ctx, 'options.from', own(opts, 'from'), this.#options.timeZone) ?? this.#range?.[0];
    const to = instant(ctx, 'options.to', own(opts, 'to'), this.#options.timeZone) ?? this.#range?.[1];
    if (from === undefined || to === undefined) fail(ctx, 'options.from', 'given when no event was added', undefined, 'EMPTY_POPULATION');
    if (to < from) fail(ctx, 'options.to', `not before options.from (${new Date(from).toISOString()})`, own(opts, 'to') ?? new Date(to).toISOString(), 'INCONSISTENT_INPUT');
    const input = { calendar: this.#calendar, options: this.#options, from, to, returnRule: own(opts, 'returnRule'), store: this.#store };
    return this.#rolling ? buildRollingTable(input) : buildCohortTable(input);
  }

  /** Counts a bad record, then throws or reports it as `onInvalid` says. */
  #reject(error: MetricError): void {
    this.#flush();
    const index = this.#recordsAdded++;
    if (this.#options.onInvalid === 'throw') throw error;
    this.#skipped.push(toSkipped(error, index));
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
      rawId = readId(record);
      rawTime = readTime(record);
      rawEvent = readEventName(record);
      rawAmount = readAmount(record);
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
    const fields = this.#defaultFields ? ([() => rawId, () => rawTime, () => rawEvent, () => rawAmount] as const) : this.#read;
    this.#addOne(record, fields);
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
    if (Number.isNaN(ms)) return false;
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
   * A number amount in exact minor units of 10^-scale, or NaN when it has more decimals (or is negative,
   * huge or not a number). m = round(x · 10^s) is exact when m / 10^s === x and m < 2^50: doubles that
   * small are closer together than a quarter of 10^-s, so x's shortest decimal form, which the general
   * reader uses, is then exactly m · 10^-s.
   */
  #minorOf(amount: unknown): number {
    if (typeof amount !== 'number') return Number.NaN;
    const power = TEN_POWERS[this.#amountScale()] as number;
    const minor = Math.round(amount * power);
    return minor >= 0 && minor < 2 ** 50 && minor / power === amount ? minor + 0 : Number.NaN;
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

  /** Adds a serialised state; every value is checked, since JSON may come from anywhere. */
  #absorb(json: CohortBuilderJSON): void {
    const ctx = { fn: 'CohortBuilder.fromJSON' };
    const customers = own(json, 'customers');
    if (!Array.isArray(customers)) fail(ctx, 'json.customers', 'an array of [customerId, periods]', customers);
    const store = this.#store;
    customers.forEach((entry: unknown, i) => {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) fail(ctx, `json.customers[${i}]`, 'a [customerId, periods] pair', entry);
      const customer = store.customerOf(entry[0] as string);
      (entry[1] as unknown[]).forEach((period, j) => {
        const [start, starts, returns, amount] = Array.isArray(period) ? period : [];
        // Field names are made only for a bad value: a saved state has hundreds of thousands of cells.
        const field = (k: number) => `json.customers[${i}][1][${j}][${k}]`;
        if (typeof start !== 'number' || !Number.isFinite(start)) fail(ctx, field(0), 'a period start in epoch ms', start);
        const startCount = isCount(starts) ? starts : count(ctx, field(1), starts);
        const returnCount = isCount(returns) ? returns : count(ctx, field(2), returns);
        store.add(customer, start, startCount, returnCount);
        // toJSON writes amounts as plain decimal text: read as minor units, with no Decimal per cell.
        const decimals = typeof amount === 'string' ? plainDecimals(amount) : -1;
        const minor = decimals < 0 ? -1 : minorUnits(amount as string, decimals);
        if (minor >= 0) store.addMinor(customer, minor, decimals);
        else store.addDecimal(customer, money(ctx, field(3), amount));
      });
    });
    const range = own(json, 'range');
    if (range !== null) {
      if (!Array.isArray(range) || range.length !== 2 || !range.every((t) => typeof t === 'number' && Number.isFinite(t))) fail(ctx, 'json.range', 'null or [earliest, latest] in epoch ms', range);
      this.#widenRange(range[0] as number, range[1] as number);
    }
    this.#recordsAdded += count(ctx, 'json.recordsAdded', own(json, 'recordsAdded'));
    this.#ignored += count(ctx, 'json.ignoredRecords', own(json, 'ignoredRecords') ?? 0);
    const skipped = own(json, 'skipped');
    if (!Array.isArray(skipped)) fail(ctx, 'json.skipped', 'an array', skipped);
    this.#skipped.push(...(skipped as SkippedRecord[]));
  }


}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Digits after the point of a plain decimal text (digits, optionally a point and digits), at most 15; else -1. */
function plainDecimals(text: string): number {
  let point = -1;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 && point < 0 && k > 0 && k < text.length - 1) point = k;
    else if (c < 48 || c > 57) return -1;
  }
  if (text.length === 0) return -1;
  const decimals = point < 0 ? 0 : text.length - point - 1;
  return decimals <= 15 ? decimals : -1;
}

/** The options as JSON: calendar builders write them as they always have (no `timeWindow`). */
function jsonOptions(options: CohortBuilderOptionsJSON): CohortBuilderJSON['options'] {
  const { timeWindow, ...rest } = options;
  return timeWindow === 'rolling' ? { ...rest, timeWindow } : rest;
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
  /** Amounts in minor units (integers: cents); default none. */
  readonly amount?: ArrayLike<number>;
  /** Decimals of the minor unit: 2 for cents (default), 0 for whole units, 3 for mills. */
  readonly amountDecimals?: number;
}

function instant(ctx: { fn: string }, field: string, value: unknown, timeZone: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = toEpochMs(value, timeZone);
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
