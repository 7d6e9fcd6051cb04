import type { PeriodSummary } from '../cohort/periodSummary.js';
import type { TimestampInput } from '../core/_time.js';
import { fail, noExtraArguments, own } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import type { Rate } from '../core/Rate.js';
import type { Interval } from '../core/wilsonInterval.js';
import { isColumnForm } from '../events/_eventColumns.js';
import { type AnyEventRecord, type FieldAccessor, type FieldName, type SkippedRecord, toSkipped } from '../events/_eventInput.js';
import { periodBounds, readFeedbackOptions } from './_feedbackOptions.js';
import { feedbackAccessors, feedbackColumns, readFeedback } from './_feedbackRecords.js';
import { FeedbackBucket, statsOf } from './_feedbackStats.js';
import type { CustomerSatisfactionScoreResult } from './customerSatisfactionScore.js';
import type { NetPromoterScoreResult } from './netPromoterScore.js';

/**
 * One feedback item as {@link feedbackSummary} reads it by default (records of another shape are mapped
 * with `options.fields`).
 * @category survey
 */
export interface FeedbackRecord {
  /** The customer; numbers are read as their decimal text. */
  readonly customerId: string | number;
  /** When the feedback was given: a Date, epoch milliseconds or an ISO-8601 string (without an offset, in `timeZone`). */
  readonly timestamp: TimestampInput;
  /** Where it came from (`'email'`, `'app'`...); optional. */
  readonly channel?: string | null;
  /** What it is (`'review'`, `'complaint'`, `'suggestion'`...); optional. */
  readonly kind?: string | null;
  /** The rating, an integer on the scale (1..scale, or 0-10 with scale `'nps'`); optional. */
  readonly rating?: number | null;
  /** Whether it was answered; implied by `answeredAt`. Default false. */
  readonly answered?: boolean | null;
  /** When it was answered (not before `timestamp`); optional. */
  readonly answeredAt?: TimestampInput | null;
}

/**
 * Feedback as parallel columns for {@link feedbackSummary}: row i is read as the record of the same
 * fields, except that `timestamp` and `answeredAt` cells are epoch milliseconds (null for none).
 * @category survey
 */
export interface FeedbackColumns {
  /** Customer ids. */
  readonly customerId: ArrayLike<string | number>;
  /** Epoch milliseconds. */
  readonly timestamp: ArrayLike<number>;
  /** Channels (null for none). */
  readonly channel?: ArrayLike<string | null>;
  /** Kinds (null for none). */
  readonly kind?: ArrayLike<string | null>;
  /** Ratings (null for unrated). */
  readonly rating?: ArrayLike<number | null>;
  /** Answered flags (null for unknown, read as false unless answeredAt is set). */
  readonly answered?: ArrayLike<boolean | null>;
  /** Epoch milliseconds of the answer (null for none). */
  readonly answeredAt?: ArrayLike<number | null>;
}

/**
 * Where each field of a feedback record is found in records of another shape `R`: a property name or an accessor.
 * @typeParam R - The record type. Default {@link AnyEventRecord} (any object).
 * @category survey
 */
export interface FeedbackFields<R = AnyEventRecord> {
  /** Default `'customerId'`. */
  readonly customerId?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Default `'timestamp'`. */
  readonly timestamp?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Default `'channel'`. */
  readonly channel?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Default `'kind'`. */
  readonly kind?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Default `'rating'`. */
  readonly rating?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Default `'answered'`. */
  readonly answered?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Default `'answeredAt'`. */
  readonly answeredAt?: NoInfer<FieldName<R>> | FieldAccessor<R>;
}

/**
 * Options of {@link feedbackSummary}.
 * @typeParam R - The type of the records, whose fields `fields` names. Default {@link AnyEventRecord}.
 * @category survey
 */
