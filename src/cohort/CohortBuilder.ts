import type { Decimal } from 'decimal.js';
import { ExactDecimal } from '../core/_decimal.js';
import { type Calendar, PERIOD_UNITS, PeriodLocator, type PeriodUnit } from '../core/_periods.js';
import { isValidTimeZone, type TimestampInput, toEpochMs } from '../core/_time.js';
import { count, fail, finiteNumber, money, oneOf, options as readOptions, own } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import { accessors, type CustomerEvent, type EventFields, readEvent, type SkippedRecord, toSkipped } from './_eventInput.js';
import { buildCohortTable, type CustomerHistory, type ReturnRule } from './_buildTable.js';
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
  /** The options in force. */
  readonly options: CohortBuilderOptionsJSON;
  /** Earliest and latest event time (epoch ms), or null before any event. */
  readonly range: readonly [number, number] | null;
  /** Records passed to `add`, valid or not. */
  readonly recordsAdded: number;
  /** Valid records left out as neither start nor return events. */
  readonly ignoredRecords: number;
  /** Records skipped under `onInvalid: 'skip'`. */
  readonly skipped: readonly SkippedRecord[];
  /** [customerId, [[periodStart, startEvents, returnEvents, returnAmount], ...]] */
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

/** Per customer and period: start events, return events and the return events' amount. */
interface PeriodTally {
  starts: number;
  returns: number;
  amount: Decimal;
  /** Minor units not yet folded into `amount`: integer adds on the hot path, one Decimal add later. */
  pendingMinor: number;
  pendingDecimals: number;
}

function addMinor(tally: PeriodTally, minor: number, decimals: number): void {
  if (tally.pendingMinor !== 0 && (tally.pendingDecimals !== decimals || tally.pendingMinor + minor > Number.MAX_SAFE_INTEGER)) fold(tally);
  tally.pendingDecimals = decimals;
  tally.pendingMinor += minor;
}

/** The tally's exact amount, folding pending minor units in. */
function fold(tally: PeriodTally): Decimal {
  if (tally.pendingMinor !== 0) {
    tally.amount = tally.amount.plus(new ExactDecimal(`${tally.pendingMinor}e-${tally.pendingDecimals}`));
    tally.pendingMinor = 0;
  }
  return tally.amount;
}

const OPTION_KEYS = ['period', 'timeZone', 'weekStartsOn', 'cohortBy', 'startEvents', 'returnEvents', 'minOccurrences', 'fields', 'onInvalid', 'unknownEvents'];

