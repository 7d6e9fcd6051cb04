/**
 * `loyalty-metrics report <file|-> --out report.html`: one self-contained HTML page (htmlReport) from an
 * events file: the period KPIs of the latest period with their intervals and the KPIs period by period, the
 * cohort heatmap, and a customer-base model's parameters and check against the data.
 */
import { CohortBuilder } from '../cohort/CohortBuilder.js';
import { periodSummary } from '../cohort/periodSummary.js';
import type { PeriodUnit } from '../core/_periods.js';
import { MetricError } from '../core/MetricError.js';
import { rfmSummary } from '../models/rfmSummary.js';
import { htmlReport } from '../render/htmlReport.js';
import type { HtmlReportSection } from '../render/htmlReport.js';
import { type CommandSpec, type FlagValues, parseCommand, text, UsageError } from './_args.js';
import { INPUT_FLAGS, inputSpec, newTally, note, readAllColumns, reportSkipped, timeRange, writeOutput } from './_input.js';
import { buildOptions, builderOptions, DEFINITION_FLAGS } from './cohort.js';
import { fitModel, MODELS } from './fit.js';
import { eventsUpTo, periodsOf, summaryTable } from './summary.js';

export const REPORT: CommandSpec = {
  name: 'report',
  summary: 'One self-contained HTML page from an events file (CSV or NDJSON; - reads stdin): period KPIs, the cohort heatmap and a model fit with its check.',
  args: '<file|-> --out <file.html> [options]',
  positionals: [0, 1],
  flags: [
    ...DEFINITION_FLAGS,
    { name: 'model', type: 'string', value: 'model', choices: [...MODELS.filter((m) => m !== 'gamma-gamma'), 'none'], help: 'The customer-base model fitted on the RFM summary (days, weeks) of the purchases.', default: 'bg-nbd' },
    { name: 'inactivity-days', type: 'string', value: 'days', help: 'Period KPIs: a customer is active while their last event is less than this many days old.', default: '90' },
    { name: 'title', type: 'string', value: 'text', help: 'The page title.', default: 'Customer loyalty report' },
    ...INPUT_FLAGS,
    { name: 'out', short: 'o', type: 'string', value: 'file', help: 'The HTML file to write (required).' },
  ],
  notes: ['The page has no script and loads nothing from the network; open it in any browser.'],
  examples: ['report events.csv --out report.html --start-events purchase --return-events purchase', 'report events.csv --out report.html --period quarter --model pareto-nbd'],
};

/** The newest periods of the KPI table: at most this many rows. */
const KPI_ROWS = 24;

export async function runReport(argv: readonly string[]): Promise<'help' | undefined> {
  const parsed = parseCommand(REPORT, argv);
  if (parsed.help) return 'help';
  const { values, positionals } = parsed;
  const name = REPORT.name;
  const out = text(values, 'out');
  if (out === undefined) throw new UsageError('missing --out <file.html> (the report is a file)', name);
  const file = positionals[0];
  if (file === undefined) throw new UsageError('missing <file|-> (a CSV or NDJSON file, or - for stdin)', name);
  const options = builderOptions(values, name);
  const builder = new CohortBuilder(options);
  const spec = inputSpec(values, name, file, options.timeZone);
  const tally = newTally();
  const columns = await readAllColumns(spec, tally);
  reportSkipped(spec, tally);
  const range = timeRange(columns.timestamp);
  if (range === undefined) throw new UsageError(`${file} has no events`, name);
  const table = builder.addColumns(columns).build(buildOptions(values, name));
  const sections: HtmlReportSection[] = [
    kpiSection(values, columns, range, options.period ?? 'month', options.timeZone ?? 'UTC', options.weekStartsOn ?? 1),
    {
      heading: 'Cohorts',
      items: [
        { type: 'cohortTable', table, caption: `Share of each cohort who returned k ${table.period}s later` },
        ...(builder.ignoredRecords > 0 ? [{ type: 'paragraph' as const, text: `${builder.ignoredRecords.toLocaleString('en-US')} events were neither start nor return events and are left out of the table.` }] : []),
      ],
    },
  ];
  const model = text(values, 'model') ?? 'bg-nbd';
  if (model !== 'none') sections.push(modelSection(model as (typeof MODELS)[number], columns, range[1], options.timeZone, values, spec.quiet));
  const first = new Date(range[0]).toISOString().slice(0, 10);
  const last = new Date(range[1]).toISOString().slice(0, 10);
  const html = htmlReport({
    title: text(values, 'title') ?? 'Customer loyalty report',
    dataNote: `From ${file === '-' ? 'stdin' : file}: ${tally.rows.toLocaleString('en-US')} rows, events from ${first} to ${last} (UTC dates).`,
    sections,
  });
  await writeOutput(out, html);
  return undefined;
}

