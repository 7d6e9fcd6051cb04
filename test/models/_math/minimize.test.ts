import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invertPositiveDefinite, numericHessian } from '../../../src/models/_math/hessian.js';
import { minimize, type Objective } from '../../../src/models/_math/minimize.js';
import { fcOptions } from '../../arbitraries/counts.js';

const OPTIONS = { maxIterations: 500, gradientTolerance: 1e-10 };

const rosenbrock: Objective = (x, g) => {
  const [a, b] = x as unknown as [number, number];
  if (g !== undefined) {
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
  }
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimize (BFGS, strong Wolfe)', () => {
  it('finds the minimum of the Rosenbrock function from the classic start (−1.2, 1)', () => {
    const result = minimize(rosenbrock, [-1.2, 1], OPTIONS);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.iterations).toBeLessThan(100);
  });

  it('backs off from points where the objective is not finite', () => {
    // ln-barrier: +Infinity for x <= 0; the minimum of x − ln x is at 1.
    const barrier: Objective = (x, g) => {
      const v = x[0] as number;
      if (g !== undefined) g[0] = 1 - 1 / v;
      return v > 0 ? v - Math.log(v) : Number.POSITIVE_INFINITY;
    };
    const result = minimize(barrier, [20], OPTIONS);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
  });

  it('reports a non-finite start instead of iterating', () => {
    const result = minimize(() => Number.NaN, [0], OPTIONS);
    expect(result).toMatchObject({ converged: false, reason: 'nonFinite' });
  });

  it('reports running out of iterations', () => {
    const result = minimize(rosenbrock, [-1.2, 1], { maxIterations: 2, gradientTolerance: 1e-10 });
    expect(result).toMatchObject({ converged: false, reason: 'maxIterations', iterations: 2 });
  });

  it('minimises any positive-definite quadratic to its exact minimiser', () => {
    const matrix = fc.tuple(fc.double({ min: 0.1, max: 100, noNaN: true }), fc.double({ min: 0.1, max: 100, noNaN: true }), fc.double({ min: -0.9, max: 0.9, noNaN: true }));
    const centre = fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }));
    fc.assert(
      fc.property(matrix, centre, ([p, q, rho], [c0, c1]) => {
        const off = rho * Math.sqrt(p * q);
        const quadratic: Objective = (x, g) => {
          const d0 = (x[0] as number) - c0;
          const d1 = (x[1] as number) - c1;
          if (g !== undefined) {
            g[0] = p * d0 + off * d1;
            g[1] = off * d0 + q * d1;
          }
          return 0.5 * (p * d0 * d0 + 2 * off * d0 * d1 + q * d1 * d1);
        };
        const result = minimize(quadratic, [0, 0], OPTIONS);
        expect(result.converged).toBe(true);
        expect(Math.abs((result.x[0] as number) - c0)).toBeLessThan(1e-6 * Math.max(1, Math.abs(c0)));
        expect(Math.abs((result.x[1] as number) - c1)).toBeLessThan(1e-6 * Math.max(1, Math.abs(c1)));
      }),
      fcOptions(),
    );
  });
});

describe('numericHessian and invertPositiveDefinite', () => {
  it('recover the Hessian of a quadratic and its inverse', () => {
    const gradientOf = (x: Float64Array, g: Float64Array): number => {
      g[0] = 4 * (x[0] as number) + (x[1] as number);
      g[1] = (x[0] as number) + 2 * (x[1] as number);
      return 0;
    };
    const h = numericHessian(gradientOf, Float64Array.from([3, -2]));
    expect(Array.from(h[0] as Float64Array)).toEqual([expect.closeTo(4, 8), expect.closeTo(1, 8)]);
    expect(Array.from(h[1] as Float64Array)).toEqual([expect.closeTo(1, 8), expect.closeTo(2, 8)]);
    const inverse = invertPositiveDefinite(h);
    // [[4, 1], [1, 2]]⁻¹ = [[2, −1], [−1, 4]] / 7
    expect(Array.from(inverse?.[0] as Float64Array)).toEqual([expect.closeTo(2 / 7, 8), expect.closeTo(-1 / 7, 8)]);
    expect(Array.from(inverse?.[1] as Float64Array)).toEqual([expect.closeTo(-1 / 7, 8), expect.closeTo(4 / 7, 8)]);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(invertPositiveDefinite([Float64Array.from([1, 2]), Float64Array.from([2, 1])])).toBeUndefined();
    expect(invertPositiveDefinite([Float64Array.from([0])])).toBeUndefined();
  });
});
