/**
 * The fast ISO-8601 reader against the general one (`toEpochMs`): for every text it accepts, the same
 * instant; it declines (NaN) the texts it does not handle, which then go to the general reader. Texts are
 * generated around the fast forms, valid and broken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEpochMs } from '../../src/core/_time.js';
import { daysFromCivil, IsoReader } from '../../src/events/_isoTimestamp.js';
import { fcOptions } from '../arbitraries/events.js';

const two = (n: number) => String(n).padStart(2, '0');

/** Timestamps near the fast forms: any digits in each field (so invalid dates too), fractions, offsets. */
const isoLike = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^[.,][0-9]{0,10}$/)),
    offset: fc.constantFrom('', 'Z', 'z', '+01:00', '-05:30', '+0545', '-03', '+24:00', '+01:60', '+1:00', ' Z', 'X'),
    separator: fc.constantFrom('T', 'T', 'T', ' ', 't'),
  })
  .map((p) => `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}${p.separator}${two(p.hour)}:${two(p.minute)}:${two(p.second)}${p.fraction}${p.offset}`);

describe('IsoReader', () => {
  it('reads the machine forms exactly', () => {
    const reader = new IsoReader(true);
    expect(reader.read('2023-01-01T04:52:52Z')).toBe(Date.UTC(2023, 0, 1, 4, 52, 52));
    expect(reader.read('2024-02-29T23:59:59.999+01:00')).toBe(Date.UTC(2024, 1, 29, 22, 59, 59, 999));
    expect(reader.read('0001-01-01T00:00:00Z')).toBe(toEpochMs('0001-01-01T00:00:00Z', 'UTC'));
    expect(reader.read('2024-03-05T13:20:00')).toBe(Date.UTC(2024, 2, 5, 13, 20));
    // Without an offset the text is a wall time in the reader's zone: only UTC readers take it.
    expect(new IsoReader(false).read('2024-03-05T13:20:00')).toBeNaN();
    expect(reader.read('2024-02-30T00:00:00Z')).toBeNaN();
    expect(reader.read('2024-03-05')).toBeNaN();
  });

  it('daysFromCivil agrees with Date.UTC on the proleptic Gregorian calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
      }),
      fcOptions({ numRuns: 300 }),
    );
  });

  it('property: whatever it accepts, it reads as toEpochMs does (in UTC and in another zone), also inside a longer text', () => {
    fc.assert(
      fc.property(isoLike, fc.array(isoLike, { maxLength: 3 }), (text, before) => {
        for (const [zone, utc] of [['UTC', true], ['Europe/Berlin', false]] as const) {
          // A reader that has seen other dates first (its day cache) reads the same.
          const reader = new IsoReader(utc);
          for (const other of before) reader.read(other);
          const fast = reader.read(text);
          if (!Number.isNaN(fast)) expect(fast).toBe(toEpochMs(text, zone));
          const padded = `x,${text},y`;
          const inPlace = reader.read(padded, 2, 2 + text.length);
          expect(Object.is(inPlace, fast) || (Number.isNaN(inPlace) && Number.isNaN(fast))).toBe(true);
        }
        // The forms machines write are never declined.
        if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text) && toEpochMs(text, 'UTC') !== undefined) {
          expect(new IsoReader(true).read(text)).toBe(toEpochMs(text, 'UTC'));
        }
      }),
      fcOptions({ numRuns: 1000 }),
    );
  });
  it('property: a text with any one char replaced (letters, signs, non-ASCII digits) is read as toEpochMs reads it, or declined', () => {
    const chars = fc.oneof(fc.constantFrom('/', ':', '-', '.', 'T', 'Z', ' ', '\u0000', '\u0660', '\u0663', '\uff11', ':', '?', '@', 'j'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)));
    fc.assert(
      fc.property(isoLike, fc.nat(), chars, (text, at, char) => {
        const k = at % text.length;
        const broken = text.slice(0, k) + char + text.slice(k + 1);
        const fast = new IsoReader(true).read(broken);
        if (!Number.isNaN(fast)) expect(fast).toBe(toEpochMs(broken, 'UTC'));
      }),
      fcOptions({ numRuns: 1000 }),
    );
  });
});
