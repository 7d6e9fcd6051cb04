import { describe, expect, it } from 'vitest';
import { customerSatisfactionScore, type FeedbackRecord, feedbackSummary, netPromoterScore, periodSummary, responseRate } from '../../src/index.js';
import { deepFreeze, expectMetricError } from '../arbitraries/exact.js';

const FN = 'feedbackSummary';
const HOUR = 3_600_000;

/** The TSDoc example: five items of December 2024. */
const december: FeedbackRecord[] = [
  { customerId: 'a', timestamp: '2024-12-02', channel: 'email', kind: 'review', rating: 5 },
  { customerId: 'b', timestamp: '2024-12-03', channel: 'app', kind: 'complaint', rating: 1, answeredAt: '2024-12-04' },
  { customerId: 'a', timestamp: '2024-12-10', channel: 'app', kind: 'review', rating: 3 },
  { customerId: 'c', timestamp: '2024-12-20', channel: 'web', kind: 'complaint', rating: 2 },
  { customerId: 'd', timestamp: '2024-12-28', channel: 'app', kind: 'suggestion' },
];
const DECEMBER = { from: '2024-12-01', to: '2024-12-31' } as const;

describe('feedbackSummary: documenting examples', () => {
  it('E2: December by hand: 5 items from 4 customers, 2 of 4 rated negative, 1 of 2 answered after 24 h (the TSDoc example)', () => {
    const s = feedbackSummary(december, { ...DECEMBER, customers: 40 });
    const t = s.total;
    expect(t.from.toISOString()).toBe('2024-12-01T00:00:00.000Z');
    expect(t.to.toISOString()).toBe('2024-12-31T23:59:59.999Z');
    expect([t.volume.items, t.volume.customers, t.volume.rated, t.volume.unrated]).toEqual([5, 4, 4, 1]);
    expect(t.volume.itemsPerCustomer?.toString()).toBe('5/40');
    expect(t.volume.byChannel.map((g) => [g.name, g.items, g.share.toString()])).toEqual([
      ['app', 3, '3/5'],
      ['email', 1, '1/5'],
      ['web', 1, '1/5'],
    ]);
    expect(t.volume.byKind.map((g) => [g.name, g.items])).toEqual([
      ['complaint', 2],
      ['review', 2],
      ['suggestion', 1],
    ]);
    const sentiment = t.sentiment!;
    expect([sentiment.negative.share.toString(), sentiment.neutral.share.toString(), sentiment.positive.share.toString()]).toEqual(['2/4', '1/4', '1/4']);
    expect(sentiment.negative.interval).toEqual(sentiment.negative.share.interval());
    expect(sentiment.meanRating).toBe(2.75);
    expect(t.response?.share.toString()).toBe('1/2');
    expect(t.response?.share.equals(responseRate({ answered: 1, total: 2 }))).toBe(true);
    expect([t.response?.timed, t.response?.medianMs, t.response?.p90Ms]).toEqual([1, 24 * HOUR, 24 * HOUR]);
    expect(t.csat?.share.toPercent(0)).toBe('25%');
    expect(t.nps).toBeNull();
    expect([s.recordsRead, s.outsideWindow, s.skipped.length, s.scale, s.negativeUpTo, s.positiveFrom]).toEqual([5, 0, 0, 5, 2, 4]);
    expect(s.periods).toEqual([]);
  });

  it('E2: CSAT is customerSatisfactionScore of the ratings, and the positive share is that CSAT (top-2-box)', () => {
    const ratings = [5, 4, 3, 5, 2, 4, 5, 1];
    const records = ratings.map((rating, i) => ({ customerId: `c${i}`, timestamp: Date.UTC(2024, 0, 1 + i), rating }));
    const t = feedbackSummary(records, { from: '2024-01-01', to: '2024-01-31' }).total;
    expect(t.csat).toEqual(customerSatisfactionScore(ratings));
    expect(t.sentiment?.positive.share.equals(t.csat!.share)).toBe(true);
    // Mean 3.625, sample sd sqrt(15.875 / 7): 3.625 ± 1.95996 x 0.532426.
    expect(t.sentiment?.meanRating).toBe(3.625);
    expect(t.sentiment?.meanInterval?.lower.toFixed(4)).toBe('2.5815');
    expect(t.sentiment?.meanInterval?.upper.toFixed(4)).toBe('4.6685');
  });

  it('E2: on the NPS scale the bands are the NPS groups and nps is netPromoterScore of the ratings', () => {
    const ratings = [10, 9, 8, 6, 10, 3, 7, 0];
    const records = ratings.map((rating, i) => ({ customerId: `c${i % 3}`, timestamp: Date.UTC(2024, 5, 1 + i), rating }));
    const t = feedbackSummary(records, { from: '2024-06-01', to: '2024-06-30', scale: 'nps' }).total;
    expect(t.nps).toEqual(netPromoterScore(ratings));
    expect(t.nps?.score).toBe(0);
    expect([t.sentiment?.negative.count, t.sentiment?.neutral.count, t.sentiment?.positive.count]).toEqual([3, 2, 3]);
    expect(t.csat).toBeNull();
    expect(t.volume.customers).toBe(3);
  });

  it('E2: time to answer of negative items: median and p90 by linear interpolation (R type 7)', () => {
    const hours = [10, 1, 4, 2, 3];
    const records = hours.map((h, i) => ({ customerId: 'x', timestamp: Date.UTC(2024, 2, 1 + i), rating: 1, answeredAt: Date.UTC(2024, 2, 1 + i) + h * HOUR }));
    // A negative item answered without a time counts as answered, not in the times; a positive answered item counts in neither.
    records.push({ customerId: 'y', timestamp: Date.UTC(2024, 2, 9), rating: 2, answered: true } as never);
    records.push({ customerId: 'z', timestamp: Date.UTC(2024, 2, 9), rating: 5, answeredAt: Date.UTC(2024, 2, 20) });
    records.push({ customerId: 'z', timestamp: Date.UTC(2024, 2, 9), rating: 2 } as never);
    const r = feedbackSummary(records, { from: '2024-03-01', to: '2024-03-31' }).total.response!;
    expect([r.negative, r.answered, r.timed, r.share.toString()]).toEqual([7, 6, 5, '6/7']);
    expect(r.medianMs).toBe(3 * HOUR);
    // h = 4 x 0.9 = 3.6: 4 h + 0.6 x (10 h - 4 h).
    expect(r.p90Ms).toBe(7.6 * HOUR);
  });

  it('E2: per month in a time zone: the periods clip to the window, label in the zone, and sum to the total', () => {
    const records = [
      { customerId: 'a', timestamp: '2024-03-31T22:30:00Z', rating: 5 }, // 00:30 on 1 April in Berlin (CEST)
      { customerId: 'b', timestamp: '2024-03-31 23:30', rating: 1 }, // no offset: Berlin wall time, still March
      { customerId: 'a', timestamp: '2024-02-10T12:00:00Z', rating: 3 },
      { customerId: 'c', timestamp: '2024-04-15T12:00:00Z' },
    ];
    const s = feedbackSummary(records, { from: '2024-02-15', to: '2024-04-10', timeZone: 'Europe/Berlin', period: 'month', periodCustomers: [10, 20, 30] });
    expect(s.periods.map((p) => p.label)).toEqual(['2024-02', '2024-03', '2024-04']);
    expect(s.periods.map((p) => [p.from.toISOString(), p.to.toISOString()])).toEqual([
      ['2024-02-14T23:00:00.000Z', '2024-02-29T22:59:59.999Z'],
      ['2024-02-29T23:00:00.000Z', '2024-03-31T21:59:59.999Z'],
      ['2024-03-31T22:00:00.000Z', '2024-04-10T21:59:59.999Z'],
    ]);
    expect(s.periods.map((p) => p.volume.items)).toEqual([0, 1, 1]);
    expect(s.periods.map((p) => p.volume.itemsPerCustomer?.toString() ?? null)).toEqual(['0/10', '1/20', '1/30']);
    expect(s.periods[0]?.volume.activeCustomers).toBe(10);
    expect(s.periods[0]?.sentiment).toBeNull();
    expect(s.periods[1]?.sentiment?.negative.count).toBe(1);
    expect(s.total.volume.items).toBe(2);
    expect(s.outsideWindow).toBe(2);
    expect(s.total.volume.itemsPerCustomer).toBeNull();
  });

  it('E2: items per active customer from the periodSummary of the same window', () => {
    const events = [
      { customerId: 'a', timestamp: '2024-12-05', amount: 10 },
      { customerId: 'b', timestamp: '2024-12-06', amount: 10 },
      { customerId: 'e', timestamp: '2024-12-07', amount: 10 },
      { customerId: 'f', timestamp: '2024-11-07', amount: 10 },
    ];
    const summary = periodSummary(events, DECEMBER);
    const t = feedbackSummary(december, { ...DECEMBER, customers: summary }).total;
    expect(t.volume.activeCustomers).toBe(3);
    expect(t.volume.itemsPerCustomer?.toString()).toBe('5/3');
    expectMetricError(() => feedbackSummary(december, { from: '2024-12-01', to: '2024-12-30', customers: summary }), {
      fn: FN,
      code: 'INCONSISTENT_INPUT',
      field: 'options.customers.from',
      rule: 'a periodSummary of the same window (2024-12-01T00:00:00.000Z to 2024-12-30T23:59:59.999Z)',
    });
  });

  it('E2: columns and mapped fields read like records', () => {
    const columns = {
      customerId: ['a', 'b', 'a', 'c', 'd'],
      timestamp: december.map((r) => Date.parse(`${r.timestamp as string}T00:00:00Z`)),
      channel: ['email', 'app', 'app', 'web', 'app'],
      kind: ['review', 'complaint', 'review', 'complaint', 'suggestion'],
      rating: [5, 1, 3, 2, null],
      answeredAt: [null, Date.UTC(2024, 11, 4), null, null, null],
    };
    const fromRecords = feedbackSummary(december, DECEMBER);
    expect(feedbackSummary(columns, DECEMBER)).toEqual(fromRecords);
    const shaped = december.map((r) => ({ user: { id: r.customerId }, at: r.timestamp, via: r.channel, type: r.kind, stars: r.rating, reply: r.answeredAt }));
    const mapped = feedbackSummary<(typeof shaped)[number]>(shaped, {
      ...DECEMBER,
      fields: { customerId: (r) => r.user.id, timestamp: 'at', channel: 'via', kind: 'type', rating: 'stars', answeredAt: 'reply' },
    });
    expect(mapped).toEqual(fromRecords);
  });
});

