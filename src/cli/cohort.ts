/**
 * `loyalty-metrics cohort <file|->`: the cohort table of an events file, read in pieces into a
 * CohortBuilder (bounded memory whatever the file's size), written as text, CSV, JSON, HTML or SVG; or,
 * with `--sql`, the query that computes it in a database.
 */
import { CohortBuilder } from '../cohort/CohortBuilder.js';
import type { CohortBuilderOptions, CohortBuildOptions } from '../cohort/_builderOptions.js';
import type { CohortTable } from '../cohort/CohortTable.js';
import { cohortTableToCsv } from '../render/cohortTableToCsv.js';
import { cohortTableToText } from '../render/cohortTableToText.js';
import { cohortSql } from '../sql/cohortSql.js';
import { type CommandSpec, type FlagSpec, type FlagValues, integer, list, parseCommand, returnRule, text, UsageError } from './_args.js';
import { INPUT_FLAGS, inputSpec, newTally, note, readEvents, reportSkipped, writeOutput } from './_input.js';
import { SQL_FLAGS, sqlTarget } from './_sql.js';

/** The cohort definition's flags, shared with `report`. */
export const DEFINITION_FLAGS: readonly FlagSpec[] = [
  { name: 'period', type: 'string', value: 'unit', choices: ['hour', 'day', 'week', 'month', 'quarter', 'year'], help: 'Period of the rows and offsets.', default: 'month' },
  { name: 'time-zone', type: 'string', value: 'zone', help: 'IANA zone of the calendar (and of timestamps without an offset).', default: 'UTC' },
  { name: 'week-starts-on', type: 'string', value: 'day', help: 'First day of week periods, 0 (Sunday) to 6.', default: '1 (Monday)' },
  { name: 'start-events', type: 'string', value: 'names', help: 'Event names that put a customer in a cohort (comma-separated).', default: 'any event' },
  { name: 'return-events', type: 'string', value: 'names', help: 'Event names that count as a return (comma-separated).', default: 'any event' },
  { name: 'unknown-events', type: 'string', value: 'rule', choices: ['ignore', 'invalid'], help: 'With both event lists: an event in neither is left out and counted (ignore) or is a bad row (invalid).', default: 'ignore' },
  { name: 'cohort-by', type: 'string', value: 'rule', choices: ['first', 'recurring'], help: 'A customer is in the cohort of their first start event, or of every period with one.', default: 'first' },
  { name: 'min-occurrences', type: 'string', value: 'n', help: 'Return events needed in one period to count as returned.', default: '1' },
  { name: 'time-window', type: 'string', value: 'mode', choices: ['calendar', 'rolling'], help: 'Offsets are calendar periods, or rolling windows from each first event (N-day retention).', default: 'calendar' },
  { name: 'return-rule', type: 'string', value: 'rule', help: 'on (returned in exactly offset k), onOrAfter, or brackets:1,2,4.', default: 'on' },
  { name: 'from', type: 'string', value: 'date', help: 'First instant of the observed range (a date alone is its midnight).', default: 'the earliest event' },
  { name: 'to', type: 'string', value: 'date', help: 'Last instant of the observed range, inclusive (a date alone is that whole day).', default: 'the latest event' },
];

export const COHORT: CommandSpec = {
  name: 'cohort',
  summary: 'The cohort retention table of an events file (CSV or NDJSON; - reads stdin), read in pieces in bounded memory.',
  args: '<file|-> [options]',
  positionals: [0, 1],
  flags: [
    ...DEFINITION_FLAGS,
    ...INPUT_FLAGS,
    { name: 'format', short: 'f', type: 'string', value: 'format', choices: ['text', 'csv', 'json', 'html', 'svg'], help: 'Output format.', default: 'text' },
    { name: 'out', short: 'o', type: 'string', value: 'file', help: 'Write the output to a file.', default: 'stdout' },
    ...SQL_FLAGS,
  ],
  notes: [
    'Each row is a cohort (customers whose first start event fell in that period), each column k the share',
    'of them who returned k periods later. Skipped rows (--on-invalid skip) and left-out events are counted on stderr.',
  ],
  examples: [
    'cohort events.csv --period month --start-events purchase --return-events purchase',
    'cohort events.ndjson --format html --out cohorts.html',
    "cohort - --fields customerId=user_id,timestamp=ts < events.csv",
    'cohort --sql duckdb --table analytics.events --fields customerId=user_id,timestamp=ts,event=kind --from 2024-01-01 --to 2024-12-31',
  ],
};

