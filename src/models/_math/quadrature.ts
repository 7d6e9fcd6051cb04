/**
 * Adaptive Gauss–Kronrod quadrature (the 7-point Gauss / 15-point Kronrod pair of QUADPACK's QK15,
 * Piessens et al. 1983), for smooth integrands on a finite interval: the interval with the largest error
 * estimate is bisected until the total estimated error is below the tolerance. Several integrands that
 * share the nodes (a function and its parameter derivatives) are integrated in one pass; the error is
 * controlled on the first.
 *
 * Like every sampling rule it cannot see a spike that falls between the nodes of the first panels (the
 * nodes never touch a panel's ends): a caller whose integrand peaks sharply must pass break points that
 * resolve the peak, e.g. {@link breaksAround} with the peak's width.
 */

/** Kronrod nodes on [0, 1] (the odd-indexed ones are the 7-point Gauss nodes), from QUADPACK. */
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961, 0.207784955007898467600689403773245, 0,
];
/** Kronrod weights, matching XGK. */
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.16900472663926790282658342659855, 0.190350578064785409913256402421014, 0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
/** Gauss weights of the nodes XGK[1], XGK[3], XGK[5], XGK[7]. */
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/** Writes the values of the integrands at x into `out` (length = components). */
export type Integrands = (x: number, out: Float64Array) => void;

export interface QuadratureOptions {
  /**
   * Stop when the estimated absolute error of the first integral is below relativeTolerance × |value|,
   * or below the rounding floor 50 ε Σ|panel values| (an integrand computed to a few ulps cannot do better).
   */
  readonly relativeTolerance: number;
  /** At most this many subintervals. */
  readonly maxIntervals: number;
}

const DEFAULTS: QuadratureOptions = { relativeTolerance: 1e-13, maxIntervals: 500 };
const ROUNDING_FLOOR = 50 * Number.EPSILON;

interface Panel {
  readonly lo: number;
  readonly hi: number;
  readonly values: Float64Array;
  readonly error: number;
}

function panel(f: Integrands, components: number, lo: number, hi: number, scratch: Float64Array): Panel {
  const half = (hi - lo) / 2;
  const centre = (hi + lo) / 2;
  const kronrod = new Float64Array(components);
  f(centre, scratch);
  let gauss0 = (WG[3] as number) * (scratch[0] as number);
  for (let c = 0; c < components; c++) kronrod[c] = (WGK[7] as number) * (scratch[c] as number);
  for (let j = 0; j < 7; j++) {
    const dx = half * (XGK[j] as number);
    const w = WGK[j] as number;
    f(centre - dx, scratch);
    const left0 = scratch[0] as number;
    for (let c = 0; c < components; c++) kronrod[c] = (kronrod[c] as number) + w * (scratch[c] as number);
    f(centre + dx, scratch);
    const right0 = scratch[0] as number;
    for (let c = 0; c < components; c++) kronrod[c] = (kronrod[c] as number) + w * (scratch[c] as number);
    if (j % 2 === 1) gauss0 += (WG[(j - 1) / 2] as number) * (left0 + right0);
  }
  for (let c = 0; c < components; c++) kronrod[c] = (kronrod[c] as number) * half;
  // QUADPACK's error estimate is (200 |K − G|)^1.5 scaled; the plain |K − G| is larger for smooth
  // integrands and simpler to reason about, and the tolerance here is tight anyway.
  return { lo, hi, values: kronrod, error: Math.abs((kronrod[0] as number) - gauss0 * half) };
}

/**
 * ∫_lo^hi of each integrand, from the points `breaks` (optional interior points where an integrand
 * peaks or bends, e.g. the mode). Returns the integrals (length = components).
 */
export function integrate(f: Integrands, components: number, lo: number, hi: number, breaks: readonly number[] = [], options: QuadratureOptions = DEFAULTS): Float64Array {
  const scratch = new Float64Array(components);
  const points = [lo, ...breaks.filter((p) => p > lo && p < hi).sort((a, b) => a - b), hi];
  const panels: Panel[] = [];
  for (let i = 0; i + 1 < points.length; i++) panels.push(panel(f, components, points[i] as number, points[i + 1] as number, scratch));
  for (;;) {
    let total = 0;
    let magnitude = 0;
    let error = 0;
    let worst = 0;
    for (let i = 0; i < panels.length; i++) {
      const p = panels[i] as Panel;
      total += p.values[0] as number;
      magnitude += Math.abs(p.values[0] as number);
      error += p.error;
      if (p.error > (panels[worst] as Panel).error) worst = i;
    }
    if (error <= options.relativeTolerance * Math.abs(total) || error <= ROUNDING_FLOOR * magnitude || panels.length >= options.maxIntervals) break;
    const split = panels[worst] as Panel;
    const middle = (split.lo + split.hi) / 2;
    if (!(middle > split.lo && middle < split.hi)) break;
    panels[worst] = panel(f, components, split.lo, middle, scratch);
    panels.push(panel(f, components, middle, split.hi, scratch));
  }
  const result = new Float64Array(components);
  for (const p of panels) for (let c = 0; c < components; c++) result[c] = (result[c] as number) + (p.values[c] as number);
  return result;
}

/**
 * Break points centre ± scale · 2^k (k = 0, 1, ...) inside (lo, hi): panels that start at the width of a
 * peak at `centre` and double away from it, so a peak of width `scale` is resolved however long the
 * interval is (at most about 2 · log2((hi − lo)/scale) points).
 */
export function breaksAround(centre: number, scale: number, lo: number, hi: number): number[] {
  const points: number[] = [];
  if (!(scale > 0) || !Number.isFinite(scale)) return points;
  if (centre > lo && centre < hi) points.push(centre);
  for (let step = scale; centre - step > lo; step *= 2) points.push(centre - step);
  for (let step = scale; centre + step < hi; step *= 2) points.push(centre + step);
  return points;
}
