/**
 * Maximum-likelihood fit of the MGPS prior (DuMouchel 1999, section 4; DuMouchel & Pregibon 2001): the
 * truncated log-likelihood of gps.ts, with its analytic gradient, maximised by BFGS over
 * (ln α1, ln β1, ln α2, ln β2, logit P), so every step stays inside the parameter space, from several
 * starting points. The cells are packed once into typed arrays, and the terms that depend on the count
 * alone (ln Γ(α + n) − ln Γ(α), ψ(α + n) − ψ(α)) are computed once per distinct count and evaluation.
 */
import { type Minimum, minimize } from "./bfgs.js";
import type { Cell, Prior } from "./gps.js";
import { digamma, logGamma } from "./special.js";
import { squashAll } from "./squash.js";
import { canShare, POOL_MIN_CELLS, pointTerms, TERMS, TermPool } from "./terms.js";

/**
 * Starting points: DuMouchel's 1999 estimates on the FDA SRS (to the digits PhViD's documentation transcribes,
 * checked in published-examples.test.ts), then the five of openEBGM's vignette (documented inputs, not its
 * code) and two spread-out ones.
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

/**
 * Log-scale parameters are kept within e^±15: on a table without over-dispersion the likelihood rises
 * along a ridge towards α, β → ∞ (a component that is a point mass); the bound stops the walk there and
 * the fit is reported as not converged.
 */
const BOUND = 15;
const clamp = (v: number) => Math.max(-BOUND, Math.min(BOUND, v));

const toPrior = ([a1 = 0, b1 = 0, a2 = 0, b2 = 0, lp = 0]: readonly number[]): Prior => ({
  alpha1: Math.exp(clamp(a1)),
  beta1: Math.exp(clamp(b1)),
  alpha2: Math.exp(clamp(a2)),
  beta2: Math.exp(clamp(b2)),
  p: 1 / (1 + Math.exp(-clamp(lp))),
});

/** The cells of a fit, packed: counts, expected counts and weights, and the distinct counts (k < N* too). */
export interface Packed {
  readonly n: Int32Array;
  readonly e: Float64Array;
  readonly logE: Float64Array;
  readonly w: Float64Array;
  readonly nStar: number;
  readonly maxN: number;
  /** Distinct counts of the cells and 0 … N* − 1, ascending. */
  readonly counts: Int32Array;
}

export function pack(cells: readonly Cell[], nStar: number): Packed {
  const used = cells.filter((c) => c.n >= nStar && c.e > 0);
  const distinct = new Set<number>(used.map((c) => c.n));
  for (let k = 0; k < nStar; k++) distinct.add(k);
  return {
    n: Int32Array.from(used, (c) => c.n),
    e: Float64Array.from(used, (c) => c.e),
    logE: Float64Array.from(used, (c) => Math.log(c.e)),
    w: Float64Array.from(used, (c) => c.weight ?? 1),
    nStar,
    maxN: Math.max(nStar - 1, ...distinct),
    counts: Int32Array.from([...distinct].sort((a, b) => a - b)),
  };
}

/** Per count k: ln Γ(α + k) − ln Γ(α) − ln k! and ψ(α + k) − ψ(α), for the counts a fit needs. */
function countTerms(alpha: number, data: Packed): { lg: Float64Array; dg: Float64Array } {
  const lg = new Float64Array(data.maxN + 1);
  const dg = new Float64Array(data.maxN + 1);
  const lgA = logGamma(alpha);
  const dgA = digamma(alpha);
  for (const k of data.counts) {
    lg[k] = logGamma(alpha + k) - lgA - logGamma(k + 1);
    dg[k] = digamma(alpha + k) - dgA;
  }
  return { lg, dg };
}

/**
 * The negative truncated log-likelihood and its gradient in (ln α1, ln β1, ln α2, ln β2, logit P):
 * for component j, ln NB_j(k) = Lj(k) + αj ln βj − (αj + k) ln(βj + E) + k ln E, with
 * ∂/∂ln αj = αj (ψ(αj + k) − ψ(αj) + ln βj − ln(βj + E)) and ∂/∂ln βj = αj − (αj + k) βj / (βj + E);
 * the mixture f = P NB1 + (1 − P) NB2 gives ∂ ln f = r ∂ ln NB1 + (1 − r) ∂ ln NB2 and
 * ∂ ln f / ∂ logit P = r − P, r = P NB1 / f; the truncation below N* subtracts ln(1 − Σ_{k<N*} f(k)).
 * Each cell's terms come from terms.ts `pointTerms`, on this thread or shared with `shared.pool`'s worker
 * (`index`: the pool's cell set that is `data`); they are added up here in cell order either way.
 */
