/**
 * Knowledge atlas entries (knowledge/atlas.yaml): what a disorder is, how it presents, its mechanisms and
 * time to onset after immunotherapy, each statement with its sources; and the disorders reported with each
 * drug (case reports, series, pharmacovigilance studies). Epidemiology is deliberately not here: incidence
 * by disorder and therapy class has its own file.
 */
import { z } from "zod";
import { DisorderIdSchema, Id, SourceIds, TherapyClassSchema } from "../contracts/vocabularies.js";

/** Incidence and prevalence figures belong to the incidence file, not to atlas statements. */
const EPIDEMIOLOGY = /\d\s*%|\bincidence\b|\bprevalence\b|per million|cases per/i;

/** One cited statement; `therapyClasses` when it holds for some classes only. */
const Statement = z
  .object({
    text: z.string().min(10),
    therapyClasses: z.array(TherapyClassSchema).min(1).optional(),
    sourceIds: SourceIds,
  })
  .strict()
  .refine((s) => !EPIDEMIOLOGY.test(s.text), {
    message: "atlas statements carry no incidence or prevalence figures (they belong to the incidence file)",
  });
export type AtlasStatement = z.infer<typeof Statement>;

const AtlasDisorder = z
  .object({
    disorder: DisorderIdSchema,
    definition: Statement,
    manifestations: z.array(Statement).min(1),
    mechanisms: z.array(Statement).min(1),
    /** Time from the first dose or infusion to onset, by therapy class. */
    onset: z
      .array(Statement.and(z.object({ therapyClasses: z.array(TherapyClassSchema).min(1) })))
      .default([]),
  })
  .strict();
export type AtlasDisorder = z.infer<typeof AtlasDisorder>;

/** A disorder reported with one drug of the catalogue, and the kind of report. */
const DrugReport = z
  .object({
    drug: Id,
    disorder: DisorderIdSchema,
    kind: z.enum(["case-report", "case-series", "pharmacovigilance", "cohort", "review"]),
    /** What was reported, in a sentence (no incidence figures). */
    summary: z.string().min(10),
    sourceIds: SourceIds,
  })
  .strict()
  .refine((r) => !EPIDEMIOLOGY.test(r.summary), {
    message: "drug reports carry no incidence or prevalence figures",
  });
export type DrugReport = z.infer<typeof DrugReport>;

export const AtlasFile = z
  .object({
    disorders: z.array(AtlasDisorder).min(1),
    drugReports: z.array(DrugReport).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    for (const d of f.disorders) {
      if (seen.has(d.disorder))
        ctx.addIssue({ code: "custom", message: `disorder ${d.disorder} is described twice` });
      seen.add(d.disorder);
    }
  });
export type AtlasKnowledge = z.infer<typeof AtlasFile>;