/** The builder's options of the definition flags (`onInvalid` from --on-invalid). */
export function builderOptions(values: FlagValues, command: string): CohortBuilderOptions {
  const weekStartsOn = integer(values, 'week-starts-on', command, 0, 6);
  const minOccurrences = integer(values, 'min-occurrences', command, 1, Number.MAX_SAFE_INTEGER);
  const entries: Record<string, unknown> = {
    period: text(values, 'period'),
    timeZone: text(values, 'time-zone'),
    weekStartsOn,
    startEvents: list(values, 'start-events'),
    returnEvents: list(values, 'return-events'),
    unknownEvents: text(values, 'unknown-events') ?? 'ignore',
    cohortBy: text(values, 'cohort-by'),
    minOccurrences,
    timeWindow: text(values, 'time-window'),
    onInvalid: text(values, 'on-invalid'),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as CohortBuilderOptions;
}

/** The build options of the flags: range and return rule. */
export function buildOptions(values: FlagValues, command: string): CohortBuildOptions {
  const rule = returnRule(values, command);
  const from = text(values, 'from');
  const to = text(values, 'to');
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), ...(rule === undefined ? {} : { returnRule: rule }) };
}

/** Reads the file into a builder and builds the table; notes on stderr what was skipped or left out. */
export async function cohortTableOf(values: FlagValues, command: string, file: string): Promise<CohortTable> {
  const options = builderOptions(values, command);
  const build = buildOptions(values, command);
  const builder = new CohortBuilder(options); // checks the definition before the file is read
  const spec = inputSpec(values, command, file, options.timeZone);
  const tally = newTally();
  for await (const chunk of readEvents(spec, tally)) builder.addColumns(chunk.columns);
  reportSkipped(spec, tally);
  if (builder.skippedCount > 0) note(spec.quiet, `${builder.skippedCount.toLocaleString('en-US')} events skipped by the cohort definition (${builder.skipped[0]?.reason ?? ''})`);
  if (builder.ignoredRecords > 0) note(spec.quiet, `${builder.ignoredRecords.toLocaleString('en-US')} events left out (neither start nor return events)`);
  return builder.build(build);
}

/** A whole HTML page around a fragment, so `--format html --out x.html` opens as it is. */
export function htmlPage(title: string, body: string): string {
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n<title>${escaped}</title>\n<body style="font-family: system-ui, sans-serif; margin: 2rem">\n${body}\n</body>\n</html>\n`;
}

export async function runCohort(argv: readonly string[]): Promise<'help' | undefined> {
  const parsed = parseCommand(COHORT, argv);
  if (parsed.help) return 'help';
  const { values, positionals } = parsed;
  const target = sqlTarget(values, COHORT.name);
  if (target !== undefined) {
    if (positionals.length > 0) throw new UsageError('--sql prints a query and reads no file: leave out the file', COHORT.name);
    const { onInvalid: _onInvalid, ...options } = builderOptions(values, COHORT.name);
    await writeOutput(text(values, 'out'), cohortSql(options, { ...target, ...buildOptions(values, COHORT.name) }).sql);
    return undefined;
  }
  const file = positionals[0];
  if (file === undefined) throw new UsageError('missing <file|-> (a CSV or NDJSON file, or - for stdin)', COHORT.name);
  const table = await cohortTableOf(values, COHORT.name, file);
  const out = text(values, 'out');
  const format = text(values, 'format') ?? 'text';
  const colour = out === undefined && process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  const content =
    format === 'csv' ? cohortTableToCsv(table, { newline: '\n' })
    : format === 'json' ? JSON.stringify(table.toJSON(), null, 2)
    : format === 'html' ? htmlPage('Cohort retention', table.toHTML())
    : format === 'svg' ? table.toSVG()
    : cohortTableToText(table, { colour });
  await writeOutput(out, content);
  return undefined;
}
