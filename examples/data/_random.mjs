// The seeded random numbers of the sample-data generators (generate-survey.mjs, generate-feedback.mjs):
// mulberry32 (Tommy Ettinger's 32-bit generator), so the committed files regenerate byte for byte.

/** A function returning uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `pick(weights)`: an index drawn with probability proportional to its weight, from `random`. */
export function picker(random) {
  return (weights) => {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = random() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  };
}
