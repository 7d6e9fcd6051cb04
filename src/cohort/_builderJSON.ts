/**
 * The JSON form of a CohortBuilder: its type, the writer, and the reader, which checks a saved state as
 * strictly as events are checked, since it may come from anywhere.
 */
import { money } from '../core/_money.js';
import { count, fail, options as readOptions, own, record } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import type { SkippedRecord } from '../events/_eventInput.js';
import { minorUnits } from '../events/_cellReaders.js';
import { type CohortBuilderOptionsJSON, OPTION_KEYS } from './_builderOptions.js';
import { type BuilderState, SKIP_KEYS, SKIPPED_FIELD, skipKey } from './_builderState.js';

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

const JSON_KEYS = ['format', 'version', 'options', 'range', 'recordsAdded', 'ignoredRecords', 'refusedRecords', 'skipped', 'skippedCounts', 'customers'];
const JSON_OPTION_KEYS = OPTION_KEYS.filter((key) => key !== 'fields');
/** Options that every version-1 JSON has (later ones default when absent). */
const REQUIRED_JSON_OPTIONS = ['period', 'timeZone', 'weekStartsOn', 'cohortBy', 'startEvents', 'returnEvents', 'minOccurrences', 'onInvalid'];

export function builderJSON(state: BuilderState): CohortBuilderJSON {
  const store = state.store;
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
    options: jsonOptions(state.options),
    range: state.range === null ? null : [state.range[0], state.range[1]],
    recordsAdded: state.recordsAdded,
    ignoredRecords: state.ignored,
    refusedRecords: state.refused,
    skipped: state.skipped.slice(),
    skippedCounts: state.skippedCountsRecord(),
    customers,
  };
}

/**
 * The options of a saved state (the first part of `CohortBuilder.fromJSON`): the format, version and keys
 * of `json` and its options checked, then returned as constructor options (with `fields` from `options`).
 */
export function readSavedOptions(ctx: { fn: string }, json: unknown, options: unknown): Record<string, unknown> {
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
  return restored;
}

/** What `CohortBuilder.fromJSON` throws when the constructor refused the saved options. */
export function restoreError(ctx: { fn: string }, error: unknown): unknown {
  // The constructor's words, with the JSON path: options.period -> json.options.period.
  if (!(error instanceof MetricError) || error.functionName !== 'CohortBuilder') return error;
  const rule = error.message.slice(error.message.indexOf(' must be ') + 9, error.message.lastIndexOf(', received '));
  const field = error.field.startsWith('options.fields') ? error.field : `json.${error.field}`;
  return new MetricError({ code: error.code, functionName: ctx.fn, field, rule, received: error.received });
}

/**
 * Adds a serialised state to a new builder's state; every value is checked, since JSON may come from anywhere
 * (see fromJSON). Field names are made only for a bad value: a saved state has hundreds of thousands of cells.
 */
export function absorbSavedState(state: BuilderState, json: object): void {
  const ctx = { fn: 'CohortBuilder.fromJSON' };
  const recordsAdded = count(ctx, 'json.recordsAdded', own(json, 'recordsAdded'));
  const ignored = own(json, 'ignoredRecords') === undefined ? 0 : count(ctx, 'json.ignoredRecords', own(json, 'ignoredRecords'));
  const range = readRange(ctx, own(json, 'range'), state.minTime, state.maxTime);
  const skippedTotal = absorbSavedSkipped(state, ctx, json, recordsAdded);
  const customers = own(json, 'customers');
  if (!Array.isArray(customers)) fail(ctx, 'json.customers', 'an array of [customerId, periods]', customers);
  if (customers.length > 0 && range === null) fail(ctx, 'json.range', '[earliest, latest] in epoch ms when there are customers', null, 'INCONSISTENT_INPUT');
  const store = state.store;
  const rolling = state.rolling;
  const periods = state.periods;
  // The tallies lie in [low, high]; the range is exactly spanned by them (it is the earliest and latest event).
  const low = range === null ? 0 : rolling ? range[0] : periods.startOf(range[0]);
  const high = range === null ? 0 : rolling ? range[1] : periods.startOf(range[1]);
  const unit = rolling ? 'an event instant' : `the start of a ${state.options.period} in ${state.options.timeZone}`;
  const mode = state.options.startEvents === null ? (state.options.returnEvents === null ? 'same' : 'startsCover') : state.options.returnEvents === null ? 'returnsCover' : 'either';
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
  const exact = mode === 'same' || mode === 'returnsCover' ? sumReturns : mode === 'startsCover' ? sumStarts : state.disjointEvents() ? sumStarts + sumReturns : undefined;
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
  state.refused = refused;
  if (range !== null) state.widenRange(range[0], range[1]);
  state.recordsAdded = recordsAdded;
  state.ignored = ignored;
}

/** Reads `skipped` and `skippedCounts` of a saved state; returns the number of skipped records. */
function absorbSavedSkipped(state: BuilderState, ctx: { fn: string }, json: object, recordsAdded: number): number {
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
  if (saved !== undefined && skipped.length > state.options.maxSkipped) {
    fail(ctx, 'json.skipped', `at most json.options.maxSkipped (${state.options.maxSkipped}) records`, skipped, 'INCONSISTENT_INPUT');
  }
  state.absorbSkipped(entries, counts);
  return total;
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
