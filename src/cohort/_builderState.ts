/**
 * The state of a CohortBuilder and the paths that fill it: records (a fast path for the usual shapes, the
 * general reader for the rest and for the messages), parsed columns, skipped records, merged builders.
 * CohortBuilder keeps one in a private field; its fields are shared with the JSON reader and writer
 * (_builderJSON.ts) and are not part of the package's API.
 */
import type { Calendar } from '../core/_periods.js';
import { supportedRange } from '../core/_periods.js';
import { MetricError } from '../core/MetricError.js';
import { accessorError, accessors, readEvent, type SkippedRecord, toSkipped } from '../events/_eventInput.js';
import { EPOCH_MS_CELL, MINOR_UNITS_CELL } from '../events/_eventColumns.js';
import { IsoReader } from '../events/_isoTimestamp.js';
import type { CohortBuilderOptionsJSON } from './_builderOptions.js';
import { BLOCK_SIZE, type ColumnRows, EventBlock, IGNORED, INVALID, plainPrototypeClean, RETURN, START } from './_builderParts.js';
import { CellStore } from './_cellStore.js';
import { PeriodIndex } from './_periodIndex.js';

/** A builder's options, calendar, counts and skipped records, and the code that adds events to them. */
export class BuilderState {
  readonly options: CohortBuilderOptionsJSON;
  readonly calendar: Calendar;
  readonly periods: PeriodIndex;
  /** The instants whose period lies inside the ECMAScript time range (see supportedRange); others are refused. */
  readonly minTime: number;
  readonly maxTime: number;
  /** Rolling windows: cells are keyed by the exact instant of the events, not by their period. */
  readonly rolling: boolean;
  readonly store = new CellStore();
  readonly read: ReturnType<typeof accessors>;
  /** Whether records are read by the default field names (then read inline, not through accessors). */
  readonly defaultFields: boolean;
  readonly iso: IsoReader;
  readonly starts: ReadonlySet<string> | undefined;
  readonly returns: ReadonlySet<string> | undefined;
  readonly known: ReadonlySet<string> | undefined;
  /** Event names classified lately, and their classes (a small cache: a stream has few names). */
  readonly kindNames: unknown[] = [];
  readonly kindValues: number[] = [];
  /** The first skipped records (at most options.maxSkipped), frozen. */
  readonly skipped: SkippedRecord[] = [];
  /** Every skipped record, counted by field (see {@link skipKey}). */
  readonly skippedCounts = new Map<string, number>();
  skippedTotal = 0;
  /** What the `skipped` getter hands out, made once per change. */
  skippedView: readonly SkippedRecord[] | undefined;
  /** Valid events read but not yet counted by the store (see flush). */
  readonly block = new EventBlock();
  recordsAdded = 0;
  ignored = 0;
  /** Records refused with an error (onInvalid 'throw'): counted in recordsAdded, so JSON can account for them. */
  refused = 0;
  range: [number, number] | null = null;

  constructor(options: CohortBuilderOptionsJSON, calendar: Calendar, fields: unknown) {
    this.options = options;
    this.rolling = options.timeWindow === 'rolling';
    this.calendar = calendar;
    this.periods = new PeriodIndex(calendar);
    [this.minTime, this.maxTime] = supportedRange(calendar);
    this.read = accessors('CohortBuilder', fields);
    this.defaultFields = fields === undefined;
    this.iso = new IsoReader(options.timeZone === 'UTC');
    const { startEvents, returnEvents } = options;
    this.starts = startEvents === null ? undefined : new Set(startEvents);
    this.returns = returnEvents === null ? undefined : new Set(returnEvents);
    const bothListed = startEvents !== null && returnEvents !== null;
    this.known = bothListed && options.unknownEvents === 'invalid' ? new Set([...startEvents, ...returnEvents]) : undefined;
  }

