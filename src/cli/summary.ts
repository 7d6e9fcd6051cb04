/**
 * `loyalty-metrics summary <file|->`: the period KPIs of an events file (periodSummary), one row per
 * calendar period (`--period`) of the observed range: customers at start and end, retained, lost, new,
 * reactivated, orders, revenue, retention, churn, ARPC, AOV, repeat purchase rate; or, with `--sql`, the
 * queries that compute them in a database.
 */
import { type PeriodSummary, periodSummary } from '../cohort/periodSummary.js';
import { type Calendar, nextPeriodStart, periodLabel, periodStart, type PeriodUnit } from '../core/_periods.js';
import { isValidTimeZone, lastInstantOf, toEpochMs } from '../core/_time.js';
import { periodSummarySql } from '../sql/periodSummarySql.js';
import { type CommandSpec, type FlagValues, integer, list, parseCommand, text, UsageError } from './_args.js';
import { type AllColumns, INPUT_FLAGS, inputSpec, newTally, readAllColumns, reportSkipped, timeRange, writeOutput } from './_input.js';
import { SQL_FLAGS, sqlTarget } from './_sql.js';
import { alignedTable, csvTable } from './_table.js';

export const SUMMARY: CommandSpec = {
  name: 'summary',
  summary: 'Period KPIs of an events file (CSV or NDJSON; - reads stdin): one row per period of the observed range.',
  args: '<file|-> [options]',
  positionals: [0, 1],
  flags: [
    { name: 'period', type: 'string', value: 'unit', choices: ['day', 'week', 'month', 'quarter', 'year', 'all'], help: 'One row per calendar period of this unit, or one row for the whole range (all).', default: 'month' },
    { name: 'from', type: 'string', value: 'date', help: 'First instant of the range (a date alone is its midnight).', default: 'the start of the earliest event\'s period' },
    { name: 'to', type: 'string', value: 'date', help: 'Last instant of the range, inclusive (a date alone is that whole day).', default: 'the end of the latest event\'s period' },
    { name: 'time-zone', type: 'string', value: 'zone', help: 'IANA zone of the calendar (and of timestamps without an offset).', default: 'UTC' },
    { name: 'week-starts-on', type: 'string', value: 'day', help: 'First day of week periods, 0 (Sunday) to 6.', default: '1 (Monday)' },
    { name: 'inactivity-days', type: 'string', value: 'days', help: 'A customer is active while their last event is less than this many days old.', default: '90' },
    { name: 'purchase-events', type: 'string', value: 'names', help: 'Event names that are orders (comma-separated).', default: 'purchase' },
    { name: 'interaction-events', type: 'string', value: 'names', help: 'Event names that are interactions (comma-separated).', default: 'interaction' },
    ...INPUT_FLAGS,
    { name: 'format', short: 'f', type: 'string', value: 'format', choices: ['text', 'csv', 'json'], help: 'Output format.', default: 'text' },
    { name: 'out', short: 'o', type: 'string', value: 'file', help: 'Write the output to a file.', default: 'stdout' },
    ...SQL_FLAGS,
  ],
  notes: [
    'Retained + lost = at start and retained + new + reactivated = at end in every row; retention + churn = 100 %.',
    'With --sql, --from and --to are required and one query per period is printed.',
  ],
  examples: [
    'summary events.csv --period quarter',
    'summary events.csv --from 2024-01-01 --to 2024-12-31 --format csv --out kpis.csv',
    'summary --sql postgres --table shop.events --fields event=kind,amount=total --from 2024-10-01 --to 2024-10-31 --period all',
  ],
};

/** One row of the output: a period and its summary. */
export interface SummaryRow {
  readonly label: string;
  readonly summary: PeriodSummary;
}

