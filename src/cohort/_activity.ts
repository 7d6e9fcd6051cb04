import { toEpochMs } from '../core/_time.js';
import { type Ctx, count, fail, own, record } from '../core/_validate.js';

/**
 * What "active" means in {@link periodSummary}: a qualifying event in a trailing window (non-contractual)
 * or a running subscription (contractual).
 * @category cohort
 */
export type Activity =
  | {
      /** Non-contractual: active while the last qualifying event is less than `inactivityDays` old. */
      readonly type: 'events';
      /** Days of 24 hours. Default 90. */
      readonly inactivityDays?: number;
      /** Event names that keep a customer active. Default: any event. */
      readonly events?: readonly string[];
    }
  | {
      /** Contractual: active while a subscription runs. */
      readonly type: 'subscriptions';
      /** Subscription intervals, start inclusive, end exclusive (after the start); no end means still running. */
      readonly subscriptions: Iterable<Subscription>;
    };

/**
 * One subscription interval for the contractual activity rule.
 * @category cohort
 */
export interface Subscription {
  /** The customer. */
  readonly customerId: string | number;
  /** First instant covered (inclusive). */
  readonly start: Date | number | string;
  /**
   * First instant no longer covered (exclusive), after `start`: a zero-length subscription (`end` equal to
   * `start`) covers no instant and is refused. Absent or null while the subscription runs.
   */
  readonly end?: Date | number | string | null;
}

/** Per customer: earliest qualifying time ever and the latest qualifying times before `from` and the period's end. */
export interface EventActivity {
  first: number;
  lastBeforeFrom: number;
  /** Latest qualifying time before the first instant after the period (so at or before its inclusive `to`). */
  lastBeforeTo: number;
}

/** The activity rule, read and checked once. */
export type ActivityRule =
  | { readonly type: 'events'; readonly windowMs: number; readonly events: ReadonlySet<string> | undefined }
  | { readonly type: 'subscriptions'; readonly intervals: ReadonlyMap<string, readonly (readonly [number, number])[]> };

export function readActivity(ctx: Ctx, value: unknown, timeZone: string): ActivityRule {
  if (value === undefined) return { type: 'events', windowMs: 90 * 86_400_000, events: undefined };
  const kind = typeof value === 'object' && value !== null ? own(value, 'type') : undefined;
  if (kind === 'events') {
    const fields = record(ctx, 'options.activity', value, ['type', 'inactivityDays', 'events']);
    const days = own(fields, 'inactivityDays') === undefined ? 90 : count(ctx, 'options.activity.inactivityDays', own(fields, 'inactivityDays'));
    if (days < 1) fail(ctx, 'options.activity.inactivityDays', 'a positive whole number of days', days);
    const names = own(fields, 'events');
    if (names !== undefined && (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string' || n === ''))) {
      fail(ctx, 'options.activity.events', 'a non-empty array of event names', names);
    }
    return { type: 'events', windowMs: days * 86_400_000, events: names === undefined ? undefined : new Set(names as string[]) };
  }
  if (kind === 'subscriptions') {
    const fields = record(ctx, 'options.activity', value, ['type', 'subscriptions']);
    return { type: 'subscriptions', intervals: readSubscriptions(ctx, own(fields, 'subscriptions'), timeZone) };
  }
  return fail(ctx, 'options.activity', "{ type: 'events', inactivityDays?, events? } or { type: 'subscriptions', subscriptions }", value);
}

function readSubscriptions(ctx: Ctx, value: unknown, timeZone: string): Map<string, [number, number][]> {
  if (value === null || typeof (value as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
    fail(ctx, 'options.activity.subscriptions', 'an iterable of { customerId, start, end? }', value);
  }
  const intervals = new Map<string, [number, number][]>();
  let index = 0;
  for (const item of value as Iterable<unknown>) {
    const at = `options.activity.subscriptions[${index++}]`;
    const fields = record(ctx, at, item, ['customerId', 'start', 'end']);
    const rawId = own(fields, 'customerId');
    const id = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : rawId;
    if (typeof id !== 'string' || id === '') fail(ctx, `${at}.customerId`, 'a non-empty string or a finite number', rawId);
    const start = toEpochMs(own(fields, 'start'), timeZone);
    if (start === undefined) fail(ctx, `${at}.start`, 'a valid Date, epoch milliseconds or ISO-8601 string', own(fields, 'start'));
    const rawEnd = own(fields, 'end');
    const end = rawEnd === undefined || rawEnd === null ? Number.POSITIVE_INFINITY : toEpochMs(rawEnd, timeZone);
    if (end === undefined) fail(ctx, `${at}.end`, 'a valid Date, epoch milliseconds or ISO-8601 string, or absent', rawEnd);
    // start = end covers no instant: it would make a never-active customer "joined and lost".
    if (end <= start) fail(ctx, `${at}.end`, `after start (${new Date(start).toISOString()})`, rawEnd, 'INCONSISTENT_INPUT');
    const list = intervals.get(id) ?? [];
    list.push([start, end]);
    intervals.set(id, list);
  }
  return intervals;
}

/**
 * Start-of-period, end-of-period and first-ever activity of one customer under the rule, for the period
 * [from, end): `end` is the first instant after it (its inclusive `to` plus one millisecond).
 *
 * Both are read just before a boundary, so the end of one period is the start of the next: at the start
 * means active in the last moment before `from` (a qualifying event in [from - window, from), or a
 * subscription with start < from <= its end); at the end, active in the period's last moment, before `end`
 * (an event in [end - window, end), or start < end <= its end). A subscription starting exactly at `from`
 * is new in the period, one starting exactly at `end` belongs to the next. Whoever is active at the end and
 * not at the start has a first activity before `end`: new (first in the period) or reactivated (first
 * before it), never neither.
 */
export function customerActivity(
  rule: ActivityRule,
  id: string,
  events: EventActivity | undefined,
  from: number,
  end: number,
): { readonly atStart: boolean; readonly atEnd: boolean; readonly first: number } {
  if (rule.type === 'events') {
    if (events === undefined) return { atStart: false, atEnd: false, first: Number.POSITIVE_INFINITY };
    return { atStart: events.lastBeforeFrom >= from - rule.windowMs, atEnd: events.lastBeforeTo >= end - rule.windowMs, first: events.first };
  }
  let atStart = false;
  let atEnd = false;
  let first = Number.POSITIVE_INFINITY;
  // A loop, not Math.min(...starts): a customer may have more subscriptions than the call stack has room for.
  for (const [start, stop] of rule.intervals.get(id) ?? []) {
    if (start < from && from <= stop) atStart = true;
    if (start < end && end <= stop) atEnd = true;
    if (start < first) first = start;
  }
  return { atStart, atEnd, first };
}