  /** `skippedCounts` as CohortBuilder and its JSON show it: a frozen record sorted by field. */
  skippedCountsRecord(): Readonly<Record<string, number>> {
    return Object.freeze(Object.fromEntries([...this.skippedCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }

  /** Rows from .. to-1 of parsed columns whose interner the store shares: ids need no check and no lookup. */
  addInternedRows(rows: ColumnRows, from: number, to: number): void {
    const { times, events, amounts, decimals, eventIds, kindOf } = rows;
    const index = rows.index as Int32Array;
    const block = this.block;
    const minTime = this.minTime;
    const maxTime = this.maxTime;
    for (let i = from; i < to; i++) {
      const time = times[i];
      let kind: number;
      if (eventIds !== undefined) {
        const e = eventIds.index[i] as number;
        kind = kindOf[e] as number;
        if (kind < 0) kind = kindOf[e] = this.kind(eventIds.names[e]);
      } else {
        kind = this.kind(events === undefined ? 'purchase' : (events[i] ?? 'purchase'));
      }
      const minor = amounts === undefined ? 0 : (amounts[i] ?? 0);
      if (kind === INVALID || typeof time !== 'number' || !(time >= minTime && time <= maxTime) || typeof minor !== 'number' || !Number.isSafeInteger(minor)) {
        this.addColumnRow(rows, i);
        continue;
      }
      this.recordsAdded++;
      if (kind === IGNORED) {
        this.ignored++;
        continue;
      }
      // push, written out: a call per row would box the float arguments.
      if (block.size === BLOCK_SIZE || (block.size > 0 && block.decimals !== decimals)) this.flush();
      const j = block.size++;
      block.customer[j] = index[i] as number;
      block.time[j] = time;
      block.kind[j] = kind;
      block.minor[j] = (kind & RETURN) === 0 ? 0 : minor;
      block.decimals = decimals;
    }
  }

  /** One row of columns, checked field by field; anything unusual goes through the general reader for its message. */
  addColumnRow(rows: ColumnRows, i: number): void {
    const { ids, idNames, times, events, eventIds, amounts, decimals, index, direct, customerOfId } = rows;
    const rawId = idNames === undefined ? ids[i] : idNames[index![i] as number];
    const time = times[i];
    const rawEvent = eventIds === undefined ? events?.[i] : eventIds.names[eventIds.index[i] as number];
    const kind = this.kind(rawEvent ?? 'purchase');
    // A row whose interned id was already accepted needs no id check and no lookup.
    const id = index === undefined ? -1 : (index[i] as number);
    let customer = id < 0 ? -1 : direct ? id : (customerOfId[id] as number);
    const idOk = customer >= 0 || (typeof rawId === 'string' ? rawId !== '' : typeof rawId === 'number' && Number.isFinite(rawId));
    if (!idOk || typeof time !== 'number' || !(time >= this.minTime && time <= this.maxTime) || kind === INVALID) {
      // Columns hold epoch milliseconds only: a string or Date here is refused, so the general reader below
      // (used for its messages) can never accept the row and drop its amount.
      if (idOk && typeof time !== 'number') {
        this.reject(new MetricError({ code: 'INVALID_INPUT', functionName: 'CohortBuilder.addColumns', field: `events[${this.recordsAdded}].timestamp`, rule: EPOCH_MS_CELL, received: time }));
        return;
      }
      this.addOne({ customerId: rawId, timestamp: time, event: rawEvent, amount: 0 }, DEFAULT_READ);
      return;
    }
    const minor = amounts?.[i] ?? 0;
    if (!(typeof minor === 'number' && Number.isSafeInteger(minor))) {
      this.reject(new MetricError({ code: 'INVALID_INPUT', functionName: 'CohortBuilder.addColumns', field: `events[${this.recordsAdded}].amount`, rule: MINOR_UNITS_CELL, received: minor }));
      return;
    }
    this.recordsAdded++;
    if (kind === IGNORED) {
      this.ignored++;
      return;
    }
    if (customer < 0) {
      customer = typeof rawId === 'string' ? this.store.customerOf(rawId) : this.store.customerOfNumber(rawId as number);
      if (id >= 0 && !direct) customerOfId[id] = customer;
    }
    this.push(customer, time, kind, (kind & RETURN) === 0 ? 0 : minor, decimals);
  }

  /** Adds another builder's state, store to store: what `absorbSavedState(state, source.toJSON())` adds, without the JSON. */
  absorbBuilder(source: BuilderState): void {
    this.store.absorb(source.store);
    if (source.range !== null) this.widenRange(source.range[0], source.range[1]);
    this.recordsAdded += source.recordsAdded;
    this.ignored += source.ignored;
    this.refused += source.refused;
    this.absorbSkipped(source.skipped, source.skippedCounts);
  }

  /**
   * Adds skipped records: their counts, and their entries while this builder's list is complete and has
   * room, so the list stays the first records of the concatenation (which keeps merge associative).
   */
  absorbSkipped(entries: readonly SkippedRecord[], counts: ReadonlyMap<string, number>): void {
    const complete = this.skipped.length === this.skippedTotal;
    for (const [key, n] of counts) this.noteSkipped(undefined, n, key);
    if (!complete) return;
    for (const entry of entries) {
      if (this.skipped.length >= this.options.maxSkipped) break;
      this.skipped.push(Object.isFrozen(entry) ? entry : Object.freeze({ index: entry.index, field: entry.field, reason: entry.reason }));
      this.skippedView = undefined;
    }
  }

  /** Counts a bad record, then throws or reports it as `onInvalid` says. */
  reject(error: MetricError): void {
    this.flush();
    const index = this.recordsAdded++;
    if (this.options.onInvalid === 'throw') {
      this.refused++;
      throw error;
    }
    this.noteSkipped(toSkipped(error, index), 1);
  }

  /** Counts `count` skipped records of `entry`'s field, and keeps `entry` in full while there is room. */
  noteSkipped(entry: SkippedRecord | undefined, count: number, key = entry === undefined ? '' : skipKey(entry.field)): void {
    this.skippedTotal += count;
    this.skippedCounts.set(key, (this.skippedCounts.get(key) ?? 0) + count);
    if (entry !== undefined && this.skipped.length < this.options.maxSkipped) {
      this.skipped.push(Object.isFrozen(entry) ? entry : Object.freeze({ index: entry.index, field: entry.field, reason: entry.reason }));
      this.skippedView = undefined;
    }
  }

  /**
   * Adds one record. Records of the usual shape (a text or numeric id, an ISO-8601 string in a common
   * form or epoch ms or a Date, a number amount with few decimals) take a fast path that validates them
   * inline and never makes a Decimal; anything else goes through the general reader, which also words
   * the errors, so both paths accept the same records with the same meaning.
   */
  addRecord(record: unknown): void {
    if (typeof record !== 'object' || record === null) return this.addOne(record, this.read);
    let rawId: unknown;
    let rawTime: unknown;
    let rawEvent: unknown;
    let rawAmount: unknown;
    if (this.defaultFields) {
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
      const [readId, readTime, readEventName, readAmount] = this.read;
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
        return this.reject(accessorError('CohortBuilder.add', this.recordsAdded, field, record, error));
      }
    }
    const kind = this.kind(rawEvent === undefined ? 'purchase' : rawEvent);
    const timeOk = this.readTime(rawTime);
    const idOk = typeof rawId === 'string' ? rawId !== '' : typeof rawId === 'number' && Number.isFinite(rawId);
    // Amounts other than numbers (strings, bigints, Decimals) and numbers with many decimals are read
    // exactly by the general reader.
    const minor = rawAmount === undefined || rawAmount === null ? 0 : this.minorOf(rawAmount);
    if (!idOk || !timeOk || kind === INVALID || Number.isNaN(minor)) return this.addRead(record, rawId, rawTime, rawEvent, rawAmount);
    this.recordsAdded++;
    if (kind === IGNORED) {
      this.ignored++;
      return;
    }
    const store = this.store;
    const customer = typeof rawId === 'string' ? store.customerOf(rawId) : store.customerOfNumber(rawId as number);
    // push, written out: a call that is not inlined would box the time.
    const block = this.block;
    const decimals = this.amountScale();
    if (block.size === BLOCK_SIZE || (block.size > 0 && block.decimals !== decimals)) this.flush();
    const j = block.size++;
    block.customer[j] = customer;
    block.time[j] = this.time;
    block.kind[j] = kind;
    block.minor[j] = (kind & RETURN) === 0 ? 0 : minor;
    block.decimals = decimals;
  }

  /**
   * The general path for a record whose fields are read already (read once: accessors may have effects).
   * A function of its own, so that addRecord captures no variable in a closure (which would allocate a
   * context per record).
   */
  addRead(record: object, rawId: unknown, rawTime: unknown, rawEvent: unknown, rawAmount: unknown): void {
    // The values read already, not the accessors again: an accessor is called once per record.
    this.addOne(record, [() => rawId, () => rawTime, () => rawEvent, () => rawAmount] as const);
  }

  /**
   * Reads a timestamp on the fast path into `time`; false when the general reader must decide. (The
   * instant goes through a field: a float returned by a call that is not inlined would be boxed.)
   */
  readTime(value: unknown): boolean {
    let ms = Number.NaN;
    if (typeof value === 'string') {
      if (!this.iso.parse(value, 0, value.length)) return false;
      ms = this.iso.value;
    } else if (typeof value === 'number') ms = Math.abs(value) <= 8.64e15 ? value + 0 : Number.NaN;
    else if (value instanceof Date) ms = value.getTime();
    // NaN, and instants whose period is not inside the time range, go to the general path, which refuses them.
    if (!(ms >= this.minTime && ms <= this.maxTime)) return false;
    this.time = ms;
    return true;
  }

  /** The instant `readTime` read last. */
  time = 0;

  /** Decimals of the minor units that number amounts are read in: the store's, or cents before any amount. */
  amountScale(): number {
    return this.store.hasScale ? this.store.scale : 2;
  }

  /**
   * A number amount in exact minor units of 10^-scale (negative for a refund), or NaN when it has more
   * decimals (or is huge or not a number). m = round(x · 10^s) is exact when m / 10^s === x and m < 2^50: doubles that
   * small are closer together than a quarter of 10^-s, so x's shortest decimal form, which the general
   * reader uses, is then exactly m · 10^-s.
   */
  minorOf(amount: unknown): number {
    if (typeof amount !== 'number') return Number.NaN;
    const power = TEN_POWERS[this.amountScale()] as number;
    const minor = Math.round(amount * power);
    return Math.abs(minor) < 2 ** 50 && minor / power === amount ? minor + 0 : Number.NaN;
  }

  /** START | RETURN bits of an event name, or IGNORED, or INVALID (not a name, or an unknown name). */
  kind(event: unknown): number {
    const names = this.kindNames;
    for (let k = 0; k < names.length; k++) if (names[k] === event) return this.kindValues[k] as number;
    let kind: number;
    if (typeof event !== 'string' || event === '' || (this.known !== undefined && !this.known.has(event))) kind = INVALID;
    else {
      const isStart = this.starts === undefined || this.starts.has(event);
      const isReturn = this.returns === undefined || this.returns.has(event);
      kind = (isStart ? START : 0) | (isReturn ? RETURN : 0);
    }
    // The newest name goes first; the cache keeps the last few.
    names.unshift(event);
    this.kindValues.unshift(kind);
    if (names.length > KIND_CACHE) {
      names.pop();
      this.kindValues.pop();
    }
    return kind;
  }

  /** The general path: validates with the reader that words the errors. */
  addOne(record: unknown, read: ReturnType<typeof accessors> | readonly [() => unknown, () => unknown, () => unknown, () => unknown]): void {
    let event;
    try {
      event = readEvent('CohortBuilder.add', record, this.recordsAdded, read as ReturnType<typeof accessors>, this.options.timeZone, this.known);
    } catch (error) {
      if (!(error instanceof MetricError)) throw error;
      this.reject(error);
      return;
    }
    // Checked before any state changes: a period past the ends of the time range cannot be placed.
    if (!(event.timestamp >= this.minTime && event.timestamp <= this.maxTime)) {
      this.reject(this.outsideTimeRange(event.timestamp));
      return;
    }
    this.recordsAdded++;
    const kind = this.kind(event.event);
    if (kind === IGNORED) {
      this.ignored++;
      return;
    }
    this.flush();
    const customer = this.store.customerOf(event.customerId);
    this.widenRange(event.timestamp, event.timestamp);
    const key = this.rolling ? event.timestamp : this.periods.startOf(event.timestamp);
    this.store.add(customer, key, kind & START ? 1 : 0, kind & RETURN ? 1 : 0);
    if ((kind & RETURN) !== 0 && event.amount !== undefined) this.store.addDecimal(customer, event.amount);
  }

  /** The error of a valid instant whose period is not inside the time range (within a period of ±8.64e15 ms). */
  outsideTimeRange(ms: number): MetricError {
    const iso = (t: number) => new Date(t).toISOString();
    return new MetricError({
      code: 'INVALID_INPUT',
      functionName: 'CohortBuilder.add',
      field: `events[${this.recordsAdded}].timestamp`,
      rule: `an instant from ${iso(this.minTime)} to ${iso(this.maxTime)} (its ${this.calendar.unit} period inside the ECMAScript time range)`,
      received: iso(ms),
    });
  }

  /** Queues a valid event; the store counts queued events in blocks. */
  push(customer: number, time: number, kind: number, minor: number, decimals: number): void {
    const block = this.block;
    if (block.size === BLOCK_SIZE || (block.size > 0 && block.decimals !== decimals)) this.flush();
    const j = block.size++;
    block.customer[j] = customer;
    block.time[j] = time;
    block.kind[j] = kind;
    block.minor[j] = minor;
    block.decimals = decimals;
  }

  /** Counts the queued events: the observed range, the period of each, then the store in one loop. */
  flush(): void {
    const block = this.block;
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
    this.widenRange(low, high);
    if (!this.rolling) this.periods.startsOf(times, n);
    this.store.addBlock(block.customer, times, block.kind, block.minor, n, block.decimals);
  }

  widenRange(low: number, high: number): void {
    const range = this.range;
    if (range === null) this.range = [low, high];
    else {
      if (low < range[0]) range[0] = low;
      if (high > range[1]) range[1] = high;
    }
  }

  /** Whether no event name is both a start and a return event (then each event is exactly one of them). */
  disjointEvents(): boolean {
    const starts = this.starts;
    return starts !== undefined && this.returns !== undefined && ![...this.returns].some((name) => starts.has(name));
  }
}

/** The keys of `skippedCounts`: the field of a skipped record without its index (`record` for the record itself). */
export const SKIP_KEYS = ['record', 'customerId', 'timestamp', 'event', 'amount'];
export const SKIPPED_FIELD = /^events\[(\d+)\](?:\.(customerId|timestamp|event|amount))?$/;

/** The `skippedCounts` key of a skipped record's field: `events[12].amount` -> `amount`, `events[3]` -> `record`. */
export function skipKey(field: string): string {
  return SKIPPED_FIELD.exec(field)?.[2] ?? 'record';
}

const TEN_POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** Event names remembered by kind. */
const KIND_CACHE = 4;
const DEFAULT_READ = accessors('CohortBuilder.addColumns', undefined);
