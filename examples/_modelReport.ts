// The model half of the demo: BG/NBD and Gamma-Gamma fitted on the sample events, checked on a holdout.
import { readFileSync } from 'node:fs';
import {
  calibrationHoldoutSplit,
  expectedPurchases,
  fitBetaGeo,
  fitGammaGamma,
  modelCustomerLifetimeValue,
  parseEventsCsv,
  probabilityAlive,
} from '../src/index.js';
import { heading, paint, row } from './_format.js';

/** Fits the customer-base models on 2023 – June 2024 and compares their forecast with July – December 2024. */
export function printModelReport(dataDir: URL): void {
  const { columns } = parseEventsCsv(readFileSync(new URL('events.csv', dataDir)));
  const split = calibrationHoldoutSplit(columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30', observationEnd: '2024-12-31' });
  const summary = split.calibration;
  const weeks = split.holdout.duration;
  console.log(heading('Customer-base models: calibration 2023 – June 2024, holdout July – December 2024 (weeks)'));
  const transactions = fitBetaGeo(summary, { timeUnit: 'week' });
  const { r, alpha, a, b } = transactions.params;
  console.log(row('BG/NBD', `r ${r.toFixed(3)} · alpha ${alpha.toFixed(2)} · a ${a.toFixed(3)} · b ${b.toFixed(3)}`, `LL ${transactions.logLikelihood.toFixed(1)}, ${summary.customers.length} customers`));
  // Gamma-Gamma models positive spend: repeat buyers whose repeat orders were all free are left out and counted.
  const spend = fitGammaGamma(summary, { zeroSpend: 'exclude' });
  const { p, q, gamma } = spend.params;
  const free = spend.excludedZeroSpend;
  console.log(row('Gamma-Gamma', `p ${p.toFixed(2)} · q ${q.toFixed(2)} · gamma ${gamma.toFixed(2)}`, `${spend.customers} repeat buyers with spend`));
  console.log(paint.dim(`  left out of the spend fit: ${spend.excludedCustomers} customers with no repeat purchase and ${free} whose repeat orders were all free (zeroSpend: 'exclude')`));

  const predicted = expectedPurchases(transactions, summary, { t: weeks });
  const alive = probabilityAlive(transactions, summary);
  const actual = split.holdout.customers.reduce((s, c) => s + c.frequency, 0);
  const forecast = predicted.reduce((s, v) => s + v, 0);
  console.log(row(`Repeat purchases in ${weeks.toFixed(1)} weeks`, `predicted ${forecast.toFixed(0)} · actual ${actual}`, `${(((forecast - actual) / actual) * 100).toFixed(1)}% off`));
  const likelyAlive = alive.filter((value) => value >= 0.5).length;
  console.log(row('Probably alive (P ≥ 0.5)', `${likelyAlive} of ${summary.customers.length}`, 'at the end of June 2024'));

  // Every customer gets a value; the repeat buyers whose orders were all free are valued at 0 (zeroSpend: 'zero').
  const clv = modelCustomerLifetimeValue({ transactionFit: transactions, spendFit: spend, customers: summary, horizon: 12, horizonUnit: 'month', modelUnit: 'week', discountRate: 0.01, discountUnit: 'month', zeroSpend: 'zero' });
  const total = clv.reduce((s, v) => s.plus(v), clv[0]!.minus(clv[0]!));
  console.log(row('12-month CLV (1 %/month)', `${total.toFixed(2)} in all`, `mean ${total.div(clv.length).toFixed(2)} over ${clv.length} customers (${free} with only free repeat orders valued at 0)`));
  console.log(paint.dim(`  ${split.holdoutOnlyCustomers} customers first seen in the holdout are not in the calibration summary`));
}
