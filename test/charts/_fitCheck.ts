/**
 * Shared parts of the model-check chart tests (periodTransactionsChart, calibrationHoldoutChart,
 * cumulativeTransactionsChart, issue 12 C1-C4): BG/NBD formulas written independently of the library
 * (Fader, Hardie & Lee 2005 eq. 9 and 10 as printed, with a plain float 2F1 series, the way Hardie's
 * spreadsheets and BTYD's h2f1 evaluate them), the CDNOW sample tallied by hand from the raw rows, and
 * random purchase generators.
 */
import fc from 'fast-check';
import { loadCdnowSample } from '../models/_cdnow.js';

/** The BG/NBD CDNOW estimates printed by Fader, Hardie & Lee (2005), weeks. */
export const FHL_PARAMS = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;

/** 2F1(a, b; c; z) for 0 <= z < 1 by its power series, summed until the terms vanish (BTYD's h2f1). */
export function floatHyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 1_000_000; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) return sum;
  }
  throw new Error('2F1 did not converge');
}

/** E[X(t)] of a new BG/NBD customer, FHL 2005 eq. 9 as printed. */
export function floatExpectedNew(p: typeof FHL_PARAMS, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * floatHyp2f1(r, b, a + b - 1, t / (alpha + t)));
}

/** E[X(T, T + t] | x, t_x, T] of BG/NBD, FHL 2005 eq. 10 as printed. */
export function floatExpected(p: typeof FHL_PARAMS, x: number, tx: number, T: number, t: number): number {
  const { r, alpha, a, b } = p;
  const head = (a + b + x - 1) / (a - 1);
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * floatHyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const alive = x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
  return head * bracket * alive;
}

/**
 * P(X(t) = n) of BG/NBD, FHL 2005 eq. 8 as printed, in floats: the NB terms by their recurrence and the tail
 * P(NB >= n) as 1 − Σ_{j<n} NB(j) (accurate while that tail is not tiny, as for CDNOW's n <= 6).
 */
export function floatPurchaseCountProbability(p: typeof FHL_PARAMS, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const q = t / (alpha + t);
  let nb = (alpha / (alpha + t)) ** r;
  let lower = 0;
  let betaRatio = 1; // B(a, b + n)/B(a, b)
  for (let j = 0; j < n; j++) {
    lower += nb;
    nb *= ((r + j) / (j + 1)) * q;
    betaRatio *= (b + j) / (a + b + j);
  }
  if (n === 0) return betaRatio * nb;
  return betaRatio * nb + (a / (b + n - 1)) * betaRatio * (1 - lower);
}

/** The CDNOW sample tallied from the raw rows: per customer, the distinct purchase days since 1997-01-01. */
export function cdnowDays(): Map<string, number[]> {
  const origin = Date.UTC(1997, 0, 1);
  const days = new Map<string, Set<number>>();
  for (const row of loadCdnowSample()) {
    const day = (Date.parse(`${row.date}T00:00:00Z`) - origin) / 86_400_000;
    let set = days.get(row.customerId);
    if (set === undefined) days.set(row.customerId, (set = new Set()));
    set.add(day);
  }
  return new Map([...days].map(([id, set]) => [id, [...set].sort((u, v) => u - v)]));
}

/** Random purchases of a few customers over about 120 days of 2024 (UTC midnights plus an hour offset). */
export const purchasesArb = fc
  .array(fc.record({ customer: fc.constantFrom('a', 'b', 'c', 'd', 'e', '__proto__'), day: fc.nat({ max: 120 }), hour: fc.nat({ max: 23 }) }), { maxLength: 40 })
  .map((rows) => rows.map((r) => ({ customerId: r.customer, timestamp: Date.UTC(2024, 0, 1 + r.day, r.hour) })));

/** True when no NaN, Infinity or undefined appears in a drawing. */
export function cleanSvg(svg: string): boolean {
  return !/NaN|Infinity|undefined/.test(svg);
}
