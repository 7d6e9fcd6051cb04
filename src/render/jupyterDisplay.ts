import type { cohortTableToHtml } from './cohortTableToHtml.js';
import type { cohortTableToText } from './cohortTableToText.js';

/**
 * The key of the method that Jupyter kernels for JavaScript and TypeScript (Deno's `deno jupyter`) call
 * to show a value: `Symbol.for('Jupyter.display')`. An object with a `[jupyterDisplay]()` method returning a
 * MIME bundle such as `{ 'text/html': ..., 'text/plain': ... }` is displayed as rich output when it is
 * the last value of a cell. {@link CohortTable} has such a method, so a table shows as an HTML heatmap.
 *
 * It is a registered symbol, so it is the same value in every copy of the library and in the kernel. It
 * is exported as a constant (typed `unique symbol`) so that methods keyed by it appear in the type
 * declarations; use it to give your own objects a rich display.
 *
 * @example
 * ```ts
 * import { jupyterDisplay } from 'loyalty-metrics';
 * jupyterDisplay === Symbol.for('Jupyter.display') //=> true
 * const badge = { [jupyterDisplay]: () => ({ 'text/plain': 'ok' }) };
 * badge[jupyterDisplay]()['text/plain'] //=> 'ok'
 * ```
 * @category render
 */
export const jupyterDisplay: unique symbol = Symbol.for('Jupyter.display');

/**
 * The MIME bundle a {@link CohortTable} returns from its `[jupyterDisplay]()` method: the kernel shows the
 * richest type the front end supports.
 * @category render
 */
export interface JupyterDisplayData {
  /** The table as a self-contained HTML heatmap ({@link cohortTableToHtml}). */
  readonly 'text/html': string;
  /** The table as aligned text ({@link cohortTableToText}), for consoles and plain front ends. */
  readonly 'text/plain': string;
}
