// The event half of the demo: cohorts and period KPIs from examples/data/events.csv, and an HTML report.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  CohortBuilder,
  type CohortTable,
  cohortTableToHtml,
  cohortTableToSvg,
  cohortTableToText,
  type PeriodSummary,
  parseEventsCsv,
  periodSummary,
} from '../src/index.js';
import { heading, paint, row } from './_format.js';

export interface CohortReport {
  readonly table: CohortTable;
  readonly december: PeriodSummary;
}

/** Reads the events, prints the period KPIs and the cohort triangle, and returns them for the HTML report. */
export function printCohortReport(dataDir: URL, colour: boolean): CohortReport {
  const csv = readFileSync(new URL('events.csv', dataDir));
  const parsed = parseEventsCsv(csv);
  const { columns } = parsed;
  const rows = columnsToEvents(columns);

  const december = periodSummary(rows, { from: '2024-12-01', to: '2024-12-31', activity: { type: 'events', inactivityDays: 90 } });
  const c = december.customers;
  const k = december.kpis;
  console.log(heading(`Period KPIs from ${parsed.rows.toLocaleString('en-US')} raw events (December 2024, active = an event in the last 90 days)`));
  console.log(row('At start / retained / lost', `${c.atStart} / ${c.retained} / ${c.lost}`, 'retained + lost = at start'));
  console.log(row('New / reactivated / at end', `${c.new} / ${c.reactivated} / ${c.atEnd}`, 'retained + new + reactivated = at end'));
  console.log(row('Retention / churn', `${k.retentionRate?.toPercent(1)} / ${k.churnRate?.toPercent(1)}`, 'sum exactly 1'));
  console.log(row('Orders / revenue', `${december.orders} / ${december.revenue.toFixed(2)}`, ''));
  console.log(row('ARPC / AOV', `${k.averageRevenuePerCustomer?.toFixed(2)} / ${k.averageOrderValue?.toFixed(2)}`, 'over customers with an event in December'));
  console.log(row('Repeat purchase rate', `${k.repeatPurchaseRate?.toPercent(1)}`, '≥ 2 orders in December / ≥ 1'));

  const builder = new CohortBuilder({ period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' });
  builder.addColumns(columns);
  const table = builder.build({ from: '2024-01-01', to: '2024-12-31' }); // inclusive: through 31 December, whole (UTC)
  console.log(heading('Monthly cohorts of 2024 by first purchase: share who purchased again k months later'));
  console.log(cohortTableToText(table, { colour }));
  const mean = table.mean({ weighting: 'weighted' });
  console.log(paint.dim(`  weighted mean: ${mean.slice(1, 7).map((r) => r?.toPercent(1) ?? '–').join(' · ')} (k = 1..6)`));
  console.log(paint.dim(`  ${builder.ignoredRecords} interaction events left out; ${builder.skipped.length} records skipped`));
  return { table, december };
}

/** Writes examples/out/report.html with the heatmap table and SVG. */
export function writeHtmlReport(outDir: URL, report: CohortReport): URL {
  mkdirSync(outDir, { recursive: true });
  const file = new URL('report.html', outDir);
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>loyalty-metrics report</title>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<h1>Monthly cohorts of 2024</h1>
${cohortTableToHtml(report.table, { caption: 'Share of each first-purchase cohort who purchased again k months later' })}
<h2>Heatmap</h2>
${cohortTableToSvg(report.table, { title: 'Cohort retention, 2024' })}
</body></html>
`;
  writeFileSync(file, html);
  return file;
}

function columnsToEvents(columns: ReturnType<typeof parseEventsCsv>['columns']) {
  const events = [];
  for (let i = 0; i < columns.customerId.length; i++) {
    events.push({
      customerId: columns.customerId[i] as string,
      timestamp: columns.timestamp[i] as number,
      event: columns.event?.[i] ?? 'purchase',
      amount: columns.amount === undefined ? 0 : `${columns.amount[i]}e-2`,
    });
  }
  return events;
}
