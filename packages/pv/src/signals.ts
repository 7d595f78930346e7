/**
 * `pv signals`: counts in DuckDB, then the four statistics per drug–event pair: ROR with its 95 % CI,
 * PRR with Yates' χ², IC with IC025, and EBGM with EB05/EB95 under a prior fitted to the whole table
 * (every drug, catalogue or not, × every event; optionally squashed) or given by the user.
 */
import { type KnowledgeBundle, type PvTerms, TherapyClassSchema } from "@hemosentinel/core";
import { type CountOptions, maskedPairCounts, type PairRow, pairCounts, prepareCounts } from "./counts.js";
import type { PvDb } from "./db.js";
import { createDrugMapper } from "./drug-map.js";
import { STORAGE } from "./schema.js";
import { chiSquareYates, informationComponent, prr, ror } from "./stats/disproportionality.js";
import { fitPrior } from "./stats/fit.js";
import { type Cell, ebScores, logLikelihood, type Prior } from "./stats/gps.js";

export const METHODS = ["ror", "prr", "ic", "ebgm"] as const;
export type Method = (typeof METHODS)[number];

export interface SignalOptions extends CountOptions {
  readonly methods: readonly Method[];
  /** Hyperparameters to use instead of fitting them. */
  readonly prior?: Prior;
  /** Squash the table before fitting the prior (DuMouchel & Pregibon 2001). */
  readonly squash: boolean;
  /** Drug level: leave out reports of the drug's own class that do not carry the drug. */
  readonly mask: boolean;
  /** Items to report (names, INNs or brands at drug level; class ids; targets); empty = every catalogue item. */
  readonly select: readonly string[];
}

/** One drug–event pair; statistics not requested or undefined are null. */
export interface SignalRow {
  readonly drug: string;
  readonly event: string;
  readonly n: number;
  readonly e: number;
  readonly ebgm: number | null;
  readonly eb05: number | null;
  readonly eb95: number | null;
  readonly ror: number | null;
  readonly ror_lower: number | null;
  readonly ror_upper: number | null;
  readonly prr: number | null;
  readonly chi2: number | null;
  readonly ic: number | null;
  readonly ic025: number | null;
  readonly drug_reports: number;
  readonly event_reports: number;
  readonly total_reports: number;
  /** The signal criteria the pair meets (ror, evans, ic, ebgm), from the knowledge thresholds. */
  readonly signals: readonly string[];
}

export interface SignalResult {
  readonly rows: readonly SignalRow[];
  readonly prior: {
    readonly source: "given" | "fitted";
    readonly values: Prior;
    /** Log-likelihood of the prior on the (unsquashed) cells with N ≥ 1. */
    readonly logLikelihood: number;
    readonly cells: number;
    readonly points: number;
    /** A fitted prior whose best run ran out of iterations (a flat likelihood): EBGM is less reliable. */
    readonly converged: boolean;
  } | null;
  readonly options: SignalOptions;
  readonly totalReports: number;
  readonly knowledge: { readonly version: string; readonly hash: string };
  /** Selections that matched nothing in the database (a drug never reported, an unknown class). */
  readonly notFound: readonly string[];
}

export class SignalError extends Error {}

/** The statistics a signal decision reads; null where not computed or undefined. */
export interface SignalInputs {
  readonly n: number;
  readonly rorLower: number | null;
  readonly prr: number | null;
  readonly chi2: number | null;
  readonly ic025: number | null;
  readonly eb05: number | null;
}

/**
 * The signal criteria a pair meets, with the knowledge base's cited thresholds: `ror` (lower 95 % limit
 * above 1), `evans` (PRR ≥ 2, χ² ≥ 4 and n ≥ 3), `ic` (IC025 above 0), `ebgm` (EB05 ≥ 2).
 * @example
 * signalFlags({ n: 5, rorLower: 1.3, prr: 2.5, chi2: 6, ic025: 0.2, eb05: 1.1 }, bundle.pvTerms.thresholds); // ["ror", "evans", "ic"]
 */
export function signalFlags(s: SignalInputs, t: PvTerms["thresholds"]): string[] {
  const flags: string[] = [];
  if (s.rorLower !== null && s.rorLower > t.rorLower.value) flags.push("ror");
  if (
    s.prr !== null &&
    s.chi2 !== null &&
    s.prr >= t.prr.value &&
    s.chi2 >= t.chi2.value &&
    s.n >= t.evansCount.value
  )
    flags.push("evans");
  if (s.ic025 !== null && s.ic025 > t.ic025.value) flags.push("ic");
  if (s.eb05 !== null && s.eb05 >= t.eb05.value) flags.push("ebgm");
  return flags;
}

