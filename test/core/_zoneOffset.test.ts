import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEpochMs } from '../../src/core/_time.js';
import { wallClock, zoneOffsetMs } from '../../src/core/_zoneOffset.js';
import { fcOptions } from '../arbitraries/counts.js';
import { intlWall } from '../oracles/intlWall.js';

const utc = (iso: string) => Date.parse(iso);
const SECOND = 1000;

describe('zoneOffsetMs', () => {
  it('negative offsets under an hour keep their sign: Monrovia -00:44:30 until 1972, Dublin -00:25:21, London -00:01:15', () => {
    expect(zoneOffsetMs('Africa/Monrovia', utc('1971-06-01T00:00:00Z'))).toBe(-(44 * 60 + 30) * SECOND);
    expect(zoneOffsetMs('Africa/Monrovia', utc('1972-01-07T00:44:29.999Z'))).toBe(-(44 * 60 + 30) * SECOND);
    expect(zoneOffsetMs('Africa/Monrovia', utc('1972-01-07T00:44:30Z'))).toBe(0);
    expect(zoneOffsetMs('Europe/Dublin', utc('1910-06-01T00:00:00Z'))).toBe(-(25 * 60 + 21) * SECOND);
    expect(zoneOffsetMs('Europe/London', utc('1840-01-01T00:00:00Z'))).toBe(-75 * SECOND);
  });

  it('positive offsets under an hour, and the common ones', () => {
    expect(zoneOffsetMs('Europe/Paris', utc('1900-06-01T00:00:00Z'))).toBe((9 * 60 + 21) * SECOND);
    expect(zoneOffsetMs('Asia/Kolkata', utc('2024-06-01T00:00:00Z'))).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMs('America/New_York', utc('2024-01-15T12:00:00Z'))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs('America/New_York', utc('2024-07-15T12:00:00Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs('UTC', utc('2024-07-15T12:00:00Z'))).toBe(0);
    expect(Object.is(zoneOffsetMs('Europe/London', utc('2024-01-15T12:00:00Z')), 0)).toBe(true);
  });

  it('past the ends of the ECMAScript time range, the offset at the end', () => {
    expect(zoneOffsetMs('Asia/Tokyo', 9e15)).toBe(zoneOffsetMs('Asia/Tokyo', 8.64e15));
    expect(zoneOffsetMs('Asia/Tokyo', -9e15)).toBe(zoneOffsetMs('Asia/Tokyo', -8.64e15));
  });

  it('property: equals the offset of Intl\'s wall clock, in every zone the runtime knows, 1800-2100', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: utc('1800-01-01T00:00:00Z'), max: utc('2100-01-01T00:00:00Z') }), (zone, ms) => {
        expect(zoneOffsetMs(zone, ms), `${zone} at ${new Date(ms).toISOString()}`).toBe(intlWall(ms, zone).offsetMs);
      }),
      fcOptions({ numRuns: 2000 }),
    );
  });
});

describe('wallClock and local-time parsing with sub-minute offsets', () => {
  it('Monrovia 1971: the wall clock is 00:44:30 behind UTC, and local midnight is 00:44:30Z', () => {
    expect(wallClock(utc('1971-06-01T00:00:00Z'), 'Africa/Monrovia').toISOString()).toBe('1971-05-31T23:15:30.000Z');
    expect(toEpochMs('1971-06-01', 'Africa/Monrovia')).toBe(utc('1971-06-01T00:44:30Z'));
  });

  it('Dublin 1910 (-00:25:21): a local time is a whole millisecond', () => {
    expect(toEpochMs('1910-06-01T00:00', 'Europe/Dublin')).toBe(utc('1910-06-01T00:25:21Z'));
    expect(toEpochMs('1910-06-01T12:34:56.789', 'Europe/Dublin')).toBe(utc('1910-06-01T13:00:17.789Z'));
  });
});
