// The event half of the demo: December 2024's period KPIs and the 2024 monthly cohorts, from
// examples/data/events.csv, as report sections (printed and written by _htmlReport.ts).
import { readFileSync } from 'node:fs';
import {
  CohortBuilder,
  type CohortTable,
  type HtmlReportKpi,
  type HtmlReportSection,
  type ParsedEventColumns,
  type PeriodSummary,
  parseEventsCsv,
  periodSummary,
  type Rate,
} from '../src/index.js';
import { count } from './_format.js';

/** The events and what the demo computes from them. */
export interface EventData {
  readonly columns: ParsedEventColumns;
  /** Rows of events.csv. */
  readonly rows: number;
  /** December 2024 (UTC), active = an event in the last 90 days. */
  readonly december: PeriodSummary;
  /** Customers who ordered in December 2024 and had ordered before it (Shopify's "returning customer"). */
  readonly returningInDecember: number;
  /** Monthly cohorts of 2024 by first purchase, observed through 31 December 2024. */
  readonly table: CohortTable;
  /** Interaction events the cohort builder left out (only purchases start and return). */
  readonly ignoredInteractions: number;
}

/** Reads events.csv and computes December 2024's period summary and the 2024 cohort table. */
export function readEvents(dataDir: URL): EventData {
  const parsed = parseEventsCsv(readFileSync(new URL('events.csv', dataDir)));
  const { columns } = parsed;
  const december = periodSummary(columns, { from: '2024-12-01', to: '2024-12-31', activity: { type: 'events', inactivityDays: 90 } });
  const builder = new CohortBuilder({ period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' });
  builder.addColumns(columns);
  const table = builder.build({ from: '2024-01-01', to: '2024-12-31' }); // inclusive: through 31 December, whole (UTC)
  return { columns, rows: parsed.rows, december, returningInDecember: returning(columns, december), table, ignoredInteractions: builder.ignoredRecords };
}

/** A KPI row of a Rate, with its Wilson interval when it is a share of counts. */
export function rateRow(label: string, rate: Rate, note?: string): HtmlReportKpi {
  return { label, value: rate, ...(rate.isProportion ? { interval: rate.interval() } : {}), ...(note === undefined ? {} : { note }) };
}

/** The cohort section: the heatmap of 2024's monthly cohorts, and the retention curves when that chart exists. */
export function cohortSection(data: EventData, charts: HtmlReportSection['items']): HtmlReportSection {
  const mean = data.table.mean({ weighting: 'weighted' });
  return {
    heading: 'Cohorts: who came back (events.csv, 2024)',
    intro: `Customers grouped by the month of their first purchase in 2024; each cell is the share who purchased again k months later, through December 2024. ${count(data.ignoredInteractions)} interaction events are left out (only purchases start and return).`,
    items: [
      { type: 'cohortTable', table: data.table, caption: 'Monthly cohorts of 2024 by first purchase: share who purchased again k months later' },
      ...charts,
      { type: 'kpis', caption: 'Weighted mean over the cohorts', rows: mean.slice(1, 7).flatMap((r, i) => (r === null ? [] : [rateRow(`${i + 1} month${i === 0 ? '' : 's'} later`, r, 'customers returning / customers of the cohorts observed that long')])) },
    ],
  };
}

/** Customers with a purchase in December 2024 and one before 1 December 2024. */
function returning(columns: ParsedEventColumns, december: PeriodSummary): number {
  const from = december.from.getTime();
  const to = december.to.getTime();
  const before = new Set<string>();
  const inDecember = new Set<string>();
  for (let i = 0; i < columns.customerId.length; i++) {
    if ((columns.event?.[i] ?? 'purchase') !== 'purchase') continue;
    const t = columns.timestamp[i] as number;
    const id = columns.customerId[i] as string;
    if (t < from) before.add(id);
    else if (t <= to) inDecember.add(id);
  }
  let n = 0;
  for (const id of inDecember) if (before.has(id)) n++;
  return n;
}
