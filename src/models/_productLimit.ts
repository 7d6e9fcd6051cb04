/**
 * The Kaplan-Meier product-limit computation on checked columns: the risk sets with late entry and case
 * weights, the survival curve, Greenwood's variance, the log-log interval, and the median with R's rule.
 */
import type { SurvivalData } from './_survivalData.js';

/** The columns of the survival table, one entry per distinct duration (ascending). */
export interface ProductLimitColumns {
  readonly time: Float64Array;
  readonly atRisk: Float64Array;
  readonly events: Float64Array;
  readonly censored: Float64Array;
  /** Weight entering the risk set since the previous time, or undefined without entry times. */
  readonly entered: Float64Array | undefined;
  readonly survival: Float64Array;
  /** Greenwood's Σ d / (n (n − d)), the variance of −ln S; Infinity once S has reached 0. */
  readonly greenwood: Float64Array;
  /** ln S accumulated as Σ ln(1 − d/n), accurate when S is close to 1. */
  readonly logSurvival: Float64Array;
}

/**
 * Everyone left at risk is taken to have died when n − d is below this fraction of n: with non-integer
 * weights the risk-set sums can differ from the event sums by rounding alone.
 */
const ROUNDING = 1e-12;

export function productLimit(data: SurvivalData): ProductLimitColumns {
  const { durations, observed, entry, weights } = data;
  const n = durations.length;
  // Distinct times (a typed-array sort is numeric and much faster than sorting indices with a comparator),
  // then the events and censorings (weighted) at each, placed by binary search.
  const sorted = Float64Array.from(durations).sort();
  let m = 0;
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[m++] = sorted[k] as number;
  const time = sorted.slice(0, m);
  const events = new Float64Array(m);
  const censored = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const k = firstGreater(time, durations[i] as number) - 1;
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (observed[i] === 1) events[k] = (events[k] as number) + w;
    else censored[k] = (censored[k] as number) + w;
  }

  // Entry times, bucketed: entered[k] is the weight with times[k-1] <= entry < times[k].
  let entered: Float64Array | undefined;
  if (entry !== undefined) {
    entered = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const k = firstGreater(time, entry[i] as number);
      entered[k] = (entered[k] as number) + (weights === undefined ? 1 : (weights[i] as number));
    }
  }

  // At risk at times[k]: weight with duration >= t, less the weight entering at or after t.
  const atRisk = new Float64Array(m);
  let leaving = 0;
  let laterEntries = 0;
  for (let k = m - 1; k >= 0; k--) {
    const here = (events[k] as number) + (censored[k] as number);
    leaving += here;
    const risk = leaving - laterEntries;
    atRisk[k] = risk > here ? risk : here;
    if (entered !== undefined) laterEntries += entered[k] as number;
  }

  const survival = new Float64Array(m);
  const greenwood = new Float64Array(m);
  const logSurvival = new Float64Array(m);
  // S_k = S_{k-1} (n_k − d_k) / n_k, evaluated as (n_k − d_k) · S_j / n_{j+1} where j is the last row after
  // which someone left without an event (censored) or entered: in between S_{k-1} / n_k = S_j / n_{j+1}
  // exactly, so no rounding accumulates, and without censoring S is the share (n_k − d_k) / N rounded once.
  let s = 1;
  let g = 0;
  let logS = 0;
  let baseSurvival = 1;
  let baseAtRisk = atRisk[0] as number;
  for (let k = 0; k < m; k++) {
    const d = events[k] as number;
    const r = atRisk[k] as number;
    if (d > 0 && s > 0) {
      const remaining = r - d;
      if (remaining <= ROUNDING * r) {
        s = 0;
        g = Infinity;
        logS = -Infinity;
      } else {
        s = Math.min(s, (remaining * baseSurvival) / baseAtRisk);
        g += d / (r * remaining);
        logS += Math.log1p(-d / r);
      }
    }
    survival[k] = s;
    greenwood[k] = g;
    logSurvival[k] = logS;
    const next = atRisk[k + 1];
    if (next !== undefined && next !== r - d) {
      baseSurvival = s;
      baseAtRisk = next;
    }
  }
  return { time, atRisk, events, censored, entered, survival, greenwood, logSurvival };
}

/** Index of the first element of the ascending `values` greater than `x` (values.length if none). */
export function firstGreater(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The exponential-Greenwood ("log-log") interval of S at level z: with σ² = Greenwood's sum and
 * L = ln S, the limits are S^exp(±zσ/|L|) (Kalbfleisch & Prentice). Undefined (null) at S = 1 and S = 0,
 * where ln(−ln S) is not finite, as in R's survival package.
 */
export function logLogInterval(s: number, greenwood: number, logS: number, z: number): { readonly lower: number | null; readonly upper: number | null } {
  if (!(s > 0 && s < 1 && logS < 0 && Number.isFinite(greenwood))) return { lower: null, upper: null };
  const spread = (z * Math.sqrt(greenwood)) / -logS;
  const lower = Math.exp(logS * Math.exp(spread));
  const upper = Math.exp(logS * Math.exp(-spread));
  return { lower: Math.min(lower, s), upper: Math.max(upper, s) };
}

/** R's tolerance in print.survfit's median: sqrt(.Machine$double.eps). */
const MEDIAN_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * The median of a curve given as (time, value) points, null values ignored, with print.survfit's rule
 * (survival:::survmean, `minmin`): the first time the curve is at or below 0.5; if it is exactly 0.5 there
 * (within 1.5e-8) and drops below 0.5 later, the midpoint of that time and the first time it does.
 * Null when the curve never reaches 0.5.
 */
export function medianTime(time: ArrayLike<number>, values: ArrayLike<number | null>): number | null {
  let first = -1;
  for (let k = 0; k < time.length; k++) {
    const v = values[k];
    if (v !== null && v !== undefined && v < 0.5 + MEDIAN_TOLERANCE) {
      first = k;
      break;
    }
  }
  if (first < 0) return null;
  const at = values[first] as number;
  const t = time[first] as number;
  if (Math.abs(at - 0.5) < MEDIAN_TOLERANCE) {
    for (let k = first + 1; k < time.length; k++) {
      const v = values[k];
      if (v !== null && v !== undefined && v < at) return t / 2 + (time[k] as number) / 2;
    }
  }
  return t;
}