export interface FeedbackSummaryOptions<R = AnyEventRecord> {
  /** First instant of the window (inclusive); a date alone is its midnight in `timeZone`. */
  readonly from: TimestampInput;
  /** Last instant of the window (inclusive); a date alone covers that whole day in `timeZone`. */
  readonly to: TimestampInput;
  /** IANA zone of the periods and of timestamps without an offset. Default `'UTC'`. */
  readonly timeZone?: string;
  /** Also report each calendar period of the window (in `timeZone`); the first and last are clipped to the window. */
  readonly period?: 'day' | 'week' | 'month' | 'quarter' | 'year';
  /** First day of `'week'` periods, 0 (Sunday) to 6. Default 1 (ISO Monday). */
  readonly weekStartsOn?: number;
  /** Ratings run from 1 to `scale` (an integer 3-100), or 0-10 with `'nps'`. Default 5. */
  readonly scale?: number | 'nps';
  /** Highest negative rating. Default ⌊(scale − 1) / 2⌋ (1-2 on 5 points); with `'nps'` fixed at 6. */
  readonly negativeUpTo?: number;
  /** Lowest positive rating. Default scale − 1, top-2-box (4-5 on 5 points); with `'nps'` fixed at 9. */
  readonly positiveFrom?: number;
  /** Two-sided confidence level of the intervals. Default 0.95. */
  readonly confidence?: number;
  /** Active customers of the window, for items per customer: a count or the window's {@link periodSummary}. */
  readonly customers?: number | PeriodSummary;
  /** Active customers of each period (needs `period`): one count or periodSummary per period, in order. */
  readonly periodCustomers?: readonly (number | PeriodSummary)[];
  /** Where the fields of records of another shape are. Records only. */
  readonly fields?: FeedbackFields<R>;
  /** `'throw'` (default) at the first bad record, or `'skip'` and report it. */
  readonly onInvalid?: 'throw' | 'skip';
}

/**
 * Items of one channel or kind. `name` is null for the items without one.
 * @category survey
 */
export interface FeedbackGroup {
  /** The channel or kind; null for items that have none. */
  readonly name: string | null;
  /** Items of the group. */
  readonly items: number;
  /** Items of the group / all items, exact. */
  readonly share: Rate;
}

/**
 * Volume of feedback in a window.
 * @category survey
 */
export interface FeedbackVolume {
  /** Feedback items. */
  readonly items: number;
  /** Distinct customers who gave feedback. */
  readonly customers: number;
  /** The active customers given in the options, or null. */
  readonly activeCustomers: number | null;
  /** {@link feedbackRate}: items / active customers; null without a (positive) customer count. */
  readonly itemsPerCustomer: Rate | null;
  /** Items with a rating. */
  readonly rated: number;
  /** Items without a rating. */
  readonly unrated: number;
  /** Items per channel, sorted by name (items without a channel last); the items sum to `items`. */
  readonly byChannel: readonly FeedbackGroup[];
  /** Items per kind, sorted the same way; the items sum to `items`. */
  readonly byKind: readonly FeedbackGroup[];
}

/**
 * One sentiment band of the rated items.
 * @category survey
 */
export interface SentimentBand {
  /** Rated items in the band. */
  readonly count: number;
  /** count / rated items, exact. */
  readonly share: Rate;
  /** Wilson interval of the share. */
  readonly interval: Interval;
}

/**
 * Sentiment of the rated items; the three shares sum to 1 exactly.
 * @category survey
 */
export interface FeedbackSentiment {
  /** Ratings up to `negativeUpTo`. */
  readonly negative: SentimentBand;
  /** Ratings between the bands. */
  readonly neutral: SentimentBand;
  /** Ratings from `positiveFrom`. */
  readonly positive: SentimentBand;
  /** Mean rating. */
  readonly meanRating: number;
  /** Normal interval of the mean (mean ± z s / √n, kept on the scale); null with a single rating. */
  readonly meanInterval: Interval | null;
}

/**
 * How negative items were answered.
 * @category survey
 */
export interface FeedbackResponse {
  /** Negative items (rated up to `negativeUpTo`). */
  readonly negative: number;
  /** Negative items answered. */
  readonly answered: number;
  /** {@link responseRate}: answered / negative, exact. */
  readonly share: Rate;
  /** Wilson interval of the share. */
  readonly interval: Interval;
  /** Answered negative items with an `answeredAt`, the ones the times are measured on. */
  readonly timed: number;
  /** Median time to answer, in milliseconds; null when none is timed. */
  readonly medianMs: number | null;
  /** 90th percentile of the time to answer (linear interpolation, R type 7), in milliseconds; null when none is timed. */
  readonly p90Ms: number | null;
}

