/**
 * The figures of one window of feedback (the whole [from, to] or one period): a bucket the items are
 * added to, then the frozen statistics, each share computed by the library's public function.
 */
import { criticalValue } from '../core/_normalQuantile.js';
import { rateOfCounts } from '../core/Rate.js';
import type { CustomerCount, RatingScale } from './_feedbackOptions.js';
import type { FeedbackItem } from './_feedbackRecords.js';
import { customerSatisfactionScore } from './customerSatisfactionScore.js';
import { feedbackRate } from './feedbackRate.js';
import { netPromoterScore } from './netPromoterScore.js';
import { responseRate } from './responseRate.js';
import type { FeedbackGroup, FeedbackResponse, FeedbackSentiment, FeedbackStats, SentimentBand } from './feedbackSummary.js';

/** Running counts of one window. */
export class FeedbackBucket {
  items = 0;
  readonly customers = new Set<string>();
  readonly channels = new Map<string | null, number>();
  readonly kinds = new Map<string | null, number>();
  /** histogram[r - min]: items rated r. */
  readonly histogram: number[];
  negativeAnswered = 0;
  /** Times to answer (ms) of the negative items answered with a known answeredAt. */
  readonly times: number[] = [];
  readonly #rating: RatingScale;

  constructor(rating: RatingScale) {
    this.#rating = rating;
    this.histogram = new Array<number>(rating.max - rating.min + 1).fill(0);
  }

  add(item: FeedbackItem): void {
    this.items++;
    this.customers.add(item.customerId);
    this.channels.set(item.channel, (this.channels.get(item.channel) ?? 0) + 1);
    this.kinds.set(item.kind, (this.kinds.get(item.kind) ?? 0) + 1);
    if (item.rating === null) return;
    const k = item.rating - this.#rating.min;
    this.histogram[k] = (this.histogram[k] as number) + 1;
    if (item.rating > this.#rating.negativeUpTo || !item.answered) return;
    this.negativeAnswered++;
    if (item.answeredAt !== null) this.times.push(item.answeredAt - item.timestamp);
  }
}

/** The statistics of a bucket (frozen), with the window's bounds and customer count. */
export function statsOf(bucket: FeedbackBucket, rating: RatingScale, level: number, from: number, to: number, activeCustomers: CustomerCount): FeedbackStats {
  const count = (lo: number, hi: number) => {
    let n = 0;
    for (let r = lo; r <= hi; r++) n += bucket.histogram[r - rating.min] ?? 0;
    return n;
  };
  const rated = count(rating.min, rating.max);
  const negative = count(rating.min, rating.negativeUpTo);
  const positive = count(rating.positiveFrom, rating.max);
  const neutral = rated - negative - positive;
  return Object.freeze({
    from: new Date(from),
    to: new Date(to),
    volume: Object.freeze({
      items: bucket.items,
      customers: bucket.customers.size,
      activeCustomers,
      itemsPerCustomer: activeCustomers === null || activeCustomers === 0 ? null : feedbackRate({ feedbackItems: bucket.items, customers: activeCustomers }),
      rated,
      unrated: bucket.items - rated,
      byChannel: groups(bucket.channels, bucket.items),
      byKind: groups(bucket.kinds, bucket.items),
    }),
    sentiment: rated === 0 ? null : sentimentOf(bucket, rating, level, { rated, negative, neutral, positive }),
    response: negative === 0 ? null : responseOf(bucket, negative, level),
    nps: rating.scale === 'nps' && rated > 0 ? netPromoterScore({ promoters: positive, passives: neutral, detractors: negative }, { confidence: level }) : null,
    csat: rating.scale !== 'nps' && rated > 0 ? customerSatisfactionScore(ratingsOf(bucket, rating), { scale: rating.scale, satisfiedFrom: rating.positiveFrom, confidence: level }) : null,
  });
}

/** Groups sorted by name (code-unit order, the unnamed group last), so the result does not depend on record order. */
function groups(counts: ReadonlyMap<string | null, number>, total: number): readonly FeedbackGroup[] {
  const names = [...counts.keys()].sort((a, b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1));
  return Object.freeze(names.map((name) => Object.freeze({ name, items: counts.get(name) as number, share: rateOfCounts(counts.get(name) as number, total) })));
}

function sentimentOf(bucket: FeedbackBucket, rating: RatingScale, level: number, n: { rated: number; negative: number; neutral: number; positive: number }): FeedbackSentiment {
  const band = (k: number): SentimentBand => {
    const share = rateOfCounts(k, n.rated);
    return Object.freeze({ count: k, share, interval: share.interval({ confidence: level }) });
  };
  let sum = 0;
  for (let r = rating.min; r <= rating.max; r++) sum += r * (bucket.histogram[r - rating.min] as number);
  const mean = sum / n.rated;
  let squares = 0;
  for (let r = rating.min; r <= rating.max; r++) squares += (bucket.histogram[r - rating.min] as number) * (r - mean) ** 2;
  // Normal interval of the mean, mean ± z s / sqrt(n) with the sample standard deviation, kept on the scale.
  const half = n.rated < 2 ? 0 : criticalValue(level) * Math.sqrt(squares / (n.rated - 1) / n.rated);
  return Object.freeze({
    negative: band(n.negative),
    neutral: band(n.neutral),
    positive: band(n.positive),
    meanRating: mean,
    meanInterval: n.rated < 2 ? null : Object.freeze({ lower: Math.max(rating.min, mean - half), upper: Math.min(rating.max, mean + half), confidence: level }),
  });
}

function responseOf(bucket: FeedbackBucket, negative: number, level: number): FeedbackResponse {
  const share = responseRate({ answered: bucket.negativeAnswered, total: negative });
  const times = Float64Array.from(bucket.times).sort();
  return Object.freeze({
    negative,
    answered: bucket.negativeAnswered,
    share,
    interval: share.interval({ confidence: level }),
    timed: times.length,
    medianMs: times.length === 0 ? null : quantile(times, 0.5),
    p90Ms: times.length === 0 ? null : quantile(times, 0.9),
  });
}

/** Quantile of sorted values by linear interpolation between order statistics (R's type 7, numpy's default). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

function ratingsOf(bucket: FeedbackBucket, rating: RatingScale): number[] {
  const list: number[] = [];
  bucket.histogram.forEach((n, k) => {
    for (let i = 0; i < n; i++) list.push(k + rating.min);
  });
  return list;
}
