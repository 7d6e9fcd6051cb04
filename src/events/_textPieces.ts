/**
 * The streaming UTF-8 decoder of the event-file parsers: text pieces from strings or bytes.
 */
import { fail, type Ctx } from '../core/_validate.js';

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { readonly stream?: boolean }): string;
}
type TextDecoderConstructor = new (label?: string, options?: { readonly fatal?: boolean; readonly ignoreBOM?: boolean }) => TextDecoderLike;

/** Text pieces from strings or UTF-8 bytes (multi-byte sequences may straddle pieces); strips one leading BOM. */
export class TextPieces {
  #decoder: TextDecoderLike | undefined;
  /** The bytes of an unfinished character at the end of the last piece (one-shot decoding). */
  #carry: Uint8Array = EMPTY_BYTES;
  #started = false;

  constructor(private readonly ctx: Ctx) {}

  /** The text of one piece; `undefined` flushes the decoder at the end of the input. */
  next(piece: string | Uint8Array | undefined, field: string): string {
    let text: string;
    if (typeof piece === 'string') text = this.#flush(field) + piece;
    else if (piece instanceof Uint8Array) text = this.#decode(piece, field);
    else if (piece === undefined) text = this.#flush(field);
    else fail(this.ctx, field, 'a string or a Uint8Array', piece);
    if (!this.#started && text !== '') {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  /**
   * Decodes a piece. Streaming decoders are several times slower than one-shot ones, so a piece is decoded
   * one-shot up to its last complete character, and a valid but unfinished character at its end (at most
   * 3 bytes) is carried to the next piece. Anything else (invalid bytes) is decoded by a streaming decoder
   * fed exactly what it would have seen, so that errors are the same.
   */
  #decode(piece: Uint8Array, field: string): string {
    if (this.#decoder === undefined) {
      const carried = this.#carry;
      const bytes = carried.length === 0 ? piece : concatBytes(carried, piece);
      const cut = bytes.length - unfinishedTail(bytes);
      try {
        const text = oneShotDecoder().decode(bytes.subarray(0, cut));
        this.#carry = bytes.slice(cut);
        return text;
      } catch {
        // Replay through a streaming decoder for its exact behaviour.
        this.#carry = EMPTY_BYTES;
        this.#decoder = newDecoder();
        if (carried.length > 0) this.#decoder.decode(carried, { stream: true });
      }
    }
    try {
      return this.#decoder.decode(piece, { stream: true });
    } catch {
      this.#decoder = undefined;
      return fail(this.ctx, field, 'valid UTF-8 text', piece);
    }
  }

  #flush(field: string): string {
    if (this.#carry.length > 0) {
      this.#carry = EMPTY_BYTES;
      return fail(this.ctx, field, 'valid UTF-8 text (it ends inside a multi-byte character)', 'a truncated UTF-8 sequence');
    }
    if (this.#decoder === undefined) return '';
    try {
      return this.#decoder.decode();
    } catch {
      return fail(this.ctx, field, 'valid UTF-8 text (it ends inside a multi-byte character)', 'a truncated UTF-8 sequence');
    } finally {
      this.#decoder = undefined;
    }
  }
}

const EMPTY_BYTES = new Uint8Array(0);
let sharedDecoder: TextDecoderLike | undefined;

function newDecoder(): TextDecoderLike {
  const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderConstructor }).TextDecoder;
  return new Decoder('utf-8', { fatal: true, ignoreBOM: true });
}

/** A fatal UTF-8 decoder for whole texts (stateless between calls without `stream`). */
function oneShotDecoder(): TextDecoderLike {
  sharedDecoder ??= newDecoder();
  return sharedDecoder;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(a.length + b.length);
  bytes.set(a);
  bytes.set(b, a.length);
  return bytes;
}

/**
 * The number of bytes (0 to 3) at the end of `bytes` that begin a UTF-8 character validly but do not
 * finish it (WHATWG bounds: E0 A0-BF, ED 80-9F, F0 90-BF, F4 80-8F), which a streaming decoder would hold
 * back without an error; 0 when the end is complete or invalid (the decoder then judges).
 */
function unfinishedTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let have = 1; have <= 3 && have <= n; have++) {
    const lead = bytes[n - have] as number;
    if (lead >= 0x80 && lead <= 0xbf) continue;
    const need = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (need <= have) return 0;
    if (have >= 2) {
      const second = bytes[n - have + 1] as number;
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      if (second < low || second > high) return 0;
    }
    // A third byte (have === 3) is a plain continuation byte, checked by the loop above.
    return have;
  }
  return 0;
}
