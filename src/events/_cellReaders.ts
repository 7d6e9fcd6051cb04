/**
 * The exact amount reader and the fast timestamp reader of the event-file parsers.
 */
import { toEpochMs } from '../core/_time.js';
import { IsoReader, parseZuluBytes } from './_isoTimestamp.js';

const TEN_POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Why an amount text was refused: a bad format (or decimals), or a magnitude past 2^53 - 1. Not finite,
 * so that every finite result of {@link minorUnits} (negative for a refund) is an amount.
 */
export const AMOUNT_FORMAT = Number.POSITIVE_INFINITY;
export const AMOUNT_RANGE = Number.NEGATIVE_INFINITY;

export function amountRule(decimals: number): string {
  return `a decimal number (negative for a refund) with at most ${decimals} decimal place${decimals === 1 ? '' : 's'} (no exponent, no spaces)`;
}

/**
 * The exact amount in minor units of a decimal text ('202.82' with 2 decimals is 20282, '-5' is -500: a
 * refund), by digits alone; or AMOUNT_FORMAT / AMOUNT_RANGE (test with Number.isFinite). An empty text
 * is 0, and so is '-0'. Digits past `decimals` must be zeros.
 */
export function minorUnits(text: string, decimals: number, from = 0, to = text.length): number {
  const n = to;
  if (n === from) return 0;
  let i = from;
  let negative = false;
  const first = text.charCodeAt(from);
  if (first === 43 || first === 45) {
    negative = first === 45;
    i = from + 1;
  }
  let value = 0;
  let digits = 0;
  let fraction = -1; // digits read after the point, -1 before it
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (fraction !== -1) return AMOUNT_FORMAT;
      fraction = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return AMOUNT_FORMAT;
    digits++;
    if (fraction !== -1) {
      if (fraction === decimals) {
        if (d !== 0) return AMOUNT_FORMAT;
        continue;
      }
      fraction++;
    }
    value = value * 10 + d;
  }
  if (digits === 0) return AMOUNT_FORMAT;
  const minor = value * (TEN_POWERS[decimals - Math.max(fraction, 0)] as number);
  if (!Number.isSafeInteger(minor)) return AMOUNT_RANGE;
  return negative && minor !== 0 ? -minor : minor + 0;
}

/**
 * Epoch ms of a timestamp text: the common machine forms (`2023-01-01T04:52:52Z`, with milliseconds or an
 * offset) are read digit by digit in place; anything else goes through toEpochMs in the zone.
 */
export class TimestampReader {
  readonly #fast: IsoReader;

  constructor(private readonly timeZone: string) {
    this.#fast = new IsoReader(timeZone === 'UTC');
  }

  /** Epoch milliseconds given as a number: finite and inside the ECMAScript time range. */
  epoch(ms: number): number | undefined {
    return toEpochMs(ms, this.timeZone);
  }

  /** Epoch ms of `text`, or of its part from `from` to `to`; undefined when it is not a timestamp. */
  read(text: string, from = 0, to = text.length): number | undefined {
    return this.parse(text, from, to) ? this.value : undefined;
  }

  /** The instant of the last successful `parse`. */
  value = 0;

  /** The common form `YYYY-MM-DDTHH:MM:SSZ` in 20 ASCII bytes at `at`, into `value`; false for anything else (read it as text). */
  parseZuluBytes(bytes: Uint8Array, at: number): boolean {
    const fast = this.#fast;
    if (!parseZuluBytes(fast, bytes, at)) return false;
    this.value = fast.value;
    return true;
  }

  /** Reads `text[from .. to)` into `value`; false when it is not a timestamp (no float is boxed per call). */
  parse(text: string, from: number, to: number): boolean {
    const fast = this.#fast;
    if (fast.parse(text, from, to)) {
      this.value = fast.value;
      return true;
    }
    const ms = toEpochMs(text.slice(from, to), this.timeZone);
    if (ms === undefined) return false;
    this.value = ms;
    return true;
  }
}
