/** Exact Rate arithmetic cost against plain floats: `npm run bench`. */
import { bench, describe } from 'vitest';
import { churnRate, retentionRate } from '../src/index.js';

/** Keeps results alive so the engine cannot drop the work. */
let sink: unknown;
export const lastResult = () => sink;

describe('retention + churn = 1 for one period', () => {
  bench('exact Rates (retentionRate + churnRate + equals)', () => {
    const r = retentionRate({ customersAtStart: 4820, customersAtEnd: 4941, newCustomers: 512 });
    const c = churnRate({ customersAtStart: 4820, customersLost: 391 });
    sink = r.plus(c).equals(1);
  });
  bench('floats (no validation)', () => {
    sink = (4941 - 512) / 4820 + 391 / 4820 === 1;
  });
});