/**
 * Builds cohort tables from raw events. Events are added in any order, from arrays, iterables, async
 * iterables or columns; builders filled on different shards merge into the builder of the whole; the
 * state serialises to plain JSON. `build()` lays the periods on the calendar in the builder's zone and
 * returns an immutable {@link CohortTable}.
 *
 * Each event is placed in its calendar period once, on arrival; the builder keeps, per customer and
 * period, the number of start and return events and the return events' amount, so memory grows with
 * the customer-periods, not with the events.
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
  readonly #locator: PeriodLocator;
  readonly #read: ReturnType<typeof accessors>;
  readonly #starts: ReadonlySet<string> | undefined;
  readonly #returns: ReadonlySet<string> | undefined;
  readonly #known: ReadonlySet<string> | undefined;
  readonly #customers = new Map<string, Map<number, PeriodTally>>();
  readonly #skipped: SkippedRecord[] = [];
  #recordsAdded = 0;
  #ignored = 0;
  #range: [number, number] | null = null;

  constructor(options?: CohortBuilderOptions) {
    const ctx = { fn: 'CohortBuilder' };
    const opts = readOptions(ctx, options, OPTION_KEYS);
    this.#sourceOptions = options;
    const timeZone = own(opts, 'timeZone') ?? 'UTC';
    if (!isValidTimeZone(timeZone)) fail(ctx, 'options.timeZone', 'an IANA time zone name such as "Europe/Berlin"', timeZone);
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
    });
    this.#calendar = { unit: this.#options.period, timeZone, weekStartsOn };
    this.#locator = new PeriodLocator(this.#calendar);
    this.#read = accessors('CohortBuilder', own(opts, 'fields'));
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
    return this.#customers.size;
  }

  /** Adds one event (or a record of another shape, read through `options.fields`). Returns this builder. */
  add(record: CustomerEvent | object): this {
    this.#addOne(record, this.#read);
    return this;
  }

  /** Adds every event of an array or any iterable. */
  addAll(records: Iterable<CustomerEvent | object>): this {
    if (records === null || typeof (records as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
      fail({ fn: 'CohortBuilder.addAll' }, 'records', 'an iterable of events', records);
    }
    for (const record of records) this.add(record);
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
    const ids = arrayLike(ctx, 'columns.customerId', own(columns, 'customerId'));
    const times = arrayLike(ctx, 'columns.timestamp', own(columns, 'timestamp'));
    const events = own(columns, 'event') === undefined ? undefined : arrayLike(ctx, 'columns.event', own(columns, 'event'));
    const amounts = own(columns, 'amount') === undefined ? undefined : arrayLike(ctx, 'columns.amount', own(columns, 'amount'));
    const decimals = own(columns, 'amountDecimals') === undefined ? 2 : count(ctx, 'columns.amountDecimals', own(columns, 'amountDecimals'));
    for (const [name, column] of [['timestamp', times], ['event', events], ['amount', amounts]] as const) {
      if (column !== undefined && column.length !== ids.length) fail(ctx, `columns.${name}`, `as long as columns.customerId (${ids.length})`, column.length, 'INCONSISTENT_INPUT');
    }
    for (let i = 0; i < ids.length; i++) {
      const minor = amounts?.[i] ?? 0;
      const rawId = ids[i];
      const id = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : rawId;
      const time = times[i];
      const event = events?.[i] ?? 'purchase';
      // The hot path validates inline; anything unusual goes through the general reader for its message.
      if (typeof id !== 'string' || id === '' || typeof time !== 'number' || !(Math.abs(time) <= 8.64e15) || typeof event !== 'string' || event === '' || (this.#known !== undefined && !this.#known.has(event))) {
        this.#addOne({ customerId: rawId, timestamp: time, event: events?.[i], amount: 0 }, DEFAULT_READ);
        continue;
      }
      if (!(typeof minor === 'number' && Number.isSafeInteger(minor) && minor >= 0)) {
        this.#reject(new MetricError({ code: 'INVALID_INPUT', functionName: ctx.fn, field: `events[${this.#recordsAdded}].amount`, rule: 'a non-negative whole number of minor units', received: minor }));
        continue;
      }
      this.#recordsAdded++;
      const isStart = this.#starts === undefined || this.#starts.has(event);
      const isReturn = this.#returns === undefined || this.#returns.has(event);
      if (!isStart && !isReturn) {
        this.#ignored++;
        continue;
      }
      const tally = this.#tally(id, time, isStart ? 1 : 0, isReturn ? 1 : 0, undefined);
      if (isReturn && minor !== 0) addMinor(tally, minor, decimals);
    }
    return this;
  }

  /** A new builder holding the events of this one and of `other` (same options); neither is changed. */
  merge(other: CohortBuilder): CohortBuilder {
    const ctx = { fn: 'CohortBuilder.merge' };
    if (!(other instanceof CohortBuilder)) fail(ctx, 'other', 'a CohortBuilder', other);
    if (JSON.stringify(other.#options) !== JSON.stringify(this.#options)) {
      fail(ctx, 'other.options', `equal to this builder's options (${JSON.stringify(this.#options)})`, JSON.stringify(other.#options), 'INCONSISTENT_INPUT');
    }
    const merged = new CohortBuilder(this.#sourceOptions);
    for (const source of [this, other]) merged.#absorb(source.toJSON());
    return merged;
  }

  /**
   * The builder's state as plain JSON: options (without field accessors), the observed range, the
   * skipped records and, per customer, per period, the start-event count, return-event count and return
   * amount. Customers and periods are sorted, so equal states give equal JSON. The format is versioned
   * (`version: 1`) and kept readable by later releases.
   */
  toJSON(): CohortBuilderJSON {
    const customers = [...this.#customers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, periods]) => [id, [...periods.entries()].sort(([a], [b]) => a - b).map(([start, t]) => [start, t.starts, t.returns, fold(t).toFixed()] as const)] as const);
    return {
      format: 'loyalty-metrics/cohort-builder',
      version: 1,
      options: this.#options,
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
   */
  build(options?: CohortBuildOptions): CohortTable {
    const ctx = { fn: 'CohortBuilder.build' };
    const opts = readOptions(ctx, options, ['from', 'to', 'returnRule']);
    const from = instant(ctx, 'options.from', own(opts, 'from'), this.#options.timeZone) ?? this.#range?.[0];
    const to = instant(ctx, 'options.to', own(opts, 'to'), this.#options.timeZone) ?? this.#range?.[1];
    if (from === undefined || to === undefined) fail(ctx, 'options.from', 'given when no event was added', undefined, 'EMPTY_POPULATION');
    if (to < from) fail(ctx, 'options.to', `not before options.from (${new Date(from).toISOString()})`, own(opts, 'to') ?? new Date(to).toISOString(), 'INCONSISTENT_INPUT');
    const histories: CustomerHistory[] = [];
    for (const periods of this.#customers.values()) {
      histories.push([...periods.entries()].map(([start, t]) => ({ start, starts: t.starts, returns: t.returns, amount: fold(t) })));
    }
    return buildCohortTable({ calendar: this.#calendar, options: this.#options, from, to, returnRule: own(opts, 'returnRule'), histories });
  }

  /** Counts a bad record, then throws or reports it as `onInvalid` says. */
  #reject(error: MetricError): void {
    const index = this.#recordsAdded++;
    if (this.#options.onInvalid === 'throw') throw error;
    this.#skipped.push(toSkipped(error, index));
  }

  #addOne(record: unknown, read: ReturnType<typeof accessors>): void {
    let event;
    try {
      event = readEvent('CohortBuilder.add', record, this.#recordsAdded, read, this.#options.timeZone, this.#known);
    } catch (error) {
      if (!(error instanceof MetricError)) throw error;
      this.#reject(error);
      return;
    }
    this.#recordsAdded++;
    const isStart = this.#starts === undefined || this.#starts.has(event.event);
    const isReturn = this.#returns === undefined || this.#returns.has(event.event);
    if (!isStart && !isReturn) {
      this.#ignored++;
      return;
    }
    this.#tally(event.customerId, event.timestamp, isStart ? 1 : 0, isReturn ? 1 : 0, isReturn ? event.amount : undefined);
  }

  /** Adds a serialised state; every value is checked, since JSON may come from anywhere. */
  #absorb(json: CohortBuilderJSON): void {
    const ctx = { fn: 'CohortBuilder.fromJSON' };
    const customers = own(json, 'customers');
    if (!Array.isArray(customers)) fail(ctx, 'json.customers', 'an array of [customerId, periods]', customers);
    customers.forEach((entry: unknown, i) => {
      const at = `json.customers[${i}]`;
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) fail(ctx, at, 'a [customerId, periods] pair', entry);
      (entry[1] as unknown[]).forEach((period, j) => {
        const [start, starts, returns, amount] = Array.isArray(period) ? period : [];
        if (typeof start !== 'number' || !Number.isFinite(start)) fail(ctx, `${at}[1][${j}][0]`, 'a period start in epoch ms', start);
        this.#tallyPeriod(entry[0] as string, start, count(ctx, `${at}[1][${j}][1]`, starts), count(ctx, `${at}[1][${j}][2]`, returns), money(ctx, `${at}[1][${j}][3]`, amount));
      });
    });
    const range = own(json, 'range');
    if (range !== null) {
      if (!Array.isArray(range) || range.length !== 2 || !range.every((t) => typeof t === 'number' && Number.isFinite(t))) fail(ctx, 'json.range', 'null or [earliest, latest] in epoch ms', range);
      this.#extendRange(range[0] as number, range[1] as number);
    }
    this.#recordsAdded += count(ctx, 'json.recordsAdded', own(json, 'recordsAdded'));
    this.#ignored += count(ctx, 'json.ignoredRecords', own(json, 'ignoredRecords') ?? 0);
    const skipped = own(json, 'skipped');
    if (!Array.isArray(skipped)) fail(ctx, 'json.skipped', 'an array', skipped);
    this.#skipped.push(...(skipped as SkippedRecord[]));
  }

  #tally(customerId: string, timestamp: number, starts: number, returns: number, amount: Decimal | undefined): PeriodTally {
    if (this.#range === null) this.#range = [timestamp, timestamp];
    else if (timestamp < this.#range[0]) this.#range[0] = timestamp;
    else if (timestamp > this.#range[1]) this.#range[1] = timestamp;
    return this.#tallyPeriod(customerId, this.#locator.locate(timestamp), starts, returns, amount);
  }

  #extendRange(low: number, high: number): void {
    this.#range = this.#range === null ? [low, high] : [Math.min(this.#range[0], low), Math.max(this.#range[1], high)];
  }

  #tallyPeriod(customerId: string, period: number, starts: number, returns: number, amount: Decimal | undefined): PeriodTally {
    let periods = this.#customers.get(customerId);
    if (periods === undefined) {
      periods = new Map();
      this.#customers.set(customerId, periods);
    }
    let tally = periods.get(period);
    if (tally === undefined) {
      tally = { starts, returns, amount: amount ?? ZERO, pendingMinor: 0, pendingDecimals: 0 };
      periods.set(period, tally);
    } else {
      tally.starts += starts;
      tally.returns += returns;
      if (amount !== undefined) tally.amount = tally.amount.plus(amount);
    }
    return tally;
  }
}

const ZERO = new ExactDecimal(0);
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

function arrayLike(ctx: { fn: string }, field: string, value: unknown): ArrayLike<unknown> {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) fail(ctx, field, 'an array or a typed array', value);
  return value as ArrayLike<unknown>;
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
