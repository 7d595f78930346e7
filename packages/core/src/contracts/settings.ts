/**
 * The site settings in force, as every report states them (`settings`; docs/settings.md). The settings
 * file a site writes is validated by src/settings/schema.ts; this is what a run uses: the file's values
 * where it sets them, the knowledge base's cited defaults elsewhere.
 */
import { z } from "zod";
import type { ReadonlyDeep } from "./readonly.js";

export const UlnMultiplesInForceSchema = z.strictObject({
  /** Above this multiple of the upper limit of normal: a moderate increase. */
  moderateAbove: z.number(),
  /** Above this multiple of the upper limit of normal: a strong increase. */
  strongAbove: z.number(),
  /** Where the values come from: the site's document, or the knowledge base's default and its sources. */
  source: z.string(),
});
/** ULN multiples in force and where they come from. */
export type UlnMultiplesInForce = ReadonlyDeep<z.infer<typeof UlnMultiplesInForceSchema>>;

export const AssayCutoffsInForceSchema = z.strictObject({
  /** Lab catalogue id of the assay. */
  lab: z.string(),
  /** The LOINC code the settings file named the assay by, when it did. */
  loinc: z.string().optional(),
  /** Unit of the cut-offs. */
  unit: z.string(),
  /** Above this value: a moderate increase. */
  moderateAbove: z.number(),
  /** Above this value: a strong increase. */
  strongAbove: z.number(),
  /** Where the values come from. */
  source: z.string(),
});
/** A site's absolute cut-offs in force for one assay; `lab` is resolved from a LOINC code when the file names one. */
export type AssayCutoffsInForce = ReadonlyDeep<z.infer<typeof AssayCutoffsInForceSchema>>;

export const SiteSettingsSchema = z.strictObject({
  version: z.literal(1),
  scores: z.strictObject({
    "isth-overt-dic": z.strictObject({
      fibrinMarker: z.strictObject({
        uln: UlnMultiplesInForceSchema,
        assays: z.array(AssayCutoffsInForceSchema),
      }),
    }),
  }),
});
/** Every site setting as a run uses it: the file's values where it sets them, the cited defaults elsewhere. */
export type SiteSettings = ReadonlyDeep<z.infer<typeof SiteSettingsSchema>>;

export const SettingsInForceSchema = z
  .strictObject({
    /** `default` without a settings file, else the file as the user named it. */
    source: z.string(),
    values: SiteSettingsSchema,
  })
  .meta({ id: "SettingsInForce" });
/** The settings of a run, stated in its report. */
export type SettingsInForce = ReadonlyDeep<z.infer<typeof SettingsInForceSchema>>;
