/**
 * The site settings file (`hemosentinel.yaml`, docs/settings.md); the settings a run uses, stated in
 * every report, are part of the output contract (src/contracts/settings.ts). The file is validated field
 * by field and every section of it is optional: what it leaves out keeps the knowledge base's cited
 * default. The CLI reads it today; the server and cohort jobs read the same file.
 */
import { z } from "zod";
import { Id } from "../contracts/vocabularies.js";

/** Where a site's values come from (a laboratory document, a committee decision), shown in every report. */
const Source = z.string().trim().min(3, "say where the values come from (at least 3 characters)");

const cutoffs = { moderateAbove: z.number().positive(), strongAbove: z.number().positive() };
const strongAboveModerate = (c: { moderateAbove: number; strongAbove: number }) =>
  c.strongAbove > c.moderateAbove;
const STRONG_ABOVE_MODERATE = { message: "must be greater than moderateAbove", path: ["strongAbove"] };

/** Multiples of the upper limit of normal: above `moderateAbove` a moderate increase, above `strongAbove` a strong one. */
const UlnMultiples = z
  .object({ ...cutoffs, source: Source })
  .strict()
  .refine(strongAboveModerate, STRONG_ABOVE_MODERATE)
  .refine((c) => c.moderateAbove >= 1, {
    message: "must be at least 1: below the upper limit of normal it would score normal results",
    path: ["moderateAbove"],
  });

/** Absolute cut-offs for one assay, named by its catalogue lab id or by one LOINC code, in `unit`. */
const AssayCutoffs = z
  .object({
    lab: Id.optional(),
    loinc: z
      .string()
      .regex(/^\d{1,7}-\d$/, "a LOINC code such as 48065-7")
      .optional(),
    unit: z.string().min(1),
    ...cutoffs,
    source: Source,
  })
  .strict()
  .refine((a) => (a.lab === undefined) !== (a.loinc === undefined), {
    message: "name the assay by exactly one of lab or loinc",
  })
  .refine(strongAboveModerate, STRONG_ABOVE_MODERATE);

/** The file as written. */
export const SiteSettingsFile = z
  .object({
    version: z.literal(1, { error: "must be 1 (the settings format this HemoSentinel reads)" }),
    scores: z
      .object({
        "isth-overt-dic": z
          .object({
            fibrinMarker: z
              .object({ uln: UlnMultiples.optional(), assays: z.array(AssayCutoffs).optional() })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SiteSettingsFile = z.infer<typeof SiteSettingsFile>;
