/**
 * The closed vocabularies that the engine reads while it assesses a patient (ranking certainty, ordering a
 * plan, naming disorders, checking CSV fields, reading qualitative results), as plain lists. The zod enums
 * of vocabularies.ts and model.ts are built from these lists, so each is still written once; engine code
 * imports the lists from here, so that a program that assesses patients never loads zod
 * (test/build/cli-bundle.test.ts).
 */

/** Ordinal lab results (DAT, schistocytes, mixing study). */
export const QUALITATIVES = ["positive", "negative"] as const;

/** Every disorder id, in the design's order. */
export const DISORDER_IDS = ["itp", "evans", "ttp", "aha", "thrombosis", "dic", "carac"] as const;

/** Certainty of a finding, most certain first (the order ranks findings and bounds lowering). */
export const CERTAINTIES = ["definite", "probable", "possible"] as const;

/** Kinds of management item, in the plan's output order: decision on the immunotherapy first, follow-up last. */
export const KIND_ORDER = [
  "immunotherapy",
  "first-line",
  "second-line",
  "supportive",
  "avoid",
  "rechallenge",
  "monitor",
] as const;

/** Evidence strength of a dose record: an administration or infusion is a given dose; a request or statement only intends one. */
export const DOSE_KINDS = ["administration", "request", "statement", "procedure"] as const;

/** Administrative sex as the source records it. */
export const SEXES = ["female", "male", "other", "unknown"] as const;
