/**
 * Frequentist and Bayesian disproportionality measures on the 2 × 2 table of one drug–event pair, counted
 * in reports:
 *                 event     other events
 *   drug            a            b
 *   other drugs     c            d
 *
 * - ROR = (a/b)/(c/d) with Woolf's 95 % interval exp(ln ROR ± 1.96·√(1/a + 1/b + 1/c + 1/d))
 *   (van Puijenbroek EP et al., Pharmacoepidemiol Drug Saf 2002;11(1):3-10, doi:10.1002/pds.668).
 * - PRR = [a/(a + b)]/[c/(c + d)] with Yates-corrected χ² (1 df); Evans' signal: PRR ≥ 2, χ² ≥ 4, a ≥ 3
 *   (Evans SJW, Waller PC, Davis S, Pharmacoepidemiol Drug Saf 2001;10(6):483-486, doi:10.1002/pds.677).
 * - IC = log2((a + ½)/(E + ½)), the BCPNN information component with Norén's shrinkage, and IC025 the
 *   2.5 % quantile of log2 of a Gamma(a + ½, E + ½) variable (Norén GN et al., Stat Med
 *   2006;25(21):3740-3757, doi:10.1002/sim.2473; Norén GN, Hopstadius J, Bate A, Stat Methods Med Res
 *   2013;22(1):57-69, doi:10.1177/0962280211403604).
 * A statistic that a zero cell leaves undefined is null, never a number made up by a correction.
 */
import { gammaQuantile } from "./special.js";

/** The 97.5 % quantile of the standard normal distribution. */
export const Z_975 = 1.959963984540054;

/** Report counts of one drug–event pair: a = both, drug = all with the drug, event = all with the event, total. */
export interface PairCounts {
  readonly a: number;
  readonly drug: number;
  readonly event: number;
  readonly total: number;
}

/** The four cells of the 2 × 2 table. */
export function table({ a, drug, event, total }: PairCounts): { a: number; b: number; c: number; d: number } {
  return { a, b: drug - a, c: event - a, d: total - drug - event + a };
}

export interface Ror {
  readonly ror: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * The reporting odds ratio with its 95 % confidence interval; null when a cell is zero.
 * @example
 * ror({ a: 7, drug: 1000, event: 500, total: 1_000_000 });
 */
export function ror(counts: PairCounts): Ror {
  const { a, b, c, d } = table(counts);
  if (a <= 0 || b <= 0 || c <= 0 || d <= 0) return { ror: null, lower: null, upper: null };
  const log = Math.log(a) + Math.log(d) - Math.log(b) - Math.log(c);
  const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  return { ror: Math.exp(log), lower: Math.exp(log - Z_975 * se), upper: Math.exp(log + Z_975 * se) };
}

/** The proportional reporting ratio; null when no other drug has the event or the drug has no report. */
export function prr(counts: PairCounts): number | null {
  const { a, b, c, d } = table(counts);
  if (a + b <= 0 || c <= 0 || c + d <= 0) return null;
  return a / (a + b) / (c / (c + d));
}

/** Pearson's χ² with Yates' continuity correction on the 2 × 2 table; null when a margin is empty. */
export function chiSquareYates(counts: PairCounts): number | null {
  const { a, b, c, d } = table(counts);
  const n = a + b + c + d;
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  if (margins <= 0) return null;
  const diff = Math.max(0, Math.abs(a * d - b * c) - n / 2);
  // In logs: the products reach 1e28 and more on a whole database.
  return Math.exp(
    Math.log(n) + 2 * Math.log(diff) - Math.log(a + b) - Math.log(c + d) - Math.log(a + c) - Math.log(b + d),
  );
}

export interface Ic {
  readonly ic: number;
  readonly ic025: number;
}

/**
 * The information component and the lower end of its 95 % credibility interval for observed count `a`
 * and expected count `e`.
 * @example
 * informationComponent(12, 5).ic025; // 0.2542334…
 */
export function informationComponent(a: number, e: number): Ic {
  return {
    ic: Math.log2((a + 0.5) / (e + 0.5)),
    ic025: Math.log2(gammaQuantile(0.025, a + 0.5, e + 0.5)),
  };
}
