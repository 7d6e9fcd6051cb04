import { type Ctx, count, fail, finiteNumber, noExtraArguments, options as readOptions, own, record } from '../core/_validate.js';
import type { RfmSummary } from './rfmSummary.js';

/**
 * A customer to score: the BTYD fields of an {@link RfmCustomer} row.
 * @category models
 */
export interface RfmScoresCustomer {
  /** The customer (optional; copied to the score). */
  readonly customerId?: string;
  /** Repeat purchases (a non-negative integer). */
  readonly frequency: number;
  /** Time from the first to the last purchase (BTYD recency, not time since the last purchase). */
  readonly recency: number;
  /** Time from the first purchase to the end of observation; at least `recency`. */
  readonly T: number;
  /** Mean repeat-purchase amount (0 for a customer without repeats, as in {@link rfmSummary}). */
  readonly monetaryValue: number;
}

/**
 * Options of {@link rfmScores}.
 * @category models
 */
export interface RfmScoresOptions {
  /** Number of score levels, an integer from 2 to 100. Default 5 (quintiles). */
  readonly bins?: number;
}

/**
 * The R, F and M scores of one customer, each from 1 (worst) to `bins` (best).
 * @category models
 */
export interface RfmScore {
  /** The customer, when the input row had one. */
  readonly customerId?: string;
  /** Recency score from the time since the last purchase, T - recency: `bins` for the most recent buyers. */
  readonly recencyScore: number;
  /** Frequency score: `bins` for the most repeat purchases. */
  readonly frequencyScore: number;
  /** Monetary score: `bins` for the highest mean repeat-purchase amount. */
  readonly monetaryScore: number;
}

/**
 * RFM scores (recency, frequency, monetary) by quantiles: each customer gets 1 to `bins` on each of
 * three values, `bins` being the best: R from the time since the last purchase (smaller is better), F
 * from frequency and M from monetary value (larger is better).
 *
 * The naming trap: marketing's "RFM recency" is the time since the last purchase, while the BTYD
 * `recency` of {@link rfmSummary} is the time from the first to the last purchase. R is therefore
 * scored on T - recency: a customer whose last purchase was in the last calibration period has
 * T - recency = 0 and the best R.
 *
 * Score rule (rank-based quantiles, ties shared): with n customers and s the number of customers
 * strictly worse on that value, score = 1 + floor(bins x s / n). Equal values always get equal scores,
 * and a tied block gets the score of its lowest position (ties never lift a score; as SQL `RANK` /
 * `PERCENT_RANK`). With distinct values the levels hold n / bins customers each (sizes differ by at most
 * one); a large tied block, such as the customers without repeat purchases (frequency 0, monetary
 * value 0), shares one score and leaves some levels empty. Values are compared at 12 significant digits,
 * so T - recency computed in fractional weeks does not split ties by rounding noise. The scores do not
 * depend on the order of the rows.
 *
 * @param summary - An {@link rfmSummary} result, or an array of customer rows.
 * @returns One frozen score per row, in the order of the rows.
 * @throws {@link MetricError} `INVALID_INPUT` for a bad row (negative or non-finite values, fractional
 * frequency, unknown keys) or bad `bins`; `INCONSISTENT_INPUT` for a row with recency above T.
 * @example
 * ```ts
 * import { rfmScores } from 'loyalty-metrics';
 * const customers = [
 *   { customerId: 'ann', frequency: 6, recency: 30, T: 32, monetaryValue: 55 },
 *   { customerId: 'bob', frequency: 1, recency: 4, T: 30, monetaryValue: 20 },
 *   { customerId: 'cat', frequency: 3, recency: 20, T: 21, monetaryValue: 35 },
 *   { customerId: 'dan', frequency: 0, recency: 0, T: 25, monetaryValue: 0 },
 * ];
 * const scores = rfmScores(customers, { bins: 4 });
 * scores[0] //=> {"customerId": "ann", "recencyScore": 3, "frequencyScore": 4, "monetaryScore": 4}
 * scores.map((s) => `${s.recencyScore}${s.frequencyScore}${s.monetaryScore}`) //=> ["344", "122", "433", "211"]
 * ```
 * @category models
 */
export function rfmScores(summary: RfmSummary | readonly RfmScoresCustomer[], options?: RfmScoresOptions): readonly RfmScore[] {
  const ctx = { fn: 'rfmScores' };
  noExtraArguments(ctx, arguments, 2);
  const opts = readOptions(ctx, options, ['bins']);
  const rawBins = own(opts, 'bins');
  const bins = rawBins === undefined ? 5 : count(ctx, 'options.bins', rawBins);
  if (bins < 2 || bins > 100) fail(ctx, 'options.bins', 'an integer from 2 to 100', rawBins);
  const rows = readRows(ctx, summary);
  const n = rows.length;
  const gap = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const ids: (string | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const at = `${rows === summary ? 'summary' : 'summary.customers'}[${i}]`;
    const row = record(ctx, at, rows[i], ['customerId', 'frequency', 'recency', 'T', 'monetaryValue']);
    const id = own(row, 'customerId');
    if (id !== undefined && typeof id !== 'string') fail(ctx, `${at}.customerId`, 'a string', id);
    const recency = finiteNumber(ctx, `${at}.recency`, own(row, 'recency'), { min: 0 });
    const T = finiteNumber(ctx, `${at}.T`, own(row, 'T'), { min: 0 });
    if (recency > T) fail(ctx, `${at}.recency`, `at most T (${T})`, recency, 'INCONSISTENT_INPUT');
    ids[i] = id;
    // Higher is better on all three: R is scored on minus the time since the last purchase.
    gap[i] = -roundTo12(T - recency);
    frequency[i] = count(ctx, `${at}.frequency`, own(row, 'frequency'));
    monetary[i] = roundTo12(finiteNumber(ctx, `${at}.monetaryValue`, own(row, 'monetaryValue'), { min: 0 }));
  }
  const r = quantileScores(gap, bins);
  const f = quantileScores(frequency, bins);
  const m = quantileScores(monetary, bins);
  const scores: RfmScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const values = { recencyScore: r[i] as number, frequencyScore: f[i] as number, monetaryScore: m[i] as number };
    const id = ids[i];
    scores[i] = Object.freeze(id === undefined ? values : { customerId: id, ...values });
  }
  return Object.freeze(scores);
}

function readRows(ctx: Ctx, summary: unknown): readonly unknown[] {
  if (Array.isArray(summary)) return summary;
  const customers = typeof summary === 'object' && summary !== null ? own(summary, 'customers') : undefined;
  if (!Array.isArray(customers)) fail(ctx, 'summary', 'an rfmSummary result or an array of customers', summary);
  return customers;
}

function roundTo12(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(12));
}

/** score = 1 + floor(bins * (values strictly below) / n); equal values share the score. */
function quantileScores(values: Float64Array, bins: number): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const scores = new Uint8Array(n);
  for (let p = 0; p < n; ) {
    const value = values[order[p] as number];
    const score = 1 + Math.floor((bins * p) / n);
    let q = p;
    while (q < n && values[order[q] as number] === value) scores[order[q++] as number] = score;
    p = q;
  }
  return scores;
}
