/**
 * Pharmacovigilance knowledge (knowledge/pv-terms.yaml): the MedDRA preferred terms that count as each
 * disorder in spontaneous reports, each list citing the published FAERS (or VigiBase) analysis whose
 * terms it follows, and the signal thresholds of the disproportionality statistics with their sources.
 */
import { z } from "zod";
import { DISORDER_IDS, DisorderIdSchema, SourceIds } from "../contracts/vocabularies.js";

/** A MedDRA term as FAERS carries it in REAC.pt (matched case-insensitively, whole term). */
const Term = z.string().trim().min(2);

export const PvTermList = z
  .object({
    disorder: DisorderIdSchema,
    /** Current MedDRA preferred terms. */
    preferredTerms: z.array(Term).min(1),
    /** Former preferred terms still found in older quarters (MedDRA renames terms between versions). */
    formerTerms: z.array(Term).default([]),
    note: z.string().optional(),
    sourceIds: SourceIds,
  })
  .strict();
export type PvTermList = z.infer<typeof PvTermList>;

const Threshold = z.object({ value: z.number(), sourceIds: SourceIds }).strict();

export const PvTermsFile = z
  .object({
    notes: z.string().optional(),
    /** The MedDRA release whose term names the lists use. */
    meddraVersion: z.string().min(1),
    lists: z.array(PvTermList).min(1),
    thresholds: z
      .object({
        /** ROR: signal when the lower 95 % limit exceeds this. */
        rorLower: Threshold,
        /** Evans: PRR at least, χ² at least, reports at least. */
        prr: Threshold,
        chi2: Threshold,
        evansCount: Threshold,
        /** BCPNN: signal when IC025 exceeds this. */
        ic025: Threshold,
        /** MGPS: signal when EB05 is at least this. */
        eb05: Threshold,
      })
      .strict(),
  })
  .strict();
export type PvTerms = z.infer<typeof PvTermsFile>;

/** Cross-list errors: a disorder without a list or with two, a term counted for two disorders. */
export function pvTermProblems(file: PvTerms): string[] {
  const problems: string[] = [];
  for (const id of DISORDER_IDS) {
    const count = file.lists.filter((l) => l.disorder === id).length;
    if (count !== 1) problems.push(`disorder ${id} has ${count} term lists (expected 1)`);
  }
  const owner = new Map<string, string>();
  for (const list of file.lists)
    for (const term of [...list.preferredTerms, ...list.formerTerms]) {
      const key = term.toLowerCase();
      const other = owner.get(key);
      if (other !== undefined) problems.push(`term "${term}" is listed for ${other} and ${list.disorder}`);
      owner.set(key, list.disorder);
    }
  return problems;
}
