/**
 * Clinical case suite: each case is a YAML spec transcribed from a published report (numbers as
 * published), turned into a FHIR R4 bundle by build-bundles.ts. Day 0 is `anchor`, the first
 * immunotherapy dose (CAR-T: the infusion) unless the spec says otherwise.
 */
import { z } from "zod";

const Disorder = z.enum(["itp", "evans", "ttp", "aha", "thrombosis", "dic", "carac"]);
const Day = z.number().int().min(-3650).max(3650);

export const CaseSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string(),
    source: z
      .object({
        citation: z.string().min(10),
        doi: z.string().optional(),
        pmid: z.string().optional(),
        /**
         * The page read, for a report published without a DOI or PMID printed on it (a congress abstract
         * in a journal supplement); a DOI or PMID is cited whenever one is known.
         */
        url: z.string().url().optional(),
        /** What of the report was read (abstract / full text) and what was transcribed. */
        note: z.string().optional(),
      })
      .refine(
        (s) => s.doi !== undefined || s.pmid !== undefined || s.url !== undefined,
        "a case cites a DOI, a PMID or, for an abstract without either, the page read",
      ),
    kind: z.enum(["positive", "control"]),
    /**
     * True when the values are constructed (from a guideline's description, not a published patient): such
     * cases are labelled in every printed count.
     */
    constructed: z.boolean().default(false),
    expected: z
      .object({
        /**
         * The disorder that must come first; `none` = no finding at all; `unexplained` = no finding, but the
         * serious abnormality listed in the report's `unexplained` (a record that cannot decide the disorder).
         */
        primary: z.union([Disorder, z.literal("none"), z.literal("unexplained")]),
        /** Disorders that must be found (any certainty unless minCertainty). */
        present: z.array(Disorder).default([]),
        /** Disorders that must NOT be found. */
        absent: z.array(Disorder).default([]),
        minCertainty: z.enum(["possible", "probable", "definite"]).optional(),
        /** The primary finding's certainty must not exceed this (a record that supports no more). */
        maxCertainty: z.enum(["possible", "probable", "definite"]).optional(),
        /** Abnormalities (CTCAE term or event) that must appear in the report's `unexplained` list. */
        unexplained: z.array(z.string()).default([]),
        /**
         * What the published report does not give that the disorder's criteria need (e.g. "platelet count
         * only described as low"). Documentation only: such a case states, as its expectation, what a
         * clinician would conclude from that record, and counts in every number like any other.
         */
        dataGap: z.string().optional(),
      })
      .strict(),
    anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** True when the report gives no calendar dates and `anchor` is a stand-in. */
    anchorInvented: z.boolean().default(true),
    patient: z
      .object({ sex: z.enum(["female", "male"]).optional(), age: z.number().int().optional() })
      .strict(),
    cancer: z.object({ text: z.string(), site: z.string().optional() }).strict().optional(),
    exposures: z.array(z.object({ drug: z.string(), days: z.array(Day).min(1) }).strict()).default([]),
    context: z.array(z.object({ drug: z.string(), from: Day, to: Day.optional() }).strict()).default([]),
    labs: z
      .array(
        z
          .object({
            day: Day,
            /** Hour of the day (0–23) when several results fall on one day. */
            hour: z.number().int().min(0).max(23).optional(),
            lab: z.string(),
            value: z.number().optional(),
            unit: z.string().optional(),
            comparator: z.enum(["<", "<=", ">", ">="]).optional(),
            result: z.enum(["positive", "negative"]).optional(),
            refLow: z.number().optional(),
            refHigh: z.number().optional(),
          })
          .strict()
          .refine(
            (l) => (l.value !== undefined) !== (l.result !== undefined),
            "a lab has a value or a result",
          ),
      )
      .default([]),
    events: z
      .array(
        z
          .object({
            day: Day,
            kind: z.string(),
            /** Words as a clinician would chart them; must name the event (e.g. "Deep vein thrombosis"). */
            text: z.string(),
            grade: z.number().int().min(1).max(5).optional(),
            endDay: Day.optional(),
            /** The diagnosis code a record would carry (ICD-10-CM or SNOMED CT), sent with the text. */
            code: z
              .object({ system: z.enum(["icd10cm", "snomed"]), code: z.string(), display: z.string() })
              .strict()
              .optional(),
            /** FHIR Condition category: problem-list item (default) or encounter diagnosis. */
            category: z.enum(["problem-list-item", "encounter-diagnosis"]).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type CaseSpec = z.infer<typeof CaseSpec>;
