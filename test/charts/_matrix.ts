/**
 * Shared parts of the frequency/recency matrix chart tests (frequencyRecencyChart, probabilityAliveChart):
 * generators of transaction-model fits and grids, a deep freeze for the "inputs untouched" checks, and the
 * root size of an SVG.
 */
import fc from 'fast-check';
import type { TransactionModelFit } from '../../src/index.js';

/** A value and everything in it frozen (a write would throw in strict mode). */
export function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFrozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** BG/NBD, MBG/NBD and Pareto/NBD fits with parameters over the range real data give (and beyond). */
export const fitArb: fc.Arbitrary<TransactionModelFit> = fc.oneof(
  fc.record({ model: fc.constantFrom('betaGeo', 'modifiedBetaGeo'), params: fc.record({ r: positive(0.05, 20), alpha: positive(0.1, 100), a: positive(0.05, 20), b: positive(0.05, 20) }) }),
  fc.record({ model: fc.constant('paretoNbd'), params: fc.record({ r: positive(0.05, 20), alpha: positive(0.1, 100), s: positive(0.05, 20), beta: positive(0.1, 100) }) }),
);

/** A grid: maxima and how much older than maxRecency the customers are (T = maxRecency + extraAge). */
export const gridArb = fc.record({ maxFrequency: fc.nat({ max: 30 }), maxRecency: fc.nat({ max: 40 }), extraAge: fc.oneof(fc.constant(0), positive(0, 20)) });

/** The integer width and height of an SVG's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const head = svg.slice(0, svg.indexOf('>'));
  const attribute = (name: string) => Number(head.match(new RegExp(`\\s${name}="(\\d+)"`))?.[1]);
  return { width: attribute('width'), height: attribute('height') };
}