describe('feedbackSummary: edge cases and errors', () => {
  it('E2: no feedback: zero volume, and no sentiment, response, NPS or CSAT (null, never NaN)', () => {
    const s = feedbackSummary([], { ...DECEMBER, customers: 12 });
    expect(s.total.volume).toMatchObject({ items: 0, customers: 0, rated: 0, unrated: 0, byChannel: [], byKind: [] });
    expect(Number(s.total.volume.itemsPerCustomer)).toBe(0);
    expect([s.total.sentiment, s.total.response, s.total.nps, s.total.csat]).toEqual([null, null, null, null]);
    // With zero active customers there is no rate per customer.
    expect(feedbackSummary([], { ...DECEMBER, customers: 0 }).total.volume.itemsPerCustomer).toBeNull();
  });

  it('E2: a single rating has no interval of the mean; items without channel or kind are the null group, listed last', () => {
    const t = feedbackSummary([{ customerId: 'a', timestamp: '2024-12-01', rating: 4, channel: '__proto__' }, { customerId: 'b', timestamp: '2024-12-01' }], DECEMBER).total;
    expect(t.sentiment?.meanInterval).toBeNull();
    expect(t.volume.byChannel.map((g) => g.name)).toEqual(['__proto__', null]);
    expect(t.volume.byKind.map((g) => [g.name, g.items])).toEqual([[null, 2]]);
  });

  it('E2: custom bands on a 7-point scale, and the defaults of other scales', () => {
    const records = [1, 2, 3, 4, 5, 6, 7].map((rating) => ({ customerId: 'a', timestamp: '2024-12-01', rating }));
    const defaults = feedbackSummary(records, { ...DECEMBER, scale: 7 });
    expect([defaults.negativeUpTo, defaults.positiveFrom]).toEqual([3, 6]);
    expect(defaults.total.csat?.satisfiedFrom).toBe(6);
    const custom = feedbackSummary(records, { ...DECEMBER, scale: 7, negativeUpTo: 2, positiveFrom: 5 }).total.sentiment!;
    expect([custom.negative.count, custom.neutral.count, custom.positive.count]).toEqual([2, 2, 3]);
    expect(feedbackSummary([], { ...DECEMBER, scale: 10 })).toMatchObject({ negativeUpTo: 4, positiveFrom: 9 });
  });

  it('E2: records outside [from, to] are counted, not dropped silently; a date-only to covers its whole day', () => {
    const records = [
      { customerId: 'a', timestamp: '2024-11-30T23:59:59.999Z' },
      { customerId: 'a', timestamp: '2024-12-31T23:59:59.999Z' },
      { customerId: 'a', timestamp: '2025-01-01T00:00:00Z' },
    ];
    const s = feedbackSummary(records, DECEMBER);
    expect([s.recordsRead, s.total.volume.items, s.outsideWindow]).toEqual([3, 1, 2]);
  });

  it('E2: a bad record throws naming its index and field; with onInvalid skip it is reported and the rest counted', () => {
    const bad: [Record<string, unknown>, string, string, string][] = [
      [{ customerId: '', timestamp: '2024-12-01' }, 'customerId', 'INVALID_INPUT', 'a non-empty string or a finite number'],
      [{ customerId: 'a', timestamp: '2024-13-01' }, 'timestamp', 'INVALID_INPUT', 'a valid Date, epoch milliseconds or ISO-8601 string'],
      [{ customerId: 'a', timestamp: '2024-12-01', rating: 6 }, 'rating', 'INVALID_INPUT', 'an integer from 1 to 5, or left out'],
      [{ customerId: 'a', timestamp: '2024-12-01', rating: 2.5 }, 'rating', 'INVALID_INPUT', 'an integer from 1 to 5, or left out'],
      [{ customerId: 'a', timestamp: '2024-12-01', rating: NaN }, 'rating', 'INVALID_INPUT', 'an integer from 1 to 5, or left out'],
      [{ customerId: 'a', timestamp: '2024-12-01', channel: '' }, 'channel', 'INVALID_INPUT', 'a non-empty string, or left out'],
      [{ customerId: 'a', timestamp: '2024-12-01', kind: 7 }, 'kind', 'INVALID_INPUT', 'a non-empty string, or left out'],
      [{ customerId: 'a', timestamp: '2024-12-01', answered: 'yes' }, 'answered', 'INVALID_INPUT', 'a boolean, or left out'],
      [{ customerId: 'a', timestamp: '2024-12-02', answeredAt: '2024-12-01' }, 'answeredAt', 'INCONSISTENT_INPUT', "not before the item's timestamp (2024-12-02T00:00:00.000Z)"],
      [{ customerId: 'a', timestamp: '2024-12-02', answered: false, answeredAt: '2024-12-03' }, 'answered', 'INCONSISTENT_INPUT', 'true or left out when answeredAt is given'],
      [{ customerId: 'a', timestamp: '2024-12-02', answeredAt: 'soon' }, 'answeredAt', 'INVALID_INPUT', 'a valid Date, epoch milliseconds or ISO-8601 string, or left out'],
    ];
    for (const [record, field, code, rule] of bad) {
      const records = [{ customerId: 'ok', timestamp: '2024-12-05', rating: 4 }, record];
      expectMetricError(() => feedbackSummary(records, DECEMBER), { fn: FN, code: code as never, field: `records[1].${field}`, rule });
      const s = feedbackSummary(records, { ...DECEMBER, onInvalid: 'skip' });
      expect(s.skipped).toEqual([{ index: 1, field: `records[1].${field}`, reason: expect.stringContaining(rule) as string }]);
      expect([s.recordsRead, s.total.volume.items]).toEqual([2, 1]);
    }
    expectMetricError(() => feedbackSummary([null] as never, DECEMBER), { fn: FN, code: 'INVALID_INPUT', field: 'records[0]', rule: 'a feedback object' });
  });

  it('E2: an accessor that throws is a MetricError naming the record and field, with the cause kept', () => {
    const error = expectMetricError(
      () => feedbackSummary([{ customerId: 'a', timestamp: '2024-12-01' }], { ...DECEMBER, fields: { rating: () => { throw new TypeError('boom'); } } }),
      { fn: FN, code: 'INVALID_INPUT', field: 'records[0].rating', rule: 'readable by options.fields (the accessor threw TypeError: boom)' },
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('E2: refuses bad options, naming them', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ from: '2024-12-01' }, 'options.to', 'INVALID_INPUT'],
      [{ ...DECEMBER, to: '2024-11-01' }, 'options.to', 'INCONSISTENT_INPUT'],
      [{ ...DECEMBER, timeZone: 'Mars/Olympus' }, 'options.timeZone', 'INVALID_INPUT'],
      [{ ...DECEMBER, period: 'hour' }, 'options.period', 'INVALID_INPUT'],
      [{ from: '1000-01-01', to: '2024-12-31', period: 'day' }, 'options.period', 'INVALID_INPUT'],
      [{ ...DECEMBER, weekStartsOn: 7 }, 'options.weekStartsOn', 'INVALID_INPUT'],
      [{ ...DECEMBER, scale: 2 }, 'options.scale', 'INVALID_INPUT'],
      [{ ...DECEMBER, scale: 'stars' }, 'options.scale', 'INVALID_INPUT'],
      [{ ...DECEMBER, scale: 'nps', negativeUpTo: 5 }, 'options.negativeUpTo', 'INVALID_INPUT'],
      [{ ...DECEMBER, negativeUpTo: 3, positiveFrom: 3 }, 'options.positiveFrom', 'INCONSISTENT_INPUT'],
      [{ ...DECEMBER, positiveFrom: 6 }, 'options.positiveFrom', 'INVALID_INPUT'],
      [{ ...DECEMBER, confidence: 1 }, 'options.confidence', 'INVALID_INPUT'],
      [{ ...DECEMBER, customers: -1 }, 'options.customers', 'INVALID_INPUT'],
      [{ ...DECEMBER, customers: { activeInPeriod: 3 } }, 'options.customers', 'INVALID_INPUT'],
      [{ ...DECEMBER, periodCustomers: [1] }, 'options.periodCustomers', 'INVALID_INPUT'],
      [{ ...DECEMBER, period: 'month', periodCustomers: [1, 2] }, 'options.periodCustomers', 'INCONSISTENT_INPUT'],
      [{ ...DECEMBER, period: 'month', periodCustomers: [1.5] }, 'options.periodCustomers[0]', 'INVALID_INPUT'],
      [{ ...DECEMBER, onInvalid: 'ignore' }, 'options.onInvalid', 'INVALID_INPUT'],
      [{ ...DECEMBER, fields: { stars: 'rating' } }, 'options.fields.stars', 'INVALID_INPUT'],
      [{ ...DECEMBER, fields: { rating: 3 } }, 'options.fields.rating', 'INVALID_INPUT'],
      [{ ...DECEMBER, sentiment: true }, 'options.sentiment', 'INVALID_INPUT'],
    ];
    for (const [options, field, code] of cases) expectMetricError(() => feedbackSummary(december, options as never), { fn: FN, code: code as never, field });
    expectMetricError(() => feedbackSummary(december, undefined as never), { fn: FN, code: 'INVALID_INPUT', field: 'options', rule: 'an object' });
    expectMetricError(() => feedbackSummary('abc' as never, DECEMBER), { fn: FN, code: 'INVALID_INPUT', field: 'records' });
    expectMetricError(() => (feedbackSummary as (...args: unknown[]) => unknown)(december, DECEMBER, {}), { fn: FN, code: 'INVALID_INPUT', field: 'arguments' });
  });

  it('E2: refuses bad columns: unknown names, unequal lengths, non-epoch timestamps, fields with columns', () => {
    const base = { customerId: ['a', 'b'], timestamp: [Date.UTC(2024, 11, 1), Date.UTC(2024, 11, 2)] };
    expectMetricError(() => feedbackSummary({ ...base, stars: [1, 2] } as never, DECEMBER), { fn: FN, code: 'INVALID_INPUT', field: 'records.stars' });
    expectMetricError(() => feedbackSummary({ ...base, rating: [1] }, DECEMBER), { fn: FN, code: 'INCONSISTENT_INPUT', field: 'records.rating' });
    expectMetricError(() => feedbackSummary({ ...base, timestamp: ['2024-12-01', 0] } as never, DECEMBER), { fn: FN, code: 'INVALID_INPUT', field: 'records[0].timestamp', rule: 'epoch milliseconds (a number) in the column form' });
    expectMetricError(() => feedbackSummary({ ...base, answeredAt: [null, '2024-12-05'] } as never, DECEMBER), { fn: FN, code: 'INVALID_INPUT', field: 'records[1].answeredAt' });
    expectMetricError(() => feedbackSummary(base, { ...DECEMBER, fields: {} }), { fn: FN, code: 'INVALID_INPUT', field: 'options.fields' });
  });

  it('E2: never mutates its input, and the result is frozen all the way down', () => {
    const records = deepFreeze(structuredClone(december));
    const options = deepFreeze({ ...DECEMBER, period: 'week' as const, customers: 9 });
    const s = feedbackSummary(records, options);
    expect(records).toEqual(december);
    expect(Object.isFrozen(s) && Object.isFrozen(s.total) && Object.isFrozen(s.total.volume) && Object.isFrozen(s.total.volume.byChannel)).toBe(true);
    expect(Object.isFrozen(s.total.volume.byChannel[0]) && Object.isFrozen(s.total.sentiment) && Object.isFrozen(s.total.response) && Object.isFrozen(s.periods[0])).toBe(true);
    expect(Object.isFrozen(s.skipped) && Object.isFrozen(s.periods)).toBe(true);
  });

  it('E2: reads any iterable once (a generator), and rethrows a non-MetricError of the iterator', () => {
    function* gen() {
      yield* december;
    }
    expect(feedbackSummary(gen(), DECEMBER)).toEqual(feedbackSummary(december, DECEMBER));
    function* broken(): Generator<FeedbackRecord> {
      yield december[0] as FeedbackRecord;
      throw new RangeError('disk');
    }
    expect(() => feedbackSummary(broken(), { ...DECEMBER, onInvalid: 'skip' })).toThrow(RangeError);
    expect(() => feedbackSummary(broken(), DECEMBER)).toThrow(RangeError);
  });
});
