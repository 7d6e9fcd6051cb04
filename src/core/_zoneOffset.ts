/**
 * UTC offsets of IANA zones: the one place the library asks the zone data, so every reader of wall clocks
 * (periods, labels, local-time parsing, RFM durations) agrees on the same whole-second offsets.
 */
import { tzOffset } from '@date-fns/tz/tzOffset';

/** The ECMAScript time range, ±8.64e15 ms. */
const MAX_EPOCH_MS = 8.64e15;

const MINUTE_MS = 60_000;

/**
 * UTC offset of the zone at an instant, in whole milliseconds (east positive; the zone data has whole
 * seconds, as in Monrovia's -00:44:30 until 1972); past the ends of the ECMAScript time range, the offset
 * at the end.
 */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  if (timeZone === 'UTC') return 0;
  const at = new Date(ms > MAX_EPOCH_MS ? MAX_EPOCH_MS : ms < -MAX_EPOCH_MS ? -MAX_EPOCH_MS : ms);
  const minutes = tzOffset(timeZone, at);
  // @date-fns/tz 1.5 reads 'GMT-00:44:30' as +44.5 minutes (the sign of '-00' is lost), so a reading
  // between 0 and +1 h is taken again from Intl's name; only old local mean times and Monrovia before
  // 1972 give one, so the common path stays tzOffset's cached one.
  // Upstream fix pending: https://github.com/date-fns/date-fns/pull/4279
  const exact = minutes > 0 && minutes < 60 ? offsetFromIntl(timeZone, at, minutes) : minutes * MINUTE_MS;
  return Math.round(exact) + 0;
}

/** The wall clock of an instant in a zone, as a Date whose UTC fields are the local ones. */
export function wallClock(ms: number, timeZone: string): Date {
  return new Date(ms + zoneOffsetMs(timeZone, ms));
}

const longOffsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The offset Intl names ('GMT', 'GMT-00:44:30', 'GMT+05:30'), in ms; `minutes` where the name is not of that form. */
function offsetFromIntl(timeZone: string, at: Date, minutes: number): number {
  let format = longOffsetFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    longOffsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
  if (m === null) return minutes * MINUTE_MS;
  if (m[1] === undefined) return 0;
  const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return (m[1] === '-' ? -seconds : seconds) * 1000;
}
