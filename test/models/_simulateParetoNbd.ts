/**
 * Test and benchmark helper: customers simulated from the Pareto/NBD process with a seeded PRNG, so that
 * fits on large synthetic summaries are reproducible. Not part of the published code.
 */
import { gamma, type SimulatedSummary, sfc32 } from './_simulateBetaGeo.js';

export interface ParetoNbdSimulationOptions {
  readonly customers: number;
  readonly params: { readonly r: number; readonly alpha: number; readonly s: number; readonly beta: number };
  readonly seed: number;
  /** Customers' T drawn uniformly from [minT, maxT]. */
  readonly minT: number;
  readonly maxT: number;
  /** Round times down to multiples of this grain (e.g. 1/7 for days in weeks); 0 keeps them continuous. */
  readonly grain?: number;
}

/**
 * Simulates the Pareto/NBD process: λ ~ Gamma(r, rate alpha), μ ~ Gamma(s, rate beta); the customer is
 * alive from the first purchase at 0 for an Exponential(μ) time and buys at Poisson rate λ while alive,
 * until T.
 */
export function simulateParetoNbd(options: ParetoNbdSimulationOptions): SimulatedSummary {
  const { customers, params, minT, maxT } = options;
  const grain = options.grain ?? 0;
  const random = sfc32(options.seed);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const T = new Float64Array(customers);
  const snap = (time: number): number => (grain > 0 ? Math.floor(time / grain) * grain : time);
  const exponential = (rate: number): number => {
    let u = 0;
    while (u === 0) u = random();
    return -Math.log(u) / rate;
  };
  for (let i = 0; i < customers; i++) {
    const age = snap(minT + (maxT - minT) * random());
    const lambda = gamma(random, params.r) / params.alpha;
    const mu = gamma(random, params.s) / params.beta;
    const end = Math.min(age, exponential(mu));
    let x = 0;
    let last = 0;
    for (let t = exponential(lambda); t < end; t += exponential(lambda)) {
      x++;
      last = t;
    }
    frequency[i] = x;
    recency[i] = x === 0 ? 0 : Math.min(snap(last), age);
    T[i] = age > 0 ? age : grain > 0 ? grain : 1;
  }
  return { frequency, recency, T };
}