/** Which catalogue items the user asked for, and which of the asks matched nothing. */
function selection(bundle: KnowledgeBundle, options: SignalOptions, rows: readonly PairRow[]) {
  const present = new Set(rows.filter((r) => r.catalogue || options.level === "raw").map((r) => r.item));
  if (options.select.length === 0) return { items: present, notFound: [] as string[] };
  const items = new Set<string>();
  const notFound: string[] = [];
  const mapper = createDrugMapper(bundle.drugs);
  for (const ask of options.select) {
    let ids: string[];
    if (options.level === "drug") ids = [...(mapper(ask, null)?.drugs ?? [])];
    else if (options.level === "class") {
      if (!TherapyClassSchema.safeParse(ask).success)
        throw new SignalError(`unknown class ${ask} (one of ${TherapyClassSchema.options.join(", ")})`);
      ids = [ask];
    } else if (options.level === "target")
      ids = [...new Set(bundle.drugs.drugs.flatMap((d) => d.targets))].filter(
        (t) => t.toLowerCase() === ask.toLowerCase(),
      );
    else ids = [ask];
    if (options.level === "drug" && ids.length === 0)
      throw new SignalError(`${ask} is not a drug of the catalogue`);
    const found = ids.filter((i) => present.has(i));
    if (found.length === 0) notFound.push(ask);
    for (const i of found) items.add(i);
  }
  return { items, notFound };
}

/**
 * Computes the signals on an imported database.
 * @example
 * const result = await computeSignals(db, bundle, { level: "drug", roles: ["PS", "SS"], comparator: "all", strata: [], methods: ["ror", "ebgm"], squash: false, mask: false, select: ["teclistamab"] });
 */
export async function computeSignals(
  db: PvDb,
  bundle: KnowledgeBundle,
  options: SignalOptions,
): Promise<SignalResult> {
  const meta = new Map(
    (await db.all<{ key: string; value: string }>("SELECT key, value FROM pv_meta")).map((r) => [
      r.key,
      r.value,
    ]),
  );
  if (!meta.has("format"))
    throw new SignalError("the database holds no import (run `hemosentinel pv import` first)");
  if (meta.get("storage") !== STORAGE)
    throw new SignalError("the database was written by an earlier `pv import`: import the files again");
  await prepareCounts(db, bundle.drugs, bundle.pvTerms, options);
  const all = await pairCounts(db, options.level, options.strata.length > 0);
  const { items, notFound } = selection(bundle, options, all);
  let chosen = all.filter((r) => items.has(r.item));
  if (options.mask && options.level === "drug") chosen = await maskedPairCounts(db, bundle.drugs, chosen);
  const methods = new Set(options.methods);
  const cells: Cell[] = all.filter((r) => r.n >= 1).map((r) => ({ n: r.n, e: r.e }));
  let prior: SignalResult["prior"] = null;
  if (methods.has("ebgm")) {
    if (options.prior) {
      prior = {
        source: "given",
        values: options.prior,
        logLikelihood: logLikelihood(options.prior, cells),
        cells: cells.length,
        points: cells.length,
        converged: true,
      };
    } else {
      if (cells.length === 0)
        throw new SignalError("no drug–event pair with a report: nothing to fit the EBGM prior on");
      const fit = fitPrior(cells, { squashed: options.squash });
      prior = {
        source: "fitted",
        values: fit.prior,
        logLikelihood: logLikelihood(fit.prior, cells),
        cells: cells.length,
        points: fit.points,
        converged: fit.converged,
      };
    }
  }
  const t = bundle.pvTerms.thresholds;
  const rows = chosen.map((r): SignalRow => {
    const counts = { a: r.n, drug: r.drugTotal, event: r.eventTotal, total: r.total };
    const o = methods.has("ror") ? ror(counts) : null;
    const p = methods.has("prr") ? prr(counts) : null;
    const chi2 = methods.has("prr") ? chiSquareYates(counts) : null;
    const ic = methods.has("ic") && r.e > 0 ? informationComponent(r.n, r.e) : null;
    const eb = prior && r.e > 0 ? ebScores(prior.values, r.n, r.e) : null;
    const signals = signalFlags(
      { n: r.n, rorLower: o?.lower ?? null, prr: p, chi2, ic025: ic?.ic025 ?? null, eb05: eb?.eb05 ?? null },
      t,
    );
    return {
      drug: r.item,
      event: r.event,
      n: r.n,
      e: r.e,
      ebgm: eb?.ebgm ?? null,
      eb05: eb?.eb05 ?? null,
      eb95: eb?.eb95 ?? null,
      ror: o?.ror ?? null,
      ror_lower: o?.lower ?? null,
      ror_upper: o?.upper ?? null,
      prr: p,
      chi2,
      ic: ic?.ic ?? null,
      ic025: ic?.ic025 ?? null,
      drug_reports: r.drugTotal,
      event_reports: r.eventTotal,
      total_reports: r.total,
      signals,
    };
  });
  return {
    rows,
    prior,
    options,
    totalReports: all[0]?.total ?? 0,
    knowledge: { version: bundle.version, hash: bundle.hash },
    notFound,
  };
}