/** The periods [from, to] of the range, cut at the calendar's period starts (or one for `all`). */
export function periodsOf(range: readonly [number, number], unit: PeriodUnit | 'all', calendar: Omit<Calendar, 'unit'>): { label: string; from: number; to: number }[] {
  const [from, to] = range;
  if (unit === 'all') return [{ label: 'all', from, to }];
  const cal: Calendar = { ...calendar, unit };
  const out: { label: string; from: number; to: number }[] = [];
  for (let start = periodStart(from, cal); start <= to; start = nextPeriodStart(start, cal)) {
    if (out.length === 1000) throw new UsageError(`--period ${unit} gives more than 1,000 periods: choose a longer period or a shorter --from/--to`, SUMMARY.name);
    out.push({ label: periodLabel(start, cal), from: Math.max(from, start), to: Math.min(to, nextPeriodStart(start, cal) - 1) });
  }
  return out;
}

function bound(values: FlagValues, name: 'from' | 'to', zone: string): number | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  const ms = name === 'from' ? toEpochMs(value, zone) : lastInstantOf(value, zone);
  if (ms === undefined) throw new UsageError(`--${name} must be a date or an ISO-8601 instant (2024-03-31, 2024-03-31T12:00:00Z), received '${value}'`, SUMMARY.name);
  return ms;
}

export async function runSummary(argv: readonly string[]): Promise<'help' | undefined> {
  const parsed = parseCommand(SUMMARY, argv);
  if (parsed.help) return 'help';
  const { values, positionals } = parsed;
  const name = SUMMARY.name;
  const timeZone = text(values, 'time-zone') ?? 'UTC';
  if (!isValidTimeZone(timeZone)) throw new UsageError(`--time-zone must be an IANA zone (Europe/Berlin), received '${timeZone}'`, name);
  const weekStartsOn = integer(values, 'week-starts-on', name, 0, 6) ?? 1;
  const inactivityDays = integer(values, 'inactivity-days', name, 1, 100_000) ?? 90;
  const unit = (text(values, 'period') ?? 'month') as PeriodUnit | 'all';
  const purchaseEvents = list(values, 'purchase-events');
  const interactionEvents = list(values, 'interaction-events');
  const options = {
    timeZone,
    activity: { type: 'events' as const, inactivityDays },
    ...(purchaseEvents === undefined ? {} : { purchaseEvents }),
    ...(interactionEvents === undefined ? {} : { interactionEvents }),
  };
  const from = bound(values, 'from', timeZone);
  const to = bound(values, 'to', timeZone);
  const out = text(values, 'out');
  const target = sqlTarget(values, name, ['duration']);
  if (target !== undefined) {
    if (positionals.length > 0) throw new UsageError('--sql prints a query and reads no file: leave out the file', name);
    if (from === undefined || to === undefined) throw new UsageError('--sql needs --from and --to (the engine reads the events, not this command)', name);
    const queries = periodsOf([from, to], unit, { timeZone, weekStartsOn }).map((p) => `-- ${p.label}\n${periodSummarySql({ ...options, from: p.from, to: p.to }, target).sql};`);
    await writeOutput(out, queries.join('\n\n'));
    return undefined;
  }
  const file = positionals[0];
  if (file === undefined) throw new UsageError('missing <file|-> (a CSV or NDJSON file, or - for stdin)', name);
  const spec = inputSpec(values, name, file, timeZone);
  const tally = newTally();
  const columns = await readAllColumns(spec, tally);
  reportSkipped(spec, tally);
  const data = timeRange(columns.timestamp);
  const calendar = { timeZone, weekStartsOn };
  const snap = (ms: number, end: boolean): number => {
    if (unit === 'all') return ms;
    const cal: Calendar = { ...calendar, unit };
    return end ? nextPeriodStart(periodStart(ms, cal), cal) - 1 : periodStart(ms, cal);
  };
  const lo = from ?? (data === undefined ? undefined : snap(data[0], false));
  const hi = to ?? (data === undefined ? undefined : snap(data[1], true));
  if (lo === undefined || hi === undefined) throw new UsageError('the file has no events: give --from and --to', name);
  if (hi < lo) throw new UsageError('--to is before --from', name);
  const rows = periodsOf([lo, hi], unit, calendar).map((p) => ({ label: p.label, summary: periodSummary(eventsUpTo(columns, p.to), { ...options, from: p.from, to: p.to }) }));
  const format = text(values, 'format') ?? 'text';
  await writeOutput(out, format === 'json' ? JSON.stringify(rows.map(summaryJSON), null, 2) : format === 'csv' ? csvTable(summaryTable(rows, false)) : alignedTable(summaryTable(rows, true)));
  return undefined;
}

