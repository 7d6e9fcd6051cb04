/**
 * Properties of feedbackSummary, stated as the identities they prove on generated feedback: the sentiment
 * shares sum to 1 exactly (Rate arithmetic), the volume by channel, by kind and by period sums to the
 * total, the counts match the records, and the result depends neither on the order of the records, nor on
 * their form (records or columns), nor on the host's time zone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { type FeedbackStats, type FeedbackSummaryOptions, feedbackSummary, Rate } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { deepFreeze, snapshot } from '../arbitraries/exact.js';

const START = Date.UTC(2024, 0, 1);
const END = Date.UTC(2025, 0, 1);

interface Item {
  readonly customerId: string;
  readonly timestamp: number;
  readonly channel?: string;
  readonly kind?: string;
  readonly rating?: number;
  readonly answered?: boolean;
  readonly answeredAt?: number;
}

/** Feedback over 2024 and a little around it, ratings on 1..5 (or 0..10), with odd ids and names. */
function items(maxRating: number, minRating = 1): fc.Arbitrary<Item[]> {
  const item = fc
    .record(
      {
        customerId: fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', '42'),
        timestamp: fc.integer({ min: START - 10 * 86_400_000, max: END + 10 * 86_400_000 }),
        channel: fc.constantFrom('email', 'app', 'web', 'phone', '__proto__'),
        kind: fc.constantFrom('review', 'complaint', 'suggestion', 'toString'),
        rating: fc.integer({ min: minRating, max: maxRating }),
        answered: fc.boolean(),
        delay: fc.nat({ max: 30 * 86_400_000 }),
      },
      { requiredKeys: ['customerId', 'timestamp'] },
    )
    .map(({ delay, ...rest }) => (delay === undefined || rest.answered === false ? rest : { ...rest, answeredAt: rest.timestamp + delay }));
  return fc.array(item, { maxLength: 60 });
}

const unit = fc.constantFrom('day', 'week', 'month', 'quarter', 'year');
const zone = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Chatham', 'Australia/Lord_Howe');

function checkIdentities(stats: FeedbackStats): void {
  const v = stats.volume;
  expect(v.byChannel.reduce((n, g) => n + g.items, 0)).toBe(v.items);
  expect(v.byKind.reduce((n, g) => n + g.items, 0)).toBe(v.items);
  if (v.items > 0) {
    expect(v.byChannel.reduce((sum, g) => sum.plus(g.share), Rate.of(0, 1)).equals(1)).toBe(true);
    expect(v.byKind.reduce((sum, g) => sum.plus(g.share), Rate.of(0, 1)).equals(1)).toBe(true);
  }
  expect(v.rated + v.unrated).toBe(v.items);
  expect(v.customers).toBeLessThanOrEqual(v.items);
  const s = stats.sentiment;
  expect(s === null).toBe(v.rated === 0);
  if (s !== null) {
    expect(s.negative.share.plus(s.neutral.share).plus(s.positive.share).equals(1)).toBe(true);
    expect(s.negative.count + s.neutral.count + s.positive.count).toBe(v.rated);
    for (const band of [s.negative, s.neutral, s.positive]) expect(band.interval.lower <= Number(band.share) && Number(band.share) <= band.interval.upper).toBe(true);
    if (s.meanInterval !== null) expect(s.meanInterval.lower <= s.meanRating && s.meanRating <= s.meanInterval.upper).toBe(true);
  }
  const r = stats.response;
  expect(r === null).toBe(s === null || s.negative.count === 0);
  if (r !== null) {
    expect(r.negative).toBe(s?.negative.count);
    expect(r.answered).toBeLessThanOrEqual(r.negative);
    expect(r.timed).toBeLessThanOrEqual(r.answered);
    if (r.medianMs !== null && r.p90Ms !== null) expect(0 <= r.medianMs && r.medianMs <= r.p90Ms).toBe(true);
  }
}

