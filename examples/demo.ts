/**
 * The KPI report on the bundled sample data: `npm run demo` (or `npx tsx examples/demo.ts`).
 *
 * One fictional shop (Kettle & Leaf, see examples/data/README.md) and one reporting month, December 2024.
 * Everything the raw events can give comes from examples/data/events.csv (25,000 events, 2023-2024):
 * customer flows, orders, revenue, interactions, cohorts and the customer-base models. period.json adds
 * what events cannot give (MRR movements, acquisition spend, margin, interaction durations) for the same
 * month, survey.csv holds December's 400 survey answers and feedback.csv the reviews and messages of 2024.
 * The terminal report and examples/out/report.html are printed and written from one description
 * (examples/_htmlReport.ts), so they tell the same story; money is written one way (`EUR 1,234.56`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  averageInteractionDuration,
  cacPaybackPeriod,
  calibrationHoldoutChart,
  churnRate,
  compoundChurnRate,
  cumulativeTransactionsChart,
  customerAcquisitionCost,
  customerEffortScore,
  customerLifetimeValue,
  customerSatisfactionScore,
  expectedCustomerLifetime,
  frequencyRecencyChart,
  grossRevenueChurnRate,
  grossRevenueRetention,
  type HtmlReport,
  type HtmlReportItem,
  type HtmlReportSection,
  ltvToCacRatio,
  netPromoterScore,
  netRevenueChurnRate,
  netRevenueRetention,
  npsSampleSize,
  periodTransactionsChart,
  probabilityAliveChart,
  quickRatio,
  retentionChart,
  returningCustomerRate,
} from '../src/index.js';
import { cohortSection, type EventData, rateRow, readEvents } from './_cohortReport.js';
import { feedbackReport } from './_feedbackReport.js';
import { bar, count, decimal, money, paint, useColour } from './_format.js';
import { printReport, writeHtmlReport } from './_htmlReport.js';
import { customerValueSection, fitModels, modelCheckSection } from './_modelReport.js';

const dataDir = new URL('./data/', import.meta.url);
const period = JSON.parse(readFileSync(new URL('period.json', dataDir), 'utf8'));
const survey = parseSurvey(readFileSync(new URL('survey.csv', dataDir), 'utf8'));
const events = readEvents(dataDir);
const models = fitModels(events.columns);

// Charts (issue 12): one line each, in the section they illustrate; a chart that lands later is one more line.
const chart = (c: { title: string; description: string; toHTML(): string }): HtmlReportItem => ({ type: 'chart', chart: c });
const cohortCharts: HtmlReportItem[] = [
  chart(retentionChart(events.table)),
];
const checkCharts: HtmlReportItem[] = [
  chart(periodTransactionsChart(models.checkFit, models.split.calibration)),
  chart(calibrationHoldoutChart(models.checkFit, models.split)),
  chart(cumulativeTransactionsChart(models.checkFit, models.columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30', observationEnd: '2024-12-31' })),
];
const valueCharts: HtmlReportItem[] = [
  chart(probabilityAliveChart(models.fit, { maxFrequency: 30, maxRecency: 104 })),
  chart(frequencyRecencyChart(models.fit, { maxFrequency: 30, maxRecency: 104, t: 52 })),
];

const { survey: surveySection, extras } = surveyReport();
const report: HtmlReport = {
  title: `${period.shop}: KPI report for ${period.period}`,
  subtitle: `A fictional tea shop with a subscription plan; the reporting month is December 2024 (UTC), amounts in ${period.currency}.`,
  dataNote:
    `Sources: examples/data/events.csv (${count(events.rows)} raw events, January 2023 – December 2024) for customers, orders, revenue, ` +
    'interactions, cohorts and the models; period.json (December 2024) for recurring revenue, acquisition spend, margin and ' +
    `interaction durations; survey.csv (${count(survey.nps.length)} answers, December 2024); feedback.csv (reviews and messages of 2024). ` +
    'Each section names its source.',
  sections: [
    customersSection(events),
    valueSection(events),
    recurringRevenueSection(),
    engagementSection(events),
    cohortSection(events, cohortCharts),
    modelCheckSection(models, checkCharts),
    customerValueSection(models, valueCharts),
    surveySection,
    feedbackSection(),
  ],
};

printReport(report, useColour, extras);
const written = writeHtmlReport(new URL('./out/', import.meta.url), report);
console.log(paint.dim(`\n  HTML report: ${fileURLToPath(written)}`));
console.log('');

function customersSection({ december }: EventData): HtmlReportSection {
  const c = december.customers;
  const k = december.kpis;
  const churn = k.churnRate!;
  const retention = k.retentionRate!;
  return {
    heading: 'Customers (events.csv, December 2024)',
    intro: 'A customer is active while their last event is less than 90 days old: "at start" were active on 1 December, "lost" were not by 31 December.',
    items: [
      {
        type: 'kpis',
        rows: [
          { label: 'At start / retained / lost', value: `${count(c.atStart)} / ${count(c.retained)} / ${count(c.lost)}`, note: 'retained + lost = at start' },
          { label: 'New / reactivated / at end', value: `${count(c.new)} / ${count(c.reactivated)} / ${count(c.atEnd)}`, note: 'retained + new + reactivated = at end' },
          rateRow('Retention rate (CRR)', retention, `retained / at start; retention + churn = 1 exactly: ${retention.plus(churn).equals(1)}`),
          rateRow('Churn rate (start basis)', churn, 'lost / at start'),
          rateRow('Churn, start + new (Stripe)', churnRate({ customersAtStart: c.atStart, customersLost: c.lost, newCustomers: c.new }, { basis: 'startPlusNew' }), 'lost / (at start + new)'),
          rateRow('Churn, average of start and end', churnRate({ customersAtStart: c.atStart, customersLost: c.lost, customersAtEnd: c.atEnd }, { basis: 'average' }), 'lost / mean of at start and at end'),
          rateRow('Annualised churn (constant hazard)', compoundChurnRate({ churnRate: churn, periods: 12 }), '1 − (1 − monthly)^12'),
          { label: 'Expected lifetime', value: `${decimal(expectedCustomerLifetime({ churnRate: churn }), 1)} months`, note: '1 / monthly churn' },
          rateRow('Repeat purchase rate', k.repeatPurchaseRate!, '≥ 2 orders in December / ≥ 1'),
          rateRow('Returning customer rate (Shopify)', returningCustomerRate({ customersWithOrders: c.withOrders, returningCustomers: events.returningInDecember }), 'ordered before December too / ordered in December'),
        ],
      },
    ],
  };
}

function valueSection({ december }: EventData): HtmlReportSection {
  const k = december.kpis;
  const arpc = k.averageRevenuePerCustomer!;
  const churn = k.churnRate!;
  const cac = customerAcquisitionCost({ spend: period.acquisitionSpend, newCustomers: december.customers.new });
  const clv = customerLifetimeValue({ averageRevenuePerCustomer: arpc, churnRate: churn, grossMargin: period.grossMargin });
  const clvDiscounted = customerLifetimeValue({ averageRevenuePerCustomer: arpc, churnRate: churn, grossMargin: period.grossMargin, discountRate: period.monthlyDiscountRate, paymentTiming: 'end' });
  return {
    heading: 'Revenue and value (events.csv; spend and margin from period.json, December 2024)',
    items: [
      {
        type: 'kpis',
        rows: [
          { label: 'Revenue', value: money(december.revenue), note: `${count(december.orders)} orders from ${count(december.customers.activeInPeriod)} customers with an event in December` },
          { label: 'Avg revenue per customer (ARPC)', value: money(arpc), note: 'revenue / customers with an event in December' },
          { label: 'Avg order value (AOV)', value: money(k.averageOrderValue!), note: 'revenue / orders' },
          { label: 'Purchase frequency', value: decimal(Number(k.purchaseFrequency), 3), note: 'orders per customer; ARPC = AOV × frequency' },
          { label: 'Customer acquisition cost (CAC)', value: money(cac), note: `paid spend ${money(period.acquisitionSpend)} / ${count(december.customers.new)} new customers` },
          { label: 'CLV (margin / churn)', value: money(clv), note: `ARPC × margin ${period.grossMargin * 100}% / monthly churn, undiscounted` },
          { label: 'CLV, discounted', value: money(clvDiscounted), note: `${decimal(period.monthlyDiscountRate * 100, 1)}% a month, paid at month end` },
          { label: 'LTV : CAC', value: `${decimal(Number(ltvToCacRatio({ customerLifetimeValue: clvDiscounted, customerAcquisitionCost: cac })), 2)} : 1`, note: 'rule of thumb ≥ 3' },
          { label: 'CAC payback', value: `${decimal(cacPaybackPeriod({ customerAcquisitionCost: cac, averageRevenuePerCustomer: arpc, grossMargin: period.grossMargin }), 1)} months`, note: 'CAC / (ARPC × margin)' },
        ],
      },
    ],
  };
}

function recurringRevenueSection(): HtmlReportSection {
  const mrr = period.recurringRevenue;
  const movements = { startingRevenue: mrr.starting, churnedRevenue: mrr.churned, contractionRevenue: mrr.contraction };
  const withGains = { ...movements, expansionRevenue: mrr.expansion, reactivationRevenue: mrr.reactivation };
  const quick = quickRatio({ newRevenue: mrr.new, expansionRevenue: mrr.expansion, reactivationRevenue: mrr.reactivation, churnedRevenue: mrr.churned, contractionRevenue: mrr.contraction });
  return {
    heading: 'Recurring revenue of the subscription plan (period.json, December 2024)',
    intro: 'Monthly recurring revenue (MRR) movements of the plan, which the purchase events do not carry.',
    items: [
      {
        type: 'kpis',
        rows: [
          { label: 'Starting MRR', value: money(mrr.starting), note: `new ${money(mrr.new)} · expansion ${money(mrr.expansion)} · churned ${money(mrr.churned)}` },
          { label: 'Gross revenue retention (GRR)', value: grossRevenueRetention(movements), note: '(start − churned − contraction) / start' },
          { label: 'Net revenue retention (NRR)', value: netRevenueRetention(withGains), note: 'GRR + (expansion + reactivation) / start' },
          { label: 'Gross MRR churn', value: grossRevenueChurnRate(movements), note: '1 − GRR' },
          { label: 'Net MRR churn', value: netRevenueChurnRate(withGains), note: '1 − NRR; negative = net expansion' },
          { label: 'SaaS quick ratio', value: decimal(Number(quick), 2), note: '(new + expansion + reactivation) / (churned + contraction)' },
        ],
      },
    ],
  };
}

function engagementSection({ december }: EventData): HtmlReportSection {
  const duration = averageInteractionDuration({ totalDuration: period.interactions.totalDurationSeconds, interactions: december.interactions });
  return {
    heading: 'Engagement (events.csv; durations from period.json, December 2024)',
    items: [
      {
        type: 'kpis',
        rows: [
          { label: 'Interactions per customer', value: decimal(Number(december.kpis.interactionFrequency), 2), note: `${count(december.interactions)} support contacts / ${count(december.customers.activeInPeriod)} customers with an event` },
          { label: 'Avg interaction duration', value: `${decimal(duration.div(60), 1)} min`, note: `${decimal(duration, 0)} s: total duration / ${count(december.interactions)} interactions` },
        ],
      },
    ],
  };
}

function surveyReport(): { survey: HtmlReportSection; extras: Map<string, string[]> } {
  const nps = netPromoterScore(survey.nps);
  const csat = customerSatisfactionScore(survey.csat);
  const ces = customerEffortScore(survey.ces);
  const heading = `Survey (survey.csv, ${count(survey.nps.length)} answers, December 2024)`;
  const npsBar = `  ${bar([
    { share: nps.promoters / nps.total, colour: paint.green, glyph: '█' },
    { share: nps.passives / nps.total, colour: paint.yellow, glyph: '▒' },
    { share: nps.detractors / nps.total, colour: paint.red, glyph: '░' },
  ])}  ${paint.dim(`promoters ${nps.promoters} · passives ${nps.passives} · detractors ${nps.detractors}`)}`;
  const section: HtmlReportSection = {
    heading,
    items: [
      {
        type: 'kpis',
        rows: [
          { label: 'Net Promoter Score (NPS)', value: nps.score, digits: 1, interval: nps.interval, note: `adjusted Wald; promoters ${nps.promoters} · passives ${nps.passives} · detractors ${nps.detractors}` },
          { label: 'CSAT (4–5 of 5)', value: csat.share, interval: csat.share.interval(), note: `mean ${decimal(csat.meanScore ?? 0, 2)} / 5` },
          { label: 'CES (agree 5–7 of 7)', value: ces.share, interval: ces.share.interval(), note: `mean ${decimal(ces.meanScore, 2)} / 7 · "the company made it easy"` },
          { label: 'Answers needed for NPS ± 5', value: npsSampleSize({ marginOfError: 5, variance: npsVariance(nps.promoters, nps.detractors, nps.total) }), note: "at 95%, with this survey's variance" },
        ],
      },
    ],
  };
  return { survey: section, extras: new Map([[heading, [npsBar]]]) };
}

/** Issue 13's feedback KPIs for December 2024 (examples/_feedbackReport.ts), as a section of the same report. */
function feedbackSection(): HtmlReportSection {
  const feedback = feedbackReport(dataDir, events.december);
  const t = feedback.december.total;
  const v = t.volume;
  const rows: HtmlReportSection['items'][number] & { type: 'kpis' } = {
    type: 'kpis',
    rows: [
      { label: 'Feedback items / customers', value: `${count(v.items)} / ${count(v.customers)}`, note: `${count(v.rated)} rated (1-5), ${count(v.unrated)} without a rating` },
      ...(v.itemsPerCustomer === null ? [] : [{ label: 'Items per active customer', value: decimal(Number(v.itemsPerCustomer), 3), note: `over ${count(v.activeCustomers ?? 0)} customers with an event in December` }]),
      ...(t.sentiment === null ? [] : [{ label: 'Negative share of rated items', value: t.sentiment.negative.share, interval: t.sentiment.negative.interval, note: 'ratings 1-2 of 5' }]),
      ...(t.response === null ? [] : [{ label: 'Negative reviews answered', value: t.response.share, interval: t.response.interval, note: `${count(t.response.answered)} of ${count(t.response.negative)} negative items` }]),
      ...(t.response?.medianMs == null ? [] : [{ label: 'Time to answer, median', value: `${decimal(t.response.medianMs / 3_600_000, 1)} h`, note: `over ${count(t.response.timed)} answered items with a time` }]),
    ],
  };
  const months: HtmlReportItem = {
    type: 'table',
    caption: 'Feedback by month of 2024',
    columns: ['month', 'items', 'negative items', 'negative answered'],
    rows: feedback.months.periods.map((p) => [p.label, p.volume.items, p.response?.negative ?? 0, p.response?.share ?? null]),
  };
  return {
    heading: `Feedback (feedback.csv, December 2024; ${count(feedback.records)} items over 2024)`,
    items: [rows, months],
  };
}

function parseSurvey(text: string): { nps: number[]; csat: number[]; ces: number[] } {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const column = (name: string) => columns.indexOf(name);
  const result = { nps: [] as number[], csat: [] as number[], ces: [] as number[] };
  for (const line of lines) {
    const cells = line.split(',');
    result.nps.push(Number(cells[column('nps')]));
    result.csat.push(Number(cells[column('csat')]));
    result.ces.push(Number(cells[column('ces')]));
  }
  return result;
}

function npsVariance(promoters: number, detractors: number, total: number): number {
  const p = promoters / total;
  const d = detractors / total;
  return p + d - (p - d) ** 2;
}
