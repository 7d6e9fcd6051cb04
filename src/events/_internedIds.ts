/**
 * Customer ids interned while a file is parsed. The parsers hash each id cell straight from the text and
 * make a string only for an id not seen before, so the `customerId` column holds one shared string per
 * customer, not one per row. They attach the row -> distinct-id index to the columns under a private
 * symbol, and `CohortBuilder.addColumns` uses it to skip the per-row hash lookup and string checks (a
 * builder that has no customers yet even adopts the interner, so its customer numbers are the parse's).
 *
 * The string columns (`customerId`, `event`) are made from the numbers when first read (an accessor of
 * the frozen columns object), so a builder fed straight from a parser never makes them; the index is
 * tied to the accessor, which a frozen object cannot swap, so it cannot go stale.
 */

/** Private key of the interned index on parsed columns (not enumerable, not part of the API). */
export const INTERNED_IDS: unique symbol = Symbol('loyalty-metrics/interned-ids');

/**
 * The distinct ids (in first-seen order, shared by every chunk of one parse) and, per row, its id's
 * position, for the `customerId` column whose accessor is `customerId`.
 */
export interface InternedIds {
  /** The accessor of the columns' `customerId` (its identity ties this index to those columns). */
  readonly customerId: () => readonly string[];
  /** The parse's interner: `interner.ids[index[i]]` is `customerId[i]`. */
  readonly interner: IdInterner;
  readonly index: Int32Array;
  /** The `event` column, likewise: `names[index[i]]` is `event[i]`. */
  readonly events: { readonly event: () => readonly string[]; readonly names: readonly string[]; readonly index: Int32Array } | undefined;
}

/** The interned index of columns made by a parser (still holding the parser's `customerId`), if any. */
export function internedIdsOf(columns: object): InternedIds | undefined {
  const interned = (columns as { [INTERNED_IDS]?: InternedIds })[INTERNED_IDS];
  if (interned === undefined || !Object.isFrozen(columns)) return undefined;
  return Object.getOwnPropertyDescriptor(columns, 'customerId')?.get === interned.customerId ? interned : undefined;
}

/** Whether `columns` still holds the parser's `event` column of `interned`. */
export function hasInternedEvents(columns: object, interned: InternedIds): boolean {
  return interned.events !== undefined && Object.getOwnPropertyDescriptor(columns, 'event')?.get === interned.events.event;
}

/** A column of strings made on first read from names and per-row numbers, then kept (frozen). */
export function lazyStrings(names: readonly string[], index: Int32Array): () => readonly string[] {
  let strings: readonly string[] | undefined;
  return () => {
    if (strings === undefined) {
      const made = new Array<string>(index.length);
      for (let i = 0; i < index.length; i++) made[i] = names[index[i] as number] as string;
      strings = Object.freeze(made);
    }
    return strings;
  };
}

/**
 * An open-addressing table from id text to its position in `ids`. Each slot holds [position + 1, length
 * (-length - 1 for a wide id), chars 0-3, chars 4-7]: an id of at most 8 chars below U+0100 (most ids) is compared within its slot,
 * one cache line, without reading the stored string; longer ids are compared with it.
 */
export class IdInterner {
  readonly ids: string[] = [];
  #slots = new Int32Array(SLOT * 1024);
  #mask = 1023;

  /** Position of the id `text[from .. to)`; the substring is made only for a new id. */
  internSpan(text: string, from: number, to: number): number {
    const length = to - from;
    // Pack up to 8 chars (8 bits each) into two words while hashing; `wide` marks an id that does not fit.
    let w0 = 0;
    let w1 = 0;
    let wide = length > 8;
    if (!wide) {
      for (let k = 0; k < length; k++) {
        const c = text.charCodeAt(from + k);
        if (c > 255) wide = true;
        if (k < 4) w0 |= c << (8 * k);
        else w1 |= c << (8 * (k - 4));
      }
    }
    return wide ? this.#internWide(text, from, to) : this.internWords(text, from, to, w0, w1);
  }

