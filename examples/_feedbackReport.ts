// The feedback piece of the demo's survey section: volume, sentiment and response from
// examples/data/feedback.csv (450 items over 2024), for December 2024 and per month of 2024.
import { readFileSync } from 'node:fs';
import { type FeedbackSummary, feedbackSummary, type PeriodSummary, parseEventsCsv, periodSummary } from '../src/index.js';
import { heading, paint, row } from './_format.js';

/** What {@link feedbackReport} computes, and the lines to print. */
export interface FeedbackReport {
  /** December 2024, with items per active customer from the December periodSummary. */
  readonly december: FeedbackSummary;
  /** 2024 per calendar month (UTC). */
  readonly months: FeedbackSummary;
  /** Items in feedback.csv. */
  readonly records: number;
  /** The printable report lines (heading first), coloured with `paint` when the terminal allows. */
  readonly lines: readonly string[];
}

/** One parsed row of feedback.csv: `customer_id,timestamp,channel,kind,rating,answered,answered_at`. */
interface FeedbackRow {
  readonly customerId: string;
  readonly timestamp: string;
  readonly channel: string;
  readonly kind: string;
  readonly rating: number | null;
  readonly answered: boolean;
  readonly answeredAt: string | null;
}

/**
 * Reads `feedback.csv` from `dataDir` and computes the feedback summary of December 2024 (items per
 * active customer from `december`, the December 2024 periodSummary of the events, computed from
 * `events.csv` when not given) and of each month of 2024. Prints nothing: the caller prints `lines`.
 */
export function feedbackReport(dataDir: URL, december?: PeriodSummary): FeedbackReport {
  const rows = parseFeedback(readFileSync(new URL('feedback.csv', dataDir), 'utf8'));
  const customers = december ?? periodSummary(parseEventsCsv(readFileSync(new URL('events.csv', dataDir))).columns, { from: '2024-12-01', to: '2024-12-31' });
  const decemberFeedback = feedbackSummary(rows, { from: '2024-12-01', to: '2024-12-31', customers });
  const months = feedbackSummary(rows, { from: '2024-01-01', to: '2024-12-31', period: 'month' });
  const t = decemberFeedback.total;
  const v = t.volume;
  const hours = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : `${(ms / 3_600_000).toFixed(1)} h`);
  const lines = [
    heading(`Feedback (${rows.length} items over 2024; December 2024 below)`),
    row('Items / customers who gave feedback', `${v.items} / ${v.customers}`, `${v.rated} rated (1-5), ${v.unrated} without a rating`),
    row('Items per active customer', v.itemsPerCustomer === null ? '–' : Number(v.itemsPerCustomer).toFixed(3), `over ${v.activeCustomers ?? '–'} customers active in December`),
    row('By channel', String(v.byChannel.length), v.byChannel.map((g) => `${g.name ?? '–'} ${g.items}`).join(' · ')),
    row('By kind', String(v.byKind.length), v.byKind.map((g) => `${g.name ?? '–'} ${g.items}`).join(' · ')),
  ];
  const s = t.sentiment;
  if (s !== null) {
    lines.push(
      row('Negative / neutral / positive', `${s.negative.share.toPercent(0)} / ${s.neutral.share.toPercent(0)} / ${s.positive.share.toPercent(0)}`, 'of rated items: 1-2 / 3 / 4-5'),
      row('Mean rating', s.meanRating.toFixed(2), s.meanInterval === null ? '' : `95% CI ${s.meanInterval.lower.toFixed(2)}–${s.meanInterval.upper.toFixed(2)}`),
    );
  }
  const r = t.response;
  if (r !== null) {
    const share = Number(r.share) >= 0.7 ? paint.green(r.share.toPercent(1)) : paint.yellow(r.share.toPercent(1));
    lines.push(
      row('Negative reviews answered', share, `${r.answered} of ${r.negative} negative items`),
      row('Time to answer, median / p90', `${hours(r.medianMs)} / ${hours(r.p90Ms)}`, `over ${r.timed} answered with a time`),
    );
  }
  const answered = months.periods.map((p) => (p.response === null ? '–' : p.response.share.toPercent(0)));
  lines.push(
    paint.dim(`  items per month: ${months.periods.map((p) => p.volume.items).join(' · ')}`),
    paint.dim(`  negative items answered per month: ${answered.join(' · ')}`),
  );
  return { december: decemberFeedback, months, records: rows.length, lines };
}

function parseFeedback(text: string): FeedbackRow[] {
  const [header, ...body] = text.trim().split('\n');
  if (header !== 'customer_id,timestamp,channel,kind,rating,answered,answered_at') throw new Error(`feedback.csv: unexpected header ${header}`);
  return body.map((line) => {
    const [customerId = '', timestamp = '', channel = '', kind = '', rating = '', answered = '', answeredAt = ''] = line.split(',');
    return { customerId, timestamp, channel, kind, rating: rating === '' ? null : Number(rating), answered: answered === 'true', answeredAt: answeredAt === '' ? null : answeredAt };
  });
}
