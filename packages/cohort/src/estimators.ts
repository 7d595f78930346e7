/**
 * The estimators of `cohort stats`, pure functions over follow-up records:
 * - the cumulative incidence of an event with death as a competing risk (Aalen–Johansen), with the
 *   variance of Gray's `cmprsk::cuminc` (so that the two agree to rounding on the same data), and a 95 %
 *   confidence interval on the log(−log) scale, which stays inside [0, 1];
 * - an incidence rate per 100 patient-years with its exact (Garwood) Poisson confidence interval, as R's
 *   `poisson.test` gives it;
 * - quantiles of the time to onset as R's default `quantile` (type 7) computes them.
 * Reference values come from R (packages/cohort/fixtures/estimators.json, written by estimators.R beside
 * it with cmprsk; the test reads the stored file, so CI needs no R).
 */

/** One person's follow-up from time zero: the time in days and how it ended. */
export interface FollowUp {
  readonly days: number;
  /** 1: the event of interest; 2: a competing event (death); 0: censored. */
  readonly status: 0 | 1 | 2;
}

/** The cumulative incidence function: a step function over the distinct event times. */
export interface CumulativeIncidence {
  /** Step times (days), ascending; the estimate holds from each time until the next. */
  readonly times: readonly number[];
  readonly estimate: readonly number[];
  readonly variance: readonly number[];
}

/**
 * The Aalen–Johansen estimate of the cumulative incidence of cause 1, with cause 2 competing.
 * @example
 * cumulativeIncidence([{ days: 5, status: 1 }, { days: 8, status: 2 }, { days: 9, status: 0 }]).estimate; // [1/3, 1/3]
 */
export function cumulativeIncidence(data: readonly FollowUp[]): CumulativeIncidence {
  const sorted = [...data].sort((a, b) => a.days - b.days);
  const times: number[] = [];
  const estimate: number[] = [];
  const variance: number[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let f = 0;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = (sorted[i] as FollowUp).days;
    let d1 = 0;
    let d2 = 0;
    let leaving = 0;
    while (i < sorted.length && (sorted[i] as FollowUp).days === t) {
      const s = (sorted[i] as FollowUp).status;
      if (s === 1) d1++;
      else if (s === 2) d2++;
      leaving++;
      i++;
    }
    const d = d1 + d2;
    if (d > 0) {
      const next = (survival * (atRisk - d)) / atRisk;
      f += (survival * d1) / atRisk;
      // Gray's variance terms (cmprsk, subroutine cinc): the competing events, then the events of interest.
      const add = (events: number, t3: number, t4: number) => {
        const ties = events > 1 ? 1 - (events - 1) / (atRisk - 1) : 1;
        const t6 = (survival * survival * ties * events) / (atRisk * atRisk);
        v1 += t4 * t4 * t6;
        v2 += t3 * t4 * t6;
        v3 += t3 * t3 * t6;
      };
      if (d2 > 0 && next > 0) add(d2, 1 / next, f / next);
      if (d1 > 0) {
        const t3 = next > 0 ? 1 / next : 0;
        add(d1, t3, 1 + t3 * f);
      }
      times.push(t);
      estimate.push(f);
      variance.push(v1 + f * f * v3 - 2 * f * v2);
      survival = next;
    }
    atRisk -= leaving;
  }
  return { times, estimate, variance };
}

/** The estimate and variance in force at `day` (0 before the first event). */
export function incidenceAt(cif: CumulativeIncidence, day: number): { estimate: number; variance: number } {
  let k = -1;
  for (let i = 0; i < cif.times.length && (cif.times[i] as number) <= day; i++) k = i;
  return k < 0
    ? { estimate: 0, variance: 0 }
    : { estimate: cif.estimate[k] as number, variance: cif.variance[k] as number };
}

/** 97.5th percentile of the standard normal distribution. */
export const Z95 = 1.959963984540054;

/**
 * A 95 % interval for a cumulative incidence on the log(−log) scale (Kalbfleisch–Prentice), undefined at
 * 0 or 1 where the transform is not defined.
 */
export function incidenceInterval(
  estimate: number,
  variance: number,
): { low: number; high: number } | undefined {
  if (estimate <= 0 || estimate >= 1 || variance <= 0) return undefined;
  const se = Math.sqrt(variance) / (estimate * Math.abs(Math.log(estimate)));
  return { low: estimate ** Math.exp(Z95 * se), high: estimate ** Math.exp(-Z95 * se) };
}

/** P(X ≤ k) for X ~ Poisson(mu), summed in log space. */
function poissonCdf(k: number, mu: number): number {
  if (mu === 0) return 1;
  let term = Math.exp(-mu);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= mu / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/** The root in [lo, hi] of an increasing or decreasing function, by bisection to double precision. */
function bisect(fn: (x: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  const sa = Math.sign(fn(a));
  for (let i = 0; i < 200 && b - a > 1e-14 * Math.max(1, b); i++) {
    const m = (a + b) / 2;
    if (Math.sign(fn(m)) === sa) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

/**
 * The exact 95 % interval of a Poisson mean for `events` observed (Garwood 1936), as R's `poisson.test`.
 * @example
 * poissonInterval(3); // { low: 0.6187…, high: 8.7673… }
 */
export function poissonInterval(events: number): { low: number; high: number } {
  const alpha = 0.05;
  const high = bisect((mu) => poissonCdf(events, mu) - alpha / 2, 0, 10 * events + 50);
  const low =
    events === 0 ? 0 : bisect((mu) => 1 - poissonCdf(events - 1, mu) - alpha / 2, 0, 10 * events + 50);
  return { low, high };
}

/** An incidence rate per 100 patient-years with its exact interval. */
export function ratePer100PatientYears(
  events: number,
  days: number,
): { rate: number; low: number; high: number } | undefined {
  if (days <= 0) return undefined;
  const years = days / 365.25;
  const { low, high } = poissonInterval(events);
  return { rate: (100 * events) / years, low: (100 * low) / years, high: (100 * high) / years };
}

/**
 * The `p` quantile of `values` as R's `quantile(type = 7)`: linear between order statistics.
 * @example
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 */
export function quantile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const a = x[lo] as number;
  const b = x[Math.min(lo + 1, x.length - 1)] as number;
  return a + (h - lo) * (b - a);
}
