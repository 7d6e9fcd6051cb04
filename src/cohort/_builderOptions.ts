/**
 * The cohort definition: the options of {@link CohortBuilder} and their validation, shared by the
 * in-process builder and every other engine of the same definitions (so one set of options means one
 * table wherever it is computed), and the option comparisons of `merge`.
 */
import { type Calendar, PERIOD_UNITS, type PeriodUnit } from '../core/_periods.js';
import { lastInstantOf, type TimestampInput, toEpochMs } from '../core/_time.js';
import { count, fail, finiteNumber, oneOf, options as readOptions, own } from '../core/_validate.js';
import type { AnyEventRecord, EventFields } from '../events/_eventInput.js';
import type { ReturnRule } from './_buildTable.js';
import { zoneOption } from './_builderParts.js';

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
 * Serialisable options (field accessors cannot be serialised and are not needed after adding).
 * @category cohort
 */
export type CohortBuilderOptionsJSON = Omit<Required<CohortBuilderOptions>, 'fields' | 'startEvents' | 'returnEvents'> & {
  /** Start event names, or null for any event. */
  readonly startEvents: readonly string[] | null;
  /** Return event names, or null for any event. */
  readonly returnEvents: readonly string[] | null;
};

export const OPTION_KEYS = ['period', 'timeZone', 'weekStartsOn', 'cohortBy', 'startEvents', 'returnEvents', 'minOccurrences', 'fields', 'onInvalid', 'unknownEvents', 'timeWindow', 'maxSkipped', 'rollingAnchor'];

/** Default of `maxSkipped`: the skipped records kept in full. */
export const DEFAULT_MAX_SKIPPED = 1000;

/**
 * A cohort definition read from {@link CohortBuilderOptions}: the options with every default filled in,
 * the calendar its periods lie on, and the field mapping as given.
 */
export interface CohortDefinition {
  /** The options in force, frozen, as `CohortBuilder.options` returns them. */
  readonly options: CohortBuilderOptionsJSON;
  /** The period unit, zone and week start of the rows and offsets. */
  readonly calendar: Calendar;
  /** `options.fields` as given: undefined, or a mapping that the reader of records checks (see `accessors`). */
  readonly fields: unknown;
}

/**
 * Reads and validates a {@link CohortBuilderOptions} object exactly as the `CohortBuilder` constructor
 * does (same checks in the same order, same messages under `ctx.fn`): unknown keys, each option's type
 * and range, and the rolling-anchor rules. Every default is filled in; the field mapping is returned as
 * given (a builder checks it when it makes its reader of records).
 */
export function readCohortOptions(ctx: { fn: string }, options: unknown): CohortDefinition {
  const opts = readOptions(ctx, options, OPTION_KEYS);
  const fields = own(opts, 'fields');
  const timeZone = zoneOption(ctx, own(opts, 'timeZone') ?? 'UTC');
  const weekStartsOn = own(opts, 'weekStartsOn') === undefined ? 1 : finiteNumber(ctx, 'options.weekStartsOn', own(opts, 'weekStartsOn'), { min: 0, max: 6, rule: 'an integer from 0 (Sunday) to 6' });
  if (!Number.isInteger(weekStartsOn)) fail(ctx, 'options.weekStartsOn', 'an integer from 0 (Sunday) to 6', weekStartsOn);
  const minOccurrences = own(opts, 'minOccurrences') === undefined ? 1 : count(ctx, 'options.minOccurrences', own(opts, 'minOccurrences'));
  if (minOccurrences < 1) fail(ctx, 'options.minOccurrences', 'a positive integer', minOccurrences);
  const startEvents = eventNames(ctx, 'options.startEvents', own(opts, 'startEvents'));
  const returnEvents = eventNames(ctx, 'options.returnEvents', own(opts, 'returnEvents'));
  const normalized: CohortBuilderOptionsJSON = Object.freeze({
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
  if (normalized.rollingAnchor !== 'exact' && normalized.timeWindow !== 'rolling') {
    fail(ctx, 'options.rollingAnchor', "'exact' unless options.timeWindow is 'rolling'", normalized.rollingAnchor);
  }
  if (normalized.rollingAnchor === 'day' && normalized.period === 'hour') {
    fail(ctx, 'options.rollingAnchor', "'exact' or 'hour' with period 'hour' (a day is longer than the window)", normalized.rollingAnchor);
  }
  return { options: normalized, calendar: { unit: normalized.period, timeZone, weekStartsOn }, fields };
}

/** A timestamp option in epoch ms; an inclusive end (`wholeDay`) reads a date alone as the last instant of that day. */
export function instant(ctx: { fn: string }, field: string, value: unknown, timeZone: string, wholeDay = false): number | undefined {
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

/**
 * The first option of `b` that differs from `a` in a way that changes the state or the table, or undefined.
 * Not compared: `onInvalid`, `unknownEvents` and `maxSkipped` (they decide what happens to records not yet
 * added), `weekStartsOn` unless periods are weeks, the spelling of a zone (`'utc'`, `'UTC'`) and the order of
 * event names. The merged builder has the options of the builder `merge` is called on.
 */
export function differingOption(a: CohortBuilderOptionsJSON, b: CohortBuilderOptionsJSON): string | undefined {
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
