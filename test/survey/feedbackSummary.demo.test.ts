/**
 * The demo data and report piece of issue 13 (E5): examples/data/feedback.csv is what its seeded generator
 * writes, byte for byte; every row is valid feedback of a customer of examples/data/events.csv; and
 * examples/_feedbackReport.ts computes December 2024 and the months of 2024 from it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { feedbackReport } from '../../examples/_feedbackReport.js';
import { feedbackSummary, periodSummary, parseEventsCsv } from '../../src/index.js';

const dataDir = new URL('../../examples/data/', import.meta.url);
const csv = readFileSync(new URL('feedback.csv', dataDir), 'utf8');
const rows = csv.trim().split('\n').slice(1).map((line) => line.split(','));

describe('examples/data/feedback.csv', () => {
  it('E5: is exactly what generate-feedback.mjs writes (seeded, deterministic)', () => {
    const generated = execFileSync(process.execPath, [fileURLToPath(new URL('generate-feedback.mjs', dataDir))], { encoding: 'utf8' });
    expect(generated).toBe(csv);
  });

  it('E5: 450 items over 2024 from customers of events.csv, on the four channels and three kinds, rated 1-5 on most', () => {
    const events = readFileSync(new URL('events.csv', dataDir), 'utf8');
    const known = new Set(events.trim().split('\n').slice(1).map((line) => line.split(',')[0]));
    expect(rows.length).toBe(450);
    for (const [customer, timestamp, channel, kind, rating, answered, answeredAt] of rows) {
      expect(known.has(customer)).toBe(true);
      expect(timestamp).toMatch(/^2024-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(['email', 'app', 'web', 'phone']).toContain(channel);
      expect(['review', 'complaint', 'suggestion']).toContain(kind);
      expect(['', '1', '2', '3', '4', '5']).toContain(rating);
      expect(['true', 'false']).toContain(answered);
      if (answeredAt !== '') expect(answered === 'true' && Date.parse(answeredAt as string) >= Date.parse(timestamp as string)).toBe(true);
    }
    expect(rows.filter((r) => r[4] !== '').length).toBeGreaterThan(0.8 * rows.length);
  });
});

describe('examples/_feedbackReport.ts', () => {
  const report = feedbackReport(dataDir);

  it('E5: December 2024: volume, items per active customer from the December periodSummary, sentiment, response', () => {
    const t = report.december.total;
    expect(report.records).toBe(450);
    expect(report.december.skipped).toEqual([]);
    expect(report.december.outsideWindow).toBe(450 - t.volume.items);
    const december = periodSummary(parseEventsCsv(readFileSync(new URL('events.csv', dataDir))).columns, { from: '2024-12-01', to: '2024-12-31' });
    expect(t.volume.activeCustomers).toBe(december.customers.activeInPeriod);
    expect(t.volume.itemsPerCustomer?.toString()).toBe(`${t.volume.items}/${december.customers.activeInPeriod}`);
    // Passing the summary the demo already has gives the same report.
    expect(JSON.stringify(feedbackReport(dataDir, december).december)).toBe(JSON.stringify(report.december));
    const text = report.lines.join('\n');
    expect(text).toContain('Feedback (450 items over 2024');
    expect(text).toContain(`${t.volume.items} / ${t.volume.customers}`);
    expect(text).toContain(Number(t.volume.itemsPerCustomer).toFixed(3));
    expect(text).toContain(`${t.sentiment?.negative.share.toPercent(0)} / ${t.sentiment?.neutral.share.toPercent(0)} / ${t.sentiment?.positive.share.toPercent(0)}`);
    expect(text).toContain(t.response?.share.toPercent(1));
    expect(text).toContain(`${((t.response?.medianMs as number) / 3_600_000).toFixed(1)} h`);
  });

  it('E5: the months of 2024 hold every item once, and each month is the summary of that month alone', () => {
    const months = report.months;
    expect(months.periods.map((p) => p.label)).toEqual(Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`));
    expect(months.periods.reduce((n, p) => n + p.volume.items, 0)).toBe(450);
    expect(months.outsideWindow).toBe(0);
    const records = rows.map(([customerId, timestamp, channel, kind, rating, answered, answeredAt]) => ({
      customerId,
      timestamp,
      channel,
      kind,
      rating: rating === '' ? null : Number(rating),
      answered: answered === 'true',
      answeredAt: answeredAt === '' ? null : answeredAt,
    }));
    const last = months.periods[11];
    const alone = feedbackSummary(records, { from: '2024-12-01', to: '2024-12-31' }).total;
    expect(JSON.stringify({ ...last, label: undefined })).toBe(JSON.stringify(alone));
  });
});