const rate = (r: { toPercent(d: number): string; toNumber(): number } | null, forText: boolean): string => (r === null ? '' : forText ? r.toPercent(1) : String(r.toNumber()));
const money = (d: { toFixed(n?: number): string } | null, forText: boolean): string => (d === null ? '' : forText ? d.toFixed(2) : d.toFixed());

/**
 * The events at or before `to`: those after a period cannot change its KPIs (activity at an instant looks
 * back only, orders and revenue count the period's events), and periodSummary reads every row it is given,
 * so each period reads only its past (half the rows on average over a range).
 */
export function eventsUpTo(columns: AllColumns, to: number): AllColumns {
  const keep: number[] = [];
  const times = columns.timestamp;
  for (let i = 0; i < times.length; i++) if ((times[i] as number) <= to) keep.push(i);
  if (keep.length === times.length) return columns;
  const pick = <T>(column: ArrayLike<T>): T[] => keep.map((i) => column[i] as T);
  const { event, amount } = columns;
  return {
    customerId: pick(columns.customerId),
    timestamp: Float64Array.from(keep, (i) => times[i] as number),
    ...(event === undefined ? {} : { event: pick(event) }),
    ...(amount === undefined ? {} : { amount: Float64Array.from(keep, (i) => amount[i] as number) }),
    amountDecimals: columns.amountDecimals,
  };
}

/** The rows as a table of strings, header first (percentages and 2-decimal money for text). */
export function summaryTable(rows: readonly SummaryRow[], forText: boolean): string[][] {
  const header = ['period', 'at start', 'retained', 'lost', 'new', 'reactivated', 'at end', 'active', 'orders', 'revenue', 'retention', 'churn', 'ARPC', 'AOV', 'repeat rate'];
  const body = rows.map(({ label, summary: s }) => {
    const c = s.customers;
    const k = s.kpis;
    return [
      label,
      ...[c.atStart, c.retained, c.lost, c.new, c.reactivated, c.atEnd, c.activeInPeriod, s.orders].map(String),
      money(s.revenue, forText),
      rate(k.retentionRate, forText),
      rate(k.churnRate, forText),
      money(k.averageRevenuePerCustomer, forText),
      money(k.averageOrderValue, forText),
      rate(k.repeatPurchaseRate, forText),
    ];
  });
  return [forText ? header : header.map((h) => h.replace(/ (\w)/g, (_, ch: string) => ch.toUpperCase())), ...body];
}

/** A row as plain JSON: counts, money as decimal strings, rates as fractions (null when undefined). */
export function summaryJSON({ label, summary: s }: SummaryRow): object {
  const k = s.kpis;
  const num = (r: { toNumber(): number } | null): number | null => (r === null ? null : r.toNumber());
  const dec = (d: { toFixed(): string } | null): string | null => (d === null ? null : d.toFixed());
  return {
    period: label,
    from: s.from.toISOString(),
    to: s.to.toISOString(),
    customers: s.customers,
    orders: s.orders,
    revenue: s.revenue.toFixed(),
    interactions: s.interactions,
    kpis: {
      retentionRate: num(k.retentionRate),
      churnRate: num(k.churnRate),
      averageRevenuePerCustomer: dec(k.averageRevenuePerCustomer),
      averageOrderValue: dec(k.averageOrderValue),
      purchaseFrequency: num(k.purchaseFrequency),
      repeatPurchaseRate: num(k.repeatPurchaseRate),
      interactionFrequency: num(k.interactionFrequency),
    },
  };
}