export function objective(
  x: readonly number[],
  data: Packed,
  shared?: { readonly pool: TermPool; readonly index: number },
): { value: number; gradient: number[] } {
  const prior = toPrior(x);
  const inside = x.map((v) => (Math.abs(v) < BOUND ? 1 : 0));
  const { lg: lg1, dg: dg1 } = countTerms(prior.alpha1, data);
  const { lg: lg2, dg: dg2 } = countTerms(prior.alpha2, data);
  const { beta1: b1, beta2: b2, p } = prior;
  const par = Float64Array.of(
    prior.alpha1,
    b1,
    prior.alpha2,
    b2,
    p,
    Math.log(b1),
    Math.log(b2),
    Math.log(p),
    Math.log1p(-p),
  );
  const cells = data.n.length;
  let out: Float64Array;
  if (shared) out = shared.pool.evaluate(shared.index, par, lg1, dg1, lg2, dg2);
  else {
    out = new Float64Array(TERMS * cells);
    pointTerms(par, lg1, dg1, lg2, dg2, data.n, data.e, data.logE, data.w, data.nStar, 0, cells, out);
  }
  // The sums in cell order, whichever thread computed the terms.
  let value = 0;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let d4 = 0;
  for (let o = 0; o < TERMS * cells; o += TERMS) {
    value += out[o] as number;
    d0 += out[o + 1] as number;
    d1 += out[o + 2] as number;
    d2 += out[o + 3] as number;
    d3 += out[o + 4] as number;
    d4 += out[o + 5] as number;
  }
  return { value: -value, gradient: [d0, d1, d2, d3, d4].map((v, j) => -v * (inside[j] as number)) };
}

export interface PriorFit {
  readonly prior: Prior;
  readonly logLikelihood: number;
  /** Starting points run to convergence whose run reached (within 1e-6) the best log-likelihood. */
  readonly agreeing: number;
  readonly starts: number;
  /** Points the final fit ran on (squashed points stand for several cells). */
  readonly points: number;
  /** Whether the best run stopped on its gradient inside the bounds (not on the ridge bound or its budget). */
  readonly converged: boolean;
}

/** Starting points that run on after the first iterations (the best of them by then). */
const KEPT_STARTS = 3;
const FIRST_ITERATIONS = 25;

/**
 * Fits the prior to the cells with N ≥ nStar; throws when there are no such cells. Every starting point
 * runs a few BFGS iterations on the squashed cells (DuMouchel & Pregibon 2001; squash.ts), the best three
 * run on to convergence, and — unless `squashed` asks for the fit on squashed data only — the best of
 * those is refined on every cell, from a point already close to the optimum.
 * @example
 * const fit = fitPrior(cells); // { prior, logLikelihood, agreeing, starts, converged }
 */
export function fitPrior(
  cells: readonly Cell[],
  options: {
    readonly nStar?: number;
    readonly starts?: readonly Prior[];
    readonly squashed?: boolean;
    /**
     * Threads the likelihood's terms are computed on: 2 adds a worker thread (terms.ts; the result is the
     * same to the bit). Default: 2 on a machine with several cores for tables of POOL_MIN_CELLS or more.
     */
    readonly threads?: 1 | 2;
  } = {},
): PriorFit {
  const { nStar = 1, starts = DEFAULT_STARTS, squashed = false } = options;
  const all = pack(cells, nStar);
  if (all.n.length === 0) throw new Error(`no cell with N ≥ ${nStar} to fit the prior on`);
  const points = pack(squashAll(cells), nStar);
  const refine = !squashed && points.n.length !== all.n.length;
  const threads = options.threads ?? (canShare() && points.n.length >= POOL_MIN_CELLS ? 2 : 1);
  const pool = threads === 2 ? new TermPool(refine ? [points, all] : [points]) : undefined;
  try {
    return fitWith(all, points, refine, starts, pool);
  } finally {
    pool?.close();
  }
}

function fitWith(
  all: Packed,
  points: Packed,
  refine: boolean,
  starts: readonly Prior[],
  pool: TermPool | undefined,
): PriorFit {
  // The gradient tolerance is relative to the total weight: the log-likelihood is a sum over cells.
  const run = (data: Packed, x: readonly number[], maxIterations: number) =>
    minimize((v) => objective(v, data, pool ? { pool, index: data === points ? 0 : 1 } : undefined), x, {
      gradientTolerance:
        1e-9 *
        Math.max(
          1,
          data.w.reduce((s, w) => s + w, 0),
        ),
      maxIterations,
    });
  const byValue = (a: Minimum, b: Minimum) => a.value - b.value;
  const first = starts.map((start) => run(points, toVector(start), FIRST_ITERATIONS)).sort(byValue);
  const results = first
    .slice(0, KEPT_STARTS)
    .map((r) => (r.converged ? r : run(points, r.x, 1_000)))
    .sort(byValue);
  const best = results[0];
  if (best === undefined || !Number.isFinite(best.value)) throw new Error("the prior fit did not converge");
  const final = refine ? run(all, best.x, 1_000) : best;
  return {
    prior: toPrior(final.x),
    logLikelihood: -final.value,
    agreeing: results.filter((r) => r.value - best.value < 1e-6).length,
    starts: starts.length,
    points: final === best ? points.n.length : all.n.length,
    converged: final.converged && final.x.every((v) => Math.abs(v) < BOUND),
  };
}
