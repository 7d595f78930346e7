/**
 * The BFGS quasi-Newton minimiser (Nocedal J, Wright SJ, Numerical Optimization, 2nd ed. 2006, algorithm
 * 6.1) with a backtracking line search on the Armijo condition (quadratic interpolation, safeguarded):
 * for smooth objectives with an analytic gradient, such as the MGPS log-likelihood, it needs tens of
 * evaluations where a simplex needs thousands. No optimisation library is installed; the fit needs only this unconstrained method.
 */

export interface MinimizeOptions {
  /** Stop when the gradient's largest component is below this. */
  readonly gradientTolerance?: number;
  readonly maxIterations?: number;
}

export interface Minimum {
  readonly x: readonly number[];
  readonly value: number;
  readonly iterations: number;
  /** Stopped on the gradient (or on a step too small to change the value), not on the iteration budget. */
  readonly converged: boolean;
}

/** The objective's value and gradient at x. */
export type Objective = (x: readonly number[]) => {
  readonly value: number;
  readonly gradient: readonly number[];
};

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((s, v, i) => s + v * (b[i] as number), 0);
const maxAbs = (a: readonly number[]) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Minimises `f` from `start`. Non-finite values count as +∞, so the line search steps back from them.
 * @example
 * minimize(([x = 0, y = 0]) => ({ value: (x - 1) ** 2 + (y + 2) ** 2, gradient: [2 * (x - 1), 2 * (y + 2)] }), [0, 0]).x; // ≈ [1, −2]
 */
export function minimize(f: Objective, start: readonly number[], options: MinimizeOptions = {}): Minimum {
  const { gradientTolerance = 1e-8, maxIterations = 500 } = options;
  const dim = start.length;
  let x = [...start];
  let { value, gradient: g } = f(x);
  if (!Number.isFinite(value)) return { x, value: Number.POSITIVE_INFINITY, iterations: 0, converged: false };
  // The inverse Hessian approximation, starting from the identity.
  let h: number[][] = Array.from({ length: dim }, (_, i) =>
    Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(g) < gradientTolerance) return { x, value, iterations: iteration, converged: true };
    let direction = h.map((row) => -dot(row, g));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Not a descent direction (the approximation lost positive definiteness): restart from steepest descent.
      h = h.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    let step = 1;
    let next: ReturnType<Objective> | undefined;
    let xNext = x;
    for (let k = 0; k < 60; k++) {
      xNext = x.map((v, i) => v + step * (direction[i] as number));
      const candidate = f(xNext);
      if (Number.isFinite(candidate.value) && candidate.value <= value + 1e-4 * step * slope) {
        next = candidate;
        break;
      }
      // The minimum of the quadratic through f(x), its slope and f(x + step·d) (Nocedal & Wright eq. 3.57),
      // kept within a tenth and a half of the step: one evaluation where halving may need several.
      const rise = candidate.value - value - slope * step;
      const quadratic = Number.isFinite(rise) && rise > 0 ? (-slope * step * step) / (2 * rise) : 0.5 * step;
      step = Math.min(0.5 * step, Math.max(0.1 * step, quadratic));
    }
    if (next === undefined || value - next.value <= 1e-15 * Math.max(1, Math.abs(value)))
      return next !== undefined && next.value < value
        ? { x: xNext, value: next.value, iterations: iteration + 1, converged: true }
        : { x, value, iterations: iteration, converged: true };
    const s = xNext.map((v, i) => v - (x[i] as number));
    const y = next.gradient.map((v, i) => v - (g[i] as number));
    const sy = dot(s, y);
    if (sy > 1e-12) {
      // Before the first update, the identity is scaled to the curvature just seen (Nocedal & Wright eq.
      // 6.20), so that the next steps are near the right length.
      if (iteration === 0) {
        const scale = sy / dot(y, y);
        h = h.map((row) => row.map((v) => v * scale));
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const hy = h.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      h = h.map((row, i) =>
        row.map(
          (v, j) =>
            v -
            rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number)) +
            (rho * rho * yhy + rho) * (s[i] as number) * (s[j] as number),
        ),
      );
    }
    x = xNext;
    value = next.value;
    g = next.gradient;
  }
  return { x, value, iterations: maxIterations, converged: false };
}
