/**
 * The NDJSON row reader behind parseEventsNdjson and parseEventsNdjsonChunks: one JSON object per line
 * (LF or CRLF), read with JSON.parse, fields found by property name.
 */
import { fail, options as checkOptions, own, record, type Ctx } from '../core/_validate.js';
import { commonConfig, type CommonConfig, RowReader } from './_parseEventsCore.js';
import { AMOUNT_FORMAT, AMOUNT_RANGE, amountRule, minorUnits, TimestampReader } from './_cellReaders.js';
import { ColumnSink } from './_columnSink.js';

interface NdjsonConfig extends CommonConfig {
  /** Property names to try, per field; null: the field is not read (no such column). */
  readonly fields: readonly [readonly string[], readonly string[], readonly string[] | null, readonly string[] | null];
}

const KEYS = ['customerId', 'timestamp', 'event', 'amount'] as const;
const DEFAULT_NAMES: readonly (readonly string[])[] = [['customer_id', 'customerId'], ['timestamp'], ['event', 'kind'], ['amount']];

/** Checks the options of the NDJSON parsers. */
export function ndjsonConfig(ctx: Ctx, value: unknown, chunked: boolean): NdjsonConfig {
  const allowed = ['fields', 'timeZone', 'amountDecimals', 'onInvalid', ...(chunked ? ['chunkRows', 'signal', 'onProgress'] : [])];
  const opts = checkOptions(ctx, value, allowed);
  const rawFields = own(opts, 'fields');
  const mapping = rawFields === undefined ? {} : record(ctx, 'options.fields', rawFields, [...KEYS]);
  const fields = KEYS.map((key, k) => {
    const spec = own(mapping, key);
    if (spec === undefined) return DEFAULT_NAMES[k];
    if (spec === null && k >= 2) return null;
    if (typeof spec === 'string') return [spec];
    return fail(ctx, `options.fields.${key}`, `a property name${k >= 2 ? ' or null' : ''}`, spec);
  }) as unknown as NdjsonConfig['fields'];
  return { ...commonConfig(ctx, opts, chunked), fields };
}

function pick(row: object, names: readonly string[]): unknown {
  for (const name of names) if (Object.hasOwn(row, name)) return own(row, name);
  return undefined;
}

/** Reads NDJSON text into columns, one chunk at a time. */
export class NdjsonReader extends RowReader {
  protected sink: ColumnSink;
  readonly #fields: NdjsonConfig['fields'];
  readonly #times: TimestampReader;

  constructor(ctx: Ctx, config: NdjsonConfig) {
    super(ctx, config);
    this.#fields = config.fields;
    this.#times = new TimestampReader(config.timeZone);
    this.sink = new ColumnSink(ctx, config, config.fields[2] !== null, config.fields[3] !== null);
  }

  protected parseBuffer(final: boolean): boolean {
    const b = this.buffer;
    for (;;) {
      if (this.full(this.sink)) return true;
      const start = this.pos;
      if (start >= b.length) return false;
      const nl = b.indexOf('\n', start);
      if (nl === -1 && !final) return false;
      const end = nl === -1 ? b.length : nl;
      this.pos = end + 1;
      const line = b.slice(start, end > start && b.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (line.trim() === '') this.emptyLine();
      else this.#row(line);
    }
  }

  #row(line: string): void {
    const sink = this.sink;
    this.flushEmpty(sink, 'a JSON object');
    const index = this.index++;
    const at = `rows[${index}]`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      return sink.bad(at, 'a JSON object', line, index);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return sink.bad(at, 'a JSON object', line, index);
    const [idNames, timeNames, eventNames, amountNames] = this.#fields;
    const rawId = pick(row, idNames);
    const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? String(rawId) : rawId;
    if (typeof id !== 'string' || id === '') return sink.bad(`${at}.customerId`, 'a non-empty string or a safe integer', rawId, index);
    const rawTime = pick(row, timeNames);
    const time = typeof rawTime === 'string' ? this.#times.read(rawTime) : typeof rawTime === 'number' ? this.#times.epoch(rawTime) : undefined;
    if (time === undefined) return sink.bad(`${at}.timestamp`, 'an ISO-8601 timestamp (read in options.timeZone when it has no offset) or epoch milliseconds', rawTime, index);
    const rawEvent = eventNames === null ? undefined : pick(row, eventNames);
    const event = rawEvent === undefined || rawEvent === null ? 'purchase' : rawEvent;
    if (typeof event !== 'string' || event === '') return sink.bad(`${at}.event`, 'a non-empty string', rawEvent, index);
    const rawAmount = amountNames === null ? undefined : pick(row, amountNames);
    let amount = 0;
    if (rawAmount !== undefined && rawAmount !== null) {
      const decimals = this.config.amountDecimals;
      amount = (typeof rawAmount === 'number' || typeof rawAmount === 'string') && rawAmount !== '' ? minorUnits(String(rawAmount), decimals) : AMOUNT_FORMAT;
      if (!Number.isFinite(amount)) return sink.bad(`${at}.amount`, amount === AMOUNT_RANGE ? 'at most 9007199254740991 minor units' : amountRule(decimals), rawAmount, index);
    }
    sink.push(sink.idNumber(id), time, sink.eventNumber(event), amount);
  }
}
