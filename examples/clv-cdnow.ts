/**
 * The worked CDNOW example of docs/models.md: `npx tsx examples/clv-cdnow.ts`.
 *
 * Reads the CDNOW 1/10 sample (2,357 customers who first bought in Q1 1997) from test/fixtures,
 * splits it at 1997-09-30 (39 weeks of calibration, 39 weeks of holdout), fits BG/NBD and Gamma-Gamma,
 * ranks customers by predicted purchases, compares predictions with the holdout and values the base.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  calibrationHoldoutSplit,
  type CustomerEvent,
  expectedPurchases,
  fitBetaGeo,
  fitGammaGamma,
  type ModelFit,
  modelCustomerLifetimeValue,
  probabilityAlive,
} from '../src/index.js';
import { heading } from './_format.js';

const DATA = fileURLToPath(new URL('../test/fixtures/CDNOW_sample.txt', import.meta.url));
if (!existsSync(DATA)) {
  console.error(`CDNOW_sample.txt not found at ${DATA}: this example reads the copy in test/fixtures (see test/fixtures/README.md).`);
  process.exit(1);
}

/** Whitespace-separated: master id, sample id, YYYYMMDD, CDs, dollars. */
const events: CustomerEvent[] = readFileSync(DATA, 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((line) => {
    const [, id, date, , dollars] = line.trim().split(/\s+/) as [string, string, string, string, string];
    return { customerId: id, timestamp: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, amount: dollars };
  });

const split = calibrationHoldoutSplit(events, { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' });
const summary = split.calibration;
const holdout = new Map(split.holdout.customers.map((c) => [c.customerId, c.frequency]));
const horizon = split.holdout.duration;

console.log(heading('CDNOW sample: calibration to 1997-09-30, holdout to 1998-06-30 (weeks)'));
const repeaters = summary.customers.filter((c) => c.frequency > 0).length;
console.log(`${summary.customers.length} customers, ${repeaters} repeat buyers, holdout of ${horizon} weeks`);

const transactions = fitBetaGeo(summary, { timeUnit: 'week' });
const spend = fitGammaGamma(summary);
printFit('BG/NBD (Fader, Hardie & Lee 2005: r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4)', transactions);
printFit('Gamma-Gamma (Fader & Hardie 2013: p 6.25, q 3.74, gamma 15.44)', spend);

const predicted = expectedPurchases(transactions, summary, { t: horizon });
const alive = probabilityAlive(transactions, summary);

console.log(heading(`Top 10 customers by predicted purchases in the next ${horizon} weeks`));
console.log(['customer', 'x', 't_x', 'T', 'P(alive)', 'predicted', 'actual'].map((h, i) => (i === 0 ? h.padEnd(9) : h.padStart(9))).join(' '));
const order = summary.customers.map((_, i) => i).sort((a, b) => (predicted[b] as number) - (predicted[a] as number));
for (const i of order.slice(0, 10)) {
  const c = summary.customers[i]!;
  const cells = [c.frequency.toString(), c.recency.toFixed(2), c.T.toFixed(2), (alive[i] as number).toFixed(3), (predicted[i] as number).toFixed(2), String(holdout.get(c.customerId) ?? 0)];
  console.log(`${c.customerId.padEnd(9)} ${cells.map((s) => s.padStart(9)).join(' ')}`);
}

console.log(heading('Tracking: mean holdout purchases by calibration frequency (conditional expectations)'));
console.log(`${'x'.padEnd(5)} ${'customers'.padStart(9)} ${'predicted'.padStart(9)} ${'actual'.padStart(9)}`);
for (let x = 0; x <= 7; x++) {
  const group = summary.customers.map((c, i) => ({ c, i })).filter(({ c }) => (x === 7 ? c.frequency >= 7 : c.frequency === x));
  const meanPredicted = group.reduce((s, { i }) => s + (predicted[i] as number), 0) / group.length;
  const meanActual = group.reduce((s, { c }) => s + (holdout.get(c.customerId) ?? 0), 0) / group.length;
  console.log(`${(x === 7 ? '7+' : String(x)).padEnd(5)} ${String(group.length).padStart(9)} ${meanPredicted.toFixed(2).padStart(9)} ${meanActual.toFixed(2).padStart(9)}`);
}
const totalPredicted = predicted.reduce((s, v) => s + v, 0);
const totalActual = split.holdout.customers.reduce((s, c) => s + c.frequency, 0);
console.log(`total repeat purchases in the holdout: predicted ${totalPredicted.toFixed(0)}, actual ${totalActual}`);

console.log(heading('Customer lifetime value: next 12 months, 1 % a month, revenue'));
const clv = modelCustomerLifetimeValue({ transactionFit: transactions, spendFit: spend, customers: summary, horizon: 12, horizonUnit: 'month', modelUnit: 'week', discountRate: 0.01, discountUnit: 'month' });
const total = clv.reduce((s, v) => s.plus(v), clv[0]!.minus(clv[0]!));
console.log(`whole base: $${total.toFixed(2)} (mean $${total.div(clv.length).toFixed(2)} per customer)`);
for (const i of order.slice(0, 5)) console.log(`  customer ${summary.customers[i]!.customerId}: $${clv[i]!.toFixed(2)}`);

function printFit(title: string, fit: ModelFit<string, string>): void {
  console.log(heading(title));
  console.log(`${'parameter'.padEnd(10)} ${'estimate'.padStart(10)} ${'std. error'.padStart(10)} ${'95% interval'.padStart(20)}`);
  for (const row of fit.summary) {
    const interval = row.lower === null || row.upper === null ? 'n/a' : `${row.lower.toFixed(3)}–${row.upper.toFixed(3)}`;
    console.log(`${row.parameter.padEnd(10)} ${row.estimate.toFixed(4).padStart(10)} ${(row.standardError?.toFixed(4) ?? 'n/a').padStart(10)} ${interval.padStart(20)}`);
  }
  console.log(`log-likelihood ${fit.logLikelihood.toFixed(2)}, ${fit.iterations} iterations`);
}
