import { z } from "zod";

/** A guideline, paper, label or catalogue that a threshold or recommendation cites. */
export const Reference = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "reference ids are kebab-case"),
    citation: z.string().min(10),
    doi: z
      .string()
      .regex(/^10\.\d{4,9}\/\S+$/, "a DOI starts with 10.")
      .optional(),
    pmid: z.string().regex(/^\d+$/).optional(),
    url: z.string().url().optional(),
    kind: z.enum([
      "guideline",
      "consensus",
      "paper",
      "case-report",
      "label",
      "catalogue",
      "standard",
      "review",
    ]),
    /** What of the source was actually read; "abstract" limits what may be claimed from it. */
    read: z.enum(["full-text", "abstract", "excerpt", "secondary"]).optional(),
    /** What of the locator or citation could not be checked against the source (e.g. the author list). */
    unverified: z.string().min(3).optional(),
  })
  .strict()
  .refine((r) => r.doi !== undefined || r.url !== undefined || r.pmid !== undefined, {
    message: "a reference needs a DOI, a PMID or a URL",
  });
export type Reference = z.infer<typeof Reference>;

export const ReferenceFile = z.object({ references: z.array(Reference) }).strict();
