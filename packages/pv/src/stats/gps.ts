/**
 * DuMouchel's gamma-Poisson shrinker (MGPS), implemented from DuMouchel W, Bayesian data mining in large
 * frequency tables, Am Stat 1999;53(3):177-190 (doi:10.1080/00031305.1999.10474456) and DuMouchel W,
 * Pregibon D, Empirical Bayes screening for multi-item associations, KDD 2001 (doi:10.1145/502512.502526).
 *
 * Each cell (drug–event pair) has an observed count N ~ Poisson(λE), E the count expected under
 * independence. The prior of λ is a two-component gamma mixture
 *   π(λ) = P·Γ(λ; α1, β1) + (1 − P)·Γ(λ; α2, β2)   (shape α, rate β),
 * so N is marginally a mixture of negative binomials and the posterior of λ given N = n is again a
 * mixture of gammas, Γ(α1 + n, β1 + E) and Γ(α2 + n, β2 + E), with weights Qn and 1 − Qn.
 *   EBGM = exp(E[ln λ | n])  (DuMouchel 1999, eq. 11)
 *   EB05, EB95 = the 5th and 95th percentiles of that posterior mixture.
 * Hyperparameters are fitted by maximum likelihood on the cells with N ≥ N* (the likelihood truncated
 * below N*, as DuMouchel & Pregibon 2001 do to leave out the zero cells).
 */
import { digamma, gammaP, gammaPdf, logGamma, quantile } from "./special.js";

/** The prior's hyperparameters (θ in DuMouchel 1999): α1, β1, α2, β2 and the mixture fraction P. */
export interface Prior {
  readonly alpha1: number;
  readonly beta1: number;
  readonly alpha2: number;
  readonly beta2: number;
  readonly p: number;
}

/** One cell of the table (or a squashed point standing for `weight` cells with this N and mean E). */
export interface Cell {
  readonly n: number;
  readonly e: number;
  readonly weight?: number;
}

/** Problems with a prior given by a user (empty when it is usable). */
export function priorProblems(prior: Prior): string[] {
  const problems: string[] = [];
  for (const key of ["alpha1", "beta1", "alpha2", "beta2"] as const)
    if (!(prior[key] > 0) || !Number.isFinite(prior[key])) problems.push(`${key} must be a positive number`);
  if (!(prior.p >= 0 && prior.p <= 1)) problems.push("p must lie between 0 and 1");
  return problems;
}

/**
 * ln of the negative-binomial probability of N = n when λ ~ Γ(α, β) and N | λ ~ Poisson(λE):
 * Γ(α + n) / (Γ(α) n!) · (β / (β + E))^α · (E / (β + E))^n.
 */
export function logNegBinomial(n: number, alpha: number, beta: number, e: number): number {
  const tail = n === 0 ? 0 : n * Math.log(e / (beta + e));
  return logGamma(alpha + n) - logGamma(alpha) - logGamma(n + 1) + alpha * Math.log(beta / (beta + e)) + tail;
}

/** ln(e^a + e^b) without overflow. */
function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Qn: the posterior probability that λ comes from the first prior component, given N = n.
 * @example
 * posteriorWeight({ alpha1: 0.2, beta1: 0.1, alpha2: 2, beta2: 4, p: 1 / 3 }, 3, 0.5);
 */
export function posteriorWeight(prior: Prior, n: number, e: number): number {
  if (prior.p <= 0) return 0;
  if (prior.p >= 1) return 1;
  const one = Math.log(prior.p) + logNegBinomial(n, prior.alpha1, prior.beta1, e);
  const two = Math.log1p(-prior.p) + logNegBinomial(n, prior.alpha2, prior.beta2, e);
  return 1 / (1 + Math.exp(two - one));
}

/**
 * The empirical Bayes geometric mean exp(E[ln λ | N = n]) (DuMouchel 1999, eq. 11):
 * ln EBGM = Qn·(ψ(α1 + n) − ln(β1 + E)) + (1 − Qn)·(ψ(α2 + n) − ln(β2 + E)).
 * @example
 * ebgm({ alpha1: 3.2537864, beta1: 0.3998884, alpha2: 2.0261305, beta2: 1.9080826, p: 0.0653457 }, 5, 0.2);
 */
export function ebgm(prior: Prior, n: number, e: number): number {
  const q = posteriorWeight(prior, n, e);
  const one = q > 0 ? q * (digamma(prior.alpha1 + n) - Math.log(prior.beta1 + e)) : 0;
  const two = q < 1 ? (1 - q) * (digamma(prior.alpha2 + n) - Math.log(prior.beta2 + e)) : 0;
  return Math.exp(one + two);
}

