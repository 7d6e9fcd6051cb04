/**
 * Survey scoring throughput: `npm run bench`. netPromoterScore validates every answer (and names the bad
 * index) in one pass; the baseline is the hand-written loop users write today, which validates nothing.
 */
import { bench, describe } from 'vitest';
import { customerSatisfactionScore, netPromoterScore } from '../src/index.js';

const N = 1_000_000;
let state = 42;
const scores = Array.from({ length: N }, () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state % 11;
});
/** Keeps results alive so the engine cannot drop the work. */
let sink: unknown;
export const lastResult = () => sink;
const csatScores = scores.map((s) => 1 + (s % 5));

describe(`NPS of ${N.toLocaleString('en-US')} answers`, () => {
  bench('netPromoterScore (validated, with interval)', () => {
    sink = netPromoterScore(scores);
  });
  bench('hand-written loop (no validation)', () => {
    let promoters = 0;
    let detractors = 0;
    for (const s of scores) {
      if (s >= 9) promoters++;
      else if (s <= 6) detractors++;
    }
    sink = (100 * (promoters - detractors)) / scores.length;
  });
});

describe(`CSAT of ${N.toLocaleString('en-US')} answers`, () => {
  bench('customerSatisfactionScore', () => {
    customerSatisfactionScore(csatScores);
  });
});
