import { fail, own, type Ctx } from './_validate.js';

/**
 * What the library reads of an `AbortSignal` (the DOM's and Node's, or any object of this shape): whether
 * it is aborted, and why. Structural, so no DOM or Node types are needed to use it.
 * @category core
 */
export interface AbortSignalLike {
  /** True once the work should stop. */
  readonly aborted: boolean;
  /** Why (an `AbortError` DOMException for `controller.abort()`); thrown as it is when the work stops. */
  readonly reason?: unknown;
}

/**
 * Where a long read stands, passed to an `onProgress` callback after each piece of input.
 * @category core
 */
export interface ReadProgress {
  /** Input read so far: bytes of byte pieces plus UTF-16 code units of text pieces (0 for addAllAsync, which reads records). */
  readonly bytesRead: number;
  /** Rows in the chunks yielded so far, valid or not (records added so far, for addAllAsync). */
  readonly rowsRead: number;
  /** Chunks yielded so far (pages of records, for addAllAsync). */
  readonly chunks: number;
}

/**
 * Options of work that reads a stream: stop it with an `AbortSignal`, follow it with `onProgress`.
 * @category core
 */
export interface LongWorkOptions {
  /** Checked before each piece of input: once aborted, the work stops by throwing `signal.reason`. */
  readonly signal?: AbortSignalLike;
  /** Called after each piece of input with where the work stands (keep it cheap: it runs on the reading path). */
  readonly onProgress?: (progress: ReadProgress) => void;
}

export const LONG_WORK_KEYS = ['signal', 'onProgress'] as const;

/** The signal and progress callback of an options object, checked. */
export function readLongWork(ctx: Ctx, options: object | undefined): LongWorkOptions {
  if (options === undefined) return {};
  const signal = own(options, 'signal');
  const onProgress = own(options, 'onProgress');
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof (signal as { aborted?: unknown }).aborted !== 'boolean')) {
    fail(ctx, 'options.signal', 'an AbortSignal (an object with a boolean aborted)', signal);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') fail(ctx, 'options.onProgress', 'a function', onProgress);
  return { ...(signal === undefined ? {} : { signal: signal as AbortSignalLike }), ...(onProgress === undefined ? {} : { onProgress: onProgress as LongWorkOptions['onProgress'] & object }) };
}

/** Throws the signal's reason once it is aborted (an Error naming the abort when it gave none). */
export function stopIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted !== true) return;
  throw signal.reason ?? new Error('The operation was aborted');
}
