/**
 * `loyalty-metrics rfm <file|->`: the RFM summary of an events file (rfmSummary), one row per customer:
 * frequency, recency, T and monetary value in the BTYD convention; or, with `--sql`, the query that
 * computes it in a database.
 */
import { type RfmSummary, type RfmSummaryOptions, rfmSummary } from '../models/rfmSummary.js';
import { rfmSummarySql } from '../sql/rfmSummarySql.js';
import { type CommandSpec, type FlagSpec, type FlagValues, integer, list, parseCommand, text, UsageError } from './_args.js';
import { INPUT_FLAGS, inputSpec, newTally, note, readAllColumns, reportSkipped, timeRange, writeOutput } from './_input.js';
import { SQL_FLAGS, sqlTarget } from './_sql.js';
import { alignedTable, csvTable } from './_table.js';

/** The flags of the RFM summary, shared with `fit`. */
export const RFM_FLAGS: readonly FlagSpec[] = [
  { name: 'observation-end', type: 'string', value: 'date', help: 'End of calibration, inclusive (a date alone is that whole day); later purchases are left out and counted.', default: 'the latest event' },
  { name: 'period', type: 'string', value: 'unit', choices: ['day', 'week', 'month'], help: 'Grain purchases are snapped to (one purchase per customer and period).', default: 'day' },
  { name: 'time-unit', type: 'string', value: 'unit', choices: ['day', 'week', 'month'], help: 'Unit of recency and T (month needs --period month).', default: 'week' },
  { name: 'time-zone', type: 'string', value: 'zone', help: 'IANA zone of the calendar (and of timestamps without an offset).', default: 'UTC' },
  { name: 'week-starts-on', type: 'string', value: 'day', help: 'First day of week periods, 0 (Sunday) to 6.', default: '1 (Monday)' },
  { name: 'purchase-events', type: 'string', value: 'names', help: 'Event names that are purchases (comma-separated); other events are counted and left out.', default: 'purchase' },
];

/** The options of rfmSummary of the flags, without `calibrationEnd`. */
function rfmOptions(values: FlagValues, command: string): Omit<RfmSummaryOptions, 'calibrationEnd'> {
  const weekStartsOn = integer(values, 'week-starts-on', command, 0, 6);
  const purchaseEvents = list(values, 'purchase-events');
  const timeZone = text(values, 'time-zone');
  const onInvalid = text(values, 'on-invalid');
  return {
    period: (text(values, 'period') ?? 'day') as RfmSummaryOptions['period'],
    timeUnit: (text(values, 'time-unit') ?? 'week') as NonNullable<RfmSummaryOptions['timeUnit']>,
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(weekStartsOn === undefined ? {} : { weekStartsOn }),
    ...(purchaseEvents === undefined ? {} : { purchaseEvents }),
    ...(onInvalid === 'skip' ? { onInvalid } : {}),
  };
}

/** Reads the file and summarises it (calibration ends at --observation-end, or at the latest event). */
export async function rfmOf(values: FlagValues, command: string, file: string): Promise<RfmSummary> {
  const options = rfmOptions(values, command);
  const spec = inputSpec(values, command, file, options.timeZone);
  const tally = newTally();
  const columns = await readAllColumns(spec, tally);
  reportSkipped(spec, tally);
  const end = text(values, 'observation-end') ?? timeRange(columns.timestamp)?.[1];
  if (end === undefined) throw new UsageError('the file has no events: give --observation-end', command);
  const summary = rfmSummary(columns, { ...options, calibrationEnd: end });
  if (summary.ignoredEvents > 0) note(spec.quiet, `${summary.ignoredEvents.toLocaleString('en-US')} events are not purchase events and were left out`);
  if (summary.ignoredAfterCalibration > 0) note(spec.quiet, `${summary.ignoredAfterCalibration.toLocaleString('en-US')} purchases after the observation end were left out`);
  return summary;
}

export const RFM: CommandSpec = {
  name: 'rfm',
  summary: 'The RFM summary of an events file (CSV or NDJSON; - reads stdin): frequency, recency, T and monetary value per customer, the input of the BTYD models.',
  args: '<file|-> [options]',
  positionals: [0, 1],
  flags: [
    ...RFM_FLAGS,
    ...INPUT_FLAGS,
    { name: 'format', short: 'f', type: 'string', value: 'format', choices: ['text', 'csv', 'json'], help: 'Output format.', default: 'text' },
    { name: 'out', short: 'o', type: 'string', value: 'file', help: 'Write the output to a file.', default: 'stdout' },
    ...SQL_FLAGS,
  ],
  notes: ['frequency = repeat purchase periods; recency and T are measured from the first purchase period, in --time-unit.', 'With --sql, --observation-end is required.'],
  examples: ['rfm events.csv --observation-end 2024-06-30 --format csv --out rfm.csv', 'rfm --sql clickhouse --table events --fields event=kind,amount=amount --observation-end 2024-06-30'],
};

export async function runRfm(argv: readonly string[]): Promise<'help' | undefined> {
  const parsed = parseCommand(RFM, argv);
  if (parsed.help) return 'help';
  const { values, positionals } = parsed;
  const out = text(values, 'out');
  const target = sqlTarget(values, RFM.name);
  if (target !== undefined) {
    if (positionals.length > 0) throw new UsageError('--sql prints a query and reads no file: leave out the file', RFM.name);
    const end = text(values, 'observation-end');
    if (end === undefined) throw new UsageError('--sql needs --observation-end', RFM.name);
    const { onInvalid: _onInvalid, ...options } = rfmOptions(values, RFM.name);
    await writeOutput(out, rfmSummarySql({ ...options, calibrationEnd: end }, target).sql);
    return undefined;
  }
  const file = positionals[0];
  if (file === undefined) throw new UsageError('missing <file|-> (a CSV or NDJSON file, or - for stdin)', RFM.name);
  const summary = await rfmOf(values, RFM.name, file);
  const format = text(values, 'format') ?? 'text';
  if (format === 'json') {
    await writeOutput(out, JSON.stringify({ period: summary.period, timeUnit: summary.timeUnit, timeZone: summary.timeZone, calibrationEnd: summary.calibrationEnd.toISOString(), customers: summary.customers }, null, 2));
    return undefined;
  }
  const rows = [['customerId', 'frequency', 'recency', 'T', 'monetaryValue'], ...summary.customers.map((c) => [c.customerId, String(c.frequency), String(c.recency), String(c.T), String(c.monetaryValue)])];
  await writeOutput(out, format === 'csv' ? csvTable(rows) : alignedTable(rows));
  return undefined;
}
