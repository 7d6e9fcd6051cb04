/**
 * Class brands that hold across copies of the library: a project that loads both the ESM and the CommonJS
 * build (or two versions side by side) has two `MetricError` classes, and `instanceof` must still answer
 * true for an error of the other copy, as the docs recommend `instanceof`.
 *
 * Each branded class carries the registered symbol `Symbol.for('loyalty-metrics.<Class>')` on its
 * prototype (non-enumerable, value `true`), and its `static [Symbol.hasInstance]` calls
 * {@link hasBrand}. What passes: an object whose prototype chain holds that property, that is an instance
 * of any copy of the class or of a subclass. What does not: a primitive, and an object that carries the
 * brand only as its own property (`{ [Symbol.for('loyalty-metrics.Rate')]: true }`, a JSON-shaped forgery).
 * An object built with `Object.create(X.prototype)` passes, exactly as with a plain `instanceof`; code that
 * reads an instance's private state checks that the instance is genuine (`#field in value`), never
 * `instanceof` alone.
 */

/** The registered brand symbol of a class, shared by every copy of the library in the process. */
export function brandSymbol(className: string): symbol {
  return Symbol.for(`loyalty-metrics.${className}`);
}

/** Puts the brand of `className` on a class's prototype (non-enumerable, not writable, value `true`). */
export function brandPrototype(prototype: object, className: string): void {
  Object.defineProperty(prototype, brandSymbol(className), { value: true });
}

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

/**
 * The answer of `value instanceof target` for a branded class `base`: for `base` itself, true for an
 * instance of any copy of it (the brand on the prototype chain); for a subclass of `base` (`target` is
 * not `base`), the ordinary prototype check, so user subclasses behave as usual. Never throws (a revoked
 * Proxy is not an instance).
 */
export function hasBrand(target: unknown, base: unknown, brand: symbol, value: unknown): boolean {
  try {
    if (ordinaryHasInstance.call(target, value)) return true;
    if (target !== base || (typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
    // Bounded: a Proxy's getPrototypeOf trap may return the Proxy itself, a chain with no end.
    let proto = Object.getPrototypeOf(value) as object | null;
    for (let depth = 0; proto !== null && depth < 10_000; depth += 1, proto = Object.getPrototypeOf(proto) as object | null) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, brand);
      if (descriptor !== undefined && descriptor.value === true) return true;
    }
    return false;
  } catch {
    return false;
  }
}
