/**
 * The KPI report on the bundled sample data: `npm run demo` (or `npx tsx examples/demo.ts`).
 * Reads examples/data/period.json (a month's aggregates), examples/data/survey.csv (400 answers) and
 * examples/data/events.csv (25,000 raw events), and writes examples/out/report.html.
 */
import { readFileSync } from 'node:fs';
import {
  averageInteractionDuration,
  averageOrderValue,
  averageRevenuePerCustomer,
  cacPaybackPeriod,
  churnRate,
  compoundChurnRate,
  customerAcquisitionCost,
  customerEffortScore,
  customerLifetimeValue,
  customerSatisfactionScore,
  expectedCustomerLifetime,
  grossRevenueChurnRate,
  grossRevenueRetention,
  interactionFrequency,
  ltvToCacRatio,
  netPromoterScore,
  netRevenueChurnRate,
  netRevenueRetention,
  npsSampleSize,
  purchaseFrequency,
  quickRatio,
  type Rate,
  repeatPurchaseRate,
  retentionRate,
  returningCustomerRate,
} from '../src/index.js';
import { fileURLToPath } from 'node:url';
import { printCohortReport, writeHtmlReport } from './_cohortReport.js';
import { printModelReport } from './_modelReport.js';
import { bar, heading, paint, row, useColour } from './_format.js';