describe('feedbackSummary: properties', () => {
  it('E3: shares sum to 1 exactly; channels, kinds and periods sum to the total; every record is counted once', () =>
    fc.assert(
      fc.property(items(5), unit, zone, (records, period, timeZone) => {
        const s = feedbackSummary(deepFreeze(records), { from: '2024-01-01', to: '2024-12-31', timeZone, period, customers: 100 });
        checkIdentities(s.total);
        for (const p of s.periods) checkIdentities(p);
        expect(s.periods.reduce((n, p) => n + p.volume.items, 0)).toBe(s.total.volume.items);
        expect(s.periods.reduce((n, p) => n + p.volume.rated, 0)).toBe(s.total.volume.rated);
        expect(s.total.volume.items + s.outsideWindow + s.skipped.length).toBe(s.recordsRead);
        expect(s.recordsRead).toBe(records.length);
        // Consecutive periods tile the window.
        for (let i = 1; i < s.periods.length; i++) expect(s.periods[i]?.from.getTime()).toBe((s.periods[i - 1]?.to.getTime() as number) + 1);
        expect(s.periods[0]?.from.getTime()).toBe(s.total.from.getTime());
        expect(s.periods.at(-1)?.to.getTime()).toBe(s.total.to.getTime());
      }),
      fcOptions({ numRuns: 100 }),
    ));

  it('E3: on the NPS scale the bands are the NPS groups: nps.promoterShare is the positive share, exactly', () =>
    fc.assert(
      fc.property(items(10, 0), (records) => {
        const s = feedbackSummary(records, { from: '2024-01-01', to: '2024-12-31', scale: 'nps' });
        checkIdentities(s.total);
        if (s.total.nps !== null) {
          expect(s.total.nps.promoterShare.equals(s.total.sentiment!.positive.share)).toBe(true);
          expect(s.total.nps.detractorShare.equals(s.total.sentiment!.negative.share)).toBe(true);
        }
      }),
      fcOptions({ numRuns: 100 }),
    ));

  it('E3: the result does not depend on the order of the records, nor on their form (records or columns)', () =>
    fc.assert(
      fc.property(items(5).chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }))), unit, ([records, shuffled], period) => {
        const options: FeedbackSummaryOptions = { from: '2024-01-01', to: '2024-12-31', timeZone: 'Europe/Berlin', period };
        const a = feedbackSummary(records, options);
        const b = feedbackSummary(shuffled, options);
        expect(snapshot(b)).toEqual(snapshot(a));
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        const column = <K extends keyof Item>(key: K) => records.map((r) => r[key] ?? null);
        const columns = { customerId: column('customerId'), timestamp: column('timestamp') as number[], channel: column('channel'), kind: column('kind'), rating: column('rating'), answered: column('answered'), answeredAt: column('answeredAt') };
        expect(snapshot(feedbackSummary(columns as never, options))).toEqual(snapshot(a));
      }),
      fcOptions({ numRuns: 100 }),
    ));
});

describe('feedbackSummary: the ends of the time range', () => {
  it('E2: a window near ±8.64e15 with periods is refused (options.from / options.to), never periods with invalid Dates', () => {
    expect(() => feedbackSummary([], { from: 8.64e15 - 1, to: 8.64e15, period: 'day' })).toThrow(/options\.to must be inside the range where every day period of UTC is a valid Date/);
    expect(() => feedbackSummary([], { from: -8.64e15, to: -8.64e15 + 5, period: 'year', timeZone: 'America/Adak' })).toThrow(/options\.from must be inside the range/);
    // Without periods the whole range is fine.
    expect(feedbackSummary([{ customerId: 'a', timestamp: 8.64e15 }], { from: -8.64e15, to: 8.64e15 }).total.volume.items).toBe(1);
  });

  it('E2: fuzz near both ends: a MetricError, or valid period Dates that tile the window and hold every item', () =>
    fc.assert(
      fc.property(
        fc.constantFrom(-8.64e15, 8.64e15 - 400 * 86_400_000),
        fc.nat({ max: 400 * 86_400_000 }),
        fc.nat({ max: 400 * 86_400_000 }),
        unit,
        zone,
        (base, a, b, period, timeZone) => {
          const from = base + Math.min(a, b);
          const to = base + Math.max(a, b);
          let s;
          try {
            s = feedbackSummary([{ customerId: 'x', timestamp: from }, { customerId: 'y', timestamp: to }], { from, to, period, timeZone });
          } catch (error) {
            expect(String(error)).toMatch(/options\.(from|to|period) must be/);
            return;
          }
          for (const p of nonEmpty(s.periods, 'the periods')) expect(Number.isFinite(p.from.getTime()) && Number.isFinite(p.to.getTime()) && p.from <= p.to).toBe(true);
          expect(s.periods.reduce((n, p) => n + p.volume.items, 0)).toBe(2);
        },
      ),
      fcOptions({ numRuns: 100 }),
    ));
});

describe('feedbackSummary: host time zone independence', () => {
  const records = [
    { customerId: 'a', timestamp: '2024-03-31T00:30:00Z', rating: 1, answeredAt: '2024-03-31 04:00' },
    { customerId: 'b', timestamp: '2024-03-31 23:30', rating: 5, channel: 'app' }, // no offset: wall time in the zone
    { customerId: 'a', timestamp: '2024-10-27 02:30', rating: 3, kind: 'review' }, // the repeated hour
    { customerId: 'c', timestamp: Date.UTC(2024, 11, 31, 22, 30), rating: 2 },
  ];
  const options = { from: '2024-01-01', to: '2024-12-31', timeZone: 'Europe/Berlin', period: 'week' } as const;

  it('E3: a weekly Europe/Berlin summary is the same under TZ=Pacific/Chatham and TZ=America/Los_Angeles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedback-tz-'));
    try {
      const script = join(dir, 'run.ts');
      const entry = pathToFileURL(resolve(import.meta.dirname, '../../src/index.ts')).href;
      writeFileSync(
        script,
        `import { feedbackSummary } from ${JSON.stringify(entry)};\n` +
          `const s = feedbackSummary(${JSON.stringify(records)}, ${JSON.stringify(options)});\n` +
          `process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, summary: s }));\n`,
      );
      const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
      const here = JSON.parse(JSON.stringify(feedbackSummary(records, options))) as unknown;
      for (const tz of ['Pacific/Chatham', 'America/Los_Angeles']) {
        const out = JSON.parse(execFileSync(tsx, [script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as { tz: string; summary: unknown };
        expect(out.tz).toBe(tz);
        expect(out.summary).toEqual(here);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000); // two child processes (tsx start-up), not a measure of speed
});
