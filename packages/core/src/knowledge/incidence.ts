/**
 * How often each disorder follows each therapy class, and how often the confounders that mimic it occur
 * (knowledge/incidence.yaml), with the source of every figure. The synthetic OMOP cohort generator draws
 * its cases from these rates; a rate the literature does not report is marked `assumed` and says why.
 */
import { z } from "zod";
import { DisorderIdSchema, SourceIds, TherapyClassSchema } from "../contracts/vocabularies.js";

/** Whether a figure is printed in the cited source or is HemoSentinel's order-of-magnitude stand-in. */
export const IncidenceBasisSchema = z.enum(["reported", "assumed"]);

/** Days after the first dose (CAR-T: infusion) over which cases appear in the cited series. */
const OnsetWindow = z
  .object({ minDays: z.number().int().min(0), maxDays: z.number().int().positive() })
  .strict()
  .refine((w) => w.minDays < w.maxDays, { message: "minDays must be below maxDays" });

const Common = {
  /** Patients with the event per 100 exposed, over `overDays` of follow-up. */
  percent: z.number().min(0).max(100),
  overDays: z.number().int().positive(),
  onset: OnsetWindow,
  basis: IncidenceBasisSchema,
  /** What the source reports (numbers, population) or, when assumed, why this figure. */
  detail: z.string().min(10),
  sourceIds: SourceIds,
};

/** Confounders: conditions that produce the same laboratory picture for another reason. */
export const ConfounderIdSchema = z.enum([
  "sepsis",
  "chemotherapy-myelosuppression",
  "anticoagulation",
  "liver-disease",
  "crs",
]);
export type ConfounderId = z.infer<typeof ConfounderIdSchema>;

export const IncidenceFile = z
  .object({
    rates: z.array(z.object({ disorder: DisorderIdSchema, class: TherapyClassSchema, ...Common }).strict()),
    confounders: z.array(z.object({ id: ConfounderIdSchema, class: TherapyClassSchema, ...Common }).strict()),
  })
  .strict();
export type IncidenceRules = z.infer<typeof IncidenceFile>;

/**
 * What does not hold together in the rates: a (disorder, class) or (confounder, class) pair given twice,
 * or a disorder rate for a class the disorder is not sought in, or an onset window outside the
 * disorder's latency window for that class (the detector would never see such a case).
 */
export function incidenceProblems(
  rules: IncidenceRules,
  latency: (disorder: string, therapyClass: string) => { minDays: number; maxDays: number } | undefined,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of rules.rates) {
    const key = `${r.disorder}/${r.class}`;
    if (seen.has(key)) problems.push(`incidence.yaml: ${key} is given twice`);
    seen.add(key);
    const window = latency(r.disorder, r.class);
    if (window === undefined) {
      problems.push(`incidence.yaml: ${r.disorder} is not sought after ${r.class} (no latency window)`);
      continue;
    }
    if (r.onset.minDays < window.minDays || r.onset.maxDays > window.maxDays)
      problems.push(
        `incidence.yaml: ${key} onset days ${r.onset.minDays}–${r.onset.maxDays} lie outside the latency window ${window.minDays}–${window.maxDays}`,
      );
  }
  const confounders = new Set<string>();
  for (const c of rules.confounders) {
    const key = `${c.id}/${c.class}`;
    if (confounders.has(key)) problems.push(`incidence.yaml: confounder ${key} is given twice`);
    confounders.add(key);
  }
  return problems;
}
