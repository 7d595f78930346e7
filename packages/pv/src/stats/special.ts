/**
 * Special functions the disproportionality statistics need: log-gamma, digamma and the regularized
 * incomplete gamma function, written from their textbook definitions (no maintained JavaScript library
 * for them is installed). Accuracy near double precision is tested against exact values in
 * special.test.ts; the EBGM quantiles and IC025 rest on these.
 */

/** Lanczos coefficients (g = 7, n = 9), as published by Godfrey; relative error below 2e-15. */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0 (Lanczos approximation; reflection below 0.5).
 * @example
 * logGamma(0.5); // ln √π = 0.5723649429247001
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x lifts x above 10, where the
 * asymptotic series in 1/x² (Bernoulli numbers) is accurate to double precision.
 * @example
 * digamma(1); // −γ = −0.5772156649015329
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series =
    f *
    (1 / 12 -
      f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f * (1 / 12)))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 1_000_000;

/**
 * ln(e^(−x) x^a / Γ(a)). For large shapes the three terms are of order a and cancel: Stirling's series
 * for ln Γ(a) turns the sum into −a·(u − ln(1 + u)) with u = (x − a)/a, which keeps double precision.
 */
function logPrefactor(a: number, x: number): number {
  if (a < 10) return -x + a * Math.log(x) - logGamma(a);
  const u = (x - a) / a;
  const a2 = a * a;
  const stirling = (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * a2)) / a2) / a2) / a;
  return -a * (u - Math.log1p(u)) + 0.5 * Math.log(a) - LOG_SQRT_2PI - stirling;
}

/** P(a, x) by its power series; converges quickly for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

/**
 * The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a): the CDF at x of a gamma
 * distribution with shape a and rate 1.
 * @example
 * gammaP(1, 2); // 1 − e^(−2) = 0.8646647167633873
 */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), computed directly in the
 * upper tail so small tail probabilities keep their precision.
 * @example
 * gammaQ(1, 2); // e^(−2) = 0.1353352832366127
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

/**
 * The density at x of a gamma distribution with the given shape and rate (0 outside x > 0).
 * @example
 * gammaPdf(1, 2, 0.5); // 2·e^(−1) = 0.7357588823428847
 */
export function gammaPdf(shape: number, rate: number, x: number): number {
  if (!(x > 0)) return 0;
  return Math.exp(logPrefactor(shape, rate * x) - Math.log(x));
}

/** Relative width at which a quantile is accepted: far below the 1e-5 the statistics are compared to. */
const QUANTILE_TOLERANCE = 1e-14;

/**
 * Solves `cdf(x) = p` for a continuous CDF on (0, ∞) with density `pdf`: Newton steps on u = ln x
 * (quantiles span hundreds of orders of magnitude, and in u a gamma tail is nearly linear) from `guess`,
 * kept inside a bracket that every evaluation narrows, with a bisection step whenever Newton would leave
 * it — quadratic convergence near the root (a handful of CDF evaluations) and the certainty of
 * bisection. Stops when the step or the bracket is within 1e-14 relative.
 * @example
 * quantile((x) => 1 - Math.exp(-x), (x) => Math.exp(-x), 0.5, 1); // ln 2
 */
export function quantile(
  cdf: (x: number) => number,
  pdf: (x: number) => number,
  p: number,
  guess: number,
): number {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let u = Math.log(guess > 0 && Number.isFinite(guess) ? guess : 1);
  for (let i = 0; i < 300; i++) {
    const x = Math.exp(u);
    const f = cdf(x) - p;
    if (f === 0) return x;
    if (f < 0) lo = u;
    else hi = u;
    const tolerance = QUANTILE_TOLERANCE * Math.max(1, Math.abs(u));
    if (hi - lo <= tolerance) break;
    const slope = pdf(x) * x;
    let next = slope > 0 ? u - f / slope : Number.NaN;
    if (!(next > lo && next < hi))
      next = Number.isFinite(lo) && Number.isFinite(hi) ? 0.5 * (lo + hi) : f < 0 ? u + 2 : u - 2;
    if (next > 690) return Number.POSITIVE_INFINITY;
    if (Math.abs(next - u) <= tolerance) return Math.exp(next);
    u = next;
  }
  return Math.exp(Number.isFinite(lo) && Number.isFinite(hi) ? 0.5 * (lo + hi) : u);
}

/**
 * The p-quantile of a gamma distribution with the given shape and rate.
 * @example
 * gammaQuantile(0.5, 1, 1); // ln 2 = 0.6931471805599453
 */
export function gammaQuantile(p: number, shape: number, rate: number): number {
  return quantile(
    (x) => gammaP(shape, rate * x),
    (x) => gammaPdf(shape, rate, x),
    p,
    shape / rate,
  );
}