  /** A wide id (over 8 chars, or a char above 255): hashed from its text, compared char by char. */
  #internWide(text: string, from: number, to: number): number {
    const h = hashOfText(text, from, to);
    const found = this.#probeWide(h, text, undefined, from, to - from);
    // The slot's length field is -length - 1 for a wide id, so the rehash knows which hash it has.
    return found >= 0 ? found : this.#add(text.slice(from, to), h, -1 - found, -(to - from) - 1, 0, 0);
  }

  /**
   * The position of a wide id held in `text` or in ASCII `bytes` at `from` (`length` units), whose hash is
   * `h`; or -1 - the free slot where it would go.
   */
  #probeWide(h: number, text: string | undefined, bytes: Uint8Array | undefined, from: number, length: number): number {
    const tag = -length - 1;
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = h & mask;
    for (;;) {
      const at = SLOT * slot;
      const entry = slots[at] as number;
      if (entry === 0) return -1 - slot;
      if (slots[at + 1] === tag) {
        const id = this.ids[entry - 1] as string;
        if (text !== undefined ? sameText(id, text, from, length) : sameBytes(id, bytes as Uint8Array, from, length)) return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * A narrow id (at most 8 chars, each below 256) whose chars are packed into two words, w0 chars 0-3 and
   * w1 chars 4-7, 8 bits each (the CSV reader packs them while it reads the cell). Narrow ids hash from
   * these words alone, so that a rehash never reads the strings.
   */
  internWords(text: string, from: number, to: number, w0: number, w1: number): number {
    const found = this.#probeWords(to - from, w0, w1);
    return found >= 0 ? found : this.#add(text.slice(from, to), hashOfWords(to - from, w0, w1), -1 - found, to - from, w0, w1);
  }

  /** `internWords` for an id read from ASCII bytes (its string is made only when new). */
  internWordsOfBytes(bytes: Uint8Array, from: number, to: number, w0: number, w1: number): number {
    const found = this.#probeWords(to - from, w0, w1);
    return found >= 0 ? found : this.#add(asciiText(bytes, from, to), hashOfWords(to - from, w0, w1), -1 - found, to - from, w0, w1);
  }

  /** The position of a narrow id, or -1 - the free slot where it would go. */
  #probeWords(length: number, w0: number, w1: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = hashOfWords(length, w0, w1) & mask;
    for (;;) {
      const at = SLOT * slot;
      const entry = slots[at] as number;
      if (entry === 0) return -1 - slot;
      if (slots[at + 1] === length && slots[at + 2] === w0 && slots[at + 3] === w1) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** `#internWide` for an id of more than 8 ASCII bytes: the same hash and slot as its text would have. */
  internWideOfBytes(bytes: Uint8Array, from: number, to: number): number {
    let h = Math.imul(to - from, 0x9e3779b1);
    for (let i = from; i < to; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    h ^= h >>> 15;
    const found = this.#probeWide(h, undefined, bytes, from, to - from);
    return found >= 0 ? found : this.#add(asciiText(bytes, from, to), h, -1 - found, -(to - from) - 1, 0, 0);
  }

  /** Position of an id given as a string (quoted CSV cells, NDJSON values, records). */
  intern(id: string): number {
    return this.internSpan(id, 0, id.length);
  }

  #add(id: string, h: number, free: number, tag: number, w0: number, w1: number): number {
    const j = this.ids.length;
    this.ids.push(id);
    let slot = free;
    if ((j + 1) * 2 > this.#mask + 1) {
      this.#rehash();
      slot = h & this.#mask;
      while (this.#slots[SLOT * slot] !== 0) slot = (slot + 1) & this.#mask;
    }
    const at = SLOT * slot;
    this.#slots[at] = j + 1;
    this.#slots[at + 1] = tag;
    this.#slots[at + 2] = w0;
    this.#slots[at + 3] = w1;
    return j;
  }

  /** Doubles the table. */
  #rehash(): void {
    const old = this.#slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / SLOT - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      const entry = old[at] as number;
      if (entry === 0) continue;
      const tag = old[at + 1] as number;
      const h = tag >= 0 ? hashOfWords(tag, old[at + 2] as number, old[at + 3] as number) : hashOfText(this.ids[entry - 1] as string, 0, -tag - 1);
      let slot = h & mask;
      while (slots[SLOT * slot] !== 0) slot = (slot + 1) & mask;
      for (let k = 0; k < SLOT; k++) slots[SLOT * slot + k] = old[at + k] as number;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/** Numbers per slot: position + 1, length, chars 0-3, chars 4-7. */
const SLOT = 4;

function hashOfText(text: string, from: number, to: number): number {
  let h = Math.imul(to - from, 0x9e3779b1);
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

function hashOfWords(length: number, w0: number, w1: number): number {
  let h = Math.imul(w0 ^ Math.imul(length, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ w1, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameBytes(id: string, bytes: Uint8Array, from: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (id.charCodeAt(k) !== bytes[from + k]) return false;
  return true;
}

/** The text of ASCII bytes (each byte below 0x80 is the char of that code). */
export function asciiText(bytes: Uint8Array, from: number, to: number): string {
  // Most ids and names: one call with a fixed number of arguments (bytes past `to` are cut off).
  const b = bytes;
  const f = from;
  if (to - f <= 8) return String.fromCharCode(b[f] ?? 0, b[f + 1] ?? 0, b[f + 2] ?? 0, b[f + 3] ?? 0, b[f + 4] ?? 0, b[f + 5] ?? 0, b[f + 6] ?? 0, b[f + 7] ?? 0).slice(0, to - f);
  let text = '';
  // In pieces: an argument list has a length limit.
  for (let at = from; at < to; at += 4096) text += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(to, at + 4096)) as unknown as number[]);
  return text;
}

function sameText(id: string, text: string, from: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (id.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}