const dataDir = new URL('./data/', import.meta.url);
const period = JSON.parse(readFileSync(new URL('period.json', dataDir), 'utf8'));
const survey = parseSurvey(readFileSync(new URL('survey.csv', dataDir), 'utf8'));
const c = period.customers;
const mrr = period.recurringRevenue;
const money = (value: { toFixed(digits: number): string }) => `${period.currency} ${Number(value.toFixed(2)).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
const pct = (rate: Rate) => rate.toPercent(1);
const ci = (rate: Rate) => {
  const { lower, upper } = rate.interval();
  return `95% CI ${(lower * 100).toFixed(1)}–${(upper * 100).toFixed(1)}%`;
};

console.log(paint.bold(`loyalty-metrics — KPI report for ${period.period}`));
console.log(paint.dim(`sample data: examples/data/period.json, examples/data/survey.csv (${survey.nps.length} answers)`));

console.log(heading('Customers'));
const retention = retentionRate({ customersAtStart: c.atStart, customersAtEnd: c.atEnd, newCustomers: c.new });
const churn = churnRate({ customersAtStart: c.atStart, customersLost: c.lost });
console.log(row('Customers at start / new / lost', `${c.atStart} / ${c.new} / ${c.lost}`, `at end ${c.atEnd}`));
console.log(row('Retention rate (CRR)', pct(retention), `${retention} · ${ci(retention)}`));
console.log(row('Churn rate (start basis)', pct(churn), `${churn} · ${ci(churn)}`));
console.log(row('  retention + churn = 1', String(retention.plus(churn).equals(1)), 'exact, no tolerance'));
const standard = churnRate(
  { customersAtStart: c.atStart, customersLost: c.lost, joinedAndLost: c.joinedAndLost, lostAndReactivated: c.lostAndReactivated },
);
console.log(row('Churn, ChartMogul exclusions', pct(standard), `${standard} · without joined-and-lost, reactivated`));
console.log(row('Churn, start + new (Stripe)', pct(churnRate({ customersAtStart: c.atStart, customersLost: c.lost, newCustomers: c.new }, { basis: 'startPlusNew' })), ''));
console.log(row('Churn, average of start and end', pct(churnRate({ customersAtStart: c.atStart, customersLost: c.lost, customersAtEnd: c.atEnd }, { basis: 'average' })), ''));
console.log(row('Annualised churn (constant hazard)', pct(compoundChurnRate({ churnRate: churn, periods: 12 })), '1 − (1 − monthly)^12'));
console.log(row('Expected lifetime', `${expectedCustomerLifetime({ churnRate: churn }).toFixed(1)} months`, '1 / churn'));
console.log(row('Repeat purchase rate', pct(repeatPurchaseRate({ customersWithOrders: c.withOrders, customersWithRepeatOrders: c.withRepeatOrders })), '≥ 2 orders this month / ≥ 1'));
console.log(row('Returning customer rate (Shopify)', pct(returningCustomerRate({ customersWithOrders: c.withOrders, returningCustomers: c.returning })), '> 1 order ever / ordered this month'));

console.log(heading('Recurring revenue'));
const movements = { startingRevenue: mrr.starting, churnedRevenue: mrr.churned, contractionRevenue: mrr.contraction };
const withGains = { ...movements, expansionRevenue: mrr.expansion, reactivationRevenue: mrr.reactivation };
const grr = grossRevenueRetention(movements);
const nrr = netRevenueRetention(withGains);
console.log(row('Starting MRR', money(Number(grr.denominator)), ''));
console.log(row('Gross revenue retention (GRR)', pct(grr), '(start − churned − contraction) / start'));
console.log(row('Net revenue retention (NRR)', pct(nrr), 'GRR + (expansion + reactivation) / start'));
console.log(row('Gross MRR churn', pct(grossRevenueChurnRate(movements)), '1 − GRR'));
console.log(row('Net MRR churn', pct(netRevenueChurnRate(withGains)), '1 − NRR; negative = net expansion'));
const quick = quickRatio({ newRevenue: mrr.new, expansionRevenue: mrr.expansion, reactivationRevenue: mrr.reactivation, churnedRevenue: mrr.churned, contractionRevenue: mrr.contraction });
console.log(row('SaaS quick ratio', Number(quick).toFixed(2), '(new + expansion + reactivation) / (churned + contraction)'));

console.log(heading('Value'));
const activeCustomers = c.atEnd;
const arpc = averageRevenuePerCustomer({ revenue: period.revenue, customers: activeCustomers });
const aov = averageOrderValue({ revenue: period.revenue, orders: period.orders });
const cac = customerAcquisitionCost({ spend: period.acquisitionSpend, newCustomers: c.new });
const clv = customerLifetimeValue({ averageRevenuePerCustomer: arpc, churnRate: churn, grossMargin: period.grossMargin });
const clvDiscounted = customerLifetimeValue({
  averageRevenuePerCustomer: arpc, churnRate: churn, grossMargin: period.grossMargin, discountRate: period.monthlyDiscountRate, paymentTiming: 'end',
});
console.log(row('Revenue this month', money(aov.times(period.orders)), `${period.orders} orders, ${activeCustomers} active customers`));
console.log(row('Avg revenue per customer (ARPC)', money(arpc), 'per month'));
console.log(row('Avg order value (AOV)', money(aov), ''));
console.log(row('Purchase frequency', Number(purchaseFrequency({ orders: period.orders, customers: activeCustomers })).toFixed(3), 'orders per customer; ARPC = AOV × frequency'));
console.log(row('Customer acquisition cost (CAC)', money(cac), 'paid spend / new customers'));
console.log(row('CLV (margin / churn)', money(clv), `margin ${period.grossMargin * 100}%, undiscounted`));
console.log(row('CLV, discounted', money(clvDiscounted), `${period.monthlyDiscountRate * 100}%/month, paid at month end`));
console.log(row('LTV : CAC', `${Number(ltvToCacRatio({ customerLifetimeValue: clvDiscounted, customerAcquisitionCost: cac })).toFixed(2)} : 1`, 'rule of thumb ≥ 3'));
console.log(row('CAC payback', `${cacPaybackPeriod({ customerAcquisitionCost: cac, averageRevenuePerCustomer: arpc, grossMargin: period.grossMargin }).toFixed(1)} months`, 'CAC / (ARPC × margin)'));

console.log(heading('Engagement'));
console.log(row('Interactions per customer', Number(interactionFrequency({ interactions: period.interactions.count, customers: activeCustomers })).toFixed(2), 'support contacts this month'));
const duration = averageInteractionDuration({ totalDuration: period.interactions.totalDurationSeconds, interactions: period.interactions.count });
console.log(row('Avg interaction duration', `${duration.div(60).toFixed(1)} min`, `${duration.toFixed(0)} s`));

console.log(heading(`Survey (${survey.nps.length} answers)`));
const nps = netPromoterScore(survey.nps);
console.log(row('Net Promoter Score (NPS)', nps.score.toFixed(1), `95% CI ${nps.interval.lower.toFixed(1)} to ${nps.interval.upper.toFixed(1)} (adjusted Wald)`));
console.log(`  ${bar([
  { share: nps.promoters / nps.total, colour: paint.green, glyph: '█' },
  { share: nps.passives / nps.total, colour: paint.yellow, glyph: '▒' },
  { share: nps.detractors / nps.total, colour: paint.red, glyph: '░' },
])}  ${paint.dim(`promoters ${nps.promoters} · passives ${nps.passives} · detractors ${nps.detractors}`)}`);
const csat = customerSatisfactionScore(survey.csat);
console.log(row('CSAT (4–5 of 5)', pct(csat.share), `${ci(csat.share)} · mean ${csat.meanScore?.toFixed(2)} / 5`));
const ces = customerEffortScore(survey.ces);
console.log(row('CES (agree 5–7 of 7)', pct(ces.share), `${ci(ces.share)} · mean ${ces.meanScore.toFixed(2)} / 7 · "made it easy"`));
console.log(row('Answers needed for NPS ± 5', String(npsSampleSize({ marginOfError: 5, variance: npsVariance(nps.promoters, nps.detractors, nps.total) })), 'at 95%, with this survey\'s variance'));

const cohortReport = printCohortReport(dataDir, useColour);
printModelReport(dataDir);
const written = writeHtmlReport(new URL('./out/', import.meta.url), cohortReport);
console.log(paint.dim(`\n  HTML report with the heatmap: ${fileURLToPath(written)}`));
console.log('');

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
