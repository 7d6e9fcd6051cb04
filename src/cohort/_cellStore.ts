import type { Decimal } from 'decimal.js';
import { ExactDecimal, ZERO } from '../core/_decimal.js';
import { IdInterner } from '../events/_internedIds.js';

/**
 * The builder's state in flat typed arrays: customers interned to dense indices, and one cell per
 * (customer, key) holding start-event and return-event counts and the return events' amount. The key is
 * the start of a calendar period (calendar windows) or an exact instant (rolling windows).
 *
 * Three tiers, chosen for memory access patterns rather than lookups (a hash of cells costs a random
 * memory access per event, and fresh memory is expensive):
 * - the current cell of each customer, indexed by customer: an event of the same key (events mostly
 *   arrive in time order, so most of them) is added in place;
 * - a log of cells pushed out of the current slot by an event of another key (sequential writes);
 * - the cells, sorted by (customer, key), each (customer, key) once. `compact()` folds the current cells
 *   and the log into them: a stable counting sort of the log by customer, then a merge. Readers call it first.
 *
 * Amounts are exact: integer minor units at one scale for the whole store (`10^-scale`), summed as
 * float64 integers while they stay below 2^53, with a Decimal side-table for anything else (an amount
 * with more decimals than the scale can absorb, or a sum past Number.MAX_SAFE_INTEGER). A cell's amount
 * is minor × 10^-scale + its side-table entry, so no Decimal is made per event.
 */
export class CellStore {
  /** Customer ids to indices; possibly shared with a parse (see `adopt`), so it may hold ids of no event here. */
  #interner = new IdInterner();
  readonly #byNumber = new Map<number, number>();
  /** Customers with at least one event in this store. */
  #live = 0;

  /**
   * Per customer, its current cell: [key, starts, returns, minor]; the key is NaN for a customer with no
   * event yet, and +Infinity when the customer has no current cell.
   */
  #current = emptySlots(new Float64Array(4 * 1024), 0);
  /** Decimal parts of current cells' amounts, by customer. */
  #currentExtra = new Map<number, Decimal>();
  /**
   * Cells pushed out of the current slots, in arrival order (several may share a customer and key), as
   * records of LOG_STRIDE numbers: [customer, key, starts, returns, minor] (one record is one cache line
   * for the gather of the fold), in chunks of LOG_CHUNK records, so that growing never copies.
   */
  #log: Float64Array[] = [];
  #logSize = 0;
  #logExtra = new Map<number, Decimal>();
  /** The folded cells, sorted by (customer, key), each (customer, key) once. */
  #cells = new Columns(0);
  #cellExtra = new Map<number, Decimal>();

  /**
   * @param logLimit Log records before a fold, at least (tests set a small one to fold between any two
   *   operations); the log is folded at a multiple of min(logLimit, LOG_CHUNK) records.
   */
  constructor(readonly logLimit = LOG_LIMIT) {}

  /** Decimals of the minor units; -1 before the first amount. */
  #scale = -1;
  /** An upper bound of every minor value stored, to know when a rescale stays exact. */
  #maxMinor = 0;

  /** Customer id of each customer index (some may have no event here: see `hasEvents`). */
  get ids(): readonly string[] {
    return this.#interner.ids;
  }

  /** Number of customers with at least one event. */
  get customerCount(): number {
    return this.#live;
  }

  /** Number of customer indices (an upper bound of every customer index + 1). */
  get customerSlots(): number {
    return this.#interner.ids.length;
  }

