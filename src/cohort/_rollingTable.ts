import { type Calendar, MAX_PERIODS, type PeriodUnit, periodStart, supportedRange } from '../core/_periods.js';
import { zoneOffsetMs } from '../core/_zoneOffset.js';
import { fail } from '../core/_validate.js';
import { type BuildInput, checkCells, cohortsOf, layout, type ReturnRule, TableTally } from './_buildTable.js';
import { PeriodIndex } from './_periodIndex.js';
import { CohortTable } from './CohortTable.js';

/**
 * Length of the rolling window of each period unit: 1 h, 24 h, 7 d, 30 d, 90 d, 365 d. Fixed lengths of
 * elapsed time, not calendar periods: a 24-hour window across a DST change ends at a different wall time,
 * and 30-day windows drift against calendar months (as Amplitude's and PostHog's N-day windows do).
 */
export const ROLLING_WINDOW_MS: Readonly<Record<PeriodUnit, number>> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  quarter: 90 * 86_400_000,
  year: 365 * 86_400_000,
};

/** The calendar builder's input; the store's cells are keyed by the exact instant of the events. */
type RollingInput = BuildInput;

/**
 * Where windows are measured from (the builder's `rollingAnchor`): `'exact'` instants, or timestamps
 * rounded down to the start of their `'hour'` or local calendar `'day'` (in the builder's zone), as
 * Amplitude does for its N-day retention (daily on an hourly basis, weekly and monthly on a daily basis).
 */
type RollingAnchor = 'exact' | 'hour' | 'day';

/**
 * The cohort table with rolling windows. Rows are the calendar periods (in the zone) of each member's
 * cohort start event, at instant t0 (`'first'`: the customer's first start event; `'recurring'`: the first
 * start event in each period). Offset k is the window [t0 + kW, t0 + (k + 1)W) of that member, so a member
 * who joins late in a period is followed for as long as one who joins early; window 0 holds the start.
 *
 * Cell (row, k) exists when the row's period start S plus kW is at most `to` (some member's window k may
 * have begun), and is incomplete when some member's window k (or, for `'onOrAfter'` and the open last
 * bracket, any window from k on) ends after `to`. Events are counted by window whatever `to` is: `from`
 * and `to` choose the rows and the cells, as in calendar tables.
 */