/** The posterior CDF of λ given N = n: Qn·P(α1 + n, (β1 + E)λ) + (1 − Qn)·P(α2 + n, (β2 + E)λ). */
export function posteriorCdf(prior: Prior, n: number, e: number, q = posteriorWeight(prior, n, e)) {
  return (lambda: number): number =>
    (q > 0 ? q * gammaP(prior.alpha1 + n, (prior.beta1 + e) * lambda) : 0) +
    (q < 1 ? (1 - q) * gammaP(prior.alpha2 + n, (prior.beta2 + e) * lambda) : 0);
}

/** The posterior density of λ given N = n (the derivative of posteriorCdf). */
export function posteriorPdf(prior: Prior, n: number, e: number, q = posteriorWeight(prior, n, e)) {
  return (lambda: number): number =>
    (q > 0 ? q * gammaPdf(prior.alpha1 + n, prior.beta1 + e, lambda) : 0) +
    (q < 1 ? (1 - q) * gammaPdf(prior.alpha2 + n, prior.beta2 + e, lambda) : 0);
}

/**
 * The `prob` quantile of the posterior of λ (EB05 for 0.05, EB95 for 0.95): Newton steps on the mixture
 * CDF with its density, safeguarded by bisection, to 1e-14 relative.
 * @example
 * ebQuantile(prior, 5, 0.2, 0.05); // EB05
 */
export function ebQuantile(prior: Prior, n: number, e: number, prob: number): number {
  const q = posteriorWeight(prior, n, e);
  const mean =
    q * ((prior.alpha1 + n) / (prior.beta1 + e)) + (1 - q) * ((prior.alpha2 + n) / (prior.beta2 + e));
  return quantile(posteriorCdf(prior, n, e, q), posteriorPdf(prior, n, e, q), prob, mean);
}

/** EBGM, EB05 and EB95 of one cell. */
export interface EbScores {
  readonly ebgm: number;
  readonly eb05: number;
  readonly eb95: number;
}

/** EBGM with its 90 % credibility limits for one cell. */
export function ebScores(prior: Prior, n: number, e: number): EbScores {
  return {
    ebgm: ebgm(prior, n, e),
    eb05: ebQuantile(prior, n, e, 0.05),
    eb95: ebQuantile(prior, n, e, 0.95),
  };
}

/**
 * The log-likelihood of the hyperparameters on cells with N ≥ nStar (weights count squashed points):
 * Σ w · [ln f(n) − ln(1 − Σ_{k<N*} f(k))], f the mixture of negative binomials. The terms of f that
 * depend on n alone (ln Γ(α + n) − ln Γ(α) − ln n!) are computed once per distinct n: the prior fit
 * calls this thousands of times.
 */
export function logLikelihood(prior: Prior, cells: readonly Cell[], nStar = 1): number {
  const { alpha1, beta1, alpha2, beta2, p } = prior;
  const logP1 = p > 0 ? Math.log(p) : Number.NEGATIVE_INFINITY;
  const logP2 = p < 1 ? Math.log1p(-p) : Number.NEGATIVE_INFINITY;
  const lg1 = logGamma(alpha1);
  const lg2 = logGamma(alpha2);
  // Per count n: ln Γ(α1 + n) − ln Γ(α1) − ln n!, and the same for α2 (no closures in the loop: it is hot).
  const terms1: number[] = [];
  const terms2: number[] = [];
  let sum = 0;
  for (const c of cells) {
    if (c.n < nStar) continue;
    const top = Math.max(c.n, nStar - 1);
    for (let k = terms1.length; k <= top; k++) {
      const lf = logGamma(k + 1);
      terms1.push(logGamma(alpha1 + k) - lg1 - lf);
      terms2.push(logGamma(alpha2 + k) - lg2 - lf);
    }
    const logE = Math.log(c.e);
    const lb1 = Math.log(beta1 + c.e);
    const lb2 = Math.log(beta2 + c.e);
    // ln NB(k) = terms(k) + α (ln β − ln(β + E)) + k (ln E − ln(β + E)); f(k) mixes the two with P.
    const base1 = logP1 + alpha1 * (Math.log(beta1) - lb1);
    const base2 = logP2 + alpha2 * (Math.log(beta2) - lb2);
    const slope1 = logE - lb1;
    const slope2 = logE - lb2;
    let below = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < nStar; k++)
      below = logAdd(
        below,
        logAdd(base1 + (terms1[k] as number) + k * slope1, base2 + (terms2[k] as number) + k * slope2),
      );
    const truncation = nStar > 0 ? Math.log(-Math.expm1(below)) : 0;
    const logF = logAdd(
      base1 + (terms1[c.n] as number) + c.n * slope1,
      base2 + (terms2[c.n] as number) + c.n * slope2,
    );
    sum += (c.weight ?? 1) * (logF - truncation);
  }
  return sum;
}