  /**
   * Uses a parse's interner as this store's, so that the parse's id numbers are customer numbers: possible
   * while the store has no customer. Returns whether the store's interner is `interner`.
   */
  adopt(interner: IdInterner): boolean {
    if (this.#interner !== interner && this.#interner.ids.length === 0) this.#interner = interner;
    if (this.#interner !== interner) return false;
    this.#reserve();
    return true;
  }

  /** The customer index of a text id, interned on first sight. */
  customerOf(id: string): number {
    const index = this.#interner.intern(id);
    if (4 * index >= this.#current.length) this.#reserve();
    return index;
  }

  /** The customer index of a numeric id (a finite number, read as its decimal text: 42 and '42' are one customer). */
  customerOfNumber(id: number): number {
    const known = this.#byNumber.get(id);
    if (known !== undefined) return known;
    const index = this.customerOf(String(id));
    this.#byNumber.set(id, index);
    return index;
  }

  /**
   * Counts start and return events of a customer at a key. Returns the customer, as the handle of the
   * current cell for `addMinor`/`addDecimal`.
   */
  add(customer: number, key: number, starts: number, returns: number): number {
    const current = this.#current;
    const at = 4 * customer;
    if (current[at] !== key) this.#replace(customer, key);
    current[at + 1]! += starts;
    current[at + 2]! += returns;
    return customer;
  }

  /** Makes `key` the customer's current cell: the old one goes to the log; a first event makes the customer live. */
  #replace(customer: number, key: number): void {
    const current = this.#current;
    const at = 4 * customer;
    const old = current[at] as number;
    if (Number.isNaN(old)) this.#live++;
    else if (old !== Number.POSITIVE_INFINITY) this.#evict(customer);
    current[at] = key;
  }

  /**
   * Counts a block of events at once (the fast path): per event, its customer, key, kind (bit 1 start,
   * bit 2 return) and amount in minor units of 10^-decimals. One tight loop, so that the per-event work
   * stays a few typed-array accesses.
   */
  addBlock(customers: Int32Array, keys: Float64Array, kinds: Uint8Array, minors: Float64Array, count: number, decimals: number): void {
    const current = this.#current;
    for (let j = 0; j < count; j++) {
      const customer = customers[j] as number;
      const key = keys[j] as number;
      const at = 4 * customer;
      if (current[at] !== key) this.#replace(customer, key);
      const kind = kinds[j] as number;
      current[at + 1]! += kind & 1;
      current[at + 2]! += kind >> 1;
      const minor = minors[j] as number;
      if (minor === 0) continue;
      const sum = (current[at + 3] as number) + minor;
      if (decimals === this.#scale && Math.abs(sum) <= Number.MAX_SAFE_INTEGER) {
        current[at + 3] = sum;
        if (Math.abs(sum) > this.#maxMinor) this.#maxMinor = Math.abs(sum);
      } else {
        this.addMinor(customer, minor, decimals);
      }
    }
  }

  /** Adds `minor` units of 10^-decimals (a safe integer, negative for a refund) to a current cell's amount, exactly. */
  addMinor(customer: number, minor: number, decimals: number): void {
    if (minor === 0) return;
    const units = decimals === this.#scale ? minor : this.#scaled(minor, decimals);
    if (Number.isNaN(units)) return this.#addCurrentExtra(customer, decimalOf(minor, decimals));
    const at = 4 * customer + 3;
    const sum = (this.#current[at] as number) + units;
    if (Math.abs(sum) > Number.MAX_SAFE_INTEGER) return this.#addCurrentExtra(customer, decimalOf(units, this.#scale));
    this.#current[at] = sum;
    if (Math.abs(sum) > this.#maxMinor) this.#maxMinor = Math.abs(sum);
  }

  /** Adds an exact amount given as a Decimal (from JSON or a non-number amount) to a current cell. */
  addDecimal(customer: number, amount: Decimal): void {
    if (amount.isZero()) return;
    const decimals = amount.decimalPlaces();
    const units = decimals <= MAX_SCALE ? amount.times(TEN_POWERS[decimals] as number) : undefined;
    if (units !== undefined && units.abs().lessThanOrEqualTo(Number.MAX_SAFE_INTEGER)) this.addMinor(customer, units.toNumber(), decimals);
    else this.#addCurrentExtra(customer, amount);
  }

  /**
   * Adds every cell of `other` (folding it first, which leaves its content unchanged): customers matched by
   * id, amounts carried exactly (minor units at other's scale, and its Decimal parts).
   */
  absorb(other: CellStore): void {
    other.compact();
    const ids = other.ids;
    const offsets = other.customerOffsets();
    const scale = other.scale;
    for (let c = 0; c < ids.length; c++) {
      const from = offsets[c] as number;
      const to = offsets[c + 1] as number;
      if (from === to) continue;
      const customer = this.customerOf(ids[c] as string);
      for (let cell = from; cell < to; cell++) {
        this.add(customer, other.keyAt(cell), other.startsAt(cell), other.returnsAt(cell));
        this.addMinor(customer, other.minorAt(cell), scale);
        const extra = other.extraAt(cell);
        if (extra !== undefined) this.addDecimal(customer, extra);
      }
    }
  }

  /** Whether an amount has set the scale. */
  get hasScale(): boolean {
    return this.#scale >= 0;
  }

  /** Decimals of the minor units (0 before any amount). */
  get scale(): number {
    return Math.max(this.#scale, 0);
  }

  /** Folds the current cells and the log into the cells. Call before reading cells. */
  compact(): void {
    this.#fold(true);
  }

  /**
   * Folds the log (and with `withCurrent`, the current cells, which are then emptied) into the cells: a
   * counting sort of the log by customer (stable), then per customer a merge of its old cells, its log
   * records and its current cell, by key. Current cells go straight into the merge, not through the log:
   * that would write and read back one record per customer.
   */
  #fold(withCurrent: boolean): void {
    const log = this.#log;
    const n = this.#logSize;
    const slots = this.customerSlots;
    if (n === 0 && !(withCurrent && hasCurrentCell(this.#current, slots))) return;
    // The customer of each record, as integers (a closure returning the float would box it).
    const customers = new Int32Array(n);
    for (let i = 0; i < n; i++) customers[i] = (log[i >>> LOG_CHUNK_BITS] as Float64Array)[LOG_STRIDE * (i & LOG_CHUNK_MASK)] as number;
    const offsets = new Int32Array(slots + 1);
    for (let i = 0; i < n; i++) offsets[(customers[i] as number) + 1]! += 1;
    for (let c = 0; c < slots; c++) offsets[c + 1]! += offsets[c] as number;
    const order = new Int32Array(n);
    const next = offsets.slice(0, slots);
    for (let i = 0; i < n; i++) order[next[customers[i] as number]!++] = i;
    const old = this.#cells;
    const current = this.#current;
    const writer = new CellWriter(new Columns(old.size + n + (withCurrent ? this.#live : 0)), this.scale);
    const merge = new FoldMerge(old, this.#cellExtra, log, this.#logExtra, order, writer);
    for (let customer = 0; customer < slots; customer++) {
      const at = 4 * customer;
      const key = current[at] as number;
      const hasCurrent = withCurrent && Number.isFinite(key);
      merge.customer(customer, offsets[customer] as number, offsets[customer + 1] as number, hasCurrent ? key : Number.POSITIVE_INFINITY);
      if (!hasCurrent) continue;
      // The current cell goes after the old cells and log records of smaller keys; those of its key are added into it.
      merge.writeBefore(customer, key, false);
      writer.write(customer, key, current[at + 1] as number, current[at + 2] as number, current[at + 3] as number, this.#currentExtra.size === 0 ? undefined : this.#currentExtra.get(customer));
      merge.writeBefore(customer, Number.POSITIVE_INFINITY, true);
      current[at] = Number.POSITIVE_INFINITY;
      current[at + 1] = 0;
      current[at + 2] = 0;
      current[at + 3] = 0;
    }
    if (withCurrent) this.#currentExtra.clear();
    this.#cells = writer.out;
    this.#cellExtra = writer.extra;
    if (writer.maxMinor > this.#maxMinor) this.#maxMinor = writer.maxMinor;
    this.#logSize = 0;
    this.#logExtra = new Map();
  }

  /** Number of cells (after `compact()`). */
  get size(): number {
    return this.#cells.size;
  }

  /** Customer index of a cell. */
  customerAt(cell: number): number {
    return this.#cells.customer[cell] as number;
  }

  /** Key (period start or instant) of a cell. */
  keyAt(cell: number): number {
    return this.#cells.key[cell] as number;
  }

  /** Start events of a cell. */
  startsAt(cell: number): number {
    return this.#cells.starts[cell] as number;
  }

  /** Return events of a cell. */
  returnsAt(cell: number): number {
    return this.#cells.returns[cell] as number;
  }

  /** The integer part of a cell's amount, in minor units of 10^-scale. */
  minorAt(cell: number): number {
    return this.#cells.minor[cell] as number;
  }

  /** The part of a cell's amount kept as a Decimal, if any. */
  extraAt(cell: number): Decimal | undefined {
    return this.#cellExtra.size === 0 ? undefined : this.#cellExtra.get(cell);
  }

  /** A cell's exact amount. */
  amountAt(cell: number): Decimal {
    const minor = this.minorAt(cell);
    const extra = this.extraAt(cell);
    const integral = minor === 0 ? ZERO : decimalOf(minor, this.scale);
    return extra === undefined ? integral : integral.plus(extra);
  }

  /** A cell's exact amount as the text `Decimal#toFixed()` gives, without a Decimal in the common case. */
  amountTextAt(cell: number): string {
    return this.extraAt(cell) === undefined ? minorText(this.minorAt(cell), this.scale) : this.amountAt(cell).toFixed();
  }

  /** First cell of each customer: cells offsets[c] .. offsets[c + 1] - 1 are customer c's, in key order. */
  customerOffsets(): Int32Array {
    const slots = this.customerSlots;
    const offsets = new Int32Array(slots + 1);
    const customers = this.#cells.customer;
    for (let cell = 0; cell < this.#cells.size; cell++) offsets[(customers[cell] as number) + 1]! += 1;
    for (let c = 0; c < slots; c++) offsets[c + 1]! += offsets[c] as number;
    return offsets;
  }

  /** Moves a customer's current cell to the log. */
  #evict(customer: number): void {
    const current = this.#current;
    const at = 4 * customer;
    // A long log is folded, so that memory stays proportional to the cells (input in random order
    // would otherwise log nearly every event); the fold is linear in the cells, hence the limit.
    if (this.#logSize >= Math.max(this.logLimit, this.#cells.size) && this.#logSize % Math.min(this.logLimit, LOG_CHUNK) === 0) this.#fold(false);
    const i = this.#logSize++;
    const c = i >>> LOG_CHUNK_BITS;
    if (c === this.#log.length) this.#log.push(new Float64Array(LOG_STRIDE * LOG_CHUNK));
    const log = this.#log[c] as Float64Array;
    let r = LOG_STRIDE * (i & LOG_CHUNK_MASK);
    log[r++] = customer;
    log[r++] = current[at] as number;
    log[r++] = current[at + 1] as number;
    log[r++] = current[at + 2] as number;
    log[r] = current[at + 3] as number;
    current[at] = Number.POSITIVE_INFINITY;
    current[at + 1] = 0;
    current[at + 2] = 0;
    current[at + 3] = 0;
    if (this.#currentExtra.size > 0) {
      const extra = this.#currentExtra.get(customer);
      if (extra !== undefined) {
        this.#logExtra.set(i, extra);
        this.#currentExtra.delete(customer);
      }
    }
  }

  /**
   * `minor` (of 10^-decimals) in the store's scale, or NaN when that is not exact: the scale is set by the
   * first amount, and rises to absorb more decimals while every stored value stays safe.
   */
  #scaled(minor: number, decimals: number): number {
    if (decimals > MAX_SCALE) return Number.NaN;
    if (this.#scale < 0) {
      this.#scale = decimals;
      return minor;
    }
    if (decimals < this.#scale) {
      const units = minor * (TEN_POWERS[this.#scale - decimals] as number);
      return Math.abs(units) <= Number.MAX_SAFE_INTEGER ? units : Number.NaN;
    }
    const factor = TEN_POWERS[decimals - this.#scale] as number;
    if (this.#maxMinor * factor > Number.MAX_SAFE_INTEGER || Math.abs(minor) * factor > Number.MAX_SAFE_INTEGER) return Number.NaN;
    for (let at = 3; at < this.#current.length; at += 4) this.#current[at] = (this.#current[at] as number) * factor;
    for (let i = 0; i < this.#logSize; i++) {
      const chunk = this.#log[i >>> LOG_CHUNK_BITS] as Float64Array;
      const r = LOG_STRIDE * (i & LOG_CHUNK_MASK) + 4;
      chunk[r] = (chunk[r] as number) * factor;
    }
    this.#cells.scaleMinor(factor);
    this.#maxMinor *= factor;
    this.#scale = decimals;
    return minor;
  }

  #addCurrentExtra(customer: number, amount: Decimal): void {
    const known = this.#currentExtra.get(customer);
    this.#currentExtra.set(customer, known === undefined ? amount : known.plus(amount));
  }

  /** Grows the current cells to cover every customer index of the interner. */
  #reserve(): void {
    const needed = 4 * this.#interner.ids.length;
    if (needed <= this.#current.length) return;
    let length = this.#current.length;
    while (length < needed) length *= 2;
    const grown = new Float64Array(length);
    grown.set(this.#current);
    this.#current = emptySlots(grown, this.#current.length);
  }
}

/** Whether any of the first `slots` customers has a current cell (a finite key). */
function hasCurrentCell(current: Float64Array, slots: number): boolean {
  for (let at = 0; at < 4 * slots; at += 4) if (Number.isFinite(current[at] as number)) return true;
  return false;
}

/** Marks the current-cell slots from `from` on as empty (key NaN, counts and amount 0). */
function emptySlots(current: Float64Array, from: number): Float64Array {
  for (let at = from; at < current.length; at += 4) current[at] = Number.NaN;
  return current;
}

/** Numbers per log record: customer, key, starts, returns, minor. */
const LOG_STRIDE = 5;
const LOG_CHUNK_BITS = 12;
const LOG_CHUNK = 1 << LOG_CHUNK_BITS;
const LOG_CHUNK_MASK = LOG_CHUNK - 1;
/** Log records before a fold, at least (the limit also grows with the cells). */
const LOG_LIMIT = 1 << 20;

/** The folded cells, as parallel columns (read in order by the table builder). */
class Columns {
  size = 0;
  readonly customer: Int32Array;
  readonly key: Float64Array;
  readonly starts: Float64Array;
  readonly returns: Float64Array;
  readonly minor: Float64Array;

  constructor(readonly capacity: number) {
    this.customer = new Int32Array(capacity);
    this.key = new Float64Array(capacity);
    this.starts = new Float64Array(capacity);
    this.returns = new Float64Array(capacity);
    this.minor = new Float64Array(capacity);
  }

  scaleMinor(factor: number): void {
    for (let i = 0; i < this.size; i++) this.minor[i] = (this.minor[i] as number) * factor;
  }
}

/** Appends cells in (customer, key) order, adding a cell into the previous one when both keys are equal. */
class CellWriter {
  readonly extra = new Map<number, Decimal>();
  maxMinor = 0;

  constructor(
    readonly out: Columns,
    readonly scale: number,
  ) {}

  /** Appends cell `at` of `from`. */
  copy(from: Columns, at: number, extra: Decimal | undefined): void {
    this.write(from.customer[at] as number, from.key[at] as number, from.starts[at] as number, from.returns[at] as number, from.minor[at] as number, extra);
  }

  /** Appends a cell, or adds it into the last one when customer and key are equal. */
  write(customer: number, key: number, starts: number, returns: number, minor: number, extra: Decimal | undefined): void {
    const out = this.out;
    let cell = out.size - 1;
    if (cell >= 0 && out.customer[cell] === customer && out.key[cell] === key) {
      out.starts[cell]! += starts;
      out.returns[cell]! += returns;
      const sum = (out.minor[cell] as number) + minor;
      if (Math.abs(sum) <= Number.MAX_SAFE_INTEGER) out.minor[cell] = sum;
      else this.#addExtra(cell, decimalOf(minor, this.scale));
    } else {
      cell = out.size++;
      out.customer[cell] = customer;
      out.key[cell] = key;
      out.starts[cell] = starts;
      out.returns[cell] = returns;
      out.minor[cell] = minor;
    }
    if (extra !== undefined) this.#addExtra(cell, extra);
    if (Math.abs(out.minor[cell] as number) > this.maxMinor) this.maxMinor = Math.abs(out.minor[cell] as number);
  }

  #addExtra(cell: number, amount: Decimal): void {
    const known = this.extra.get(cell);
    this.extra.set(cell, known === undefined ? amount : known.plus(amount));
  }

}

/**
 * One customer at a time, the merge of its old cells and its log records (sorted by key here) into a
 * CellWriter; the caller writes the current cell in between (`writeBefore`).
 */
class FoldMerge {
  /** Next old cell. */
  #i = 0;
  /** Next and end of the customer's run in `order`. */
  #j = 0;
  #to = 0;

  constructor(
    readonly old: Columns,
    readonly oldExtra: ReadonlyMap<number, Decimal>,
    readonly log: readonly Float64Array[],
    readonly logExtra: ReadonlyMap<number, Decimal>,
    readonly order: Int32Array,
    readonly writer: CellWriter,
  ) {}

  /** Starts customer `customer`, whose log records are order[from .. to); with no current cell (`currentKey` infinite), writes all of it. */
  customer(customer: number, from: number, to: number, currentKey: number): void {
    this.#j = from;
    this.#to = to;
    if (from < to) sortRunByKey(this.order, from, to, this.log);
    if (currentKey === Number.POSITIVE_INFINITY) this.writeBefore(customer, Number.POSITIVE_INFINITY, true);
  }

  /** Writes the customer's old cells and log records whose key is below `key` (or equal, with `orEqual`), in key order. */
  writeBefore(customer: number, key: number, orEqual: boolean): void {
    const { old, log, order, writer } = this;
    let i = this.#i;
    let j = this.#j;
    const to = this.#to;
    for (;;) {
      const oldKey = i < old.size && old.customer[i] === customer ? (old.key[i] as number) : Number.NaN;
      const logAt = j < to ? (order[j] as number) : -1;
      const chunk = logAt < 0 ? undefined : (log[logAt >>> LOG_CHUNK_BITS] as Float64Array);
      const r = LOG_STRIDE * (logAt & LOG_CHUNK_MASK);
      const logKey = chunk === undefined ? Number.NaN : (chunk[r + 1] as number);
      // Old cells first on equal keys; NaN (none left) compares false.
      const takeOld = oldKey === oldKey && !(logKey < oldKey);
      const next = takeOld ? oldKey : logKey;
      if (!(orEqual ? next <= key : next < key)) break;
      if (takeOld) {
        writer.copy(old, i, this.oldExtra.size === 0 ? undefined : this.oldExtra.get(i));
        i++;
      } else {
        const c = chunk as Float64Array;
        writer.write(customer, c[r + 1] as number, c[r + 2] as number, c[r + 3] as number, c[r + 4] as number, this.logExtra.size === 0 ? undefined : this.logExtra.get(logAt));
        j++;
      }
    }
    this.#i = i;
    this.#j = j;
  }
}

/** Orders order[from .. to) by the log records' keys, stable; a run already in order (events added in time order) is left as it is. */
function sortRunByKey(order: Int32Array, from: number, to: number, log: readonly Float64Array[]): void {
  if (isRunSorted(order, from, to, log)) return;
  const keyOf = (i: number) => (log[i >>> LOG_CHUNK_BITS] as Float64Array)[LOG_STRIDE * (i & LOG_CHUNK_MASK) + 1] as number;
  // Array#sort is stable: ties keep arrival order.
  const run = Array.from(order.subarray(from, to)).sort((a, b) => keyOf(a) - keyOf(b));
  order.set(run, from);
}

function isRunSorted(order: Int32Array, from: number, to: number, log: readonly Float64Array[]): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  for (let j = from; j < to; j++) {
    const i = order[j] as number;
    const key = (log[i >>> LOG_CHUNK_BITS] as Float64Array)[LOG_STRIDE * (i & LOG_CHUNK_MASK) + 1] as number;
    if (!(previous <= key)) return false;
    previous = key;
  }
  return true;
}

/** Decimals the integer path handles; more go to the Decimal side-table. */
const MAX_SCALE = 15;
const TEN_POWERS = Array.from({ length: MAX_SCALE + 1 }, (_, k) => 10 ** k);

function decimalOf(minor: number, decimals: number): Decimal {
  return new ExactDecimal(decimals === 0 ? minor : `${minor}e-${decimals}`);
}

/** `minor × 10^-decimals` as Decimal#toFixed() writes it: no exponent, no trailing zeros. */
export function minorText(minor: number, decimals: number): string {
  if (minor < 0) return `-${minorText(-minor, decimals)}`;
  const digits = String(minor);
  if (decimals === 0 || minor === 0) return digits;
  const padded = digits.length <= decimals ? '0'.repeat(decimals - digits.length + 1) + digits : digits;
  const point = padded.length - decimals;
  let end = padded.length;
  while (padded.charCodeAt(end - 1) === 48) end--;
  return end <= point ? padded.slice(0, point) : `${padded.slice(0, point)}.${padded.slice(point, end)}`;
}
