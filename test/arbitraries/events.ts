/**
 * fast-check generators for the cohort suites: small sets of raw events (ids from a small pool that
 * includes awkward ids, timestamps over ~8 months of 2024 in UTC, amounts as exact cents), plus helpers
 * that split a set into shards and describe the generated range.
 *
 * Every event lies inside [RANGE_FROM, RANGE_TO], so a table built over that range sees all of them and
 * the expected totals (customers, revenue) can be computed directly from the generated list.
 */
import fc from 'fast-check';
import type { CustomerEvent } from '../../src/index.js';

export { fcOptions } from './counts.js';

/** 2024-01-01T00:00:00Z: the first instant generated (a month, week-independent start in UTC). */
export const RANGE_FROM = Date.UTC(2024, 0, 1);
/** 2024-08-31T23:59:59.999Z: the last instant generated (exclusive end of August minus 1 ms). */
export const RANGE_TO = Date.UTC(2024, 8, 1) - 1;

/** Small id pool: collisions are frequent, and it holds ids that break plain-object dictionaries. */
export const ID_POOL = ['a', 'b', 'c', 'd', 'e', '__proto__', 'constructor', '42'] as const;

/** A generated event, with its amount kept as integer cents for exact expected totals. */
export interface GeneratedEvent extends CustomerEvent {
  readonly customerId: string;
  readonly timestamp: number;
  readonly event: string;
  readonly amount: string;
  readonly cents: number;
}

/** One event: id from the pool, epoch ms in [RANGE_FROM, RANGE_TO], name, amount 0.00-99.99. */
export function eventArb(names: readonly string[] = ['purchase']): fc.Arbitrary<GeneratedEvent> {
  return fc
    .record({
      customerId: fc.constantFrom(...ID_POOL),
      timestamp: fc.integer({ min: RANGE_FROM, max: RANGE_TO }),
      event: fc.constantFrom(...names),
      cents: fc.integer({ min: 0, max: 9999 }),
    })
    .map(({ customerId, timestamp, event, cents }) => ({
      customerId,
      timestamp,
      event,
      cents,
      amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    }));
}

/** Up to `maxLength` events (default 40). */
export function eventsArb(options: { readonly maxLength?: number; readonly names?: readonly string[] } = {}): fc.Arbitrary<GeneratedEvent[]> {
  return fc.array(eventArb(options.names), { minLength: 0, maxLength: options.maxLength ?? 40 });
}

/** Events plus a split of them into `shards` (2 or 3) contiguous-or-not groups, chosen by a label per event. */
export function shardedEventsArb(): fc.Arbitrary<{ events: GeneratedEvent[]; shards: GeneratedEvent[][] }> {
  return fc.integer({ min: 2, max: 3 }).chain((n) =>
    fc.array(fc.tuple(eventArb(), fc.integer({ min: 0, max: n - 1 })), { maxLength: 40 }).map((pairs) => {
      const shards = Array.from({ length: n }, () => [] as GeneratedEvent[]);
      for (const [event, shard] of pairs) shards[shard]!.push(event);
      return { events: pairs.map(([event]) => event), shards };
    }),
  );
}