export function buildRollingTable(input: RollingInput): CohortTable {
  const { store, to } = input;
  const window = ROLLING_WINDOW_MS[input.calendar.unit];
  const anchor = input.options.rollingAnchor ?? 'exact';
  const exact = anchor === 'exact';
  const anchored = anchorOf(anchor, input.calendar);
  const { grid, rule } = layout(input.calendar, input.from, to, input.returnRule);
  const first = grid.starts[0] as number;
  const offsets = Math.floor((to - first) / window) + 1;
  if (offsets > MAX_PERIODS) {
    fail({ fn: 'CohortBuilder.build' }, 'options.to', `within ${MAX_PERIODS} rolling windows of options.from`, new Date(to).toISOString());
  }
  const columns = typeof rule === 'object' ? [0, ...rule.brackets] : Array.from({ length: offsets }, (_, k) => k);
  const rows = grid.length;
  checkCells(input.calendar, to, rows, columns.length);
  const tally = new TableTally(rows, columns, rule, store, offsets);
  /** Per row, the latest (anchored) cohort start among its members (for incompleteness), or -Infinity. */
  const latestStart = new Float64Array(rows).fill(Number.NEGATIVE_INFINITY);
  store.compact();
  const cellsOf = store.customerOffsets();
  const minOccurrences = input.options.minOccurrences;

  /** One membership: cells from .. to-1 are the customer's, in time order; t0 is the cohort start. */
  const member = (row: number, t0: number, from: number, end: number): void => {
    tally.join(row);
    const a0 = exact ? t0 : anchored(t0);
    if (a0 > (latestStart[row] as number)) latestStart[row] = a0;
    const rowStart = grid.starts[row] as number;
    let returnsSeen = 0;
    let k = -1;
    let returnsInWindow = 0;
    for (let cell = from; cell < end; cell++) {
      const t = store.keyAt(cell);
      if (t < t0) continue;
      const offset = Math.floor(((exact ? t : anchored(t)) - a0) / window);
      if (offset !== k) {
        if (k > 0 && returnsInWindow >= minOccurrences) tally.returned(k);
        k = offset;
        returnsInWindow = 0;
      }
      const returns = store.returnsAt(cell);
      returnsInWindow += returns;
      if (rowStart + k * window <= to) returnsSeen += returns;
      tally.addRevenue(k, cell);
    }
    if (k > 0 && returnsInWindow >= minOccurrences) tally.returned(k);
    tally.leave(returnsSeen);
  };

  const recurring = input.options.cohortBy === 'recurring';
  for (let customer = 0; customer < store.customerSlots; customer++) {
    const from = cellsOf[customer] as number;
    const end = cellsOf[customer + 1] as number;
    let lastRow = -2;
    for (let cell = from; cell < end; cell++) {
      if (store.startsAt(cell) === 0) continue;
      // Cells are in time order: the first start cell of each row is that membership's t0.
      const t0 = store.keyAt(cell);
      const row = grid.indexOf(t0);
      if (row >= 0 && row !== lastRow) member(row, t0, from, end);
      lastRow = row;
      if (!recurring) break;
    }
  }

  // A member's window k is complete once every instant anchored before its end is observed: when the
  // instant after `to` is anchored at or past the end.
  const end = exact ? to + 1 : anchoredEnd(anchor, input.calendar, to + 1);
  const cells = tally.finish(
    (row, c) => (grid.starts[row] as number) + (columns[c] as number) * window <= to,
    (row, c) => latestStart[row]! + (lastOffset(c, columns, rule) + 1) * window > end,
  );
  return new CohortTable({
    calendar: input.calendar,
    timeWindow: 'rolling',
    returnRule: rule,
    columns,
    cohorts: cohortsOf(grid, cells.sizes),
    ...cells,
    observedTo: new Date(to),
  });
}

const DAY_MS = 86_400_000;

/**
 * The anchored value of an instant: the start of its hour in the zone (an instant), or its local calendar
 * day as a wall-clock day number times 24 h (so that day differences are whole days across DST changes).
 */
function anchorOf(anchor: RollingAnchor, calendar: Calendar): (ms: number) => number {
  if (anchor === 'day') {
    const zone = calendar.timeZone;
    return (ms) => Math.floor((ms + zoneOffsetMs(zone, ms)) / DAY_MS) * DAY_MS;
  }
  if (anchor === 'hour') {
    const hourly: Calendar = { unit: 'hour', timeZone: calendar.timeZone, weekStartsOn: calendar.weekStartsOn };
    const hours = new PeriodIndex(hourly);
    // The index takes the instants of its supportedRange; the few of another unit's range outside it are placed alone.
    const [first, last] = supportedRange(hourly);
    return (ms) => (ms >= first && ms <= last ? hours.startOf(ms) : periodStart(ms, hourly));
  }
  return (ms) => ms;
}

/** The anchored value of the instant after `to` (which may be just past the supported instants). */
export function anchoredEnd(anchor: RollingAnchor, calendar: Calendar, ms: number): number {
  if (anchor === 'hour') return periodStart(ms, { unit: 'hour', timeZone: calendar.timeZone, weekStartsOn: calendar.weekStartsOn });
  return anchorOf(anchor, calendar)(ms);
}

/** The last offset a column counts: k itself ('on'), the bracket's last, or Infinity (open-ended). */
export function lastOffset(column: number, columns: readonly number[], rule: ReturnRule): number {
  if (rule === 'on') return columns[column] as number;
  if (rule === 'onOrAfter') return column === 0 ? 0 : Number.POSITIVE_INFINITY;
  const next = columns[column + 1];
  return column === 0 ? 0 : next === undefined ? Number.POSITIVE_INFINITY : next - 1;
}
