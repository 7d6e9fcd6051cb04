/**
 * lastInstantOf, the reading of every inclusive `to` of the API: a date alone is its whole day in the
 * zone (or at its offset), anything else the instant itself. Examples, then edges (DST days of 23 and 25
 * hours, offsets, invalid input), then the property over dates and zones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastInstantOf, toEpochMs } from '../../src/core/_time.js';
import { fcOptions } from '../arbitraries/counts.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('lastInstantOf', () => {
  it('C17: a date alone covers that whole day in the zone', () => {
    expect(iso(lastInstantOf('2024-03-31', 'UTC'))).toBe('2024-03-31T23:59:59.999Z');
    expect(iso(lastInstantOf('2024-10-31', 'America/New_York'))).toBe('2024-11-01T03:59:59.999Z');
    expect(iso(lastInstantOf('2024-12-31', 'Asia/Tokyo'))).toBe('2024-12-31T14:59:59.999Z');
  });

  it('C17: any other input is the instant itself', () => {
    expect(iso(lastInstantOf('2024-03-31T00:00', 'UTC'))).toBe('2024-03-31T00:00:00.000Z');
    expect(iso(lastInstantOf('2024-03-31T23:59:59.999Z', 'Europe/Berlin'))).toBe('2024-03-31T23:59:59.999Z');
    expect(lastInstantOf(Date.UTC(2024, 3, 1), 'UTC')).toBe(Date.UTC(2024, 3, 1));
    expect(lastInstantOf(new Date(Date.UTC(2024, 3, 1)), 'Europe/Berlin')).toBe(Date.UTC(2024, 3, 1));
  });

  it('C17: DST days end at the next local midnight, 23 or 25 hours after they start', () => {
    const spring = lastInstantOf('2024-03-31', 'Europe/Berlin') as number;
    const autumn = lastInstantOf('2024-10-27', 'Europe/Berlin') as number;
    expect(iso(spring)).toBe('2024-03-31T21:59:59.999Z');
    expect(spring + 1 - (toEpochMs('2024-03-31', 'Europe/Berlin') as number)).toBe(23 * 3_600_000);
    expect(autumn + 1 - (toEpochMs('2024-10-27', 'Europe/Berlin') as number)).toBe(25 * 3_600_000);
    // Samoa skipped 30 December 2011: that day covers no instant (its end is just before its start).
    expect(iso(lastInstantOf('2011-12-29', 'Pacific/Apia'))).toBe('2011-12-30T09:59:59.999Z');
    expect(lastInstantOf('2011-12-30', 'Pacific/Apia')).toBe((toEpochMs('2011-12-30', 'Pacific/Apia') as number) - 1);
  });

  it('C17: a date with an offset is that day at that offset; invalid input is undefined', () => {
    expect(iso(lastInstantOf('2024-03-31+02:00', 'UTC'))).toBe('2024-03-31T21:59:59.999Z');
    expect(iso(lastInstantOf('2024-03-31Z', 'Asia/Tokyo'))).toBe('2024-03-31T23:59:59.999Z');
    expect(iso(lastInstantOf(' 2024-02-29 ', 'UTC'))).toBe('2024-02-29T23:59:59.999Z');
    for (const bad of ['2023-02-29', '2024-13-01', 'March', '', Number.NaN, 9e15, null, undefined, {}]) expect(lastInstantOf(bad, 'UTC')).toBeUndefined();
  });

  it('C17 property: for any date and zone, the day is [toEpochMs(date), lastInstantOf(date)], and the next millisecond is the next day', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/St_Johns'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2100, 0, 1) / 86_400_000 }), fc.constantFrom(...zones), (day, zone) => {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
        const next = new Date((day + 1) * 86_400_000).toISOString().slice(0, 10);
        const start = toEpochMs(date, zone) as number;
        const last = lastInstantOf(date, zone) as number;
        expect(last + 1).toBe(toEpochMs(next, zone));
        // Empty only for a day the zone skipped (Apia, 30 December 2011), where last + 1 = start.
        expect(last + 1).toBeGreaterThanOrEqual(start);
        // A day is 24 hours give or take the zone's shifts (at most a few hours; Apia skipped a whole day in 2011).
        expect(last + 1 - start).toBeLessThanOrEqual(48 * 3_600_000);
        expect(lastInstantOf(`${date}T12:00`, zone)).toBe(toEpochMs(`${date}T12:00`, zone));
      }),
      fcOptions({ numRuns: 300 }),
    );
  });
});
