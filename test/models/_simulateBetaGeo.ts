/**
 * Test and benchmark helper: customers simulated from the BG/NBD (or MBG/NBD) process with a seeded PRNG,
 * so that fits on large synthetic summaries are reproducible. Not part of the published code.
 */

/** sfc32: a small, fast, seeded 32-bit PRNG (Chris Doty-Humphrey's PractRand suite). */
export function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

function normal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), boosted for shape < 1. */
export function gamma(random: () => number, shape: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = random();
    return gamma(random, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export interface SimulatedSummary {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
}

export interface SimulationOptions {
  readonly customers: number;
  readonly params: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  readonly seed: number;
  /** Customers' T drawn uniformly from [minT, maxT]. */
  readonly minT: number;
  readonly maxT: number;
  /** Round times down to multiples of this grain (e.g. 1/7 for days in weeks); 0 keeps them continuous. */
  readonly grain?: number;
  /** 1 for MBG/NBD (a coin flip right after the first purchase too); default 0 (BG/NBD). */
  readonly shift?: 0 | 1;
}

/**
 * Simulates the buy-till-you-die process: λ ~ Gamma(r, rate alpha), p ~ Beta(a, b); purchases at Poisson
 * rate λ from the first purchase at 0 until T; after each repeat purchase (and, for MBG/NBD, after the
 * first one) the customer drops out with probability p.
 */
export function simulateBetaGeo(options: SimulationOptions): SimulatedSummary {
  const { customers, params, minT, maxT } = options;
  const grain = options.grain ?? 0;
  const random = sfc32(options.seed);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const T = new Float64Array(customers);
  const snap = (time: number): number => (grain > 0 ? Math.floor(time / grain) * grain : time);
  for (let i = 0; i < customers; i++) {
    const lambda = gamma(random, params.r) / params.alpha;
    const g1 = gamma(random, params.a);
    const p = g1 / (g1 + gamma(random, params.b));
    const age = snap(minT + (maxT - minT) * random());
    let time = 0;
    let x = 0;
    let last = 0;
    let alive = options.shift === 1 ? random() >= p : true;
    while (alive) {
      time += -Math.log(1 - random()) / lambda;
      if (!(time <= age)) break;
      x++;
      last = time;
      if (random() < p) alive = false;
    }
    frequency[i] = x;
    recency[i] = x === 0 ? 0 : Math.min(snap(last), age);
    T[i] = age;
  }
  return { frequency, recency, T };
}