/**
 * The figures of one window (the whole window, or one period).
 * @category survey
 */
export interface FeedbackStats {
  /** First instant. */
  readonly from: Date;
  /** Last instant (inclusive). */
  readonly to: Date;
  /** Volume. */
  readonly volume: FeedbackVolume;
  /** Sentiment of the rated items; null when none is rated. */
  readonly sentiment: FeedbackSentiment | null;
  /** Response to the negative items; null when there is none. */
  readonly response: FeedbackResponse | null;
  /** {@link netPromoterScore} of the ratings, with scale `'nps'` and at least one rating; else null. */
  readonly nps: NetPromoterScoreResult | null;
  /** {@link customerSatisfactionScore} of the ratings (satisfied from `positiveFrom`), on a 1..scale scale with at least one rating; else null. */
  readonly csat: CustomerSatisfactionScoreResult | null;
}

/**
 * The figures of one calendar period.
 * @category survey
 */
export interface FeedbackPeriodStats extends FeedbackStats {
  /** The period's label: 2024, 2024-Q1, 2024-03, 2024-W09, 2024-03-05. */
  readonly label: string;
}

/**
 * Result of {@link feedbackSummary}.
 * @category survey
 */
export interface FeedbackSummary {
  /** The whole window. */
  readonly total: FeedbackStats;
  /** Each period of the window, in order (empty without `options.period`), including those without feedback. */
  readonly periods: readonly FeedbackPeriodStats[];
  /** The period unit, or null. */
  readonly period: 'day' | 'week' | 'month' | 'quarter' | 'year' | null;
  /** The time zone used. */
  readonly timeZone: string;
  /** The rating scale used. */
  readonly scale: number | 'nps';
  /** Highest negative rating used. */
  readonly negativeUpTo: number;
  /** Lowest positive rating used. */
  readonly positiveFrom: number;
  /** Records (or column rows) read. */
  readonly recordsRead: number;
  /** Valid records outside [from, to]: left out of every figure, counted here. */
  readonly outsideWindow: number;
  /** Records skipped under `onInvalid: 'skip'`, with index and reason. */
  readonly skipped: readonly SkippedRecord[];
}

/**
 * Feedback summary: the volume, sentiment and response of customers' feedback (reviews, complaints,
 * suggestions) in a window, or per calendar period, from raw feedback records.
 *
 * - Volume: items, distinct customers, items per active customer ({@link feedbackRate}, with
 *   `options.customers`, a count or the window's {@link periodSummary}), by channel and by kind.
 * - Sentiment of the rated items: negative (ratings <= negativeUpTo), neutral and positive
 *   (>= positiveFrom) shares, exact and summing to 1, with Wilson intervals; the mean rating with its normal
 *   interval. Defaults: 1-2 / 3 / 4-5 on a 1-5 scale (positive = CSAT's top-2-box); with `scale: 'nps'` the
 *   NPS groups 0-6 / 7-8 / 9-10.
 * - Response: {@link responseRate} of the negative items, and the median and 90th percentile of their time
 *   to answer (`answeredAt - timestamp`).
 * - `nps` by {@link netPromoterScore} (scale `'nps'`) or `csat` by {@link customerSatisfactionScore}.
 *
 * The window is [from, to], both inclusive, as in {@link periodSummary}: a date-only `to` covers its whole
 * day in `timeZone`. With `period`, every calendar period of the window is reported (the first and last
 * clipped to it). Valid records outside the window are counted in `outsideWindow`, bad records throw (or
 * are reported in `skipped`): nothing is dropped silently. See
 * [docs/definitions.md](../../docs/definitions.md#feedbacksummary-feedback-volume-sentiment-and-response).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for bad options or (with `onInvalid: 'throw'`) the first bad
 * record, naming its index and field (`records[3].rating`); `INCONSISTENT_INPUT` when `to` is before
 * `from`, when bands overlap, when a record is answered before it was given, when a periodSummary covers
 * another window, or when columns or `periodCustomers` have the wrong length.
 * @example
 * ```ts
 * import { feedbackSummary } from 'loyalty-metrics';
 * const records = [
 *   { customerId: 'a', timestamp: '2024-12-02', channel: 'email', kind: 'review', rating: 5 },
 *   { customerId: 'b', timestamp: '2024-12-03', channel: 'app', kind: 'complaint', rating: 1, answeredAt: '2024-12-04' },
 *   { customerId: 'a', timestamp: '2024-12-10', channel: 'app', kind: 'review', rating: 3 },
 *   { customerId: 'c', timestamp: '2024-12-20', channel: 'web', kind: 'complaint', rating: 2 },
 *   { customerId: 'd', timestamp: '2024-12-28', channel: 'app', kind: 'suggestion' },
 * ];
 * const december = feedbackSummary(records, { from: '2024-12-01', to: '2024-12-31', customers: 40 });
 * december.total.volume.items //=> 5
 * december.total.volume.itemsPerCustomer.toString() //=> '5/40'
 * december.total.sentiment.negative.share.toString() //=> '2/4'
 * december.total.response.share.toString() //=> '1/2'
 * december.total.response.medianMs / 3_600_000 //=> 24
 * december.total.csat.share.toPercent(0) //=> '25%'
 * ```
 * @typeParam R - The type of the records, given explicitly to have `fields` checked against its keys. Default {@link AnyEventRecord}.
 * @category survey
 */
