import { type Calendar, nextPeriodStart, type PeriodUnit, periodStart, supportedRange } from '../core/_periods.js';

/**
 * Places instants in calendar periods in O(1), exactly, for any IANA zone: `startOf(ms)` is the start of
 * the period containing `ms`.
 *
 * Boundaries are computed with the zone rules (`periodStart` / `nextPeriodStart`, as everywhere else in the
 * library) once for a dense range of consecutive periods, which grows geometrically as new instants arrive.
 * An instant in the dense range is placed by a bucket index: the range is cut into buckets of the unit's
 * shortest usual length, each bucket knows the period containing its first millisecond, and at most a
 * step or two forward (a 23-hour day, a shifted hour) reaches the period containing the instant. No date
 * object is made per event. Instants too far from the dense range (an outlier decades away from hourly
 * data) are placed by `periodStart` alone, so a stray timestamp cannot make the range explode.
 *
 * Instants must lie in the calendar's `supportedRange` (callers check): the dense range never reaches past
 * it, so every boundary it computes is a valid instant.
 */
export class PeriodIndex {
  readonly #calendar: Calendar;
  readonly #width: number;
  /** The calendar's supported instants (see supportedRange): the dense range stays inside them. */
  readonly #range: readonly [number, number];
  /** Dense boundaries: period i of the range is [starts[i], starts[i + 1]). */
  #starts = new Float64Array(0);
  /** Per bucket, the index of the period containing the bucket's first millisecond. */
  #buckets = new Int32Array(0);
  #low = Number.POSITIVE_INFINITY;
  #high = Number.NEGATIVE_INFINITY;
  /** The last period found, as a one-entry cache: data often arrives in time order. */
  #lastLow = Number.NaN;
  #lastHigh = Number.NaN;

  constructor(calendar: Calendar) {
    this.#calendar = calendar;
    this.#width = BUCKET_MS[calendar.unit];
    this.#range = supportedRange(calendar);
  }

  /** Start (epoch ms) of the period containing `ms` (an instant of the calendar's supportedRange). */
  startOf(ms: number): number {
    if (ms >= this.#lastLow && ms < this.#lastHigh) return this.#lastLow;
    if (!(ms >= this.#low && ms < this.#high)) return this.#outside(ms);
    const starts = this.#starts;
    let i = this.#buckets[Math.floor((ms - this.#low) / this.#width)] as number;
    while (ms >= (starts[i + 1] as number)) i++;
    this.#lastLow = starts[i] as number;
    this.#lastHigh = starts[i + 1] as number;
    return this.#lastLow;
  }

  /**
   * Replaces times[0 .. n-1] by the starts of their periods, in one loop (a call per value would box
   * every float it returns).
   */
  startsOf(times: Float64Array, n: number): void {
    for (let j = 0; j < n; j++) {
      const ms = times[j] as number;
      if (ms >= this.#lastLow && ms < this.#lastHigh) times[j] = this.#lastLow;
      else times[j] = this.startOf(ms);
    }
  }

  /** An instant outside the dense range: grow the range to cover it, or place it alone when it is far. */
  #outside(ms: number): number {
    if (!(ms >= this.#range[0] && ms <= this.#range[1])) {
      // Callers check first; a RangeError here (not an endless recursion) if one does not.
      throw new RangeError(`PeriodIndex: ${ms} is outside the supported range of ${this.#calendar.unit} periods`);
    }
    const nominal = NOMINAL_MS[this.#calendar.unit];
    const empty = this.#starts.length === 0;
    const distance = empty ? 0 : ms < this.#low ? this.#low - ms : ms - this.#high;
    const periods = empty ? 0 : (this.#high - this.#low) / nominal;
    if (distance / nominal + periods > MAX_DENSE_PERIODS) {
      this.#lastLow = periodStart(ms, this.#calendar);
      this.#lastHigh = nextPeriodStart(this.#lastLow, this.#calendar);
      return this.#lastLow;
    }
    // Grow by at least the current span (amortised O(1) per period), and by a margin on the first instant.
    const margin = Math.max(periods, INITIAL_PERIODS) * nominal;
    const low = empty ? ms - margin : ms < this.#low ? Math.min(ms, this.#low - margin) : this.#low;
    const high = empty ? ms + margin : ms >= this.#high ? Math.max(ms, this.#high + margin) : this.#high;
    this.#cover(Math.max(low, this.#range[0]), Math.min(high, this.#range[1]));
    return this.startOf(ms);
  }

  /** Recomputes the dense range to cover [low, high], keeping the boundaries already known. */
  #cover(low: number, high: number): void {
    const old = this.#starts;
    const cal = this.#calendar;
    const list: number[] = [];
    if (old.length === 0) {
      let s = periodStart(low, cal);
      for (; s <= high; s = nextPeriodStart(s, cal)) list.push(s);
      list.push(s);
    } else {
      // New boundaries before the old range, the old ones as they are, then new ones after.
      const first = old[0] as number;
      if (low < first) for (let s = periodStart(low, cal); s < first; s = nextPeriodStart(s, cal)) list.push(s);
      for (const b of old) list.push(b);
      for (let s = old[old.length - 1] as number; s <= high; ) {
        s = nextPeriodStart(s, cal);
        list.push(s);
      }
    }
    const starts = Float64Array.from(list);
    const first = starts[0] as number;
    const last = starts[starts.length - 1] as number;
    const buckets = new Int32Array(Math.ceil((last - first) / this.#width));
    for (let b = 0, i = 0; b < buckets.length; b++) {
      const at = first + b * this.#width;
      while (at >= (starts[i + 1] as number)) i++;
      buckets[b] = i;
    }
    this.#starts = starts;
    this.#buckets = buckets;
    this.#low = first;
    this.#high = last;
  }
}
/** Dense ranges longer than this (in nominal periods) are not built: far instants are placed one by one. */
const MAX_DENSE_PERIODS = 20_000;

/** Periods of margin around the first instant. */
const INITIAL_PERIODS = 16;

/** The shortest usual length of a period (a bucket never holds more than a boundary or two). */
const BUCKET_MS: Record<PeriodUnit, number> = {
  hour: 3_600_000,
  day: 82_800_000,
  week: 601_200_000,
  month: 2_415_600_000,
  quarter: 7_772_400_000,
  year: 31_532_400_000,
};

/** The average length of a period, to size ranges. */
const NOMINAL_MS: Record<PeriodUnit, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  month: 2_629_746_000,
  quarter: 7_889_238_000,
  year: 31_556_952_000,
};
