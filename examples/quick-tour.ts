// The README's quick tour, runnable: `npx tsx examples/quick-tour.ts`.
import { churnRate, customerLifetimeValue, MetricError, netPromoterScore, retentionRate } from '../src/index.js';

const retention = retentionRate({ customersAtStart: 4820, customersAtEnd: 4941, newCustomers: 512 });
const churn = churnRate({ customersAtStart: 4820, customersLost: 391 });
console.log(retention.toPercent(1), churn.toPercent(1), retention.plus(churn).equals(1));
console.log(String(churn), Number(churn), churn.interval());

const clv = customerLifetimeValue({ averageRevenuePerCustomer: '83.56', churnRate: churn, grossMargin: 0.72 });
console.log(clv.toFixed(2));

const nps = netPromoterScore([10, 9, 9, 8, 7, 10, 3, 9, 6, 10]);
console.log(nps.score, nps.interval);

try {
  churnRate({ customersAtStart: 0, customersLost: 0 });
} catch (error) {
  if (error instanceof MetricError) console.log(error.code, '-', error.message);
}
