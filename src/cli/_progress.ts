/**
 * The progress line on stderr while a file is read: bytes read of the total, rows, rows per second and the
 * time left, redrawn in place (`\r`) at most ten times a second, only when stderr is a terminal and
 * `--quiet` is not given. The line itself is a pure function of where the read stands
 * ({@link formatProgress}), so it is tested without a terminal or a clock.
 */

/** Where a read stands, as the progress line shows it. */
export interface ProgressState {
  /** Bytes read so far. */
  readonly bytesRead: number;
  /** Size of the whole input in bytes, when known (a file; not stdin). */
  readonly totalBytes: number | undefined;
  /** Rows read so far. */
  readonly rows: number;
  /** Milliseconds since the read began. */
  readonly elapsedMs: number;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** `1.5 MB`: bytes in decimal units, three significant digits. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toPrecision(3)} ${UNITS[unit]}`;
}

/** `1:05` (m:ss) or `2:03:04` (h:mm:ss) of a duration in milliseconds, rounded up to the second. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * The progress line: `12.3 MB of 45.6 MB (27%) · 1,234,567 rows · 812,345 rows/s · ETA 0:04`. The total,
 * the share and the ETA only when the size is known; the rate and the ETA once some time has passed and
 * some bytes were read (never NaN or Infinity).
 */
export function formatProgress(state: ProgressState): string {
  const { bytesRead, totalBytes, rows, elapsedMs } = state;
  const known = totalBytes !== undefined && totalBytes > 0;
  const share = known ? Math.min(100, Math.floor((bytesRead / totalBytes) * 100)) : undefined;
  const parts = [known ? `${formatBytes(bytesRead)} of ${formatBytes(totalBytes)} (${share}%)` : `${formatBytes(bytesRead)} read`, `${grouped(rows)} rows`];
  if (elapsedMs > 0) parts.push(`${grouped((rows / elapsedMs) * 1000)} rows/s`);
  if (known && elapsedMs > 0 && bytesRead > 0) {
    const left = Math.max(0, totalBytes - bytesRead);
    parts.push(`ETA ${formatDuration((left / bytesRead) * elapsedMs)}`);
  }
  return parts.join(' · ');
}

/** Where the progress line goes: stderr, or a stand-in in tests. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Shows a read's progress on a terminal; does nothing when `enabled` is false. */
export class ProgressLine {
  readonly #sink: ProgressSink;
  readonly #enabled: boolean;
  readonly #totalBytes: number | undefined;
  readonly #start: number;
  readonly #now: () => number;
  #last = -Infinity;
  #shown = false;

  constructor(sink: ProgressSink, options: { readonly enabled: boolean; readonly totalBytes: number | undefined; readonly now?: () => number }) {
    this.#sink = sink;
    this.#enabled = options.enabled;
    this.#totalBytes = options.totalBytes;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
  }

  /** Redraws the line, at most every 100 ms. */
  update(bytesRead: number, rows: number): void {
    if (!this.#enabled) return;
    const now = this.#now();
    if (now - this.#last < 100) return;
    this.#last = now;
    this.#shown = true;
    this.#sink.write(`\r${formatProgress({ bytesRead, totalBytes: this.#totalBytes, rows, elapsedMs: now - this.#start })}\u001b[K`);
  }

  /** Clears the line (the output and the notes that follow start on a clean line). */
  done(): void {
    if (this.#shown) this.#sink.write('\r\u001b[K');
    this.#shown = false;
  }
}