type Columns = Awaited<ReturnType<typeof readAllColumns>>;

/** The KPIs of the latest period with their intervals, and the newest periods' KPIs as a table. */
function kpiSection(values: FlagValues, columns: Columns, range: readonly [number, number], unit: PeriodUnit, timeZone: string, weekStartsOn: number): HtmlReportSection {
  const inactivityDays = Number(text(values, 'inactivity-days') ?? '90');
  if (!Number.isSafeInteger(inactivityDays) || inactivityDays < 1) throw new UsageError(`--inactivity-days must be a whole number from 1, received '${text(values, 'inactivity-days')}'`, REPORT.name);
  const kpiUnit = unit === 'hour' ? 'day' : unit;
  const periods = periodsOf(range, kpiUnit, { timeZone, weekStartsOn }).slice(-KPI_ROWS);
  const options = { timeZone, activity: { type: 'events' as const, inactivityDays } };
  const rows = periods.map((p) => ({ label: p.label, summary: periodSummary(eventsUpTo(columns, p.to), { ...options, from: p.from, to: p.to }) }));
  const latest = rows[rows.length - 1];
  if (latest === undefined) return { heading: 'Period KPIs', items: [{ type: 'paragraph', text: 'No periods.' }] };
  const k = latest.summary.kpis;
  const c = latest.summary.customers;
  const rate = (label: string, r: typeof k.retentionRate, noteText: string) => (r === null ? [] : [{ label, value: r, interval: r.interval(), note: noteText }]);
  const money = (label: string, d: typeof k.averageOrderValue, noteText: string) => (d === null ? [] : [{ label, value: d, note: noteText }]);
  const [header, ...body] = summaryTable(rows, true) as [string[], ...string[][]];
  return {
    heading: 'Period KPIs',
    intro: `Active = an event in the last ${inactivityDays} days. The latest period, ${latest.label}, is cut at the last event.`,
    items: [
      {
        type: 'kpis',
        caption: `${latest.label}`,
        rows: [
          { label: 'Customers at start / at end', value: `${c.atStart} / ${c.atEnd}`, note: 'retained + lost = at start' },
          ...rate('Retention rate', k.retentionRate, 'retained / at start'),
          ...rate('Churn rate', k.churnRate, 'lost / at start'),
          ...rate('Repeat purchase rate', k.repeatPurchaseRate, '2+ orders / 1+ orders in the period'),
          { label: 'Orders', value: latest.summary.orders },
          { label: 'Revenue', value: latest.summary.revenue },
          ...money('Average revenue per customer', k.averageRevenuePerCustomer, 'revenue / customers with an event'),
          ...money('Average order value', k.averageOrderValue, 'revenue / orders'),
        ],
      },
      { type: 'table', caption: `KPIs by ${kpiUnit}`, columns: header, rows: body },
    ],
  };
}

/** The model's parameters and its check, or a paragraph saying why there is no fit. */
function modelSection(model: (typeof MODELS)[number], columns: Columns, last: number, timeZone: string | undefined, values: FlagValues, quiet: boolean): HtmlReportSection {
  const heading = `Model: ${model}`;
  try {
    const summary = rfmSummary(columns, { period: 'day', timeUnit: 'week', calibrationEnd: last, ...(timeZone === undefined ? {} : { timeZone }) });
    const { fit, check } = fitModel(model, summary, values);
    const params = fit['summary'] as readonly { parameter: string; estimate: number; standardError: number | null; lower: number | null; upper: number | null }[];
    return {
      heading,
      intro: `Fitted on the purchases of ${String(fit['customers'])} customers (days, in weeks). Log-likelihood ${(fit['logLikelihood'] as number).toFixed(2)}, ${fit['converged'] === true ? 'converged' : 'did not converge'} after ${String(fit['iterations'])} iterations.`,
      items: [
        { type: 'table', caption: 'Parameters', columns: ['parameter', 'estimate', 'std. error', 'lower', 'upper'], rows: params.map((p) => [p.parameter, p.estimate, p.standardError, p.lower, p.upper]), digits: 4 },
        ...(check === undefined ? [] : [{ type: 'table' as const, caption: 'Customers by repeat purchases: actual vs expected', columns: ['repeat purchases', 'actual', 'expected'], rows: check.map((r) => [r.repeats, String(r.actual), r.expected.toFixed(1)]) }]),
      ],
    };
  } catch (error) {
    if (!(error instanceof MetricError)) throw error;
    note(quiet, `no model in the report: ${error.message}`);
    return { heading, items: [{ type: 'paragraph', text: `No fit: ${error.message}` }] };
  }
}
