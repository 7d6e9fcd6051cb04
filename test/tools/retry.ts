/**
 * Retries for steps that reach the network (an npm registry): one dropped connection should not fail a test
 * about something else.
 */

/** Blocks the thread for `ms` milliseconds (the package tests and tool installs are synchronous). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `once` up to `times` times, pausing 5 s, 10 s, … between tries, until it returns `undefined` (success).
 * Each failed try returns the text that says why; after the last, throws `what` with every try's text.
 */
export function tryTimes(times: number, what: string, once: () => string | undefined): void {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= times; attempt++) {
    const failure = once();
    if (failure === undefined) return;
    failures.push(`try ${attempt} of ${times}:\n${failure}`);
    if (attempt < times) sleepSync(5_000 * attempt);
  }
  throw new Error(`${what} failed ${times} times:\n${failures.join('\n\n')}`);
}
