/**
 * Unconstrained minimisation by BFGS with a strong-Wolfe line search (Nocedal & Wright 2006, algorithms
 * 6.1, 3.5 and 3.6). The models minimise the negative log-likelihood over log-parameters, so every point
 * is admissible; a non-finite objective is treated as +Infinity and the line search backs off from it.
 */

/** Returns f(x); when `gradient` is given, also writes ∇f(x) into it. */
export type Objective = (x: Float64Array, gradient: Float64Array | undefined) => number;

export interface MinimizeOptions {
  readonly maxIterations: number;
  /** Converged when max |∂f/∂x_i| <= gradientTolerance × max(1, |f|). */
  readonly gradientTolerance: number;
  /**
   * Called after each iteration that moved (every one but a last whose line search failed), with the
   * iteration number (1-based), the new point x, f(x) and ∇f(x). Returning true stops the run there with
   * reason 'interrupted' (converged, reason 'gradient', when the gradient test already holds); what it
   * throws propagates.
   */
  readonly onIteration?: (iteration: number, x: Float64Array, value: number, gradient: Float64Array) => boolean;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** Why the iteration stopped, for the convergence error's hint. */
  readonly reason: 'gradient' | 'noProgress' | 'maxIterations' | 'lineSearch' | 'nonFinite' | 'interrupted';
}

const C1 = 1e-4;
/** Relative gain of the objective below which a stalled line search counts as converged. */
const DECREMENT = 1e-10;
const C2 = 0.9;

/** Minimises `objective` from `start`. */
export function minimize(objective: Objective, start: ArrayLike<number>, options: MinimizeOptions): MinimizeResult {
  const n = start.length;
  const counted = counting(objective);
  let x: Float64Array = Float64Array.from(start);
  let g: Float64Array = new Float64Array(n);
  let f = counted.call(x, g);
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) return done(x, f, g, 0, counted.count, false, 'nonFinite');
  const h = identity(n);
  let scaled = false;
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    if (gradientSmall(g, f, options.gradientTolerance)) return done(x, f, g, iteration - 1, counted.count, true, 'gradient');
    const direction = descent(h, g);
    const step = lineSearch(counted.call, x, f, g, direction);
    if (step === undefined) {
      // Near the optimum the objective's rounding noise defeats the Wolfe conditions; the gradient, or the
      // gain the quadratic model still promises (half the Newton decrement gᵀHg, scale-free, so it does not
      // depend on how flat a weakly identified direction is), says whether that is success. The threshold sits
      // far above the rounding noise of f, so the verdict does not flip between runtimes whose Math.exp and
      // Math.log differ in the last bit.
      const near = gradientSmall(g, f, options.gradientTolerance * 100) || newtonDecrement(h, g) / 2 <= DECREMENT * Math.max(1, Math.abs(f));
      return done(x, f, g, iteration, counted.count, near, near ? 'gradient' : 'lineSearch');
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (step.x[i] as number) - (x[i] as number);
      y[i] = (step.gradient[i] as number) - (g[i] as number);
    }
    const improvement = f - step.value;
    x = step.x;
    g = step.gradient;
    f = step.value;
    if (!scaled) {
      scaleIdentity(h, s, y);
      scaled = true;
    }
    updateInverseHessian(h, s, y);
    const stalled = improvement <= 1e-14 * Math.max(1, Math.abs(f)) && gradientSmall(g, f, options.gradientTolerance * 100);
    const interrupted = options.onIteration?.(iteration, x, f, g) === true;
    if (stalled) return done(x, f, g, iteration, counted.count, true, 'noProgress');
    if (interrupted) {
      const small = gradientSmall(g, f, options.gradientTolerance);
      return done(x, f, g, iteration, counted.count, small, small ? 'gradient' : 'interrupted');
    }
  }
  return done(x, f, g, options.maxIterations, counted.count, gradientSmall(g, f, options.gradientTolerance), 'maxIterations');
}

function counting(objective: Objective): { call: Objective; readonly count: number } {
  const state = {
    count: 0,
    call: (x: Float64Array, gradient: Float64Array | undefined): number => {
      state.count++;
      const value = objective(x, gradient);
      return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
    },
  };
  return state;
}

function done(x: Float64Array, value: number, gradient: Float64Array, iterations: number, evaluations: number, converged: boolean, reason: MinimizeResult['reason']): MinimizeResult {
  return { x, value, gradient, iterations, evaluations, converged, reason };
}

function gradientSmall(g: Float64Array, f: number, tolerance: number): boolean {
  const limit = tolerance * Math.max(1, Math.abs(f));
  for (let i = 0; i < g.length; i++) if (!(Math.abs(g[i] as number) <= limit)) return false;
  return true;
}

function identity(n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
}

function descent(h: readonly Float64Array[], g: Float64Array): Float64Array {
  const d = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) {
    let sum = 0;
    const row = h[i] as Float64Array;
    for (let j = 0; j < g.length; j++) sum -= (row[j] as number) * (g[j] as number);
    d[i] = sum;
  }
  // A non-descent direction (lost positive definiteness) falls back to steepest descent.
  if (dot(d, g) >= 0) for (let i = 0; i < g.length; i++) d[i] = -(g[i] as number);
  return d;
}

