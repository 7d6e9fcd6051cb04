/**
 * The progress line of the CLI: a pure function of where a read stands (bytes of the total, rows, rate,
 * ETA), and the throttled, terminal-only writer around it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatProgress, ProgressLine } from '../../src/cli/_progress.js';
import { fcOptions } from '../arbitraries/counts.js';
import { cli, EVENTS, shown } from './_bin.js';

describe('formatProgress: examples', () => {
  it('C5: bytes of the total with the share, rows, rows per second and the time left', () => {
    expect(formatProgress({ bytesRead: 12_300_000, totalBytes: 45_600_000, rows: 1_234_567, elapsedMs: 1_520 })).toBe(
      '12.3 MB of 45.6 MB (26%) · 1,234,567 rows · 812,215 rows/s · ETA 0:05',
    );
  });

  it('C5: stdin (no total): bytes read, rows and rate, no share and no ETA', () => {
    expect(formatProgress({ bytesRead: 999, totalBytes: undefined, rows: 10, elapsedMs: 2_000 })).toBe('999 B read · 10 rows · 5 rows/s');
  });

  it('C5: units and durations', () => {
    expect([0, 999, 1_000, 65_536, 2_500_000_000].map(formatBytes)).toEqual(['0 B', '999 B', '1.00 kB', '65.5 kB', '2.50 GB']);
    expect([0, 1, 59_001, 3_600_000, 7_384_000].map(formatDuration)).toEqual(['0:00', '0:01', '1:00', '1:00:00', '2:03:04']);
  });
});

describe('formatProgress: edges', () => {
  it('C5: at the start (no time, no bytes) there is no rate and no ETA, never NaN or Infinity', () => {
    expect(formatProgress({ bytesRead: 0, totalBytes: 100, rows: 0, elapsedMs: 0 })).toBe('0 B of 100 B (0%) · 0 rows');
    expect(formatProgress({ bytesRead: 0, totalBytes: 0, rows: 0, elapsedMs: 10 })).toBe('0 B read · 0 rows · 0 rows/s');
  });

  it('C5: a file that grew while read (more bytes than its size) shows 100 % and ETA 0:00', () => {
    expect(formatProgress({ bytesRead: 150, totalBytes: 100, rows: 3, elapsedMs: 1_000 })).toBe('150 B of 100 B (100%) · 3 rows · 3 rows/s · ETA 0:00');
  });

  it('C5: the writer draws at most every 100 ms, with \\r, clears the line at the end, and writes nothing when disabled', () => {
    let now = 0;
    const writes: string[] = [];
    const line = new ProgressLine({ write: (t: string) => writes.push(t) }, { enabled: true, totalBytes: 1_000, now: () => now });
    line.update(10, 1);
    now = 50;
    line.update(20, 2); // within 100 ms: not drawn
    now = 150;
    line.update(30, 3);
    line.done();
    expect(writes).toEqual(['\r10 B of 1.00 kB (1%) · 1 rows\u001b[K', '\r30 B of 1.00 kB (3%) · 3 rows · 20 rows/s · ETA 0:05\u001b[K', '\r\u001b[K']);
    const quiet: string[] = [];
    const off = new ProgressLine({ write: (t: string) => quiet.push(t) }, { enabled: false, totalBytes: 1_000, now: () => now });
    off.update(10, 1);
    off.done();
    expect(quiet).toEqual([]);
  });

  it('C5: the bin writes no progress line when stderr is not a terminal (a pipe, as here)', async () => {
    const result = await cli(['cohort', EVENTS, '--format', 'csv']);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).not.toContain('rows/s');
  });
});

describe('formatProgress: properties', () => {
  it('C5: for any state the line is finite text: a share from 0 to 100, no NaN, Infinity or undefined', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.option(fc.nat({ max: 2 ** 40 }), { nil: undefined }),
        fc.nat({ max: 2 ** 31 }),
        fc.nat({ max: 10 ** 8 }),
        (bytesRead, totalBytes, rows, elapsedMs) => {
          const text = formatProgress({ bytesRead, totalBytes, rows, elapsedMs });
          expect(text).not.toMatch(/NaN|Infinity|undefined/);
          const share = /\((\d+)%\)/.exec(text)?.[1];
          if (share !== undefined) expect(Number(share)).toBeLessThanOrEqual(100);
          expect(text).toContain(`${rows.toLocaleString('en-US')} rows`);
        },
      ),
      fcOptions(),
    );
  });
});
