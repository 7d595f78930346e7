/**
 * The cohort page's answers from the server, written once for both sides: `GET /api/cohort/flagged` (the
 * last screening run and what it flagged, each item new, changed or unchanged against the run before)
 * and `GET /api/cohort/stats` (incidence and cumulative-incidence curves per group and disorder).
 */
import { z } from "zod";
import type { ReadonlyDeep } from "./readonly.js";
import { CertaintySchema } from "./vocabularies.js";

export const ScreenRunSchema = z
  .object({
    runId: z.int(),
    evaluatedAt: z.string(),
    engineVersion: z.string(),
    knowledgeVersion: z.string(),
    knowledgeHash: z.string(),
    /** Persons with an immunotherapy exposure by the evaluation time. */
    exposed: z.int().nonnegative(),
    /** Persons the SQL prefilter passed to the engine. */
    candidates: z.int().nonnegative(),
    /** Persons with at least one item. */
    flagged: z.int().nonnegative(),
  })
  .meta({ id: "ScreenRun" });

export const FlaggedItemSchema = z
  .object({
    personId: z.string(),
    /** A finding (disorder) or a serious abnormality no finding explains. */
    kind: z.enum(["finding", "unexplained"]),
    /** Disorder id (finding) or CTCAE term / event id (unexplained). */
    item: z.string(),
    certainty: CertaintySchema.optional(),
    grade: z.int().optional(),
    /** Onset, or when the abnormality was found (ISO instant; empty when unknown). */
    at: z.string(),
    drug: z.string().optional(),
    drugClass: z.string().optional(),
    daysFromFirstDose: z.int().optional(),
    summary: z.string(),
    /**
     * The patient died by the evaluation (OMOP `death`): the date of death as recorded, or `undated`. The
     * finding describes the record up to the death; there is no patient to treat.
     */
    deceased: z.string().optional(),
    /** Against the run before: new, changed (certainty, grade, onset, drug or death) or unchanged. */
    status: z.enum(["new", "changed", "unchanged"]),
  })
  .meta({ id: "FlaggedItem" });

export const CohortFlaggedSchema = z
  .object({
    run: ScreenRunSchema,
    previous: z.object({ runId: z.int(), evaluatedAt: z.string() }).nullable(),
    items: z.array(FlaggedItemSchema),
    /** Items of the previous run the latest no longer flags. */
    resolved: z.int().nonnegative(),
  })
  .meta({ id: "CohortFlagged" });

const IntervalSchema = z.object({ low: z.number(), high: z.number() });

export const DisorderStatsSchema = z
  .object({
    disorder: z.string(),
    cases: z.int().nonnegative(),
    deaths: z.int().nonnegative(),
    patientYears: z.number(),
    incidence: IntervalSchema.extend({ rate: z.number() }).optional(),
    cumulative: z.array(
      z.object({ day: z.number(), estimate: z.number(), interval: IntervalSchema.optional() }),
    ),
    onset: z.object({ median: z.number(), q1: z.number(), q3: z.number() }).optional(),
    /** Cumulative incidence after each event time, from day 0. */
    curve: z.array(z.object({ day: z.number(), estimate: z.number() })),
  })
  .meta({ id: "DisorderStats" });

export const CohortStatsSchema = z
  .object({
    run: z.object({ runId: z.int(), evaluatedAt: z.string(), knowledgeVersion: z.string() }),
    by: z.enum(["all", "class", "drug"]),
    minCertainty: CertaintySchema,
    groups: z.array(
      z.object({
        group: z.string(),
        persons: z.int().nonnegative(),
        outsideObservation: z.int().nonnegative(),
        disorders: z.array(DisorderStatsSchema),
      }),
    ),
  })
  .meta({ id: "CohortStats" });

export type FlaggedItem = ReadonlyDeep<z.infer<typeof FlaggedItemSchema>>;
export type CohortFlagged = ReadonlyDeep<z.infer<typeof CohortFlaggedSchema>>;
export type CohortStatsAnswer = ReadonlyDeep<z.infer<typeof CohortStatsSchema>>;