/** gᵀHg with H the inverse Hessian approximation: twice the decrease the quadratic model predicts. */
function newtonDecrement(h: readonly Float64Array[], g: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += (g[i] as number) * dot(h[i] as Float64Array, g);
  return Number.isFinite(sum) ? Math.abs(sum) : Number.POSITIVE_INFINITY;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Nocedal & Wright (6.20): scale the first inverse Hessian guess by yᵀs / yᵀy. */
function scaleIdentity(h: Float64Array[], s: Float64Array, y: Float64Array): void {
  const ys = dot(y, s);
  const yy = dot(y, y);
  if (!(ys > 0 && yy > 0)) return;
  const factor = ys / yy;
  for (let i = 0; i < h.length; i++) (h[i] as Float64Array)[i] = factor;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, skipped when the curvature yᵀs is not positive. */
function updateInverseHessian(h: Float64Array[], s: Float64Array, y: Float64Array): void {
  const ys = dot(y, s);
  if (!(ys > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s)))) return;
  const rho = 1 / ys;
  const n = s.length;
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) hy[i] = dot(h[i] as Float64Array, y);
  const yhy = dot(y, hy);
  for (let i = 0; i < n; i++) {
    const row = h[i] as Float64Array;
    for (let j = 0; j < n; j++) {
      row[j] = (row[j] as number) - rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number)) + (rho * rho * yhy + rho) * (s[i] as number) * (s[j] as number);
    }
  }
}

interface Point {
  readonly alpha: number;
  readonly value: number;
  readonly slope: number;
  readonly x: Float64Array;
  readonly gradient: Float64Array;
}

/** A step satisfying the strong Wolfe conditions along `d`, or undefined when none is found. */
function lineSearch(f: Objective, x: Float64Array, value: number, gradient: Float64Array, d: Float64Array): Point | undefined {
  const slope0 = dot(gradient, d);
  const evaluate = (alpha: number): Point => {
    const xi = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xi[i] = (x[i] as number) + alpha * (d[i] as number);
    const gi = new Float64Array(x.length);
    const v = f(xi, gi);
    const finite = Number.isFinite(v) && gi.every(Number.isFinite);
    return { alpha, value: finite ? v : Number.POSITIVE_INFINITY, slope: finite ? dot(gi, d) : Number.NaN, x: xi, gradient: gi };
  };
  let previous: Point = { alpha: 0, value, slope: slope0, x, gradient };
  let alpha = 1;
  for (let i = 0; i < 30; i++) {
    const current = evaluate(alpha);
    if (!Number.isFinite(current.value)) {
      alpha = (previous.alpha + alpha) / 2;
      if (alpha - previous.alpha < 1e-16) return undefined;
      continue;
    }
    if (current.value > value + C1 * alpha * slope0 || (i > 0 && current.value >= previous.value)) return zoom(evaluate, value, slope0, previous, current);
    if (Math.abs(current.slope) <= -C2 * slope0) return current;
    if (current.slope >= 0) return zoom(evaluate, value, slope0, current, previous);
    previous = current;
    alpha *= 2;
  }
  return undefined;
}

function zoom(evaluate: (alpha: number) => Point, value: number, slope0: number, low: Point, high: Point): Point | undefined {
  let lo = low;
  let hi = high;
  for (let i = 0; i < 40; i++) {
    const alpha = interpolate(lo, hi);
    const current = evaluate(alpha);
    if (!Number.isFinite(current.value) || current.value > value + C1 * alpha * slope0 || current.value >= lo.value) {
      hi = current;
    } else {
      if (Math.abs(current.slope) <= -C2 * slope0) return current;
      if (current.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
      lo = current;
    }
    if (Math.abs(hi.alpha - lo.alpha) < 1e-14 * Math.max(1, Math.abs(lo.alpha))) break;
  }
  // Accept a point that decreases the objective enough even if the curvature condition was not met.
  return lo.alpha > 0 && lo.value <= value + C1 * lo.alpha * slope0 ? lo : undefined;
}

/** The minimiser of the cubic through both ends, safeguarded into the middle of the bracket. */
function interpolate(a: Point, b: Point): number {
  const lower = Math.min(a.alpha, b.alpha);
  const width = Math.abs(b.alpha - a.alpha);
  if (Number.isFinite(b.value) && Number.isFinite(b.slope)) {
    const d1 = a.slope + b.slope - (3 * (a.value - b.value)) / (a.alpha - b.alpha);
    const disc = d1 * d1 - a.slope * b.slope;
    if (disc >= 0) {
      const d2 = Math.sign(b.alpha - a.alpha) * Math.sqrt(disc);
      const alpha = b.alpha - (b.alpha - a.alpha) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2));
      if (Number.isFinite(alpha) && alpha > lower + 0.1 * width && alpha < lower + 0.9 * width) return alpha;
    }
  }
  return (a.alpha + b.alpha) / 2;
}
