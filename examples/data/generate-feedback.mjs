// Regenerates feedback.csv: `node examples/data/generate-feedback.mjs > examples/data/feedback.csv`.
// Deterministic (mulberry32, fixed seed; customer ids read from events.csv, sorted) so the committed file
// and the demo's output never drift. About 450 feedback items over 2024 from customers with an event in
// 2024: channels email / app / web / phone, kinds review / complaint / suggestion, a 1-5 rating on most
// items, and whether (and when) each was answered.
import { mulberry32, picker } from './_random.mjs';
import { readFileSync } from 'node:fs';

const random = mulberry32(20241213);
const pick = picker(random);

const events = readFileSync(new URL('events.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const customers = [...new Set(events.filter((line) => line.split(',')[1].startsWith('2024-')).map((line) => line.split(',')[0]))].sort();

const channels = ['email', 'app', 'web', 'phone'];
const kinds = ['review', 'complaint', 'suggestion'];
// Ratings 1..5 per kind: reviews mostly positive, complaints mostly negative, suggestions in between.
const ratingWeights = { review: [4, 5, 10, 30, 51], complaint: [45, 30, 15, 7, 3], suggestion: [5, 10, 40, 30, 15] };
const unratedShare = { review: 0.05, complaint: 0.15, suggestion: 0.4 };
const start = Date.UTC(2024, 0, 1);
const yearMs = Date.UTC(2025, 0, 1) - start;
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

const items = [];
for (let i = 0; i < 450; i++) {
  const customer = customers[Math.floor(random() * customers.length)];
  // Seconds resolution; a little more feedback towards the end of the year (the holiday season).
  const at = start + Math.floor(random() ** 0.8 * (yearMs / 1000)) * 1000;
  const channel = channels[pick([35, 30, 25, 10])];
  const kind = kinds[pick([62, 25, 13])];
  const rating = random() < unratedShare[kind] ? '' : String(1 + pick(ratingWeights[kind]));
  const negative = rating !== '' && Number(rating) <= 2;
  const answered = random() < (negative ? 0.72 : 0.3);
  // Time to answer: a few hours to a few days (long tail), in whole minutes.
  const answeredAt = answered && random() < 0.95 ? iso(at + Math.round(60 * (1 + 120 * random() ** 2.5)) * 60_000) : '';
  items.push([customer, at, channel, kind, rating, answered ? 'true' : 'false', answeredAt]);
}
items.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const lines = ['customer_id,timestamp,channel,kind,rating,answered,answered_at'];
for (const [customer, at, ...rest] of items) lines.push([customer, iso(at), ...rest].join(','));
console.log(lines.join('\n'));
