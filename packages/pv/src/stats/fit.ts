/**
 * Maximum-likelihood fit of the MGPS prior (DuMouchel 1999, section 4; DuMouchel & Pregibon 2001): the
 * truncated log-likelihood of gps.ts maximised by Nelder–Mead over (ln α1, ln β1, ln α2, ln β2, logit P),
 * so every step stays inside the parameter space, from several starting points, each run restarted from
 * its own optimum until it no longer improves (the simplex can stall on a ridge).
 */
import { type Cell, logLikelihood, type Prior } from "./gps.js";
import { minimize } from "./nelder-mead.js";

/**
 * Starting points: DuMouchel's 1999 FAERS estimates, then the five of openEBGM's vignette (documented
 * inputs, not its code) and two spread-out ones.
 */
export const DEFAULT_STARTS: readonly Prior[] = [
  { alpha1: 0.204, beta1: 0.058, alpha2: 1.415, beta2: 1.838, p: 0.097 },
  { alpha1: 0.2, beta1: 0.1, alpha2: 2, beta2: 4, p: 1 / 3 },
  { alpha1: 0.1, beta1: 0.1, alpha2: 10, beta2: 10, p: 0.2 },
  { alpha1: 0.3, beta1: 0.5, alpha2: 6, beta2: 6, p: 0.5 },
  { alpha1: 0.5, beta1: 0.3, alpha2: 12, beta2: 12, p: 0.8 },
  { alpha1: 0.2, beta1: 0.2, alpha2: 5, beta2: 5, p: 0.4 },
  { alpha1: 1, beta1: 1, alpha2: 2, beta2: 2, p: 0.2 },
  { alpha1: 3, beta1: 0.4, alpha2: 2, beta2: 2, p: 0.1 },
];

const toVector = (p: Prior): number[] => [
  Math.log(p.alpha1),
  Math.log(p.beta1),
  Math.log(p.alpha2),
  Math.log(p.beta2),
  Math.log(p.p / (1 - p.p)),
];

/** Log-scale parameters are kept within e^±25 so the likelihood stays finite. */
const clamp = (v: number) => Math.max(-25, Math.min(25, v));

const toPrior = ([a1 = 0, b1 = 0, a2 = 0, b2 = 0, lp = 0]: readonly number[]): Prior => ({
  alpha1: Math.exp(clamp(a1)),
  beta1: Math.exp(clamp(b1)),
  alpha2: Math.exp(clamp(a2)),
  beta2: Math.exp(clamp(b2)),
  p: 1 / (1 + Math.exp(-clamp(lp))),
});

export interface PriorFit {
  readonly prior: Prior;
  readonly logLikelihood: number;
  /** Starting points whose run reached (within 1e-6) the best log-likelihood. */
  readonly agreeing: number;
  readonly starts: number;
  /** Whether the best run stopped on its tolerance rather than on its iteration budget. */
  readonly converged: boolean;
}

/**
 * Fits the prior to the cells with N ≥ nStar; throws when there are no such cells.
 * @example
 * const fit = fitPrior(cells); // { prior, logLikelihood, agreeing, starts }
 */
export function fitPrior(
  cells: readonly Cell[],
  options: { readonly nStar?: number; readonly starts?: readonly Prior[] } = {},
): PriorFit {
  const { nStar = 1, starts = DEFAULT_STARTS } = options;
  const used = cells.filter((c) => c.n >= nStar && c.e > 0);
  if (used.length === 0) throw new Error(`no cell with N ≥ ${nStar} to fit the prior on`);
  const objective = (x: readonly number[]) => -logLikelihood(toPrior(x), used, nStar);
  // Iteration budgets: on a table without over-dispersion the likelihood is flat along a ridge (λ ≈ 1
  // everywhere, α → ∞) and the simplex would crawl along it for ever; a run that spends its budget is
  // reported as not converged instead.
  const results = starts.map((start) => {
    let best = minimize(objective, toVector(start), { step: 0.7, maxIterations: 1_500 });
    for (let round = 0; round < 3 && best.converged; round++) {
      const again = minimize(objective, best.x, { step: 0.2, maxIterations: 500 });
      const gained = best.value - again.value;
      if (again.value < best.value) best = again;
      if (!(gained > 1e-7)) break;
    }
    return best;
  });
  results.sort((a, b) => a.value - b.value);
  const best = results[0];
  if (best === undefined || !Number.isFinite(best.value)) throw new Error("the prior fit did not converge");
  return {
    prior: toPrior(best.x),
    logLikelihood: -best.value,
    agreeing: results.filter((r) => r.value - best.value < 1e-6).length,
    starts: starts.length,
    converged: best.converged,
  };
}