export function feedbackSummary<R extends object = AnyEventRecord>(records: Iterable<NoInfer<R>> | FeedbackColumns, options: NoInfer<FeedbackSummaryOptions<R>>): FeedbackSummary {
  const ctx = { fn: 'feedbackSummary' };
  noExtraArguments(ctx, arguments, 2);
  const columnForm = isColumnForm(records);
  if (!columnForm && (records === null || typeof (records as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function' || typeof records === 'string')) {
    fail(ctx, 'records', 'an iterable of feedback records or an object of parallel columns (FeedbackColumns)', records);
  }
  const o = readFeedbackOptions(ctx, options);
  if (columnForm && own(o.opts, 'fields') !== undefined) fail(ctx, 'options.fields', 'left out with columns (fields map properties of record objects)', own(o.opts, 'fields'));
  const read = feedbackAccessors(ctx, own(o.opts, 'fields'));
  const columns = columnForm ? feedbackColumns(ctx, records) : undefined;
  const total = new FeedbackBucket(o.rating);
  const buckets = o.grid === null ? [] : Array.from({ length: o.grid.length }, () => new FeedbackBucket(o.rating));
  const skipped: SkippedRecord[] = [];
  let recordsRead = 0;
  let outsideWindow = 0;
  const rows: Iterable<unknown> = columns === undefined ? (records as Iterable<unknown>) : { *[Symbol.iterator]() { for (let i = 0; i < columns.length; i++) yield columns.row(i); } };
  for (const raw of rows) {
    const index = recordsRead++;
    let item;
    try {
      item = readFeedback(ctx, raw, index, read, o.timeZone, o.rating, columns !== undefined);
    } catch (error) {
      if (o.onInvalid === 'throw' || !(error instanceof MetricError)) throw error;
      skipped.push(Object.freeze(toSkipped(error, index)));
      continue;
    }
    if (item.timestamp < o.from || item.timestamp >= o.end) {
      outsideWindow++;
      continue;
    }
    total.add(item);
    if (o.grid !== null) buckets[o.grid.indexOf(item.timestamp)]?.add(item);
  }
  const periods = buckets.map((bucket, i) => {
    const grid = o.grid as NonNullable<typeof o.grid>;
    const [start, last] = periodBounds(grid, i, o.from, o.to);
    return Object.freeze({ label: grid.label(i), ...statsOf(bucket, o.rating, o.level, start, last, o.periodCustomers?.[i] ?? null) });
  });
  return Object.freeze({
    total: statsOf(total, o.rating, o.level, o.from, o.to, o.customers),
    periods: Object.freeze(periods),
    period: o.period,
    timeZone: o.timeZone,
    scale: o.rating.scale,
    negativeUpTo: o.rating.negativeUpTo,
    positiveFrom: o.rating.positiveFrom,
    recordsRead,
    outsideWindow,
    skipped: Object.freeze(skipped),
  });
}
