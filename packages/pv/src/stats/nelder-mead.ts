/**
 * The Nelder–Mead simplex minimiser (Nelder JA, Mead R, Comput J 1965;7(4):308-313) with the standard
 * coefficients (reflection 1, expansion 2, contraction ½, shrink ½). No optimisation library is
 * installed; the MGPS fit needs only a derivative-free minimiser over five parameters.
 */

export interface MinimizeOptions {
  /** Initial step along each axis. */
  readonly step?: number;
  /** Stop when the simplex's function values differ by less than this, relative to the best value. */
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

export interface Minimum {
  readonly x: readonly number[];
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises `f` from `start`. Non-finite values count as +∞ so the simplex steps back from them.
 * @example
 * minimize(([x = 0, y = 0]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0]).x; // ≈ [1, −2]
 */
export function minimize(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: MinimizeOptions = {},
): Minimum {
  const { step = 0.5, tolerance = 1e-11, maxIterations = 5_000 } = options;
  const dim = start.length;
  const g = (x: readonly number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({
    x,
    v: g(x),
  }));
  const along = (a: readonly number[], b: readonly number[], t: number) =>
    a.map((v, i) => v + t * (v - (b[i] as number)));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0] as (typeof simplex)[0];
    const worst = simplex[dim] as (typeof simplex)[0];
    if (Math.abs(worst.v - best.v) <= tolerance * Math.max(1, Math.abs(best.v))) break;
    const centroid = start.map(
      (_, j) => simplex.slice(0, dim).reduce((s, p) => s + (p.x[j] as number), 0) / dim,
    );
    const reflected = along(centroid, worst.x, 1);
    const vr = g(reflected);
    const second = simplex[dim - 1] as (typeof simplex)[0];
    if (vr < best.v) {
      const expanded = along(centroid, worst.x, 2);
      const ve = g(expanded);
      simplex[dim] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
      continue;
    }
    if (vr < second.v) {
      simplex[dim] = { x: reflected, v: vr };
      continue;
    }
    const outside = vr < worst.v;
    const contracted = along(centroid, worst.x, outside ? 0.5 : -0.5);
    const vc = g(contracted);
    if (vc < (outside ? vr : worst.v)) {
      simplex[dim] = { x: contracted, v: vc };
      continue;
    }
    simplex = simplex.map((p, i) => {
      if (i === 0) return p;
      const x = p.x.map((v, j) => (best.x[j] as number) + 0.5 * (v - (best.x[j] as number)));
      return { x, v: g(x) };
    });
  }
  simplex.sort((a, b) => a.v - b.v);
  const best = simplex[0] as (typeof simplex)[0];
  return { x: best.x, value: best.v, iterations, converged: iterations < maxIterations };
}
