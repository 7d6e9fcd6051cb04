import { changeInstant } from '../core/_periods.js';
import { fail } from '../core/_validate.js';
import { zoneOffsetMs } from '../core/_zoneOffset.js';

const HOUR_MS = 3_600_000;
/** Offsets are sampled this often; zones do not change offset twice within it. */
const STEP_MS = 6 * HOUR_MS;

/**
 * Checks that every hour of `timeZone` between the instants `from` and `to` is a whole hour that the engine's
 * numbering ⌊(t + subHour) / 1 h⌋ names: every offset there equals `subHour` modulo one hour and every
 * change of offset falls on such an hour. Rolling windows anchored at hours need it over all the data,
 * not only over the table's rows.
 */
export function checkRegularHours(fn: string, timeZone: string, subHour: number, from: number, to: number): void {
  const irregular = (at: number): never =>
    fail(
      { fn },
      'options.rollingAnchor',
      `'exact' or 'day' in a zone whose hours are not whole hours of one offset: ${timeZone} changes its offset by other than whole hours near ${new Date(at).toISOString()} (use CohortBuilder in process)`,
      'hour',
    );
  let before = zoneOffsetMs(timeZone, from);
  if (mod(before - subHour, HOUR_MS) !== 0) irregular(from);
  for (let t = from; t < to; ) {
    const next = Math.min(t + STEP_MS, to);
    const after = zoneOffsetMs(timeZone, next);
    if (after !== before) {
      if (mod(after - subHour, HOUR_MS) !== 0) irregular(next);
      if (mod(changeInstant(timeZone, t, next, before) + subHour, HOUR_MS) !== 0) irregular(next);
      before = after;
    }
    t = next;
  }
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}
